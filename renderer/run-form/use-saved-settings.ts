import { useEffect, useState } from 'react';
import type { WorkloadSettings } from '../../shared/contract';
import { useDeskApi } from '../store/DeskProvider';

/** A workload's saved settings as fetched for the update dialog, or why they could not be read. */
export type SavedSettingsState =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly settings: WorkloadSettings }
  | { readonly status: 'failed'; readonly message: string };

/**
 * Fetches `name`'s saved settings once: the update dialog edits them as they were when it opened,
 * so a live change elsewhere does not rewrite what the user is typing (the core's update answers
 * with its own message if the workload has gone meanwhile).
 */
export function useSavedSettings(name: string): SavedSettingsState {
  const api = useDeskApi();
  const [state, setState] = useState<SavedSettingsState>({ status: 'loading' });

  useEffect(() => {
    // An answer for another workload (the dialog reopened meanwhile) must not fill this one.
    let current = true;
    api.workloads.config({ name }).then(
      (result) => {
        if (!current) return;
        setState(result.ok ? { status: 'loaded', settings: result.data } : { status: 'failed', message: result.error.message });
      },
      (error: unknown) => {
        if (current) setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, name]);

  return state;
}
