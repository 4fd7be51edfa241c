import { useShallow } from 'zustand/react/shallow';
import type { WorkloadState } from '../../shared/states';
import type { WorkloadInfo } from '../../shared/workload-info';
import { useDeskStore } from '../store/DeskProvider';

/**
 * Whether a workload in this state needs the user: it died (`error`) or stopped answering
 * (`unhealthy`), and a restart is what brings it back.
 */
export function needsRestart(status: WorkloadState): boolean {
  return status === 'error' || status === 'unhealthy';
}

/**
 * The workloads that need a restart, sorted by name. useShallow keeps the array while its members
 * are the same objects, so a change to a healthy workload does not re-render the banner.
 */
export function useProblemWorkloads(): readonly WorkloadInfo[] {
  return useDeskStore(
    useShallow((s) => {
      const problems: WorkloadInfo[] = [];
      for (const workload of s.workloads.values()) if (needsRestart(workload.status)) problems.push(workload);
      return problems.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }),
  );
}
