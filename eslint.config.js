import tseslint from 'typescript-eslint';
import boundaries from './build/eslint/boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test/.artifacts/'] },
  ...tseslint.configs.recommended,
  {
    // CommonJS on purpose: the bin shim and build stubs run as plain CommonJS.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    plugins: { mcpdesk: { rules: { boundaries } } },
    rules: {
      'mcpdesk/boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
