// electron-builder configuration: `npm run build`, then `npx electron-builder --linux deb AppImage`
// (README, "Packaging"). TypeScript rather than YAML so that `npm run typecheck` checks it against
// electron-builder's own types and the unit tests can import it without a YAML parser;
// electron-builder finds electron-builder.ts at the root and loads it itself.
import type { Configuration } from 'electron-builder';

/** The GUI binary's name. Not `mcpdesk`: /usr/bin/mcpdesk is the CLI (build/linux/after-install.tpl). */
export const EXECUTABLE_NAME = 'mcpdesk-app';

const config: Configuration = {
  appId: 'io.mcpdesk.app',
  productName: 'MCP Desk',
  copyright: 'Copyright © MCP Desk contributors',
  directories: { output: 'release', buildResources: 'build' },
  // esbuild bundles every dependency into dist/*.cjs (only `electron` stays external, and Electron
  // provides it), so the app needs no node_modules at run time. Source maps and the browser preview
  // server are for development only.
  files: ['dist/**/*', '!dist/**/*.map', '!dist/cli/preview.cjs', 'package.json'],
  // Resolving false tells electron-builder that node_modules are handled elsewhere: without it, it
  // copies every production dependency into app.asar even though the bundles already contain them.
  beforeBuild: async () => false,
  extraMetadata: {
    // Electron takes the app id (Wayland app_id, WM_CLASS) and the handler that
    // app.setAsDefaultProtocolClient registers on Linux from desktopName, so it must name the
    // desktop entry electron-builder writes: <executableName>.desktop.
    desktopName: `${EXECUTABLE_NAME}.desktop`,
    // The deb format requires a homepage and a maintainer. Placeholders until the project has a
    // public home: replace both before publishing packages.
    homepage: 'https://mcpdesk.io',
    author: { name: 'MCP Desk', email: 'maintainers@mcpdesk.io' },
  },
  asar: true,
  // The proxy and the CLI run as plain Node processes (the app's binary with ELECTRON_RUN_AS_NODE=1),
  // started by path from outside the app: keep them as real files beside app.asar.
  asarUnpack: ['dist/proxy/**', 'dist/cli/**'],
  // mcpdesk:// links (electron/app/deep-links.ts). On Linux electron-builder also turns this into
  // MimeType=x-scheme-handler/mcpdesk in the desktop entry.
  protocols: [{ name: 'MCP Desk link', schemes: ['mcpdesk'] }],
  icon: 'build/icons/png/512x512.png',
  linux: {
    target: ['deb', 'AppImage'],
    executableName: EXECUTABLE_NAME,
    // A directory of <size>x<size>.png: each size goes to its hicolor directory.
    icon: 'build/icons/png',
    category: 'Development',
    synopsis: 'Run and manage MCP servers on your own machine',
    // The CLI wrapper goes to resources/bin/mcpdesk in every Linux package (deb and AppImage).
    extraResources: [{ from: 'build/linux/mcpdesk', to: 'bin/mcpdesk' }],
  },
  deb: {
    afterInstall: 'build/linux/after-install.tpl',
    afterRemove: 'build/linux/after-remove.tpl',
    // Workloads run in Docker or Podman; suggest, not require, since either engine will do.
    recommends: ['docker.io | docker-ce | podman'],
  },
  // The package name, not the product name: no space in the file name people type in a shell.
  appImage: { artifactName: '${name}-${version}-${arch}.${ext}' },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
  win: { target: ['nsis'] },
};

export default config;
