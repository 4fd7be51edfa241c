import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loopbackRequestProblem } from '../../../electron/core/proxy/loopback-guard';

function problem(headers: IncomingHttpHeaders): string | undefined {
  return loopbackRequestProblem({ headers });
}

describe('loopbackRequestProblem', () => {
  it.each([
    'localhost',
    'localhost:8080',
    'LOCALHOST:8080',
    '127.0.0.1',
    '127.0.0.1:51234',
    '127.1.2.3:80',
    '127.255.255.255',
    '[::1]',
    '[::1]:8080',
  ])('lets Host %s pass', (host) => {
    expect(problem({ host })).toBeUndefined();
  });

  it.each([
    'evil.example',
    'evil.example:8080',
    '127.0.0.1.evil.example',
    '127.0.0.1.evil.example:8080',
    'localhost.evil.example',
    'evil-localhost',
    'localhost.',
    '0.0.0.0',
    '0.0.0.0:8080',
    '10.0.0.1',
    '128.0.0.1',
    '127.0.0.256',
    '127.0.0.01',
    '127.1',
    '[::ffff:127.0.0.1]',
    '[::ffff:7f00:1]:8080',
    '[::]',
    '::1',
    'localhost:',
    'localhost:99999',
    'localhost:80:80',
    'localhost evil.example',
    ' localhost',
  ])('refuses Host %j and names it in the reason', (host) => {
    const reason = problem({ host });
    expect(reason).toMatch(/^Host ".*" is not a loopback name/);
    expect(reason).toContain(JSON.stringify(host).slice(1, -1));
  });

  it('refuses a request without a Host header', () => {
    expect(problem({})).toBe('the request has no Host header');
    expect(problem({ host: '' })).toBe('the request has no Host header');
  });

  it.each([
    'http://localhost',
    'http://localhost:6274',
    'https://localhost:8443',
    'http://127.0.0.1:3000',
    'HTTP://LOCALHOST:3000',
    'http://[::1]:3000',
  ])('lets a loopback Origin %s pass', (origin) => {
    expect(problem({ host: '127.0.0.1:8080', origin })).toBeUndefined();
  });

  it.each([
    'null',
    '',
    'https://attacker.example',
    'http://attacker.example:8080',
    'http://127.0.0.1.evil.example',
    'http://localhost.evil.example',
    'http://0.0.0.0:8080',
    'http://[::ffff:127.0.0.1]',
    'file://',
    'ws://localhost:8080',
    'chrome-extension://abcdef',
    'localhost:8080',
    'http://localhost:8080/path',
  ])('refuses Origin %j even with a loopback Host', (origin) => {
    expect(problem({ host: 'localhost:8080', origin })).toMatch(/^Origin ".*" is not http\(s\) on a loopback name/);
  });

  it('escapes and shortens a hostile value in the reason', () => {
    const reason = problem({ host: `evil.example\r\nSet-Cookie: x=1${'a'.repeat(500)}` }) ?? '';
    expect(reason).not.toMatch(/[\r\n]/);
    expect(reason.length).toBeLessThan(150);
  });
});
