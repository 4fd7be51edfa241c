import type { ReplySink } from './contracts';
import type { JsonRpcParams, JsonRpcRequest } from './json-rpc';

/** A client's initialize held back while another one is at the server. */
export interface InitializeWaiter {
  readonly sessionId: string;
  readonly request: JsonRpcRequest;
  readonly replies: ReplySink;
}

/**
 * The one initialize a stdio server gets, shared by every client: `idle` until a client's
 * initialize is sent, `in-flight` until the server answers, then `done` with the server's result
 * kept for every later client. A failed initialize goes back to `idle`, so the next client's is
 * tried against the server again.
 */
export class InitializeGate {
  private phase: 'idle' | 'in-flight' | 'done' = 'idle';
  private kept: JsonRpcParams | undefined;
  private waiters: InitializeWaiter[] = [];

  get state(): 'idle' | 'in-flight' | 'done' {
    return this.phase;
  }

  /** The server's InitializeResult, once `done`. */
  get result(): JsonRpcParams | undefined {
    return this.kept;
  }

  /** An initialize was sent to the server. */
  begin(): void {
    this.phase = 'in-flight';
  }

  /** Holds an initialize until the one in flight is answered. */
  wait(waiter: InitializeWaiter): void {
    this.waiters.push(waiter);
  }

  /** The server answered with a result: keeps it and returns the held initializes (now released). */
  succeed(result: JsonRpcParams): InitializeWaiter[] {
    this.phase = 'done';
    this.kept = result;
    return this.takeWaiters();
  }

  /**
   * The server answered with an error: back to `idle`. Returns the oldest held initialize (removed
   * from the queue), which the caller sends to the server next, or undefined when none waits.
   */
  fail(): InitializeWaiter | undefined {
    this.phase = 'idle';
    return this.waiters.shift();
  }

  /** Forgets the held initializes of a session that ended. */
  dropSession(sessionId: string): void {
    this.waiters = this.waiters.filter((waiter) => waiter.sessionId !== sessionId);
  }

  /** Removes and returns every held initialize. */
  takeWaiters(): InitializeWaiter[] {
    const waiters = this.waiters;
    this.waiters = [];
    return waiters;
  }
}
