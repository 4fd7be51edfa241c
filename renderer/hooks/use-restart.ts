import { useRef, useState } from 'react';
import type { BatchAnswer } from '../components/BatchResults';
import { useDeskApi } from '../store/DeskProvider';

/** What a restart answered: one result per workload, or the core's refusal of the whole request. */
export type RestartOutcome = BatchAnswer;

/** A restart control's state: whether its request is in flight, and the function that sends it. */
export interface RestartControl {
  readonly restarting: boolean;
  /**
   * Restarts exactly `names` in one request and answers what the core said. A call while one is in
   * flight answers null without a request, so a double click restarts once. Never rejects: a
   * failure to reach main becomes a refusal.
   */
  restart(names: readonly string[]): Promise<RestartOutcome | null>;
}

/**
 * One restart request at a time, for a row's or a banner's Restart button. The workloads' new
 * states arrive as events through the bridge; this only reports what the request itself answered.
 */
export function useRestart(): RestartControl {
  const api = useDeskApi();
  const [restarting, setRestarting] = useState(false);
  // The state is one render late for a second click in the same frame; the ref is not.
  const inFlight = useRef(false);

  const restart = async (names: readonly string[]): Promise<RestartOutcome | null> => {
    if (inFlight.current || names.length === 0) return null;
    inFlight.current = true;
    setRestarting(true);
    try {
      const result = await api.workloads.restart({ names: [...names] });
      return result.ok ? { items: result.data } : { refused: result.error.message };
    } catch (error) {
      return { refused: error instanceof Error ? error.message : String(error) };
    } finally {
      inFlight.current = false;
      setRestarting(false);
    }
  };

  return { restarting, restart };
}
