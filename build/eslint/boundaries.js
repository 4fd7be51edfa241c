// The import boundaries of STYLE.md as an ESLint rule: each area of the tree may import only from
// the areas (and packages) listed for it. Relative imports are resolved against the importing file.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Areas, most specific first: a file belongs to the first whose folder holds it. */
const AREAS = [
  ['electron/core', 'core'],
  ['electron/app', 'app'],
  ['electron/preload', 'preload'],
  ['electron/cli', 'cli'],
  ['renderer', 'renderer'],
  ['shared', 'shared'],
  ['test', 'test'],
  ['build', 'build'],
];

/** Which areas each area may import from, and whether Node built-ins and npm packages are allowed. */
const RULES = {
  shared: { areas: ['shared'], node: false, packages: ['zod'] },
  core: { areas: ['core', 'shared'], node: true, packages: '*', forbiddenPackages: ['electron'] },
  app: { areas: ['app', 'core', 'shared'], node: true, packages: '*' },
  preload: { areas: ['preload', 'shared'], node: false, packages: ['electron'] },
  cli: { areas: ['cli', 'core', 'shared'], node: true, packages: '*', forbiddenPackages: ['electron'] },
  renderer: { areas: ['renderer', 'shared'], node: false, packages: '*', forbiddenPackages: ['electron'] },
};

/** Within app/ and preload/, only these files may touch ipcMain / ipcRenderer. */
const IPC_FILES = new Set(['electron/app/ipc.ts', 'electron/preload/ipc.ts']);

function areaOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  for (const [folder, area] of AREAS) if (rel === folder || rel.startsWith(`${folder}/`)) return { area, rel };
  return { area: undefined, rel };
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const NODE_BUILTINS = new Set(
  (await import('node:module')).builtinModules.flatMap((m) => [m, `node:${m}`]),
);

export default {
  meta: { type: 'problem', schema: [], messages: { forbidden: '{{area}}/ may not import "{{spec}}": {{why}}' } },
  create(context) {
    const { area, rel } = areaOf(context.filename);
    const rule = area && RULES[area];
    if (!rule) return {};
    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const report = (why) => context.report({ node, messageId: 'forbidden', data: { area, spec, why } });
      if (spec.startsWith('.')) {
        const target = areaOf(path.resolve(path.dirname(context.filename), spec)).area;
        if (!rule.areas.includes(target)) report(`${area}/ imports only from ${rule.areas.join(', ')}`);
        return;
      }
      if (NODE_BUILTINS.has(spec)) {
        if (!rule.node) report('no Node built-ins here');
        return;
      }
      const pkg = packageName(spec);
      if (rule.forbiddenPackages?.includes(pkg)) return report(`${pkg} is not allowed here`);
      if (rule.packages !== '*' && !rule.packages.includes(pkg)) report(`only ${rule.packages.join(', ')} here`);
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      ImportSpecifier: (node) => {
        const name = node.imported.name;
        if ((name === 'ipcMain' || name === 'ipcRenderer') && !IPC_FILES.has(rel)) {
          context.report({ node, messageId: 'forbidden', data: { area, spec: name, why: 'only app/ipc.ts and preload/ipc.ts touch IPC' } });
        }
      },
    };
  },
};
