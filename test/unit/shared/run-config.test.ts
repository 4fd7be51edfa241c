import { describe, expect, it } from 'vitest';
import { RunConfigSchema, RUN_CONFIG_SCHEMA_VERSION, isRemote, type RunConfig } from '../../../shared/run-config';
import { imageReferenceProblem, remoteUrlProblem } from '../../../shared/references';

const container: RunConfig = {
  schemaVersion: RUN_CONFIG_SCHEMA_VERSION,
  name: 'fetch',
  image: 'ghcr.io/example/fetch:1.2',
  cmdArgs: ['--verbose'],
  transport: 'stdio',
  proxyMode: 'streamable-http',
  proxyPort: 18080,
  env: { API_TOKEN: { secretRef: 'fetch/API_TOKEN' }, LEVEL: 'debug' },
  volumes: [{ hostPath: '/home/me/data', containerPath: '/data', readOnly: true }],
  labels: { team: 'backend' },
  group: 'dev',
  headers: {},
  createdAt: '2026-11-26T10:00:00.000Z',
};

const remote: RunConfig = {
  ...container,
  name: 'remote-docs',
  image: undefined,
  remoteUrl: 'https://mcp.example.com/mcp',
  cmdArgs: [],
  env: {},
  volumes: [],
  transport: 'streamable-http',
  headers: { Authorization: { secretRef: 'remote-docs/Authorization' }, 'X-Team': 'a' },
};
delete (remote as { image?: string }).image;

function problems(config: unknown): string[] {
  const result = RunConfigSchema.safeParse(config);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('RunConfig schema', () => {
  it('accepts a container workload and a remote workload', () => {
    expect(problems(container)).toEqual([]);
    expect(problems(remote)).toEqual([]);
    expect(isRemote(remote)).toBe(true);
    expect(isRemote(container)).toBe(false);
  });

  it('round-trips through JSON unchanged', () => {
    expect(RunConfigSchema.parse(JSON.parse(JSON.stringify(container)))).toEqual(container);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no image and no remote URL', { image: undefined }, /either an image or a remote URL/],
    ['both image and remote URL', { remoteUrl: 'https://x.example' }, /either an image or a remote URL/],
    ['a bad name', { name: '../x' }, /invalid workload name/],
    ['another schema version', { schemaVersion: 2 }, /schemaVersion/],
    ['an unknown transport', { transport: 'grpc' }, /transport/],
    ['an unknown proxy mode', { proxyMode: 'stdio' }, /proxyMode/],
    ['port 0', { proxyPort: 0 }, /proxyPort/],
    ['port 70000', { targetPort: 70000 }, /targetPort/],
    ['a fractional port', { proxyPort: 80.5 }, /proxyPort/],
    ['a bad env key', { env: { '1X': 'a' } }, /environment variable name/],
    ['a secret without a reference', { env: { X: { secretRef: '' } } }, /env/],
    ['a plaintext secret object', { env: { X: { value: 'p' } } }, /env/],
    ['a relative volume path', { volumes: [{ hostPath: 'data', containerPath: '/d', readOnly: false }] }, /absolute/],
    ['a reserved label', { labels: { 'mcpdesk.io/port': '1' } }, /reserved/],
    ['a bad group', { group: '-x' }, /group name must start/],
    ['a 1 MB group, named in short', { group: 'g'.repeat(1_000_000) }, /invalid group "g+…": the group name is longer than 100 characters/],
    ['an unknown field', { extra: 1 }, /extra|Unrecognized/],
    ['a bad image', { image: 'Upper/Case' }, /invalid image/],
    ['a bad created time', { createdAt: 'yesterday' }, /createdAt/],
    ['a bad header name', { headers: { 'Bad Header': 'x' } }, /header name/],
  ])('refuses %s', (_what, change, reason) => {
    const found = problems({ ...container, ...change });
    expect(found.join('\n')).toMatch(reason);
  });

  it('refuses container-only settings on a remote workload', () => {
    expect(problems({ ...remote, env: { A: 'b' } }).join()).toMatch(/remote workload has no container/);
    expect(problems({ ...remote, remoteUrl: 'ftp://x.example' }).join()).toMatch(/http or https/);
  });
});

describe('image references', () => {
  it.each(['alpine', 'alpine:3.20', 'library/alpine', 'ghcr.io/stacklok/fetch:latest', 'localhost:5000/a/b:c', 'mcpdesk-test-server:0123abcd', `a@sha256:${'0'.repeat(64)}`])(
    'accepts %s',
    (image) => expect(imageReferenceProblem(image)).toBeUndefined(),
  );
  it.each(['', 'Alpine', 'a b', 'a:', ':tag', 'a:-tag', 'a//b', 'a@sha256:xyz', 'a;rm -rf', 'x'.repeat(256)])('refuses %j', (image) =>
    expect(imageReferenceProblem(image)).toMatch(/image/),
  );
});

describe('remote URLs', () => {
  it.each(['http://127.0.0.1:8080/mcp', 'https://mcp.example.com/sse'])('accepts %s', (url) => expect(remoteUrlProblem(url)).toBeUndefined());
  it.each([
    ['not a url', /not a URL/],
    ['file:///etc/passwd', /http or https/],
    ['javascript:alert(1)', /http or https/],
    ['https://user:pw@example.com/', /credentials/],
    [`https://example.com/${'x'.repeat(3000)}`, /^invalid remote URL "https:\/\/example\.com\/x+…": longer than 2048 characters$/],
  ])('refuses %j', (url, reason) => expect(remoteUrlProblem(url)).toMatch(reason));
});
