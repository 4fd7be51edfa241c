import { z } from 'zod';
import { isForbiddenObjectKey } from './object-keys';
import { shorten } from './text';

/** Our label prefix. Keys under it (or under a subdomain of mcpdesk.io) are ours, never the user's. */
export const LABEL_PREFIX = 'mcpdesk.io/';

/** The standard labels every container of ours carries, besides the user's own. */
export const STANDARD_LABELS = {
  /** The container's name (today the workload name). */
  name: 'mcpdesk.io/name',
  /** The workload name the container was made for. */
  baseName: 'mcpdesk.io/base-name',
  /** The MCP transport the server inside speaks: stdio, sse or streamable-http. */
  transport: 'mcpdesk.io/transport',
  /** The proxy port clients connect to on 127.0.0.1. */
  port: 'mcpdesk.io/port',
} as const;

/**
 * Which MCP Desk state folder a container belongs to (a hash of its path). One engine may serve
 * several state folders (another user's XDG_STATE_HOME, test runs): each sees only its own.
 */
export const INSTANCE_LABEL = 'mcpdesk.io/instance';

const MAX_NAME = 63;
const MAX_PREFIX = 253;
const NAME_PART = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/**
 * Why `key` is not a valid label key, or undefined when it is. Kubernetes rules: an optional
 * DNS-subdomain prefix and `/`, then a name of at most 63 characters, alphanumeric at both ends
 * with `-`, `_` and `.` inside. Keys under mcpdesk.io are reserved for MCP Desk.
 */
export function labelKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'the key is empty';
  const slash = key.indexOf('/');
  let name = key;
  if (slash !== -1) {
    const prefix = key.slice(0, slash);
    name = key.slice(slash + 1);
    if (prefix.length === 0) return 'the prefix before "/" is empty';
    if (prefix.length > MAX_PREFIX) return `the prefix is longer than ${MAX_PREFIX} characters`;
    if (!prefix.split('.').every((part) => part.length <= 63 && DNS_LABEL.test(part))) {
      return 'the prefix must be a DNS subdomain (lowercase letters, digits, "-" and ".")';
    }
    if (prefix === 'mcpdesk.io' || prefix.endsWith('.mcpdesk.io')) {
      return `the prefix "${prefix}/" is reserved for MCP Desk`;
    }
  }
  if (name.length === 0) return 'the name after the prefix is empty';
  if (name.length > MAX_NAME) return `the name is longer than ${MAX_NAME} characters`;
  if (!NAME_PART.test(name)) {
    return 'the name must start and end with a letter or digit and hold only letters, digits, "-", "_" and "."';
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. Empty values are allowed. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length === 0) return undefined;
  if (value.length > MAX_NAME) return `the value is longer than ${MAX_NAME} characters`;
  if (!NAME_PART.test(value)) {
    return 'the value must start and end with a letter or digit and hold only letters, digits, "-", "_" and "."';
  }
  return undefined;
}

/** A user's labels: valid keys (none reserved) and valid values. */
export const LabelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) ctx.addIssue({ code: 'custom', path: [key], message: `invalid label key "${shorten(key)}": ${keyProblem}` });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [key], message: `invalid value for label "${shorten(key)}": ${valueProblem}` });
  }
});

export type Labels = Record<string, string>;

/** Thrown for a label the user wrote that breaks the rules; the message names it. */
export class InvalidLabelError extends Error {
  override readonly name = 'InvalidLabelError';
}

/**
 * Parses `KEY=VALUE` as the user writes it on the command line: split on the first `=`, key and
 * value trimmed. Throws InvalidLabelError naming the label and what is wrong; `constructor` and the
 * other FORBIDDEN_OBJECT_KEYS are refused as keys, as the IPC contract refuses them.
 */
export function parseLabel(text: string): [key: string, value: string] {
  const eq = text.indexOf('=');
  if (eq === -1) throw new InvalidLabelError(`invalid label "${shorten(text)}": expected KEY=VALUE`);
  const key = text.slice(0, eq).trim();
  const value = text.slice(eq + 1).trim();
  const keyProblem = labelKeyProblem(key);
  if (keyProblem) throw new InvalidLabelError(`invalid label "${shorten(text)}": ${keyProblem}`);
  if (isForbiddenObjectKey(key)) throw new InvalidLabelError(`invalid label "${shorten(text)}": the key "${key}" is reserved`);
  const valueProblem = labelValueProblem(value);
  if (valueProblem) throw new InvalidLabelError(`invalid label "${shorten(text)}": ${valueProblem}`);
  return [key, value];
}

/** Parses several `KEY=VALUE` labels; a key given twice is an error (which one was meant?). */
export function parseLabels(texts: readonly string[]): Labels {
  const labels: Labels = {};
  for (const text of texts) {
    const [key, value] = parseLabel(text);
    if (Object.hasOwn(labels, key)) throw new InvalidLabelError(`invalid label "${shorten(text)}": the key "${key}" is given twice`);
    labels[key] = value;
  }
  return labels;
}

/** The user's labels among a container's labels: everything not under our prefix. */
export function userLabels(all: Record<string, string>): Labels {
  const labels: Labels = {};
  for (const [key, value] of Object.entries(all)) {
    const slash = key.indexOf('/');
    const prefix = slash === -1 ? '' : key.slice(0, slash);
    if (prefix === 'mcpdesk.io' || prefix.endsWith('.mcpdesk.io')) continue;
    labels[key] = value;
  }
  return labels;
}
