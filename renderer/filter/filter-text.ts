import { InvalidFilterError, matchesFilters, parseFilter, type Filter } from '../../shared/filters';
import type { WorkloadInfo } from '../../shared/workload-info';

/** The filter bar's text, parsed: label/field conditions, free-text terms, and the tokens that were refused. */
export interface ParsedFilterText {
  /** `key=value` tokens, ANDed (shared/filters, the CLI's syntax). */
  readonly filters: readonly Filter[];
  /** Other tokens, lower-cased; each must appear in the name, image/remote URL, URL or group. */
  readonly terms: readonly string[];
  /** One line per invalid `key=value` token; such a token filters nothing out. */
  readonly errors: readonly string[];
}

/**
 * Parses the filter bar: tokens split on whitespace; a token with `=` is a `key=value` filter, any
 * other token is free text. An invalid filter is reported and ignored rather than hiding every
 * row, so a half-typed `status=run` does not blank the table.
 */
export function parseFilterText(text: string): ParsedFilterText {
  const filters: Filter[] = [];
  const terms: string[] = [];
  const errors: string[] = [];
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    if (!token.includes('=')) {
      terms.push(token.toLowerCase());
      continue;
    }
    try {
      filters.push(parseFilter(token));
    } catch (error) {
      if (!(error instanceof InvalidFilterError)) throw error;
      errors.push(error.message);
    }
  }
  return { filters, terms, errors };
}

/** Whether `workload` passes every filter and contains every term (case-insensitive). */
export function matchesFilterText(workload: WorkloadInfo, parsed: ParsedFilterText): boolean {
  if (!matchesFilters(workload, parsed.filters)) return false;
  if (parsed.terms.length === 0) return true;
  const haystack = [workload.name, workload.image ?? '', workload.remoteUrl ?? '', workload.url, workload.group ?? ''].join('\n').toLowerCase();
  return parsed.terms.every((term) => haystack.includes(term));
}

let cache: { text: string; parsed: ParsedFilterText } | undefined;

/** parseFilterText with a one-entry cache: selectors call it on every store change with the same text. */
export function parseFilterTextCached(text: string): ParsedFilterText {
  if (cache?.text !== text) cache = { text, parsed: parseFilterText(text) };
  return cache.parsed;
}

/** The names of the workloads that pass the filter text, sorted by name. */
export function visibleNames(workloads: ReadonlyMap<string, WorkloadInfo>, text: string): string[] {
  const parsed = parseFilterTextCached(text);
  const names: string[] = [];
  for (const workload of workloads.values()) if (matchesFilterText(workload, parsed)) names.push(workload.name);
  return names.sort();
}
