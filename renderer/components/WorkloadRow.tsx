import { memo } from 'react';
import { formatUptime } from '../format/uptime';
import { needsRestart } from '../hooks/use-problem-workloads';
import { useDeskStore } from '../store/DeskProvider';
import { CopyButton } from './CopyButton';
import { LabelChips } from './LabelChips';
import { RowProblem } from './RowProblem';
import { StatusBadge } from './StatusBadge';
import { GRID_COLUMNS, ROW_HEIGHT } from './table-layout';

interface WorkloadRowProps {
  readonly name: string;
  /** The row's position in the filtered list; it places the row in the scroll area. */
  readonly index: number;
  readonly now: number;
}

/**
 * One workload. It selects its own workload and tick by name, so a change to one workload
 * re-renders one row, not the table. A workload in `error` or `unhealthy` shows why and a Restart
 * in its status cell; the row stays one line.
 */
export const WorkloadRow = memo(function WorkloadRow({ name, index, now }: WorkloadRowProps) {
  const workload = useDeskStore((s) => s.workloads.get(name));
  const selected = useDeskStore((s) => s.selected.has(name));
  const toggleSelected = useDeskStore((s) => s.toggleSelected);
  const shown = useDeskStore((s) => s.detailsName === name);
  const showDetails = useDeskStore((s) => s.showDetails);
  if (!workload) return null;
  const source = workload.image ?? workload.remoteUrl ?? '';
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-workload={name}
      aria-current={shown || undefined}
      className={`workload-row${selected ? ' selected' : ''}${shown ? ' shown' : ''}`}
      style={{ position: 'absolute', top: index * ROW_HEIGHT, height: ROW_HEIGHT, left: 0, right: 0, display: 'grid', gridTemplateColumns: GRID_COLUMNS }}
    >
      <span role="cell">
        <input type="checkbox" aria-label={`Select ${name}`} checked={selected} onChange={() => toggleSelected(name)} />
      </span>
      <span role="cell" className="cell-name" title={name}>
        <button type="button" className="name-button" aria-label={`Details of ${name}`} onClick={() => showDetails(name)}>
          {name}
        </button>
      </span>
      <span role="cell">
        <StatusBadge status={workload.status} context={workload.statusContext} />
        {needsRestart(workload.status) ? <RowProblem name={name} reason={workload.statusContext} /> : null}
      </span>
      <span role="cell">{workload.transport}</span>
      <span role="cell" className="cell-url">
        <span className="url-text" title={workload.url}>
          {workload.url}
        </span>
        <CopyButton text={workload.url} label={`Copy URL of ${name}`} />
      </span>
      <span role="cell">{workload.port}</span>
      <span role="cell">{workload.group ?? ''}</span>
      <span role="cell">
        <LabelChips labels={workload.labels} />
      </span>
      <span role="cell" className="cell-source" title={source}>
        {source}
      </span>
      <span role="cell">{workload.status === 'running' ? formatUptime(workload.updatedAt, now) : '—'}</span>
    </div>
  );
});
