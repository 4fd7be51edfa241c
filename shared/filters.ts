import { labelKeyProblem, labelValueProblem, type Labels } from './labels';
import { isForbiddenObjectKey } from './object-keys';
import { groupNameProblem, TRANSPORTS, type Transport } from './run-config';
import { WORKLOAD_STATES, type WorkloadState } from './states';
import { shorten } from './text';

/** The keys a filter can use besides the user's label keys. */
export const BUILT_IN_FILTER_KEYS = ['group', 'status', 'transport'] as const;
export type BuiltInFilterKey = (typeof BUILT_IN_FILTER_KEYS)[number];

/** One `key=value` condition. `builtIn` tells whether it matches a field or a user label. */
export type Filter =
  | { readonly builtIn: true; readonly key: BuiltInFilterKey; readonly value: string }
  | { readonly builtIn: false; readonly key: string; readonly value: string };

/** What a filter looks at in a workload. */
export interface Filterable {
  readonly status: WorkloadState;
  readonly transport: Transport;
  readonly group?: string | undefined;
  readonly labels: Labels;
}

/** Thrown for a filter the user wrote that cannot be applied; the message names it. */
export class InvalidFilterError extends Error {
  override readonly name = 'InvalidFilterError';
}

function isBuiltIn(key: string): key is BuiltInFilterKey {
  return (BUILT_IN_FILTER_KEYS as readonly string[]).includes(key);
}

function builtInValueProblem(key: BuiltInFilterKey, value: string): string | undefined {
  switch (key) {
    case 'status':
      return (WORKLOAD_STATES as readonly string[]).includes(value) ? undefined : `status must be one of ${WORKLOAD_STATES.join(', ')}`;
    case 'transport':
      return (TRANSPORTS as readonly string[]).includes(value) ? undefined : `transport must be one of ${TRANSPORTS.join(', ')}`;
    case 'group':
      return groupNameProblem(value);
  }
}

/**
 * Parses one `key=value` filter: split on the first `=`, key and value trimmed. `group`, `status`
 * and `transport` are built-in keys with checked values; any other key must be a valid label key
 * (not one of ours, nor `constructor`, which no label can have) and matches the user's labels
 * exactly. Throws InvalidFilterError.
 */
export function parseFilter(text: string): Filter {
  const eq = text.indexOf('=');
  if (eq === -1) throw new InvalidFilterError(`invalid filter "${shorten(text)}": expected KEY=VALUE`);
  const key = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  if (isBuiltIn(key)) {
    const problem = builtInValueProblem(key, value);
    if (problem) throw new InvalidFilterError(`invalid filter "${shorten(text)}": ${problem}`);
    return { builtIn: true, key, value };
  }
  const problem = labelKeyProblem(key) ?? (isForbiddenObjectKey(key) ? `the key "${key}" is reserved` : undefined) ?? labelValueProblem(value);
  if (problem) throw new InvalidFilterError(`invalid filter "${shorten(text)}": ${problem}`);
  return { builtIn: false, key, value };
}

/** Parses several filters, which are ANDed. An empty list matches everything. */
export function parseFilters(texts: readonly string[]): Filter[] {
  return texts.map(parseFilter);
}

/** Whether `workload` satisfies every filter. A workload without a group never matches `group=`. */
export function matchesFilters(workload: Filterable, filters: readonly Filter[]): boolean {
  return filters.every((filter) => {
    if (!filter.builtIn) return Object.hasOwn(workload.labels, filter.key) && workload.labels[filter.key] === filter.value;
    switch (filter.key) {
      case 'status':
        return workload.status === filter.value;
      case 'transport':
        return workload.transport === filter.value;
      case 'group':
        return workload.group === filter.value;
    }
  });
}
