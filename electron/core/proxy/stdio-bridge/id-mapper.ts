import type { ReplySink } from './contracts';
import type { JsonRpcId, JsonRpcResponse } from './json-rpc';

/** A client's request in flight at the server. */
export interface ClientRequest {
  readonly kind: 'client';
  /** The id the server sees; also the progress token it sees when the client asked for progress. */
  readonly serverId: number;
  readonly method: string;
  readonly sessionId: string;
  /** The id the client chose, restored on the reply. */
  readonly clientId: JsonRpcId;
  readonly replies: ReplySink;
  /** The client's own progress token, when its request carried one. */
  readonly progressToken: string | number | undefined;
}

/** A request the bridge itself sent to the server (a ping). */
export interface BridgeRequest {
  readonly kind: 'bridge';
  readonly serverId: number;
  readonly method: string;
  /** Receives the server's response, or the error that ended the wait (server gone). */
  readonly settle: (outcome: JsonRpcResponse | Error) => void;
}

export type PendingRequest = ClientRequest | BridgeRequest;

/** A request of the server forwarded to one client session. */
export interface ForwardedServerRequest {
  /** The id the client sees and answers with. */
  readonly clientId: number;
  /** The server's id, restored on the client's reply. */
  readonly serverId: JsonRpcId;
  readonly method: string;
  readonly sessionId: string;
}

/**
 * The id maps of the bridge. Every id the server sees, and every id a client sees on a server
 * request, is an integer from one counter starting at 1, so ids from different clients (which all
 * count from 0 or 1) never meet at the server, and a client's reply to a server request can be told
 * from another client's.
 *
 * Entries live only while a request is in flight: taken on its reply, on cancellation, when its
 * session ends, when the server goes. Nothing else removes them, so the maps hold at most what is
 * in flight, plus requests whose server never answers (the bridge cannot tell a slow call from a
 * lost one).
 */
export class IdMapper {
  private lastId = 0;
  private readonly requests = new Map<number, PendingRequest>();
  /** sessionId → (client id → server id), for cancellation and duplicate checks. */
  private readonly bySession = new Map<string, Map<JsonRpcId, number>>();
  private readonly serverRequests = new Map<number, ForwardedServerRequest>();

  /** Requests in flight at the server (the bridge's own included). */
  get pendingCount(): number {
    return this.requests.size;
  }

  /** Server requests waiting for a client's reply. */
  get serverRequestCount(): number {
    return this.serverRequests.size;
  }

  /** A fresh bridge id. Safe integers last for 2^53 ids: no wrap-around is needed. */
  nextId(): number {
    return ++this.lastId;
  }

  /**
   * Records a client's request and gives it its server id. Undefined when the session already has a
   * request in flight with this id (a client bug the caller answers with an error): the first keeps
   * its entry.
   */
  addClientRequest(
    sessionId: string,
    clientId: JsonRpcId,
    method: string,
    replies: ReplySink,
    progressToken: string | number | undefined,
  ): ClientRequest | undefined {
    let ids = this.bySession.get(sessionId);
    if (ids?.has(clientId)) return undefined;
    if (!ids) {
      ids = new Map();
      this.bySession.set(sessionId, ids);
    }
    const entry: ClientRequest = { kind: 'client', serverId: this.nextId(), method, sessionId, clientId, replies, progressToken };
    ids.set(clientId, entry.serverId);
    this.requests.set(entry.serverId, entry);
    return entry;
  }

  /** Records a request of the bridge itself. */
  addBridgeRequest(method: string, settle: BridgeRequest['settle']): BridgeRequest {
    const entry: BridgeRequest = { kind: 'bridge', serverId: this.nextId(), method, settle };
    this.requests.set(entry.serverId, entry);
    return entry;
  }

  /** The in-flight request with this server id (also how a progress token is resolved), left in place. */
  getRequest(serverId: number): PendingRequest | undefined {
    return this.requests.get(serverId);
  }

  /** The session's in-flight request with the client's id, left in place. */
  findClientRequest(sessionId: string, clientId: JsonRpcId): ClientRequest | undefined {
    const serverId = this.bySession.get(sessionId)?.get(clientId);
    const entry = serverId === undefined ? undefined : this.requests.get(serverId);
    return entry?.kind === 'client' ? entry : undefined;
  }

  /** Removes and returns the request with this server id; undefined when none is in flight. */
  takeRequest(serverId: number): PendingRequest | undefined {
    const entry = this.requests.get(serverId);
    if (!entry) return undefined;
    this.requests.delete(serverId);
    if (entry.kind === 'client') {
      const ids = this.bySession.get(entry.sessionId);
      ids?.delete(entry.clientId);
      if (ids?.size === 0) this.bySession.delete(entry.sessionId);
    }
    return entry;
  }

  /** The session's requests in flight, oldest first, left in place. */
  sessionRequests(sessionId: string): ClientRequest[] {
    const entries: ClientRequest[] = [];
    for (const serverId of this.bySession.get(sessionId)?.values() ?? []) {
      const entry = this.requests.get(serverId);
      if (entry?.kind === 'client') entries.push(entry);
    }
    return entries;
  }

  /** Removes every request in flight and returns them, oldest first. */
  takeAllRequests(): PendingRequest[] {
    const entries = [...this.requests.values()];
    this.requests.clear();
    this.bySession.clear();
    return entries;
  }

  /**
   * The client request sent to the server last among those in flight whose session passes
   * `isOpen`: the one a server request most likely belongs to (a sampling request during a tool
   * call comes while that call is in flight).
   */
  mostRecentClientRequest(isOpen: (sessionId: string) => boolean): ClientRequest | undefined {
    let found: ClientRequest | undefined;
    // Map order is insertion order and ids only grow, so the last match is the most recent.
    for (const entry of this.requests.values()) {
      if (entry.kind === 'client' && isOpen(entry.sessionId)) found = entry;
    }
    return found;
  }

  /** Records a server request delivered to a session under the bridge id `clientId` (from nextId()). */
  addServerRequest(request: ForwardedServerRequest): void {
    this.serverRequests.set(request.clientId, request);
  }

  /** The server request a client answers with `clientId`, left in place. */
  getServerRequest(clientId: JsonRpcId): ForwardedServerRequest | undefined {
    return typeof clientId === 'number' ? this.serverRequests.get(clientId) : undefined;
  }

  /** Removes and returns the server request a client answers with `clientId`. */
  takeServerRequest(clientId: number): ForwardedServerRequest | undefined {
    const request = this.serverRequests.get(clientId);
    this.serverRequests.delete(clientId);
    return request;
  }

  /** The forwarded server request with the server's own id (for the server's cancellation), left in place. */
  findServerRequestByServerId(serverId: JsonRpcId): ForwardedServerRequest | undefined {
    for (const request of this.serverRequests.values()) if (request.serverId === serverId) return request;
    return undefined;
  }

  /** Removes and returns the server requests waiting on one session (or on any, without sessionId). */
  takeServerRequests(sessionId?: string): ForwardedServerRequest[] {
    const taken: ForwardedServerRequest[] = [];
    for (const request of this.serverRequests.values()) {
      if (sessionId !== undefined && request.sessionId !== sessionId) continue;
      this.serverRequests.delete(request.clientId);
      taken.push(request);
    }
    return taken;
  }
}
