import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { instanceOf } from '../../../electron/core/workloads/context';
import { INSTANCE_LABEL, STANDARD_LABELS } from '../../../shared/labels';

const run = promisify(execFile);

/** One container of a desk, as the engine has it. */
export interface SeenContainer {
  /** The workload it belongs to, by its name label. */
  readonly workload: string;
  readonly running: boolean;
  /** Its environment, KEY=VALUE parsed. */
  readonly env: Readonly<Record<string, string>>;
}

/** Every container carrying the instance label of the desk rooted at `root`. */
export async function containersOf(root: string): Promise<SeenContainer[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--filter', `label=${INSTANCE_LABEL}=${instanceOf(root)}`]);
  const ids = stdout.split('\n').filter(Boolean);
  if (ids.length === 0) return [];
  try {
    return toSeen(await inspect(ids));
  } catch {
    // A container removed between ps and inspect fails the whole call: inspect one by one.
    const each = await Promise.all(ids.map((id) => inspect([id]).catch(() => [])));
    return toSeen(each.flat());
  }
}

interface Inspected {
  readonly State: { readonly Running: boolean };
  readonly Config: { readonly Env: string[] | null; readonly Labels: Record<string, string> | null };
}

async function inspect(ids: readonly string[]): Promise<Inspected[]> {
  const { stdout } = await run('docker', ['inspect', ...ids]);
  return JSON.parse(stdout) as Inspected[];
}

function toSeen(found: readonly Inspected[]): SeenContainer[] {
  return found.map((info) => {
    const env: Record<string, string> = {};
    for (const pair of info.Config.Env ?? []) {
      const at = pair.indexOf('=');
      env[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return { workload: info.Config.Labels?.[STANDARD_LABELS.name] ?? '', running: info.State.Running, env };
  });
}
