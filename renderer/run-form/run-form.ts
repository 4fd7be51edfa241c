import { parseEnvAssignment, parseHeader, parsePort, parseSecretEnvAssignment, parseVolume } from '../../shared/config-inputs';
import { MAX_SERVER_ARGUMENT_LENGTH, MAX_SERVER_ARGUMENTS, type RunInput } from '../../shared/contract';
import type { RunPrefill } from '../../shared/deep-link';
import { defaultWorkloadName } from '../../shared/default-name';
import { parseLabel } from '../../shared/labels';
import { workloadNameProblem } from '../../shared/names';
import { imageReferenceProblem, remoteUrlProblem } from '../../shared/references';
import { groupNameProblem, type Transport, type Volume } from '../../shared/run-config';
import { shorten } from '../../shared/text';

/** Where the workload comes from: a container image, or a remote MCP server's URL. */
export type RunSource = 'image' | 'remote';

/** The run dialog's fields exactly as typed; multi-value fields hold one entry per line. */
export interface RunFormValues {
  readonly source: RunSource;
  readonly image: string;
  readonly remoteUrl: string;
  readonly name: string;
  /** False until the user edits the name; until then it follows the image or URL. */
  readonly nameEdited: boolean;
  readonly transport: Transport;
  readonly proxyPort: string;
  readonly targetPort: string;
  /** The server's arguments, one a line (what follows `--` on the command line). */
  readonly args: string;
  readonly env: string;
  /** `KEY=VALUE` lines whose values are kept as secrets; never prefilled, never read back. */
  readonly secretEnv: string;
  readonly volumes: string;
  readonly labels: string;
  readonly group: string;
  readonly headers: string;
}

/** The fields that can be wrong, each with its own message under it. */
export type RunFormField = 'image' | 'remoteUrl' | 'name' | 'proxyPort' | 'targetPort' | 'args' | 'env' | 'secretEnv' | 'volumes' | 'labels' | 'group' | 'headers';

/** Per field, the first problem found; an absent key means the field is fine. */
export type RunFormErrors = Partial<Record<RunFormField, string>>;

/** A fresh form, or one a `mcpdesk://run` link filled in (its env as `KEY=VALUE` lines). */
export function initialRunForm(prefill?: RunPrefill): RunFormValues {
  const source: RunSource = prefill?.remoteUrl ? 'remote' : 'image';
  const image = prefill?.image ?? '';
  const remoteUrl = prefill?.remoteUrl ?? '';
  return {
    source,
    image,
    remoteUrl,
    name: prefill?.name ?? suggestedName(source, image, remoteUrl),
    // A name that came with the link is the link's choice: typing in the image must not replace it.
    nameEdited: prefill?.name !== undefined,
    transport: prefill?.transport ?? 'stdio',
    proxyPort: '',
    targetPort: '',
    args: '',
    env: Object.entries(prefill?.env ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
    secretEnv: '',
    volumes: '',
    labels: '',
    group: '',
    headers: '',
  };
}

/**
 * The name the form offers for a source: defaultWorkloadName's, the same the CLI picks. An empty
 * source suggests nothing, rather than the placeholder name "workload".
 */
export function suggestedName(source: RunSource, image: string, remoteUrl: string): string {
  const text = (source === 'remote' ? remoteUrl : image).trim();
  if (text === '') return '';
  return defaultWorkloadName(source === 'remote' ? { remoteUrl: text } : { image: text });
}

/** The form's problems and, when there are none, the RunInput to send. */
export interface RunFormCheck {
  readonly errors: RunFormErrors;
  readonly input: RunInput | null;
}

/**
 * Checks every field with the shared rules (the same the CLI applies to its flags), so the dialog
 * refuses what the core would refuse and says it in the same words. Fields that do not apply to
 * the chosen source (arguments, env, secret env and volumes for a remote, headers for an image) are
 * neither checked nor sent. Arguments and secret env go in the input only when given, and no
 * message quotes a secret value.
 */
export function checkRunForm(values: RunFormValues): RunFormCheck {
  const errors: RunFormErrors = {};
  const remote = values.source === 'remote';
  const source = remote ? values.remoteUrl.trim() : values.image.trim();
  const sourceProblem = remote ? remoteUrlProblem(source) : imageReferenceProblem(source);
  if (sourceProblem) errors[remote ? 'remoteUrl' : 'image'] = remote && source === '' ? 'the remote URL is empty' : sourceProblem;

  const name = values.name.trim();
  const nameProblem = workloadNameProblem(name);
  if (nameProblem) errors.name = `invalid workload name: ${nameProblem}`;

  const proxyPort = optionalPort(values.proxyPort, 'proxy port', 'proxyPort', errors);
  const targetPort = optionalPort(values.targetPort, 'target port', 'targetPort', errors);

  const cmdArgs = remote ? [] : serverArguments(values.args, errors);
  const env = remote ? {} : pairs(values.env, parseEnvAssignment, 'env', errors);
  const secretEnv = remote ? {} : pairs(values.secretEnv, (line) => parseSecretEnvAssignment(line), 'secretEnv', errors);
  // The core refuses a key in both: which value was meant?
  const both = Object.keys(secretEnv).find((key) => Object.hasOwn(env, key));
  if (both !== undefined) errors.secretEnv = `environment variable "${both}" is given both as a plain and as a secret variable`;
  const volumes: Volume[] = remote ? [] : eachLine(values.volumes, parseVolume, 'volumes', errors);
  const labels = pairs(values.labels, parseLabel, 'labels', errors);
  const headers = remote ? pairs(values.headers, parseHeader, 'headers', errors) : {};

  const group = values.group.trim();
  if (group !== '') {
    const problem = groupNameProblem(group);
    if (problem) errors.group = `invalid group "${group}": ${problem}`;
  }

  if (Object.keys(errors).length > 0) return { errors, input: null };
  return {
    errors,
    input: {
      name,
      ...(remote ? { remoteUrl: source } : { image: source }),
      transport: values.transport,
      ...(proxyPort !== undefined ? { proxyPort } : {}),
      ...(targetPort !== undefined ? { targetPort } : {}),
      ...(cmdArgs.length > 0 ? { cmdArgs } : {}),
      env,
      ...(Object.keys(secretEnv).length > 0 ? { secretEnv } : {}),
      volumes,
      labels,
      ...(group !== '' ? { group } : {}),
      headers,
    },
  };
}

/**
 * The errors worth showing now: an empty field the user has not reached yet is not worth shouting
 * about (the dialog's button stays disabled anyway); once left, or once it holds text, it is.
 */
export function visibleErrors(errors: RunFormErrors, values: RunFormValues, touched: ReadonlySet<RunFormField>): RunFormErrors {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => touched.has(field as RunFormField) || values[field as RunFormField].trim() !== ''));
}

/** The non-blank lines of a multi-line field, trimmed at the ends. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Parses each line; the first line that throws sets the field's error (its message is one line). */
function eachLine<T>(text: string, parse: (line: string) => T, field: RunFormField, errors: RunFormErrors): T[] {
  const parsed: T[] = [];
  for (const line of lines(text)) {
    try {
      parsed.push(parse(line));
    } catch (error) {
      errors[field] = error instanceof Error ? error.message : String(error);
      return [];
    }
  }
  return parsed;
}

/** Parses `KEY…VALUE` lines into a record; a key given twice is refused (which one was meant?). */
function pairs(text: string, parse: (line: string) => [string, string], field: RunFormField, errors: RunFormErrors): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [key, value] of eachLine(text, parse, field, errors)) {
    if (Object.hasOwn(record, key)) {
      errors[field] = `the key "${key}" is given twice`;
      return {};
    }
    record[key] = value;
  }
  return record;
}

/** The arguments field: one argument a line, as given (no shell quoting to get wrong). */
function serverArguments(text: string, errors: RunFormErrors): string[] {
  const args = lines(text);
  const tooLong = args.find((arg) => arg.length > MAX_SERVER_ARGUMENT_LENGTH);
  if (tooLong !== undefined) errors.args = `invalid server argument "${shorten(tooLong)}": it is longer than ${MAX_SERVER_ARGUMENT_LENGTH} characters`;
  else if (args.length > MAX_SERVER_ARGUMENTS) errors.args = `too many server arguments: ${args.length}, at most ${MAX_SERVER_ARGUMENTS}`;
  return errors.args === undefined ? args : [];
}

/** A port field: blank means "let MCP Desk choose"; anything else must be a valid port. */
function optionalPort(text: string, what: string, field: RunFormField, errors: RunFormErrors): number | undefined {
  if (text.trim() === '') return undefined;
  try {
    return parsePort(text, what);
  } catch (error) {
    errors[field] = error instanceof Error ? error.message : String(error);
    return undefined;
  }
}
