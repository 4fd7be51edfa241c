import type { StateCreator } from 'zustand';

/** At most this many lines of one followed log are kept; older ones are dropped off the top. */
export const MAX_LOG_LINES = 5_000;

/** Why a followed log is not growing right now, as the core said. */
export interface LogPause {
  readonly message: string;
  /** True when the follow is over for good (the workload was removed, the follow was dropped). */
  readonly final: boolean;
}

/** What the renderer holds of one followed log. */
export interface LogView {
  /** Complete lines, oldest first, at most MAX_LOG_LINES. */
  readonly lines: readonly string[];
  /** The text after the last newline: a line still being written (shown, but not yet complete). */
  readonly partial: string;
  /** How many lines were dropped off the top to stay within MAX_LOG_LINES. */
  readonly dropped: number;
  readonly pause: LogPause | null;
  /** Why the follow could not start (the core's message); null while it is fine. */
  readonly error: string | null;
}

/**
 * The logs being followed, by the follow id the panel picked. The bridge feeds them; a panel reads
 * its own with a transient subscription (watchLog), so that a burst of lines does not re-render
 * every component that reads the store.
 */
export interface LogsSlice {
  readonly logs: ReadonlyMap<string, LogView>;
  /** Makes room for follow `id` before it is asked for, so that its first text is kept. */
  startLog(id: string): void;
  /** Adds text of follow `id`; text of an id not started (or already ended) is dropped. Clears a non-final pause. */
  appendLog(id: string, text: string): void;
  pauseLog(id: string, message: string, final: boolean): void;
  failLog(id: string, message: string): void;
  /** Forgets follow `id` (its panel went away). */
  endLog(id: string): void;
  /** Follow `id` as it is now, read without subscribing. */
  readLog(id: string): LogView | undefined;
  /** Calls `listener` whenever follow `id` changes, outside React; returns the unsubscribe function. */
  watchLog(id: string, listener: () => void): () => void;
}

const EMPTY: LogView = { lines: [], partial: '', dropped: 0, pause: null, error: null };

export const createLogsSlice: StateCreator<LogsSlice, [], [], LogsSlice> = (set, get, store) => {
  const change = (id: string, update: (view: LogView) => LogView) =>
    set((state) => {
      const view = state.logs.get(id);
      if (!view) return {};
      const logs = new Map(state.logs);
      logs.set(id, update(view));
      return { logs };
    });
  return {
    logs: new Map(),
    startLog: (id) => set((state) => ({ logs: new Map(state.logs).set(id, EMPTY) })),
    appendLog: (id, text) => {
      if (text.length > 0) change(id, (view) => appendText(view, text));
    },
    pauseLog: (id, message, final) => change(id, (view) => ({ ...view, pause: { message, final } })),
    failLog: (id, message) => change(id, (view) => ({ ...view, error: message })),
    endLog: (id) =>
      set((state) => {
        if (!state.logs.has(id)) return {};
        const logs = new Map(state.logs);
        logs.delete(id);
        return { logs };
      }),
    readLog: (id) => get().logs.get(id),
    watchLog: (id, listener) =>
      store.subscribe((state, previous) => {
        if (state.logs.get(id) !== previous.logs.get(id)) listener();
      }),
  };
};

/** `view` with `text` added: split into lines (a trailing CR dropped), capped at MAX_LOG_LINES. */
export function appendText(view: LogView, text: string): LogView {
  const parts = (view.partial + text).split('\n');
  const partial = parts.pop() ?? '';
  const added = parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  let lines = added.length > 0 ? view.lines.concat(added) : view.lines;
  let dropped = view.dropped;
  if (lines.length > MAX_LOG_LINES) {
    dropped += lines.length - MAX_LOG_LINES;
    lines = lines.slice(-MAX_LOG_LINES);
  }
  // New text after a stop means the container runs again; a final pause stays.
  const pause = view.pause?.final ? view.pause : null;
  return { ...view, lines, partial, dropped, pause };
}
