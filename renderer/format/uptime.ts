/**
 * How long a running workload has been up, as a short text (`45s`, `12m`, `3h 5m`, `2d 4h`).
 * `since` is the ISO time it entered running; a time in the future (clock skew) or unparsable
 * shows as `0s` or `—` rather than a negative or NaN duration.
 */
export function formatUptime(since: string, now: number): string {
  const start = Date.parse(since);
  if (Number.isNaN(start)) return '—';
  const seconds = Math.max(0, Math.floor((now - start) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
