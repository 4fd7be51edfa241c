import path from 'node:path';
import { parseEnvAssignment, parseHeader, parsePort, parseSecretEnvAssignment, parseVolume } from '../../shared/config-inputs';
import { parseLabels } from '../../shared/labels';
import { PROXY_MODES, TRANSPORTS, type ProxyMode, type Transport } from '../../shared/run-config';
import type { RunRequest } from '../core/workloads/start';
import { UsageError } from './usage-error';
import { shorten } from '../../shared/text';

/** The run flags as commander hands them over (repeatable flags as arrays). */
export interface RunFlags {
  name?: string;
  transport?: string;
  proxyMode?: string;
  proxyPort?: string;
  targetPort?: string;
  env?: string[];
  secretEnv?: string[];
  volume?: string[];
  label?: string[];
  group?: string;
  remote?: string;
  header?: string[];
}

/** commander's collector for repeatable flags. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`invalid ${what} "${shorten(value)}": expected one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * The parts of a RunRequest the given flags set; flags not given are absent, so update can keep
 * the saved values. Relative volume host paths are resolved against the working directory.
 * Throws the shared parsers' one-line errors.
 */
export function requestFromFlags(flags: RunFlags): Partial<RunRequest> {
  const out: Partial<RunRequest> = {};
  if (flags.transport !== undefined) out.transport = oneOf<Transport>(flags.transport, TRANSPORTS, 'transport');
  if (flags.proxyMode !== undefined) out.proxyMode = oneOf<ProxyMode>(flags.proxyMode, PROXY_MODES, 'proxy mode');
  if (flags.proxyPort !== undefined) out.proxyPort = parsePort(flags.proxyPort, 'proxy port');
  if (flags.targetPort !== undefined) out.targetPort = parsePort(flags.targetPort, 'target port');
  if (flags.env !== undefined) out.env = Object.fromEntries(flags.env.map(parseEnvAssignment));
  if (flags.secretEnv !== undefined) out.secretEnv = Object.fromEntries(flags.secretEnv.map((text) => parseSecretEnvAssignment(text, (key) => process.env[key])));
  if (flags.volume !== undefined) {
    out.volumes = flags.volume.map((text) => {
      const colon = text.indexOf(':');
      const host = colon > 0 ? text.slice(0, colon) : text;
      const absolute = host.startsWith('/') || colon <= 0 ? text : `${path.resolve(host)}${text.slice(colon)}`;
      return parseVolume(absolute);
    });
  }
  if (flags.label !== undefined) out.labels = parseLabels(flags.label);
  if (flags.group !== undefined) out.group = flags.group;
  if (flags.header !== undefined) out.headers = Object.fromEntries(flags.header.map(parseHeader));
  return out;
}
