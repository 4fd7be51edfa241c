import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CorruptStateError, StatePaths } from '../../../electron/core/state';
import { SettingsStore } from '../../../electron/core/state/settings-store';
import { useTempRoots } from './helpers/temp-root';

const newRoot = useTempRoots();

describe('settings store', () => {
  it('reads the defaults when there is no file, and creates none by reading', async () => {
    const paths = new StatePaths(await newRoot());
    expect(await new SettingsStore(paths).read()).toEqual({ stopAllOnQuit: false });
    await expect(stat(paths.settingsFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('saves a change as a 0600 file and keeps it for the next reader', async () => {
    const paths = new StatePaths(await newRoot());
    expect(await new SettingsStore(paths).update({ stopAllOnQuit: true })).toEqual({ stopAllOnQuit: true });
    expect(await new SettingsStore(paths).read()).toEqual({ stopAllOnQuit: true });
    expect((await stat(paths.settingsFile)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(paths.settingsFile, 'utf8'))).toEqual({ stopAllOnQuit: true });
  });

  it('applies concurrent changes one after the other', async () => {
    const store = new SettingsStore(new StatePaths(await newRoot()));
    const results = await Promise.all([store.update({ stopAllOnQuit: true }), store.update({ stopAllOnQuit: false }), store.update({})]);
    expect(results).toEqual([{ stopAllOnQuit: true }, { stopAllOnQuit: false }, { stopAllOnQuit: false }]);
  });

  it('reports a corrupt file with its path and leaves it as it is', async () => {
    const paths = new StatePaths(await newRoot());
    await mkdir(paths.root, { recursive: true });
    await writeFile(paths.settingsFile, '{"stopAllOnQuit": "sometimes"}');
    const store = new SettingsStore(paths);
    await expect(store.read()).rejects.toThrow(CorruptStateError);
    await expect(store.update({ stopAllOnQuit: true })).rejects.toThrow(/corrupt state file .*settings\.json: stopAllOnQuit/);
    expect(await readFile(paths.settingsFile, 'utf8')).toBe('{"stopAllOnQuit": "sometimes"}');
  });
});
