import { describe, expect, it } from 'vitest';
import { deriveStatus, START_GRACE_MS, type Observation } from '../../../electron/core/workloads/derive-status';
import type { WorkloadStatus } from '../../../electron/core/state';

const now = Date.parse('2026-11-26T12:00:00.000Z');
function file(status: WorkloadStatus['status'], pid: number | null = 4242, updatedAt = '2026-11-26T11:59:59.000Z'): WorkloadStatus {
  return { status, statusContext: status === 'error' ? 'boom' : '', pid, createdAt: '2026-11-26T11:00:00.000Z', updatedAt };
}
function seen(change: Partial<Observation>): Observation {
  return { status: file('running'), hasConfig: true, container: { running: true }, proxyAlive: true, now, ...change };
}

describe('status derived by reads', () => {
  it('believes a running file while its proxy and container live', () => {
    expect(deriveStatus(seen({}))).toEqual({ status: 'running', statusContext: '' });
  });

  it('shows unhealthy, with the pid, when the proxy is dead', () => {
    expect(deriveStatus(seen({ proxyAlive: false }))).toEqual({ status: 'unhealthy', statusContext: 'the proxy process (pid 4242) is not running; restart to recover' });
  });

  it('shows error when the container is gone or exited', () => {
    expect(deriveStatus(seen({ container: null }))).toEqual({ status: 'error', statusContext: 'the container is gone; restart to recreate it' });
    expect(deriveStatus(seen({ container: { running: false, exitCode: 137 } }))).toEqual({ status: 'error', statusContext: 'the container exited with code 137; restart to recover' });
  });

  it('shows a paused container as unhealthy, not exited, and running again once unpaused', () => {
    // The engine reports a paused container as not running and with no exit code.
    expect(deriveStatus(seen({ container: { running: false, paused: true } }))).toEqual({ status: 'unhealthy', statusContext: 'the container is paused; unpause it to resume' });
    expect(deriveStatus(seen({ container: { running: true, paused: false } }))).toEqual({ status: 'running', statusContext: '' });
    // Not paused and not running is still an exit.
    expect(deriveStatus(seen({ container: { running: false, paused: false } })).status).toBe('error');
    // A stopped workload keeps its status whatever its container is doing.
    expect(deriveStatus(seen({ status: file('stopped'), container: { running: false, paused: true } })).status).toBe('stopped');
  });

  it('needs no container for a remote workload', () => {
    expect(deriveStatus(seen({ container: undefined }))).toEqual({ status: 'running', statusContext: '' });
  });

  it('shows a start in progress as starting, and one left too long as interrupted', () => {
    expect(deriveStatus(seen({ status: file('starting', null), proxyAlive: false })).status).toBe('starting');
    // Its container may not be made or started yet.
    expect(deriveStatus(seen({ status: file('starting', null), proxyAlive: false, container: null })).status).toBe('starting');
    expect(deriveStatus(seen({ status: file('starting', null), proxyAlive: false, container: { running: false } })).status).toBe('starting');
    const old = new Date(now - START_GRACE_MS - 1000).toISOString();
    expect(deriveStatus(seen({ status: file('starting', null, old), proxyAlive: false }))).toEqual({ status: 'error', statusContext: 'the run was interrupted before its proxy started; restart or remove it' });
    expect(deriveStatus(seen({ status: file('starting', 99), proxyAlive: false })).status).toBe('error');
  });

  it('shows stopped, error and removing as written, whatever is alive', () => {
    for (const status of ['stopped', 'error', 'removing', 'stopping'] as const) {
      expect(deriveStatus(seen({ status: file(status), proxyAlive: false, container: null })).status).toBe(status);
    }
  });

  it('explains a container without files, and files without status', () => {
    expect(deriveStatus(seen({ status: undefined, hasConfig: false })).statusContext).toMatch(/without a saved configuration; remove it with mcpdesk rm/);
    expect(deriveStatus(seen({ status: undefined })).statusContext).toMatch(/no status was recorded/);
    // Between a run's RunConfig and its first status.
    expect(deriveStatus(seen({ status: undefined, configCreatedAt: new Date(now - 100).toISOString() })).status).toBe('starting');
    expect(deriveStatus(seen({ status: undefined, configCreatedAt: new Date(now - START_GRACE_MS - 1).toISOString() })).status).toBe('error');
  });
});
