import { expect, test } from 'vitest';
import { formatUptime } from '../../../renderer/format/uptime';

const since = '2026-11-26T10:00:00.000Z';
const at = (seconds: number) => Date.parse(since) + seconds * 1000;

test.each([
  [0, '0s'],
  [45, '45s'],
  [12 * 60 + 5, '12m'],
  [3 * 3600 + 5 * 60, '3h 5m'],
  [2 * 86_400 + 4 * 3600 + 59, '2d 4h'],
  [-30, '0s'],
])('%i seconds up shows as %s', (seconds, text) => {
  expect(formatUptime(since, at(seconds))).toBe(text);
});

test('an unparsable time shows a dash, not NaN', () => {
  expect(formatUptime('yesterday', Date.now())).toBe('—');
});
