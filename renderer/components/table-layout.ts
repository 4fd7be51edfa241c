/** Every row has this height (px): fixed heights are what let the table window its rows by arithmetic. */
export const ROW_HEIGHT = 36;

/** Rows rendered above and below the visible ones, so a fast scroll does not flash blank rows. */
export const OVERSCAN = 8;

/** The viewport height assumed until the scroll container has been measured (and where layout is absent, as in tests). */
export const FALLBACK_VIEWPORT_HEIGHT = 600;

/**
 * The shared grid of the header and every row: checkbox, name, status, transport, URL, port, group,
 * labels, image, uptime. The status column grows because a broken workload shows its reason and a
 * Restart button there.
 */
export const GRID_COLUMNS = '32px minmax(120px,1.4fr) minmax(180px,1.6fr) 120px minmax(220px,2fr) 64px 100px minmax(120px,1.2fr) minmax(140px,1.5fr) 80px';

/** The index range [first, end) of rows to render for a scroll position. */
export function windowRange(scrollTop: number, viewportHeight: number, rowCount: number): { first: number; end: number } {
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / ROW_HEIGHT) + OVERSCAN);
  return { first, end: Math.max(first, end) };
}
