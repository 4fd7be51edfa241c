import { describe, expect, it } from 'vitest';
import type { ReplySink } from '../../../../electron/core/proxy/stdio-bridge/contracts';
import { IdMapper } from '../../../../electron/core/proxy/stdio-bridge/id-mapper';

const sink: ReplySink = { deliver: () => true, settle: () => {} };

describe('IdMapper', () => {
  it('hands out increasing integer ids from 1, shared by every kind of entry', () => {
    const ids = new IdMapper();
    const a = ids.addClientRequest('s1', 0, 'tools/list', sink, undefined);
    const b = ids.addClientRequest('s2', 0, 'tools/list', sink, undefined);
    const own = ids.addBridgeRequest('ping', () => {});
    expect([a?.serverId, b?.serverId, own.serverId, ids.nextId()]).toEqual([1, 2, 3, 4]);
  });

  it('finds a request by session and client id, and forgets it when taken', () => {
    const ids = new IdMapper();
    const entry = ids.addClientRequest('s1', 'x', 'tools/call', sink, 'tok');
    expect(ids.findClientRequest('s1', 'x')).toBe(entry);
    expect(ids.findClientRequest('s2', 'x')).toBeUndefined();
    expect(ids.takeRequest(entry!.serverId)).toBe(entry);
    expect(ids.findClientRequest('s1', 'x')).toBeUndefined();
    expect(ids.takeRequest(entry!.serverId)).toBeUndefined();
    expect(ids.pendingCount).toBe(0);
  });

  it('refuses a client id already in flight in the same session, and lets it be reused once answered', () => {
    const ids = new IdMapper();
    const first = ids.addClientRequest('s1', 1, 'a', sink, undefined);
    expect(ids.addClientRequest('s1', 1, 'b', sink, undefined)).toBeUndefined();
    expect(ids.addClientRequest('s1', '1', 'b', sink, undefined)).toBeDefined(); // "1" is not 1
    ids.takeRequest(first!.serverId);
    expect(ids.addClientRequest('s1', 1, 'c', sink, undefined)).toBeDefined();
  });

  it('names the most recent request of an open session', () => {
    const ids = new IdMapper();
    ids.addClientRequest('a', 1, 'x', sink, undefined);
    ids.addClientRequest('b', 1, 'x', sink, undefined);
    ids.addBridgeRequest('ping', () => {});
    expect(ids.mostRecentClientRequest(() => true)?.sessionId).toBe('b');
    expect(ids.mostRecentClientRequest((id) => id !== 'b')?.sessionId).toBe('a');
    expect(ids.mostRecentClientRequest(() => false)).toBeUndefined();
  });

  it('maps forwarded server requests both ways and takes them per session', () => {
    const ids = new IdMapper();
    ids.addServerRequest({ clientId: ids.nextId(), serverId: 'srv-1', method: 'roots/list', sessionId: 'a' });
    ids.addServerRequest({ clientId: ids.nextId(), serverId: 7, method: 'sampling/createMessage', sessionId: 'b' });
    expect(ids.getServerRequest(1)?.serverId).toBe('srv-1');
    expect(ids.getServerRequest('1')).toBeUndefined();
    expect(ids.findServerRequestByServerId(7)?.clientId).toBe(2);
    expect(ids.takeServerRequests('a').map((r) => r.serverId)).toEqual(['srv-1']);
    expect(ids.serverRequestCount).toBe(1);
    expect(ids.takeServerRequests()).toHaveLength(1);
    expect(ids.serverRequestCount).toBe(0);
  });
});
