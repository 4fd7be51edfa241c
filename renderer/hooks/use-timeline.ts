import { useEffect, useState } from 'react';
import type { TimelineEntry } from '../../shared/contract';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';

/** A workload's timeline as last fetched: the entries, or why they could not be read. */
export type TimelineState = { readonly status: 'loading' } | { readonly status: 'loaded'; readonly entries: readonly TimelineEntry[] } | { readonly status: 'failed'; readonly message: string };

/**
 * The state transitions of `name`, fetched again whenever the store's row for it changes. The
 * bridge replaces a row on each `workloads:changed` event for it, so the timeline grows live while
 * this hook stays out of the event stream (events enter in the bridge only). Until the next answer
 * arrives the previous entries stay on screen, so a refresh does not flash "Loading".
 */
export function useTimeline(name: string): TimelineState {
  const api = useDeskApi();
  const row = useDeskStore((s) => s.workloads.get(name));
  const [state, setState] = useState<TimelineState>({ status: 'loading' });

  useEffect(() => {
    // An answer for an older request (or another workload) must not overwrite a newer one.
    let current = true;
    api.workloads.timeline({ name }).then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { status: 'loaded', entries: result.data } : { status: 'failed', message: result.error.message });
      },
      (error: unknown) => {
        if (current) setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, name, row]);

  return state;
}
