import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useNow } from '../hooks/use-now';
import { useDeskStore } from '../store/DeskProvider';
import { WorkloadRow } from './WorkloadRow';
import { FALLBACK_VIEWPORT_HEIGHT, GRID_COLUMNS, ROW_HEIGHT, windowRange } from './table-layout';

const HEADERS = ['Name', 'Status', 'Transport', 'URL', 'Port', 'Group', 'Labels', 'Image or remote URL', 'Uptime'];

/**
 * The workloads table, windowed by hand: rows have a fixed height, so the rows in view follow from
 * scrollTop alone, and only those (plus an overscan) are in the DOM. A thousand workloads cost
 * the same to render as thirty.
 */
export function WorkloadTable({ names }: { names: readonly string[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(FALLBACK_VIEWPORT_HEIGHT);
  const now = useNow(30_000);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => setViewportHeight(element.clientHeight || FALLBACK_VIEWPORT_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useScrollToShown(scrollRef, names, setScrollTop);

  const { first, end } = windowRange(scrollTop, viewportHeight, names.length);
  const rows = [];
  for (let index = first; index < end; index++) {
    const name = names[index];
    if (name !== undefined) rows.push(<WorkloadRow key={name} name={name} index={index} now={now} />);
  }

  return (
    <div role="table" aria-label="Workloads" aria-rowcount={names.length + 1} className="workload-table">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="workload-header" style={{ display: 'grid', gridTemplateColumns: GRID_COLUMNS }}>
          <span role="columnheader">
            <SelectAll names={names} />
          </span>
          {HEADERS.map((header) => (
            <span role="columnheader" key={header}>
              {header}
            </span>
          ))}
        </div>
      </div>
      <div ref={scrollRef} className="table-scroll" onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}>
        <div role="rowgroup" style={{ position: 'relative', height: names.length * ROW_HEIGHT }}>
          {rows}
        </div>
      </div>
    </div>
  );
}

/**
 * Scrolls the workload asked for (a click, or a `mcpdesk://open` link) into view. The table is
 * windowed, so a far-away row is not in the DOM to scrollIntoView: its place follows from its index.
 * Only a new request scrolls (the serial), not every change to the names.
 */
function useScrollToShown(scrollRef: RefObject<HTMLDivElement | null>, names: readonly string[], setScrollTop: (top: number) => void) {
  const serial = useDeskStore((s) => s.detailsSerial);
  const shownName = useDeskStore((s) => s.detailsName);
  useEffect(() => {
    const element = scrollRef.current;
    if (!element || shownName === null) return;
    const index = names.indexOf(shownName);
    if (index === -1) return;
    const top = index * ROW_HEIGHT;
    const viewport = element.clientHeight || FALLBACK_VIEWPORT_HEIGHT;
    if (top >= element.scrollTop && top + ROW_HEIGHT <= element.scrollTop + viewport) return;
    element.scrollTop = top;
    setScrollTop(top);
    // Deliberately only the serial: the names and the shown name are read as they are at the request.
  }, [serial]);
}

/** Ticks every visible workload, or unticks all when every visible one is already ticked. */
function SelectAll({ names }: { names: readonly string[] }) {
  const { selected, setSelected } = useDeskStore(useShallow((s) => ({ selected: s.selected, setSelected: s.setSelected })));
  const allSelected = names.length > 0 && names.every((name) => selected.has(name));
  return (
    <input
      type="checkbox"
      aria-label="Select all shown workloads"
      checked={allSelected}
      onChange={() => setSelected(allSelected ? [] : names)}
    />
  );
}
