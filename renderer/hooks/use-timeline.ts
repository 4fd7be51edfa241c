import type { TimelineEntry } from '../../shared/contract';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';
import { useRequest, type RequestState } from './use-request';

/**
 * The state transitions of `name`, fetched again whenever the store's row for it changes. The
 * bridge replaces a row on each `workloads:changed` event for it, so the timeline grows live while
 * this hook stays out of the event stream (events enter in the bridge only).
 */
export function useTimeline(name: string): RequestState<TimelineEntry[]> {
  const api = useDeskApi();
  const row = useDeskStore((s) => s.workloads.get(name));
  return useRequest(() => api.workloads.timeline({ name }), [api, name, row]);
}
