import { readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CorruptStateError, openState, WorkloadExistsError } from '../../../electron/core/state';
import { RUN_CONFIG_SCHEMA_VERSION, type RunConfig } from '../../../shared/run-config';
import { snapshotTree } from './helpers/snapshot';
import { useTempRoots } from './helpers/temp-root';

const newRoot = useTempRoots();

function config(name: string, change: Partial<RunConfig> = {}): RunConfig {
  return {
    schemaVersion: RUN_CONFIG_SCHEMA_VERSION,
    name,
    image: 'mcpdesk-test-server:1',
    cmdArgs: [],
    transport: 'stdio',
    proxyMode: 'streamable-http',
    proxyPort: 18080,
    env: {},
    volumes: [],
    labels: { team: 'backend' },
    headers: {},
    createdAt: '2026-11-26T10:00:00.000Z',
    ...change,
  };
}

describe('run config store', () => {
  it('saves and loads a RunConfig as a 0600 file', async () => {
    const state = openState(await newRoot());
    await state.runConfigs.create(config('fetch'));
    expect(await state.runConfigs.load('fetch')).toEqual(config('fetch'));
    expect((await stat(state.paths.runConfigFile('fetch'))).mode & 0o777).toBe(0o600);
    expect((await stat(state.paths.state)).mode & 0o777).toBe(0o700);
    expect(await state.runConfigs.listNames()).toEqual(['fetch']);
  });

  it('refuses a second workload of the same name and keeps the first', async () => {
    const state = openState(await newRoot());
    await state.runConfigs.create(config('fetch'));
    await expect(state.runConfigs.create(config('fetch', { proxyPort: 9999 }))).rejects.toThrow(new WorkloadExistsError('fetch'));
    expect((await state.runConfigs.load('fetch'))?.proxyPort).toBe(18080);
  });

  it('lets only one of many simultaneous creates of a name win', async () => {
    const state = openState(await newRoot());
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => state.runConfigs.create(config('race', { proxyPort: 20000 + i }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof WorkloadExistsError)).toHaveLength(9);
  });

  it('refuses an invalid config and writes nothing', async () => {
    const root = await newRoot();
    const state = openState(root);
    await expect(state.runConfigs.create(config('fetch', { proxyPort: 0 }))).rejects.toThrow(/proxyPort/);
    await expect(state.runConfigs.save(config('fetch', { labels: { 'mcpdesk.io/x': 'y' } }))).rejects.toThrow(/reserved/);
    expect(await snapshotTree(root)).toEqual({});
  });

  it('replaces a config on save and deletes it', async () => {
    const state = openState(await newRoot());
    await state.runConfigs.create(config('fetch'));
    await state.runConfigs.save(config('fetch', { image: 'mcpdesk-test-server:2' }));
    expect((await state.runConfigs.load('fetch'))?.image).toBe('mcpdesk-test-server:2');
    expect(await state.runConfigs.delete('fetch')).toBe(true);
    expect(await state.runConfigs.load('fetch')).toBeUndefined();
    expect(await state.runConfigs.delete('fetch')).toBe(false);
  });

  it('reports a corrupt RunConfig with its path and leaves it', async () => {
    const state = openState(await newRoot());
    await state.runConfigs.create(config('fetch'));
    const file = state.paths.runConfigFile('fetch');
    const half = (await readFile(file, 'utf8')).slice(0, 40);
    await writeFile(file, half);
    await expect(state.runConfigs.load('fetch')).rejects.toBeInstanceOf(CorruptStateError);
    await expect(state.runConfigs.load('fetch')).rejects.toThrow(`corrupt state file ${file}: not valid JSON`);
    expect(await readFile(file, 'utf8')).toBe(half);
  });

  it('reports a RunConfig of another schema version as corrupt rather than guessing', async () => {
    const state = openState(await newRoot());
    await state.runConfigs.create(config('fetch'));
    const file = state.paths.runConfigFile('fetch');
    await writeFile(file, JSON.stringify({ ...config('fetch'), schemaVersion: 99 }));
    await expect(state.runConfigs.load('fetch')).rejects.toThrow(/schemaVersion/);
  });

  it('keeps secrets apart, readable by the user only, and deletes them', async () => {
    const state = openState(await newRoot());
    await state.secrets.save('docs', { 'header:Authorization': 'Bearer s3cret' });
    expect(await state.secrets.load('docs')).toEqual({ 'header:Authorization': 'Bearer s3cret' });
    expect((await stat(state.paths.secretsFile('docs'))).mode & 0o777).toBe(0o600);
    expect((await stat(state.paths.secrets)).mode & 0o777).toBe(0o700);
    await state.secrets.delete('docs');
    expect(await state.secrets.load('docs')).toEqual({});
  });
});
