// Parses mcpdesk:// links. A link comes from any web page or chat message, so it is untrusted
// input: everything is checked with the same rules as the CLI and the run dialog, and the result
// only pre-fills the dialog (the user still confirms); nothing here starts anything.
import type { DeepLink, RunPrefill } from '../../shared/deep-link';
import { InvalidInputError, parseEnvAssignment } from '../../shared/config-inputs';
import { workloadNameProblem } from '../../shared/names';
import { imageReferenceProblem, remoteUrlProblem } from '../../shared/references';
import { TRANSPORTS, type Transport } from '../../shared/run-config';
import { shorten } from '../../shared/text';

/** The scheme MCP Desk registers with the OS. */
export const DEEP_LINK_SCHEME = 'mcpdesk';
const VERSION = 'v1';
/** Longer links are refused unread; a real one is a few hundred characters. */
const MAX_LINK_LENGTH = 8192;
const MAX_ENV = 100;

/** Each intent's parameters, and which of them may repeat. */
const PARAMETERS: Record<string, { readonly allowed: readonly string[]; readonly repeatable: readonly string[] }> = {
  run: { allowed: ['image', 'url', 'name', 'transport', 'env'], repeatable: ['env'] },
  open: { allowed: ['name'], repeatable: [] },
};

class LinkError extends Error {}

/** Whether a command-line argument is a link for us (the OS passes links as arguments). */
export function isDeepLink(arg: string): boolean {
  return arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`);
}

/**
 * Parses `mcpdesk://v1/run?image=…&name=…&transport=…&env=KEY=VALUE` (env repeatable; `url=`
 * instead of `image=` for a remote server) and `mcpdesk://v1/open?name=…`. Never throws: anything
 * else (another scheme or version, an unknown intent or parameter, a repeated one, an invalid
 * value, credentials, a fragment) gives `{kind: 'error'}` with a one-line message.
 */
export function parseDeepLink(url: string): DeepLink {
  try {
    return parse(url);
  } catch (error) {
    if (error instanceof LinkError || error instanceof InvalidInputError) return { kind: 'error', message: `invalid MCP Desk link: ${error.message}` };
    return { kind: 'error', message: 'invalid MCP Desk link' };
  }
}

function parse(text: string): DeepLink {
  if (typeof text !== 'string' || text.length === 0) throw new LinkError('empty link');
  if (text.length > MAX_LINK_LENGTH) throw new LinkError(`longer than ${MAX_LINK_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new LinkError(`"${shorten(text)}" is not a URL`);
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) throw new LinkError(`the scheme must be ${DEEP_LINK_SCHEME}://, not ${shorten(url.protocol)}//`);
  if (url.username || url.password || url.port) throw new LinkError('credentials or a port have no place in a link');
  if (url.hash) throw new LinkError('a link has no #fragment');
  if (url.host !== VERSION) throw new LinkError(`unsupported link version "${shorten(url.host)}" (this MCP Desk understands ${VERSION})`);
  const intent = url.pathname.replace(/^\/|\/$/g, '');
  const rules = Object.hasOwn(PARAMETERS, intent) ? PARAMETERS[intent] : undefined;
  if (!rules) throw new LinkError(`unknown action "${shorten(intent)}" (expected run or open)`);
  const params = collect(url.searchParams, rules.allowed, rules.repeatable);
  return intent === 'open' ? { kind: 'open', name: checkedName(params.get('name')?.[0], true) as string } : { kind: 'run', prefill: runPrefill(params) };
}

function collect(search: URLSearchParams, allowed: readonly string[], repeatable: readonly string[]): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const [key, value] of search) {
    if (!allowed.includes(key)) throw new LinkError(`unknown parameter "${shorten(key)}" (allowed: ${allowed.join(', ')})`);
    const values = params.get(key) ?? [];
    if (values.length > 0 && !repeatable.includes(key)) throw new LinkError(`the parameter "${key}" is given more than once`);
    // A value with newlines or other control characters would be shown in the dialog as something else.
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new LinkError(`the parameter "${key}" holds control characters`);
    values.push(value);
    params.set(key, values);
  }
  return params;
}

function checkedName(name: string | undefined, required: boolean): string | undefined {
  if (name === undefined) {
    if (required) throw new LinkError('the parameter "name" is missing');
    return undefined;
  }
  const problem = workloadNameProblem(name);
  if (problem) throw new LinkError(`invalid workload name "${shorten(name)}": ${problem}`);
  return name;
}

function runPrefill(params: Map<string, string[]>): RunPrefill {
  const image = params.get('image')?.[0];
  const remoteUrl = params.get('url')?.[0];
  if (image === undefined && remoteUrl === undefined) throw new LinkError('a run link needs an image or a url');
  if (image !== undefined && remoteUrl !== undefined) throw new LinkError('a run link takes an image or a url, not both');
  const problem = image !== undefined ? imageReferenceProblem(image) : remoteUrlProblem(remoteUrl as string);
  if (problem) throw new LinkError(problem);
  const transport = params.get('transport')?.[0];
  if (transport !== undefined && !(TRANSPORTS as readonly string[]).includes(transport)) {
    throw new LinkError(`unknown transport "${shorten(transport)}" (expected ${TRANSPORTS.join(', ')})`);
  }
  const assignments = params.get('env') ?? [];
  if (assignments.length > MAX_ENV) throw new LinkError(`more than ${MAX_ENV} env parameters`);
  const env: Record<string, string> = {};
  for (const assignment of assignments) {
    // parseEnvAssignment refuses `__proto__` and the other keys that would not stay plain values.
    const [key, value] = parseEnvAssignment(assignment);
    if (Object.hasOwn(env, key)) throw new LinkError(`the environment variable "${key}" is given more than once`);
    env[key] = value;
  }
  return { image, remoteUrl, name: checkedName(params.get('name')?.[0], false), transport: transport as Transport | undefined, env };
}
