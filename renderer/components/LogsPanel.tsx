import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { LogSource } from '../../shared/contract';
import { useLogFollow } from '../hooks/use-log-follow';
import { useLogView } from '../hooks/use-log-view';
import { MAX_LOG_LINES, type LogView } from '../store/slices/logs';
import './LogsPanel.css';

/** How close to the bottom (px) still counts as "at the bottom", so that new lines keep it there. */
const STICK_SLACK = 8;

/**
 * A workload's log, following live: the container's (a stdio server's stderr) or the proxy's, with
 * a case-insensitive search that shows only the matching lines. A remote workload has only the
 * proxy's log. The view stays at the bottom as lines arrive unless the user scrolled up.
 */
export function LogsPanel({ name, remote }: { name: string; remote: boolean }) {
  const [chosen, setChosen] = useState<LogSource>('container');
  const source: LogSource = remote ? 'proxy' : chosen;
  const id = useLogFollow(name, source);
  const view = useLogView(id);
  const [query, setQuery] = useState('');

  return (
    <section className="logs-panel" aria-label="Logs">
      <div className="logs-toolbar">
        <div className="logs-sources" role="group" aria-label="Log source">
          {remote ? null : (
            <button type="button" aria-pressed={source === 'container'} onClick={() => setChosen('container')}>
              Container
            </button>
          )}
          <button type="button" aria-pressed={source === 'proxy'} onClick={() => setChosen('proxy')}>
            Proxy
          </button>
        </div>
        <input type="search" aria-label="Search logs" placeholder="Search logs" value={query} onChange={(e) => setQuery(e.target.value)} />
      </div>
      <LogBody name={name} view={view} query={query} />
    </section>
  );
}

function LogBody({ name, view, query }: { name: string; view: LogView | undefined; query: string }) {
  const all = useMemo(() => (view ? linesOf(view) : []), [view]);
  const shown = useMemo(() => matching(all, query), [all, query]);
  const text = shown.join('\n');
  const logRef = useRef<HTMLPreElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && stick.current) log.scrollTop = log.scrollHeight;
  }, [text]);

  const onScroll = () => {
    const log = logRef.current;
    if (log) stick.current = log.scrollHeight - log.scrollTop - log.clientHeight <= STICK_SLACK;
  };

  return (
    <>
      <p className="logs-count">
        {query.trim() === '' ? '' : `${shown.length} of `}
        {all.length} {all.length === 1 ? 'line' : 'lines'}
        {view && view.dropped > 0 ? ` (the last ${MAX_LOG_LINES.toLocaleString('en-US')}; older lines were dropped)` : ''}
      </p>
      {view?.error ? <p className="view-state view-error">Could not follow the log: {view.error}</p> : null}
      {!view?.error && all.length === 0 ? <p className="view-state">No log lines yet.</p> : null}
      <pre ref={logRef} className="logs-text" role="log" aria-label={`Logs of ${name}`} tabIndex={0} onScroll={onScroll}>
        {text}
      </pre>
      <p className="logs-pause" role="status">
        {view?.pause?.message ?? ''}
      </p>
    </>
  );
}

/** The complete lines, and the line still being written when there is one. */
function linesOf(view: LogView): readonly string[] {
  return view.partial === '' ? view.lines : [...view.lines, view.partial];
}

/** The lines containing `query`, ignoring case; all of them for an empty query. */
function matching(lines: readonly string[], query: string): readonly string[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return lines;
  return lines.filter((line) => line.toLowerCase().includes(needle));
}
