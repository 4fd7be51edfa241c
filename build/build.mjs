// Builds dist/: the Electron main process and the preload as CommonJS (the preload of a sandboxed
// window must be), the renderer as a browser ES module with its index.html, and the mcpdesk CLI
// with the proxy process it starts.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const out = (...parts) => path.join(root, 'dist', ...parts);

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron'],
  alias: {
    ssh2: path.join(root, 'build/stubs/ssh2.cjs'),
    '@grpc/grpc-js': path.join(root, 'build/stubs/buildkit-grpc.cjs'),
    '@grpc/proto-loader': path.join(root, 'build/stubs/buildkit-grpc.cjs'),
  },
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...node, entryPoints: [path.join(root, 'electron/app/main.ts')], outfile: out('app', 'main.cjs') }),
  build({ ...node, entryPoints: [path.join(root, 'electron/preload/index.ts')], outfile: out('preload', 'index.cjs') }),
  // The CLI and the proxy it starts: plain Node, no electron. The proxy sits beside the CLI
  // (dist/cli → dist/proxy), which is where the CLI looks for it.
  build({ ...node, entryPoints: [path.join(root, 'electron/cli/main.ts')], outfile: out('cli', 'mcpdesk.cjs') }),
  build({ ...node, entryPoints: [path.join(root, 'electron/core/proxy/main.ts')], outfile: out('proxy', 'proxy.cjs') }),
  // npm run preview: the renderer and the contract over HTTP, for browsers where Electron cannot run.
  build({ ...node, entryPoints: [path.join(root, 'electron/cli/preview.ts')], outfile: out('cli', 'preview.cjs') }),
  build({
    entryPoints: [path.join(root, 'renderer/main.tsx')],
    outfile: out('renderer', 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'chrome130',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  }),
]);
await mkdir(out('renderer'), { recursive: true });
await copyFile(path.join(root, 'renderer/index.html'), out('renderer', 'index.html'));
