import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useDesk } from './helpers/use-desk';
import { cliWithEnv } from './helpers/transition-log';

// Secret environment variables (`--secret-env`): their values live only in the workload's
// secrets file and in its container's environment, never in the RunConfig, other state files,
// list output or logs.

const image = inject('testImage');
const desk = useDesk();
const TYPED = 'typed-s3cret-value';
const FROM_SHELL = 'shell-s3cret-value';

/** Every file under the state root but secrets/, with its content. */
async function stateFilesOutsideSecrets(): Promise<Array<{ file: string; text: string }>> {
  const root = desk().root;
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const outside = files.filter((file) => !path.relative(root, file).startsWith(`secrets${path.sep}`));
  return Promise.all(outside.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
}

/** The workload's secrets as the store holds them (no file when there are none). */
function secretsOf(name: string): Promise<Record<string, string>> {
  return desk().state.secrets.load(name);
}

async function savedEnv(name: string): Promise<unknown> {
  return (JSON.parse(await readFile(desk().state.paths.runConfigFile(name), 'utf8')) as { env: unknown }).env;
}

describe('secret environment variables, against the real engine', () => {
  it('run --secret-env gives the container the values, typed or taken from the shell, and keeps them out of every other file and output', async () => {
    const name = 'sec-env';
    const ran = await cliWithEnv(desk(), { MCPDESK_SECRET_FROM_SHELL: FROM_SHELL }, 'run', image, '--name', name, '--wait', '-e', 'PLAIN=shown', '--secret-env', `API_KEY=${TYPED}`, '--secret-env', 'MCPDESK_SECRET_FROM_SHELL');
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(await desk().containerEnv(name)).toEqual(expect.arrayContaining(['PLAIN=shown', `API_KEY=${TYPED}`, `MCPDESK_SECRET_FROM_SHELL=${FROM_SHELL}`]));

    expect(await savedEnv(name)).toEqual({ PLAIN: 'shown', API_KEY: { secretRef: 'env:API_KEY' }, MCPDESK_SECRET_FROM_SHELL: { secretRef: 'env:MCPDESK_SECRET_FROM_SHELL' } });
    expect(await secretsOf(name)).toEqual({ 'env:API_KEY': TYPED, 'env:MCPDESK_SECRET_FROM_SHELL': FROM_SHELL });
    const files = await stateFilesOutsideSecrets();
    expect(files.length).toBeGreaterThan(3);
    for (const { file, text } of files) {
      expect(text, file).not.toContain(TYPED);
      expect(text, file).not.toContain(FROM_SHELL);
    }
    for (const args of [['list', '--format', 'json'], ['status', name, '--format', 'json'], ['logs', name], ['logs', name, '--proxy']]) {
      const out = await desk().cli(...args);
      expect(out.code, args.join(' ')).toBe(0);
      expect(`${out.stdout}${out.stderr}`, args.join(' ')).not.toMatch(/s3cret-value/);
    }
  });

  it('update keeps the secret variables when only the plain env changes; --secret-env replaces them all; a plain variable replaces a secret one of its name', async () => {
    const name = 'sec-env';
    expect(await desk().cli('update', name, '-e', 'PLAIN=changed')).toMatchObject({ code: 0, stderr: '' });
    expect(await desk().containerEnv(name)).toEqual(expect.arrayContaining(['PLAIN=changed', `API_KEY=${TYPED}`, `MCPDESK_SECRET_FROM_SHELL=${FROM_SHELL}`]));
    expect(await secretsOf(name)).toEqual({ 'env:API_KEY': TYPED, 'env:MCPDESK_SECRET_FROM_SHELL': FROM_SHELL });

    expect(await desk().cli('update', name, '--secret-env', 'NEW_KEY=new-s3cret-value')).toMatchObject({ code: 0, stderr: '' });
    const env = await desk().containerEnv(name);
    expect(env).toEqual(expect.arrayContaining(['PLAIN=changed', 'NEW_KEY=new-s3cret-value']));
    expect(env.filter((line) => line.startsWith('API_KEY=') || line.startsWith('MCPDESK_SECRET_FROM_SHELL='))).toEqual([]);
    expect(await secretsOf(name)).toEqual({ 'env:NEW_KEY': 'new-s3cret-value' });

    expect(await desk().cli('update', name, '-e', 'NEW_KEY=now-plain')).toMatchObject({ code: 0, stderr: '' });
    expect(await savedEnv(name)).toEqual({ NEW_KEY: 'now-plain' });
    expect(await secretsOf(name)).toEqual({});
    expect(await desk().containerEnv(name)).toEqual(expect.arrayContaining(['NEW_KEY=now-plain']));
  });
});
