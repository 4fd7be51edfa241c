import { describe, expect, it } from 'vitest';
import { isProxyOf, proxyArgs, proxyCommandFor } from '../../../electron/core/workloads/proxy-processes';

describe('proxy processes', () => {
  it('start under Electron as Node (ELECTRON_RUN_AS_NODE=1), and under node as they are', () => {
    const electron = { ...process.versions, electron: '45.5.0' };
    expect(proxyCommandFor('/app/dist/proxy/proxy.cjs', electron, '/opt/MCP Desk/mcpdesk')).toEqual({
      execPath: '/opt/MCP Desk/mcpdesk',
      script: '/app/dist/proxy/proxy.cjs',
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
    const node = { ...process.versions };
    delete (node as { electron?: string }).electron;
    expect(proxyCommandFor('/repo/dist/proxy/proxy.cjs', node, '/usr/bin/node')).toEqual({ execPath: '/usr/bin/node', script: '/repo/dist/proxy/proxy.cjs' });
  });

  it('are recognised by their command line: marker, workload name and state root', () => {
    const argv = ['/usr/bin/node', '/repo/dist/proxy/proxy.cjs', ...proxyArgs('fetch', '/home/me/.local/state/mcpdesk')];
    expect(isProxyOf(argv, 'fetch', '/home/me/.local/state/mcpdesk')).toBe(true);
    expect(isProxyOf(argv, 'fetch2', '/home/me/.local/state/mcpdesk')).toBe(false);
    expect(isProxyOf(argv, 'fetch', '/tmp/other-root/mcpdesk')).toBe(false);
    expect(isProxyOf(['/usr/bin/node', 'server.js', '--name', 'fetch'], 'fetch', '/home/me/.local/state/mcpdesk')).toBe(false);
    // A workload named like a flag value elsewhere on the line does not match.
    expect(isProxyOf(['node', 'x', 'mcpdesk-proxy', '--state-root', '/r', '--name', 'fetch'], '/r', '/r')).toBe(false);
  });
});
