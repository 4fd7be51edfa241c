import type { WorkloadState } from '../../shared/states';

/** A workload's state as a coloured dot and its word: colour alone would fail colour-blind users. */
export function StatusBadge({ status, context }: { status: WorkloadState; context?: string }) {
  return (
    <span className={`status-badge status-${status}`} title={context || undefined}>
      <span className="status-dot" aria-hidden="true" />
      {status}
    </span>
  );
}
