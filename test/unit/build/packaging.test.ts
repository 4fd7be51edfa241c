// The packaging configuration (electron-builder.ts) against what the app loads at run time. A real
// package needs an Electron download this machine cannot make, so these tests check what decides
// whether a package works: the config is valid for electron-builder, every file the app, the proxy
// and the CLI load is packaged where they look for it, and the Linux scripts point at real paths.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import type { FileSet, TargetConfigType } from 'electron-builder';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEEP_LINK_SCHEME } from '../../../electron/app/deep-links';
import config, { EXECUTABLE_NAME } from '../../../electron-builder';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** The bundles Electron or Node loads: main, preload, and the two plain-Node processes. */
const BUNDLES = ['dist/app/main.cjs', 'dist/preload/index.cjs', 'dist/proxy/proxy.cjs', 'dist/cli/mcpdesk.cjs'];

/** Every file under dist/, relative to the project root with forward slashes. */
function distFiles(dir = path.join(root, 'dist')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? distFiles(full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}

function stringPatterns(value: Array<FileSet | string> | FileSet | string | null | undefined): string[] {
  const list = value == null ? [] : Array.isArray(value) ? value : [value];
  return list.map((pattern) => {
    if (typeof pattern !== 'string') throw new Error(`expected glob strings, got ${JSON.stringify(pattern)}`);
    return pattern;
  });
}

function fileSets(value: Array<FileSet | string> | FileSet | string | null | undefined): FileSet[] {
  const list = value == null ? [] : Array.isArray(value) ? value : [value];
  return list.map((set) => (typeof set === 'string' ? { from: set, to: set } : set));
}

function targetNames(targets: TargetConfigType | undefined): string[] {
  const list = targets == null ? [] : Array.isArray(targets) ? targets : [targets];
  return list.map((target) => (typeof target === 'string' ? target : target.target));
}

/**
 * The glob subset our patterns use (`*`, `**`, `?`), as a RegExp over project-relative paths.
 * The tests refuse other syntax, so this stays a faithful stand-in for electron-builder's minimatch.
 */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        source += '(?:.*/)?';
      } else source += '.*';
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether `file` passes an ordered include/exclude list the way electron-builder's filter decides
 * (minimatch-all: the last pattern that can change the answer wins). Like electron-builder, a plain
 * name without a dot or wildcard also covers everything under it.
 */
function matches(file: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (included !== negated) continue;
    const glob: string = negated ? pattern.slice(1) : pattern;
    const hit: boolean = globToRegExp(glob).test(file) || (!/[.*?]/.test(glob) && globToRegExp(`${glob}/**/*`).test(file));
    included = negated ? !hit : hit;
  }
  return included;
}

/** The files the app itself opens: package.json's main, the preload, the page and what it loads, the proxy and the CLI. */
function runtimeFiles(): string[] {
  const main = (JSON.parse(read('package.json')) as { main: string }).main;
  const page = 'dist/renderer/index.html';
  const pageRefs = [...read(page).matchAll(/\b(?:src|href)="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((ref) => !/^[a-z][a-z0-9+.-]*:/i.test(ref) && !ref.startsWith('#'))
    .map((ref) => path.posix.join('dist/renderer', ref));
  return [main, ...BUNDLES, page, ...pageRefs];
}

function pngHeader(file: string): { width: number; height: number; colourType: number; idat: Buffer } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(data.toString('ascii', 12, 16)).toBe('IHDR');
  const idat: Buffer[] = [];
  for (let offset = 8; offset < data.length; ) {
    const length = data.readUInt32BE(offset);
    if (data.toString('ascii', offset + 4, offset + 8) === 'IDAT') idat.push(data.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colourType: data[25]!, idat: Buffer.concat(idat) };
}

/** The macros electron-builder substitutes in deb scripts (FpmTarget); any other `${…}` fails the build. */
const SCRIPT_MACROS: Record<string, string> = { executable: EXECUTABLE_NAME, sanitizedProductName: 'MCP Desk', productFilename: 'MCP Desk' };

function expandScript(file: string): string {
  return read(file).replace(/\$\{([a-zA-Z]+)\}/g, (_, name: string) => {
    const value = SCRIPT_MACROS[name];
    if (value === undefined) throw new Error(`${file}: electron-builder has no macro \${${name}}`);
    return value;
  });
}

/**
 * What a Linux package holds under its install directory (/opt/MCP Desk in the deb): Electron's own
 * files, app.asar with its unpacked files beside it, and the extra resources.
 */
function packageLayout(files: readonly string[]): Set<string> {
  const filePatterns = stringPatterns(config.files);
  const unpack = stringPatterns(config.asarUnpack);
  const layout = new Set([EXECUTABLE_NAME, 'chrome-sandbox', 'resources/app.asar', 'resources/apparmor-profile']);
  for (const file of files) if (matches(file, filePatterns) && matches(file, unpack)) layout.add(`resources/app.asar.unpacked/${file}`);
  for (const set of fileSets(config.linux?.extraResources)) layout.add(`resources/${set.to ?? set.from}`);
  return layout;
}

beforeAll(() => {
  // dist/ normally exists (npm install builds it); build it when a checkout has not yet.
  if (!BUNDLES.every((file) => existsSync(path.join(root, file)))) execFileSync(process.execPath, [path.join(root, 'build/build.mjs')], { cwd: root });
}, 120_000);

describe('electron-builder configuration', () => {
  it('is valid against the JSON schema that ships with electron-builder', () => {
    const fromBuilder = createRequire(path.join(root, 'node_modules/electron-builder/package.json'));
    const scheme: unknown = JSON.parse(readFileSync(fromBuilder.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const schema = z.fromJSONSchema(scheme as Parameters<typeof z.fromJSONSchema>[0]);
    const result = schema.safeParse(config);
    expect(result.success ? [] : result.error.issues).toEqual([]);
    // The schema must be able to fail for the check above to mean anything: a misspelt option is refused.
    expect(schema.safeParse({ ...config, linux: { ...config.linux, tagret: ['deb'] } }).success).toBe(false);
  });

  it('builds deb and AppImage packages for Linux into release/', () => {
    expect(targetNames(config.linux?.target)).toEqual(expect.arrayContaining(['deb', 'AppImage']));
    expect(config.directories?.output).toBe('release');
    expect(config).toMatchObject({ appId: 'io.mcpdesk.app', productName: 'MCP Desk' });
  });

  it('registers the mcpdesk:// scheme the app handles', () => {
    const schemes = (config.protocols == null ? [] : Array.isArray(config.protocols) ? config.protocols : [config.protocols]).flatMap((p) => p.schemes);
    expect(schemes).toContain(DEEP_LINK_SCHEME);
  });

  it('names the Linux desktop entry after the executable, so Electron can register itself for links', () => {
    // electron-builder writes <executableName>.desktop; Electron's setAsDefaultProtocolClient and the
    // window's app id use package.json desktopName.
    expect(config.linux?.executableName).toBe(EXECUTABLE_NAME);
    expect((config.extraMetadata as { desktopName?: string } | undefined)?.desktopName).toBe(`${EXECUTABLE_NAME}.desktop`);
    expect(EXECUTABLE_NAME).not.toBe('mcpdesk');
  });

  it('uses only the glob syntax these tests interpret', () => {
    for (const pattern of [...stringPatterns(config.files), ...stringPatterns(config.asarUnpack)]) expect(pattern).toMatch(/^!?[\w./*?-]+$/);
  });
});

describe('packaged files', () => {
  it('include every file the app, the proxy and the CLI load at run time', () => {
    const files = new Set(distFiles());
    const patterns = stringPatterns(config.files);
    for (const file of runtimeFiles()) {
      expect(files, `${file} is built`).toContain(file);
      expect(matches(file, patterns), `${file} is packaged`).toBe(true);
    }
    expect(matches('package.json', patterns)).toBe(true);
  });

  it('leave out of the build output only source maps and the browser preview server', () => {
    const patterns = stringPatterns(config.files);
    const left = distFiles().filter((file) => !matches(file, patterns));
    expect(left.filter((file) => !file.endsWith('.map') && file !== 'dist/cli/preview.cjs')).toEqual([]);
  });

  it('keep the proxy and the CLI outside app.asar, where a plain Node process can run them', () => {
    const unpack = stringPatterns(config.asarUnpack);
    expect(matches('dist/proxy/proxy.cjs', unpack)).toBe(true);
    expect(matches('dist/cli/mcpdesk.cjs', unpack)).toBe(true);
    expect(matches('dist/app/main.cjs', unpack)).toBe(false);
  });

  it('need no node_modules: the bundles require only Node built-ins and electron', () => {
    const builtins = new Set(builtinModules);
    for (const bundle of BUNDLES) {
      const required = [...read(bundle).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!);
      const packages = required.filter((spec) => !spec.startsWith('node:') && !spec.startsWith('.') && !builtins.has(spec) && spec !== 'electron');
      expect(packages, bundle).toEqual([]);
    }
  });

  it('tell electron-builder to copy no node_modules (beforeBuild resolves false)', async () => {
    expect(typeof config.beforeBuild).toBe('function');
    const beforeBuild = config.beforeBuild as (context: unknown) => Promise<unknown>;
    await expect(beforeBuild({})).resolves.toBe(false);
    expect(stringPatterns(config.files).some((pattern) => !pattern.startsWith('!') && pattern.includes('node_modules'))).toBe(false);
  });
});

describe('icons', () => {
  const dir = path.join(root, 'build/icons/png');

  it('are a Linux icon set of square RGBA PNGs whose pixel size matches the file name', () => {
    expect(config.linux?.icon).toBe('build/icons/png');
    const names = readdirSync(dir).filter((name) => name.endsWith('.png'));
    expect(names).toEqual(expect.arrayContaining(['256x256.png', '512x512.png']));
    for (const name of names) {
      const size = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      const png = pngHeader(path.join(dir, name));
      expect({ name, width: png.width, height: png.height, colourType: png.colourType }).toEqual({ name, width: size, height: size, colourType: 6 });
      // The image data must inflate to one filter byte plus 4 bytes a pixel for every row.
      expect(inflateSync(png.idat).length).toBe(size * (size * 4 + 1));
    }
  });

  it('give mac and Windows a source of at least 512 pixels', () => {
    expect(config.icon).toBeTypeOf('string');
    const png = pngHeader(path.join(root, config.icon as string));
    expect(png.width).toBeGreaterThanOrEqual(512);
  });
});

describe('Linux scripts', () => {
  const wrapper = 'build/linux/mcpdesk';

  it('ship the CLI wrapper as resources/bin/mcpdesk, executable', () => {
    expect(fileSets(config.linux?.extraResources)).toContainEqual({ from: wrapper, to: 'bin/mcpdesk' });
    expect(statSync(path.join(root, wrapper)).mode & 0o111).not.toBe(0);
  });

  it('are the deb install and remove scripts, using only macros electron-builder defines', () => {
    expect(config.deb).toMatchObject({ afterInstall: 'build/linux/after-install.tpl', afterRemove: 'build/linux/after-remove.tpl' });
    for (const file of ['build/linux/after-install.tpl', 'build/linux/after-remove.tpl']) expect(() => expandScript(file)).not.toThrow();
  });

  it.skipIf(process.platform === 'win32')('are valid shell', () => {
    for (const [shell, file] of [['bash', 'build/linux/after-install.tpl'], ['bash', 'build/linux/after-remove.tpl'], ['sh', wrapper]] as const) {
      const check = spawnSync(shell, ['-n'], { input: expandScript(file), encoding: 'utf8' });
      expect({ file, status: check.status, stderr: check.stderr }).toEqual({ file, status: 0, stderr: '' });
    }
  });

  it('refer after install only to paths that exist in the installed package', () => {
    const script = expandScript('build/linux/after-install.tpl');
    expect(script).toContain("app_dir='/opt/MCP Desk'");
    const layout = packageLayout(distFiles());
    const referenced = [...script.matchAll(/\$app_dir\/([^"'\s]+)/g)].map((m) => m[1]!);
    expect(referenced).toEqual(expect.arrayContaining([EXECUTABLE_NAME, 'resources/bin/mcpdesk']));
    for (const file of referenced) expect(layout, file).toContain(file);
  });

  it('link /usr/bin/mcpdesk on install and remove it again on removal', () => {
    expect(expandScript('build/linux/after-install.tpl')).toMatch(/\/usr\/bin\/mcpdesk mcpdesk "\$app_dir\/resources\/bin\/mcpdesk"/);
    expect(expandScript('build/linux/after-remove.tpl')).toMatch(/--remove mcpdesk "\$app_dir\/resources\/bin\/mcpdesk"/);
    expect(expandScript('build/linux/after-remove.tpl')).toContain('rm -f /usr/bin/mcpdesk');
  });

  it.skipIf(process.platform === 'win32')('run the unpacked CLI with the app binary in Node mode, also through a symlink', () => {
    // A miniature install: node stands in for the Electron binary, a stub for the CLI bundle.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mcpdesk-packaging-'));
    try {
      const app = path.join(dir, 'opt', 'MCP Desk');
      const cli = path.join(app, 'resources/app.asar.unpacked/dist/cli/mcpdesk.cjs');
      mkdirSync(path.dirname(cli), { recursive: true });
      mkdirSync(path.join(app, 'resources/bin'), { recursive: true });
      mkdirSync(path.join(dir, 'usr-bin'));
      symlinkSync(process.execPath, path.join(app, EXECUTABLE_NAME));
      writeFileSync(cli, 'process.stdout.write(JSON.stringify({ script: __filename, node: process.env.ELECTRON_RUN_AS_NODE, args: process.argv.slice(2) }));\n');
      copyFileSync(path.join(root, wrapper), path.join(app, 'resources/bin/mcpdesk'));
      symlinkSync(path.join(app, 'resources/bin/mcpdesk'), path.join(dir, 'usr-bin/mcpdesk'));
      const out = execFileSync(path.join(dir, 'usr-bin/mcpdesk'), ['list', '--all'], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual({ script: cli, node: '1', args: ['list', '--all'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
