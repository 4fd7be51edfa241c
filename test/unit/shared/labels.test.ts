import { describe, expect, it } from 'vitest';
import { InvalidLabelError, LabelsSchema, labelKeyProblem, labelValueProblem, parseLabel, parseLabels, userLabels } from '../../../shared/labels';

describe('label keys and values', () => {
  it.each(['team', 'app.kubernetes.io/name', 'example.com/x_y', 'a', 'A-b.c_D', 'x'.repeat(63), `${'a'.repeat(63)}.com/key`])('accepts the key %s', (key) => {
    expect(labelKeyProblem(key)).toBeUndefined();
  });

  const badKeys: Array<[string, RegExp]> = [
    ['', /empty/],
    ['x'.repeat(64), /longer than 63/],
    ['-team', /start and end/],
    ['team-', /start and end/],
    ['te am', /start and end/],
    ['/team', /prefix before "\/" is empty/],
    ['example.com/', /name after the prefix is empty/],
    ['Example.com/team', /DNS subdomain/],
    ['exa_mple.com/team', /DNS subdomain/],
    ['a/b/c', /start and end/],
    [`${'a'.repeat(254)}/x`, /longer than 253/],
    ['mcpdesk.io/name', /reserved/],
    ['sub.mcpdesk.io/x', /reserved/],
  ];
  it.each(badKeys)('refuses the key %j', (key, reason) => {
    expect(labelKeyProblem(key)).toMatch(reason);
  });

  it.each(['', 'backend', 'v1.2_3-x', 'x'.repeat(63)])('accepts the value %j', (value) => {
    expect(labelValueProblem(value)).toBeUndefined();
  });

  it.each([['x'.repeat(64), /longer than 63/], ['-x', /start and end/], ['a b', /start and end/], ['a=b', /start and end/], ['é', /start and end/]])(
    'refuses the value %j',
    (value, reason) => {
      expect(labelValueProblem(value)).toMatch(reason);
    },
  );
});

describe('parsing KEY=VALUE labels', () => {
  it('splits on the first "=" and trims', () => {
    expect(parseLabel(' team = backend ')).toEqual(['team', 'backend']);
    expect(parseLabel('empty=')).toEqual(['empty', '']);
  });

  it.each([
    ['team', /expected KEY=VALUE/],
    ['=x', /empty/],
    ['team=a=b', /start and end/],
    ['mcpdesk.io/port=1', /reserved/],
    [`k=${'v'.repeat(64)}`, /longer than 63/],
    ['constructor=x', /the key "constructor" is reserved/],
  ])('refuses %j naming it', (text, reason) => {
    expect(() => parseLabel(text)).toThrow(InvalidLabelError);
    expect(() => parseLabel(text)).toThrow(reason);
  });

  it('refuses a key given twice', () => {
    expect(() => parseLabels(['a=1', 'a=2'])).toThrow(/given twice/);
    expect(parseLabels(['a=1', 'b=2'])).toEqual({ a: '1', b: '2' });
  });

  it('validates a label map as a whole', () => {
    expect(LabelsSchema.safeParse({ team: 'x', env: 'prod' }).success).toBe(true);
    const result = LabelsSchema.safeParse({ 'mcpdesk.io/name': 'x', ok: 'bad value' });
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'invalid label key "mcpdesk.io/name": the prefix "mcpdesk.io/" is reserved for MCP Desk',
      'invalid value for label "ok": the value must start and end with a letter or digit and hold only letters, digits, "-", "_" and "."',
    ]);
  });

  it('keeps only the user labels of a container', () => {
    expect(userLabels({ 'mcpdesk.io/name': 'a', 'x.mcpdesk.io/y': 'b', team: 'c', 'example.com/k': 'd' })).toEqual({ team: 'c', 'example.com/k': 'd' });
  });
});
