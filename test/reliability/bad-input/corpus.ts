// The bad-input corpus is data (corpus/*.jsonl, one case a line), so cases are added without code.
// This file reads it, checks each line's shape, and expands the placeholders that JSON cannot hold
// or that only exist at run time:
//   {{x*N}}          N times "x" (the 1 MB strings: argv takes at most 128 KB per argument)
//   {{env*N}}        N `&env=EI%3D1` link parameters
//   {{image}}        the test image's tag
//   {{index-url}}    the URL of the renderer page the IPC gate trusts
//   {{port:NAME}}    the proxy port kept by workload NAME
//   {{busy-port}}    a port another program listens on
//   {"$nest": N}     an object nested N levels deep
// A string that is only a port placeholder becomes a number (in JSON payloads; argv stays text).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ERROR_CODES } from '../../../shared/errors';

const Common = {
  id: z.string().regex(/^[a-z0-9-]+$/),
  category: z.string().min(1),
  /** The one-line message must match this regular expression. */
  error: z.string().min(1),
  /** A known defect outside this suite's files keeps the case failing (it.fails) until fixed. */
  defect: z.string().optional(),
};

const CliCaseSchema = z.object({ ...Common, args: z.array(z.string()), exit: z.union([z.literal(1), z.literal(2)]) }).strict();
const IpcCaseSchema = z
  .object({
    ...Common,
    channel: z.unknown(),
    payload: z.unknown().optional(),
    /** The sender frame; our renderer's top frame when absent. */
    frame: z.unknown().optional(),
    code: z.enum(ERROR_CODES).default('invalid-input'),
    /** The refusal is the first item of a batch answer rather than the whole answer. */
    batch: z.boolean().default(false),
  })
  .strict();
const LinkCaseSchema = z.object({ ...Common, link: z.string() }).strict();
const HttpCaseSchema = z
  .object({
    ...Common,
    method: z.enum(['GET', 'POST']),
    path: z.string().startsWith('/'),
    body: z.string().optional(),
    json: z.unknown().optional(),
    token: z.boolean().default(true),
    host: z.string().optional(),
    origin: z.string().optional(),
    status: z.number().int(),
  })
  .strict();

export type CliCase = z.output<typeof CliCaseSchema>;
export type IpcCase = z.output<typeof IpcCaseSchema> & { readonly hasPayload: boolean };
export type LinkCase = z.output<typeof LinkCaseSchema>;
export type HttpCase = z.output<typeof HttpCaseSchema>;

/** What the placeholders stand for in this run. */
export interface Bindings {
  readonly image: string;
  readonly indexUrl: string;
  readonly ports: Readonly<Record<string, number>>;
  readonly busyPort: number;
}

const CORPUS = path.join(import.meta.dirname, 'corpus');

function readLines<T>(file: string, schema: z.ZodType<T>): { value: T; raw: Record<string, unknown> }[] {
  const lines = readFileSync(path.join(CORPUS, file), 'utf8').split('\n');
  const cases: { value: T; raw: Record<string, unknown> }[] = [];
  const ids = new Set<string>();
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const raw = JSON.parse(line) as Record<string, unknown>;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues[0]?.message ?? 'bad case'}`);
    const id = String(raw.id);
    if (ids.has(id)) throw new Error(`${file}:${index + 1}: the id "${id}" is used twice`);
    ids.add(id);
    cases.push({ value: parsed.data, raw });
  });
  return cases;
}

/** The corpus, as written (placeholders not yet expanded). */
export const corpus = {
  cli: readLines('cli.jsonl', CliCaseSchema).map((c) => c.value),
  ipc: readLines('ipc.jsonl', IpcCaseSchema).map((c): IpcCase => ({ ...c.value, hasPayload: Object.hasOwn(c.raw, 'payload') })),
  links: readLines('deep-links.jsonl', LinkCaseSchema).map((c) => c.value),
  http: readLines('http.jsonl', HttpCaseSchema).map((c) => c.value),
};

const WHOLE_PORT = /^\{\{(port:[a-z0-9-]+|busy-port)\}\}$/;

function portOf(token: string, bindings: Bindings): number {
  if (token === 'busy-port') return bindings.busyPort;
  const name = token.slice('port:'.length);
  const port = bindings.ports[name];
  if (port === undefined) throw new Error(`the corpus names the port of "${name}", which the suite did not run`);
  return port;
}

/** A string with its placeholders replaced. */
export function expandText(text: string, bindings: Bindings): string {
  return text.replace(/\{\{([^}]+)\}\}/g, (_, token: string) => {
    const repeat = /^(x|env)\*([0-9]+)$/.exec(token);
    if (repeat) {
      const count = Number(repeat[2]);
      return repeat[1] === 'x' ? 'x'.repeat(count) : Array.from({ length: count }, (_, i) => `&env=E${i}%3D1`).join('');
    }
    if (token === 'image') return bindings.image;
    if (token === 'index-url') return bindings.indexUrl;
    if (token === 'busy-port' || token.startsWith('port:')) return String(portOf(token, bindings));
    throw new Error(`unknown placeholder {{${token}}} in the corpus`);
  });
}

/**
 * A JSON value with its placeholders replaced. Objects are rebuilt with Object.fromEntries, which
 * keeps a `__proto__` key as an own key (as JSON.parse made it) instead of setting the prototype.
 */
export function expandValue(value: unknown, bindings: Bindings): unknown {
  if (typeof value === 'string') {
    const port = WHOLE_PORT.exec(value);
    return port ? portOf(port[1] as string, bindings) : expandText(value, bindings);
  }
  if (Array.isArray(value)) return value.map((item) => expandValue(item, bindings));
  if (value !== null && typeof value === 'object') {
    const nest = (value as { $nest?: unknown }).$nest;
    if (typeof nest === 'number' && Object.keys(value).length === 1) {
      let nested: unknown = 1;
      for (let i = 0; i < nest; i++) nested = { a: nested };
      return nested;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [expandText(key, bindings), expandValue(item, bindings)]));
  }
  return value;
}
