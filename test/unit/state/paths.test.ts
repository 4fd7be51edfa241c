import { describe, expect, it } from 'vitest';
import { InvalidNameError } from '../../../shared/names';
import { resolveStateRoot, StatePaths } from '../../../electron/core/state/paths';

describe('state root', () => {
  it('honours XDG_STATE_HOME', () => {
    expect(resolveStateRoot({ XDG_STATE_HOME: '/srv/state' }, '/home/me')).toBe('/srv/state/mcpdesk');
  });

  it('defaults to ~/.local/state/mcpdesk, also when XDG_STATE_HOME is relative', () => {
    expect(resolveStateRoot({}, '/home/me')).toBe('/home/me/.local/state/mcpdesk');
    expect(resolveStateRoot({ XDG_STATE_HOME: 'relative/dir' }, '/home/me')).toBe('/home/me/.local/state/mcpdesk');
  });

  it('lays out one file of each kind per workload', () => {
    const paths = new StatePaths('/r');
    expect(paths.runConfigFile('fetch')).toBe('/r/state/fetch.json');
    expect(paths.statusFile('fetch')).toBe('/r/status/fetch.json');
    expect(paths.pidFile('fetch')).toBe('/r/pids/fetch.pid');
  });

  it.each(['../../etc/passwd', '..', 'a/b', ''])('never turns the bad name %j into a path', (name) => {
    const paths = new StatePaths('/r');
    expect(() => paths.statusFile(name)).toThrow(InvalidNameError);
    expect(() => paths.runConfigFile(name)).toThrow(InvalidNameError);
  });
});
