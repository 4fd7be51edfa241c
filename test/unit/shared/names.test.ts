import { describe, expect, it } from 'vitest';
import { assertWorkloadName, InvalidNameError, WorkloadNameSchema, workloadNameProblem } from '../../../shared/names';

describe('workload names', () => {
  it.each(['fetch', 'a', 'my-server_2.0', 'A1', '9lives', 'x'.repeat(100), 'a.b-c_d'])('accepts %s', (name) => {
    expect(workloadNameProblem(name)).toBeUndefined();
    expect(assertWorkloadName(name)).toBe(name);
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['x'.repeat(101), /longer than 100/],
    ['a/b', /may hold only letters/],
    ['a b', /may hold only letters/],
    ['name\n', /may hold only letters/],
    ['ünïcode', /may hold only letters/],
    ['a:b', /may hold only letters/],
    ['$(rm)', /may hold only letters/],
    ['..', /".."/],
    ['a..b', /".."/],
    ['../etc', /may hold only letters/],
    ['.hidden', /start with a letter or digit/],
    ['-flag', /start with a letter or digit/],
    ['_x', /start with a letter or digit/],
  ];
  it.each(bad)('refuses %j with a one-line reason', (name, reason) => {
    expect(workloadNameProblem(name)).toMatch(reason);
    expect(() => assertWorkloadName(name)).toThrow(InvalidNameError);
    const result = WorkloadNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    const message = result.error?.issues[0]?.message ?? '';
    expect(message).toMatch(/^invalid workload name ".*": /);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(200);
  });
});
