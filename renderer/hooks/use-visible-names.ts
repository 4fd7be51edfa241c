import { useShallow } from 'zustand/react/shallow';
import { visibleNames } from '../filter/filter-text';
import { useDeskStore } from '../store/DeskProvider';

/**
 * The names of the workloads the filter lets through, sorted. useShallow keeps the array's identity
 * while its contents are unchanged, so a status change of one row does not re-render the table.
 */
export function useVisibleNames(): string[] {
  return useDeskStore(useShallow((s) => visibleNames(s.workloads, s.filterText)));
}
