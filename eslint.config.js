import tseslint from 'typescript-eslint';
import boundaries from './build/eslint/boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test/.artifacts/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { mcpdesk: { rules: { boundaries } } },
    rules: {
      'mcpdesk/boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
