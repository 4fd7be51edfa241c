import { describe, expect, it } from 'vitest';
import { defaultWorkloadName } from '../../../shared/default-name';
import { workloadNameProblem } from '../../../shared/names';

describe('default workload names', () => {
  it.each([
    [{ image: 'ghcr.io/acme/fetch:1.2' }, 'fetch'],
    [{ image: 'fetch' }, 'fetch'],
    [{ image: `localhost:5000/a/b@sha256:${'0'.repeat(64)}` }, 'b-server'],
    [{ image: 'x' }, 'x-server'],
    [{ image: 'mcp/git_tools:latest' }, 'git_tools'],
    [{ remoteUrl: 'https://mcp.example.com/mcp' }, 'mcp-example-com'],
    [{ remoteUrl: 'not a url' }, 'workload'],
    [{}, 'workload'],
  ])('names %j %s, a valid name', (source, expected) => {
    const name = defaultWorkloadName(source);
    expect(name).toBe(expected);
    expect(workloadNameProblem(name)).toBeUndefined();
  });
});
