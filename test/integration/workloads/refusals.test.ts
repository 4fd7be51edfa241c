import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { snapshotTree } from '../../unit/state/helpers/snapshot';
import { Desk } from './helpers/harness';

const image = inject('testImage');
let desk: Desk;
let busy: net.Server;
let busyPort = 0;
let keptPort = 0;

beforeAll(async () => {
  desk = await Desk.create();
  // One workload to collide with, and one port another program holds.
  expect((await desk.cli('run', image, '--name', 'taken', '--wait')).code).toBe(0);
  keptPort = (await desk.manager.get('taken')).port;
  busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as net.AddressInfo).port;
});
afterAll(async () => {
  busy?.close();
  await desk?.dispose();
});

/** [what, argv, exit code, what the one stderr line must say] */
const cases: Array<[string, () => string[], number, RegExp | (() => RegExp)]> = [
  ['a duplicate name', () => ['run', image, '--name', 'taken'], 1, /^error: workload "taken" already exists$/],
  ['a proxy port another program holds', () => ['run', image, '--name', 'p1', '--proxy-port', String(busyPort)], 1, () => new RegExp(`^error: proxy port ${busyPort} is in use on 127\\.0\\.0\\.1$`)],
  ['a proxy port another workload keeps', () => ['run', image, '--name', 'p2', '--proxy-port', String(keptPort)], 1, () => new RegExp(`^error: proxy port ${keptPort} is kept by workload "taken"$`)],
  ['a missing image', () => ['run', 'mcpdesk-test/does-not-exist:0', '--name', 'ghost'], 1, /^error: failed to pull image "mcpdesk-test\/does-not-exist:0": /],
  ['a malformed image', () => ['run', 'Not/An:Image!', '--name', 'x1'], 1, /^error: invalid image "Not\/An:Image!": /],
  ['a bad name', () => ['run', image, '--name', '../etc'], 1, /^error: invalid workload name "..\/etc": /],
  ['a one-character container name', () => ['run', image, '--name', 'c'], 1, /^error: invalid workload name "c": a container workload's name needs at least 2 characters$/],
  ['a name starting with a dash', () => ['run', image, '--name=-x'], 1, /^error: invalid workload name "-x": the name must start with a letter or digit$/],
  ['a bad label', () => ['run', image, '--name', 'x2', '-l', 'team=back end'], 1, /^error: invalid label "team=back end": the value must/],
  ['a reserved label', () => ['run', image, '--name', 'x3', '-l', 'mcpdesk.io/name=x'], 1, /^error: invalid label "mcpdesk.io\/name=x": the prefix "mcpdesk.io\/" is reserved/],
  ['a label without =', () => ['run', image, '--name', 'x4', '-l', 'team'], 1, /^error: invalid label "team": expected KEY=VALUE$/],
  ['a bad env', () => ['run', image, '--name', 'x5', '-e', '1A=b'], 1, /^error: invalid environment variable "1A=b": /],
  ['a bad secret env, named without its value', () => ['run', image, '--name', 'x15', '--secret-env', '1A=s3cret'], 1, /^error: invalid secret environment variable "1A": an environment variable name/],
  ['a secret env the shell does not set', () => ['run', image, '--name', 'x16', '--secret-env', 'MCPDESK_TEST_NOT_SET'], 1, /^error: invalid secret environment variable "MCPDESK_TEST_NOT_SET": expected KEY=VALUE, or KEY set in this shell's environment$/],
  ['an env given both plain and secret', () => ['run', image, '--name', 'x17', '-e', 'TOKEN=a', '--secret-env', 'TOKEN=b'], 1, /^error: invalid environment variable "TOKEN" of workload "x17": it is given both as a plain and as a secret variable$/],
  ['a secret env for a remote workload', () => ['run', '--remote', 'http://127.0.0.1:9/mcp', '--name', 'x18', '--secret-env', 'TOKEN=s3cret'], 1, /^error: invalid workload "x18": .*a remote workload has no container: env, volumes and arguments do not apply$/],
  ['a volume without a container path', () => ['run', image, '--name', 'x6', '-v', '/tmp'], 1, /^error: invalid volume "\/tmp": expected HOST:CONTAINER\[:ro\]$/],
  ['a volume whose host path does not exist', () => ['run', image, '--name', 'x7', '-v', '/no/such/dir:/data'], 1, /^error: invalid volume "\/no\/such\/dir:\/data" of workload "x7": the host path does not exist$/],
  ['a volume with a bad mode', () => ['run', image, '--name', 'x8', '-v', '/tmp:/data:rx'], 1, /^error: invalid volume "\/tmp:\/data:rx": the mode must be ro or rw/],
  ['a remote URL that is not http', () => ['run', '--remote', 'ftp://example.com/mcp', '--name', 'x9'], 1, /^error: invalid remote URL "ftp:\/\/example.com\/mcp": the scheme must be http or https$/],
  ['a remote URL that is not a URL', () => ['run', '--remote', 'not a url', '--name', 'x10'], 1, /^error: invalid remote URL "not a url": not a URL$/],
  ['a header without a colon', () => ['run', '--remote', 'http://127.0.0.1:9/mcp', '--name', 'x11', '--header', 'Authorization'], 1, /^error: invalid header "Authorization": expected "Name: value"$/],
  ['an unknown transport', () => ['run', image, '--name', 'x12', '--transport', 'grpc'], 2, /^error: invalid transport "grpc": expected one of stdio, sse, streamable-http$/],
  ['a bad proxy port', () => ['run', image, '--name', 'x13', '--proxy-port', '70000'], 1, /^error: invalid proxy port "70000": expected a number from 1 to 65535$/],
  ['both an image and a remote URL', () => ['run', image, '--remote', 'http://127.0.0.1:9/mcp'], 2, /^error: give an image or --remote URL, not both$/],
  ['neither an image nor a remote URL', () => ['run', '--name', 'x14'], 2, /^error: missing IMAGE \(or --remote URL\)$/],
  ['a bad filter', () => ['list', '--filter', 'team'], 1, /^error: invalid filter "team": expected KEY=VALUE$/],
  ['a filter on an unknown status', () => ['list', '--filter', 'status=sleeping'], 1, /^error: invalid filter "status=sleeping": status must be one of/],
  ['an unknown command', () => ['frobnicate'], 2, /^error: unknown command 'frobnicate'/],
  ['an unknown flag', () => ['list', '--colour'], 2, /^error: unknown option '--colour'$/],
  ['stop of an unknown workload', () => ['stop', 'nobody'], 1, /^nobody: error: workload "nobody" not found$/],
  ['rm without names', () => ['rm'], 2, /^error: missing workload name \(or --all\)$/],
  ['status of an unknown workload', () => ['status', 'nobody'], 1, /^error: workload "nobody" not found$/],
  ['update that renames', () => ['update', 'taken', '--name', 'other'], 2, /^error: update keeps the name: --name cannot change it$/],
  ['update to a missing image', () => ['update', 'taken', '--image', 'mcpdesk-test/does-not-exist:0'], 1, /^error: failed to pull image "mcpdesk-test\/does-not-exist:0": /],
];

describe('refused commands change nothing', () => {
  it.each(cases)('%s: one line on stderr, and the state folder and the engine are as they were', async (_what, argv, code, message) => {
    const before = { files: await snapshotTree(desk.root), containers: await desk.containers() };
    const result = await desk.cli(...argv());
    expect(result.code).toBe(code);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr.trimEnd()).toMatch(typeof message === 'function' ? message() : message);
    expect({ files: await snapshotTree(desk.root), containers: await desk.containers() }).toEqual(before);
  });

  it('left the existing workload running through all of it', async () => {
    expect((await desk.manager.get('taken')).status).toBe('running');
  });
});
