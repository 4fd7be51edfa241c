import type { RequestInput, WorkloadSettings } from '../../shared/contract';
import { isRemote, type Volume } from '../../shared/run-config';
import { checkRunForm, type RunFormErrors, type RunFormValues } from './run-form';

/** What an update sends: only the fields the user changed; an absent field keeps its saved value, `null` clears it. */
export type UpdateChanges = RequestInput<'workloads:update'>['changes'];

/** The form's problems and, when there are none, the changes to send (empty when nothing changed). */
export interface UpdateFormCheck {
  readonly errors: RunFormErrors;
  readonly changes: UpdateChanges | null;
}

/** Saved secrets to remove when no new ones are typed: the dialog's "Remove the …" checkboxes. */
export interface UpdateDrops {
  readonly headers?: boolean;
  readonly secretEnv?: boolean;
}

/**
 * The run form filled in from a workload's saved settings: the name and the source kind are the
 * workload's own (an update keeps them). Header and secret env values never reach the renderer,
 * so those fields start empty: empty means "keep the saved ones".
 */
export function initialUpdateForm(settings: WorkloadSettings): RunFormValues {
  return {
    source: isRemote(settings) ? 'remote' : 'image',
    image: settings.image ?? '',
    remoteUrl: settings.remoteUrl ?? '',
    name: settings.name,
    nameEdited: true,
    transport: settings.transport,
    proxyPort: String(settings.proxyPort),
    targetPort: settings.targetPort === undefined ? '' : String(settings.targetPort),
    args: settings.cmdArgs.join('\n'),
    env: pairLines(settings.env),
    secretEnv: '',
    volumes: settings.volumes.map(volumeText).join('\n'),
    labels: pairLines(settings.labels),
    group: settings.group ?? '',
    headers: '',
  };
}

/**
 * Checks the form with the run form's rules, then compares it with the saved settings. A field
 * counts as changed only when its text was edited and what it parses to differs from the saved
 * value, so an untouched field is never sent (not even one the form would normalise). A blank
 * proxy port keeps the saved one, as the core does with an absent port. Typed headers or secret
 * env replace all the saved ones; `drops` sends an empty record (removing them) when none are typed.
 */
export function checkUpdateForm(settings: WorkloadSettings, values: RunFormValues, drops: UpdateDrops = {}): UpdateFormCheck {
  const { errors: runErrors, input } = checkRunForm(values);
  const errors: RunFormErrors = { ...runErrors };
  if (!input || Object.keys(errors).length > 0) return { errors, changes: null };

  const initial = initialUpdateForm(settings);
  const edited = (field: 'image' | 'remoteUrl' | 'proxyPort' | 'targetPort' | 'args' | 'env' | 'volumes' | 'labels' | 'group') => values[field] !== initial[field];
  const changes: UpdateChanges = {};
  if (isRemote(settings)) {
    if (edited('remoteUrl') && input.remoteUrl !== settings.remoteUrl) changes.remoteUrl = input.remoteUrl;
  } else {
    if (edited('image') && input.image !== settings.image) changes.image = input.image;
    const cmdArgs = input.cmdArgs ?? [];
    if (edited('args') && !sameList(cmdArgs, settings.cmdArgs)) changes.cmdArgs = cmdArgs;
    const env = input.env ?? {};
    if (edited('env') && !sameRecord(env, settings.env)) changes.env = env;
    const volumes = input.volumes ?? [];
    if (edited('volumes') && !sameVolumes(volumes, settings.volumes)) changes.volumes = volumes;
    const secretEnv = replacedSecrets(input.secretEnv, drops.secretEnv, settings.secretEnvKeys);
    if (secretEnv) changes.secretEnv = secretEnv;
  }
  if (input.transport !== settings.transport) changes.transport = input.transport;
  if (edited('proxyPort') && input.proxyPort !== undefined && input.proxyPort !== settings.proxyPort) changes.proxyPort = input.proxyPort;
  // A field emptied clears the saved value: `null` says so (absent would keep it).
  if (edited('targetPort') && input.targetPort !== settings.targetPort) changes.targetPort = input.targetPort ?? null;
  const labels = input.labels ?? {};
  if (edited('labels') && !sameRecord(labels, settings.labels)) changes.labels = labels;
  if (edited('group') && input.group !== settings.group) changes.group = input.group ?? null;
  const headers = replacedSecrets(input.headers, drops.headers, settings.headerNames);
  if (headers) changes.headers = headers;
  return { errors, changes };
}

/** Whether an update's changes hold anything at all. */
export function hasChanges(changes: UpdateChanges): boolean {
  return Object.keys(changes).length > 0;
}

/** A volume as the form shows it: `HOST:CONTAINER`, with `:ro` when read-only. */
export function volumeText(volume: Volume): string {
  return `${volume.hostPath}:${volume.containerPath}${volume.readOnly ? ':ro' : ''}`;
}

/**
 * What to send for secrets whose values the renderer never has: the typed ones (replacing all the
 * saved ones), an empty record to remove the saved ones, or undefined to keep them.
 */
function replacedSecrets(typed: Record<string, string> | undefined, drop: boolean | undefined, savedNames: readonly string[]): Record<string, string> | undefined {
  if (typed && Object.keys(typed).length > 0) return typed;
  return drop && savedNames.length > 0 ? {} : undefined;
}

function pairLines(record: Readonly<Record<string, string>>): string {
  return Object.entries(record)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

function sameRecord(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/** Lists compared in order: a server's arguments, or volumes as text (a reordered list of volumes counts as a change; sending it is harmless). */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

function sameVolumes(a: readonly Volume[], b: readonly Volume[]): boolean {
  return sameList(a.map(volumeText), b.map(volumeText));
}
