import type { WorkloadSettings } from '../../shared/contract';
import { useRequest, type RequestState } from '../hooks/use-request';
import { useDeskApi } from '../store/DeskProvider';

/**
 * Fetches `name`'s saved settings once: the update dialog edits them as they were when it opened,
 * so a live change elsewhere does not rewrite what the user is typing (the core's update answers
 * with its own message if the workload has gone meanwhile).
 */
export function useSavedSettings(name: string): RequestState<WorkloadSettings> {
  const api = useDeskApi();
  return useRequest(() => api.workloads.config({ name }), [api, name]);
}
