import { describe, expect, test } from 'vitest';
import { filterFromHash, hashWithFilter } from '../../../renderer/filter/filter-hash';
import { matchesFilterText, parseFilterText, visibleNames } from '../../../renderer/filter/filter-text';
import { workload } from './fake-api';

const rows = [
  workload({ name: 'fetch', status: 'running', transport: 'stdio', group: 'dev', labels: { team: 'backend' } }),
  workload({ name: 'github', status: 'stopped', transport: 'sse', group: 'dev', labels: { team: 'frontend' }, image: 'ghcr.io/github/github-mcp-server' }),
  workload({ name: 'notion', kind: 'remote', status: 'error', transport: 'streamable-http', image: undefined, remoteUrl: 'https://mcp.notion.com/mcp', labels: { team: 'backend', tier: 'gold' } }),
  workload({ name: 'time', status: 'running', transport: 'sse', group: 'prod', port: 41_234, url: 'http://127.0.0.1:41234/sse' }),
];
const map = new Map(rows.map((w) => [w.name, w]));

describe('filter bar text', () => {
  test.each([
    ['', ['fetch', 'github', 'notion', 'time'], 0],
    ['   ', ['fetch', 'github', 'notion', 'time'], 0],
    ['team=backend', ['fetch', 'notion'], 0],
    ['team=backend tier=gold', ['notion'], 0],
    ['status=running', ['fetch', 'time'], 0],
    ['transport=sse', ['github', 'time'], 0],
    ['group=dev', ['fetch', 'github'], 0],
    ['group=dev status=running', ['fetch'], 0],
    ['GIT', ['github'], 0],
    ['ghcr.io', ['github'], 0],
    ['notion.com', ['notion'], 0],
    ['41234', ['time'], 0],
    ['prod', ['time'], 0],
    ['dev fetch', ['fetch'], 0],
    ['nothing-like-this', [], 0],
    ['status=sleeping', ['fetch', 'github', 'notion', 'time'], 1],
    ['status=sleeping group=dev', ['fetch', 'github'], 1],
    ['=backend transport=bogus', ['fetch', 'github', 'notion', 'time'], 2],
  ])('%j shows %j with %i errors', (text, expected, errorCount) => {
    expect(visibleNames(map, text)).toEqual(expected);
    expect(parseFilterText(text).errors).toHaveLength(errorCount);
  });

  test('an invalid filter names itself and what is allowed in one line', () => {
    const [error] = parseFilterText('status=sleeping').errors;
    expect(error).toBe('invalid filter "status=sleeping": status must be one of starting, running, stopping, stopped, removing, error, unhealthy');
  });

  test('a label filter never matches a workload without that label', () => {
    expect(matchesFilterText(rows[3]!, parseFilterText('team=backend'))).toBe(false);
  });
});

describe('filter in the URL hash', () => {
  test('the filter text round-trips through the hash, spaces and = included', () => {
    const hash = hashWithFilter('', 'team=backend status=running');
    expect(hash.startsWith('#filter=')).toBe(true);
    expect(filterFromHash(hash)).toBe('team=backend status=running');
  });

  test('an empty filter removes the parameter and keeps the others', () => {
    expect(hashWithFilter('#filter=x&tab=logs', '')).toBe('#tab=logs');
    expect(hashWithFilter('#filter=x', '')).toBe('');
    expect(filterFromHash('')).toBe('');
  });
});
