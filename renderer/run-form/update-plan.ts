import type { WorkloadSettings } from '../../shared/contract';
import { isRemote } from '../../shared/run-config';
import type { WorkloadState } from '../../shared/states';
import { workloadUrl } from '../../shared/workload-info';
import { volumeText, type UpdateChanges } from './update-form';

/** One changed field as the update dialog lists it: `label: text`. */
export interface FieldChange {
  readonly label: string;
  readonly text: string;
}

/** The states the core does not stop before removing (see deleteWorkload): nothing runs in them. */
const NOT_RUNNING: readonly WorkloadState[] = ['stopped', 'error', 'removing'];

/**
 * What the core's update will do, step by step, in the order it does it (stop, remove, save,
 * start), so the user knows before pressing Update that the server goes down for a moment and its
 * logs go. `status` is the row's; undefined when the row is not known (then the stop is "if running").
 */
export function updatePlan(settings: WorkloadSettings, status: WorkloadState | undefined, changes: UpdateChanges): string[] {
  const { name } = settings;
  const remote = isRemote(settings);
  const parts = remote ? 'its proxy' : 'its proxy and container';
  const running = status === undefined || !NOT_RUNNING.includes(status);
  const steps: string[] = [];
  if (status === undefined) steps.push(`Stop ${name} if it is running (${parts})`);
  else if (running) steps.push(`Stop ${name} (${parts})`);
  // A remote workload has no container; its proxy's log is kept across the update.
  if (!remote) steps.push('Remove the container (its logs go with it)');
  steps.push('Save the new settings');

  const port = changes.proxyPort ?? settings.proxyPort;
  const before = workloadUrl(settings);
  const after = workloadUrl({
    proxyPort: port,
    transport: changes.transport ?? settings.transport,
    proxyMode: changes.proxyMode ?? settings.proxyMode,
    remoteUrl: changes.remoteUrl ?? settings.remoteUrl,
  });
  let clients = '(clients keep their URL)';
  if (port !== settings.proxyPort) clients = `(the port changes from ${settings.proxyPort}: clients must switch to ${after})`;
  else if (after !== before) clients = `(the URL changes to ${after}: clients must switch to it)`;
  steps.push(`Start ${name} with them, on port 127.0.0.1:${port} ${clients}`);
  if (!running) steps.push(`${name} is ${status} now: after the update it runs`);
  return steps;
}

/** Each changed field with its old and new value; secret values are never shown, only names. */
export function describeChanges(settings: WorkloadSettings, changes: UpdateChanges): FieldChange[] {
  const list: FieldChange[] = [];
  const add = (label: string, text: string) => list.push({ label, text });
  const arrow = (before: string | number | null | undefined, after: string | number | null | undefined) => `${before ?? 'none'} → ${after ?? 'none'}`;
  if (changes.image !== undefined) add('Image', arrow(settings.image, changes.image));
  if (changes.remoteUrl !== undefined) add('Remote URL', arrow(settings.remoteUrl, changes.remoteUrl));
  if (changes.cmdArgs !== undefined) add('Server arguments', arrow(settings.cmdArgs.join(' ') || undefined, changes.cmdArgs.join(' ') || undefined));
  if (changes.transport !== undefined) add('Transport', arrow(settings.transport, changes.transport));
  if (changes.proxyPort !== undefined) add('Proxy port', arrow(settings.proxyPort, changes.proxyPort));
  if (changes.targetPort !== undefined) add('Target port', arrow(settings.targetPort, changes.targetPort));
  if (changes.env !== undefined) {
    let text = recordDiff(settings.env, changes.env, false);
    // The core lets a plain variable replace a kept secret of its name; typed secrets replace them all anyway.
    const env = changes.env;
    const unsecret = changes.secretEnv === undefined ? settings.secretEnvKeys.filter((key) => Object.hasOwn(env, key)) : [];
    if (unsecret.length > 0) text += `; no longer secret: ${unsecret.join(', ')}`;
    add('Environment', text);
  }
  if (changes.secretEnv !== undefined) {
    const saved = settings.secretEnvKeys.length > 0 ? settings.secretEnvKeys.join(', ') : 'none';
    const typed = Object.keys(changes.secretEnv);
    add('Secret environment', typed.length === 0 ? `${saved} removed` : `${saved} → ${typed.join(', ')}`);
  }
  if (changes.volumes !== undefined) add('Volumes', volumesDiff(settings.volumes.map(volumeText), changes.volumes.map(volumeText)));
  if (changes.labels !== undefined) add('Labels', recordDiff(settings.labels, changes.labels, true));
  if (changes.group !== undefined) add('Group', arrow(settings.group, changes.group));
  if (changes.headers !== undefined) {
    const saved = settings.headerNames.length > 0 ? settings.headerNames.join(', ') : 'none';
    const typed = Object.keys(changes.headers);
    add('Headers', typed.length === 0 ? `the saved headers (${saved}) are removed` : `new values for ${typed.join(', ')} replace the saved headers (${saved})`);
  }
  return list;
}

/** `KEY added`, `KEY changed`, `KEY removed`; with values (`KEY: old → new`) where they are not sensitive. */
function recordDiff(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>, showValues: boolean): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, key)) parts.push(showValues ? `${key}=${value} added` : `${key} added`);
    else if (before[key] !== value) parts.push(showValues ? `${key}: ${before[key]} → ${value}` : `${key} changed`);
  }
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) parts.push(`${key} removed`);
  return parts.join(', ');
}

function volumesDiff(before: readonly string[], after: readonly string[]): string {
  const parts = [...after.filter((volume) => !before.includes(volume)).map((volume) => `${volume} added`), ...before.filter((volume) => !after.includes(volume)).map((volume) => `${volume} removed`)];
  return parts.length > 0 ? parts.join(', ') : 'reordered';
}
