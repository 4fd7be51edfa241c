import type { ReactNode } from 'react';
import type { TimelineEntry } from '../../shared/contract';
import type { WorkloadInfo } from '../../shared/workload-info';
import { LabelChips } from '../components/LabelChips';
import { LogsPanel } from '../components/LogsPanel';
import { StatusBadge } from '../components/StatusBadge';
import { useTimeline } from '../hooks/use-timeline';
import { useDeskStore } from '../store/DeskProvider';
import './DetailsPane.css';

/** The details of the workload picked in the table (or by a `mcpdesk://open` link), when one is. */
export function DetailsPane() {
  const name = useDeskStore((s) => s.detailsName);
  if (name === null) return null;
  // Keyed by name: another workload starts with its own timeline, not the last one's entries.
  return <WorkloadDetails key={name} name={name} />;
}

/** One workload's configuration (from its row), its state-transition timeline and its live log. */
function WorkloadDetails({ name }: { name: string }) {
  const workload = useDeskStore((s) => s.workloads.get(name));
  const close = useDeskStore((s) => s.closeDetails);
  const openUpdateDialog = useDeskStore((s) => s.openUpdateDialog);
  return (
    <aside className="details-pane" aria-label={`Details of ${name}`}>
      <header className="details-header">
        <h2>{name}</h2>
        <span className="details-actions">
          <button type="button" disabled={!workload} onClick={() => openUpdateDialog(name)}>
            Update…
          </button>
          <button type="button" onClick={close}>
            Close
          </button>
        </span>
      </header>
      {workload ? <ConfigFields workload={workload} /> : <p className="view-state">This workload no longer exists.</p>}
      <h3>Timeline</h3>
      <Timeline name={name} />
      <h3>Logs</h3>
      {/* Stays mounted when the workload is removed, so that the log's last word (why it ended) shows. */}
      <LogsPanel name={name} remote={workload?.kind === 'remote'} />
    </aside>
  );
}

function ConfigFields({ workload }: { workload: WorkloadInfo }) {
  const fields: [string, ReactNode][] = [
    ['Status', <StatusBadge key="status" status={workload.status} context={workload.statusContext} />],
    ['Kind', workload.kind],
    [workload.kind === 'remote' ? 'Remote URL' : 'Image', workload.remoteUrl ?? workload.image ?? ''],
    ['Transport', workload.transport],
    ['Proxy mode', workload.proxyMode],
    ['URL', workload.url],
    ['Port', workload.port],
    ['Group', workload.group ?? '—'],
    ['Labels', Object.keys(workload.labels).length > 0 ? <LabelChips key="labels" labels={workload.labels} /> : '—'],
    ['Proxy PID', workload.pid ?? '—'],
    ['Created', workload.createdAt],
    ['Updated', workload.updatedAt],
  ];
  return (
    <dl className="details-fields">
      {fields.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Timeline({ name }: { name: string }) {
  const timeline = useTimeline(name);
  if (timeline.status === 'loading') return <p className="view-state">Loading the timeline…</p>;
  if (timeline.status === 'failed') return <p className="view-state view-error">Could not read the timeline: {timeline.message}</p>;
  if (timeline.data.length === 0) return <p className="view-state">No transitions recorded yet.</p>;
  return (
    <ol className="timeline" aria-label={`Timeline of ${name}`}>
      {timeline.data.map((entry, index) => (
        <TimelineItem key={`${entry.at}-${index}`} entry={entry} />
      ))}
    </ol>
  );
}

/** One transition: when, from which state to which, and why (the context the core recorded). */
function TimelineItem({ entry }: { entry: TimelineEntry }) {
  return (
    <li className="timeline-entry">
      <time dateTime={entry.at}>{formatTime(entry.at)}</time>{' '}
      <span className="timeline-states">
        {entry.from ?? 'new'} → {entry.to}
      </span>
      {entry.context ? <span className="timeline-reason"> {entry.context}</span> : null}
    </li>
  );
}

/** The local date and time of an ISO instant; the raw text when it does not parse. */
function formatTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toLocaleString();
}
