import { describe, expect, it } from 'vitest';
import { InvalidFilterError, matchesFilters, parseFilter, parseFilters, type Filterable } from '../../../shared/filters';

const fetch: Filterable = { status: 'running', transport: 'stdio', group: 'dev', labels: { team: 'backend', tier: '' } };
const git: Filterable = { status: 'stopped', transport: 'sse', labels: { team: 'frontend' } };

describe('filters', () => {
  it('splits on the first "=" and trims both sides', () => {
    expect(parseFilter(' team = backend ')).toEqual({ builtIn: false, key: 'team', value: 'backend' });
    expect(parseFilter('status=running')).toEqual({ builtIn: true, key: 'status', value: 'running' });
  });

  it('matches the built-in keys against the workload fields', () => {
    expect(matchesFilters(fetch, parseFilters(['status=running']))).toBe(true);
    expect(matchesFilters(git, parseFilters(['status=running']))).toBe(false);
    expect(matchesFilters(git, parseFilters(['transport=sse']))).toBe(true);
    expect(matchesFilters(fetch, parseFilters(['group=dev']))).toBe(true);
    expect(matchesFilters(git, parseFilters(['group=dev']))).toBe(false);
  });

  it('matches user labels exactly, empty values included', () => {
    expect(matchesFilters(fetch, parseFilters(['team=backend']))).toBe(true);
    expect(matchesFilters(fetch, parseFilters(['team=back']))).toBe(false);
    expect(matchesFilters(fetch, parseFilters(['tier=']))).toBe(true);
    expect(matchesFilters(git, parseFilters(['tier=']))).toBe(false);
  });

  it('ANDs several filters, and no filter matches everything', () => {
    expect(matchesFilters(fetch, parseFilters(['team=backend', 'status=running']))).toBe(true);
    expect(matchesFilters(fetch, parseFilters(['team=backend', 'status=stopped']))).toBe(false);
    expect(matchesFilters(git, [])).toBe(true);
  });

  it('does not read a label named like a built-in from the labels', () => {
    const sneaky: Filterable = { status: 'stopped', transport: 'stdio', labels: { status: 'running' } };
    expect(matchesFilters(sneaky, parseFilters(['status=running']))).toBe(false);
  });

  it.each([
    ['team', /expected KEY=VALUE/],
    ['', /expected KEY=VALUE/],
    ['=backend', /the key is empty/],
    ['status=sleeping', /status must be one of starting, running/],
    ['transport=grpc', /transport must be one of stdio, sse, streamable-http/],
    ['group=../x', /group name/],
    ['group=', /group name is empty/],
    ['mcpdesk.io/name=x', /reserved/],
    ['bad key=x', /start and end/],
    ['team=two words', /start and end/],
    ['constructor=x', /the key "constructor" is reserved/],
  ])('refuses %j with a one-line message naming it', (text, reason) => {
    expect(() => parseFilter(text)).toThrow(InvalidFilterError);
    expect(() => parseFilter(text)).toThrow(reason);
    try {
      parseFilter(text);
    } catch (error) {
      expect((error as Error).message).toMatch(/^invalid filter ".*": /);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
