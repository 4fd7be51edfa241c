import type { WorkloadInfo } from '../../shared/workload-info';

/** Lines of cells as an aligned table, columns separated by two spaces, no trailing blanks. */
export function alignedTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

/**
 * A workload as JSON: every field present in a fixed order, absent values as null, so scripts can
 * rely on the shape.
 */
export function workloadJson(info: WorkloadInfo): Record<string, unknown> {
  return {
    name: info.name,
    kind: info.kind,
    status: info.status,
    statusContext: info.statusContext,
    transport: info.transport,
    proxyMode: info.proxyMode,
    url: info.url,
    port: info.port,
    image: info.image ?? null,
    remoteUrl: info.remoteUrl ?? null,
    group: info.group ?? null,
    labels: info.labels,
    pid: info.pid,
    createdAt: info.createdAt,
    updatedAt: info.updatedAt,
  };
}

/** The list as a table: one row per workload, the reason last. */
export function workloadTable(infos: readonly WorkloadInfo[]): string {
  const rows = [['NAME', 'STATUS', 'TRANSPORT', 'URL', 'PORT', 'SOURCE', 'GROUP', 'LABELS', 'REASON']];
  for (const info of infos) {
    rows.push([
      info.name,
      info.status,
      info.transport,
      info.url,
      String(info.port),
      info.image ?? info.remoteUrl ?? '',
      info.group ?? '',
      Object.entries(info.labels).map(([k, v]) => `${k}=${v}`).join(','),
      info.statusContext.replace(/\s+/g, ' '),
    ]);
  }
  return alignedTable(rows);
}
