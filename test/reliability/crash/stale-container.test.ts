import { describe, expect, inject, it } from 'vitest';
import { useDesk } from '../../integration/workloads/helpers/use-desk';
import { containersOf } from './engine-view';

const image = inject('testImage');
const desk = useDesk();

describe('a container made from another RunConfig than the saved one', () => {
  it('is replaced by the next restart, which starts the saved config', async () => {
    expect((await desk().cli('run', image, '--name', 'stale', '-e', 'GEN=old')).code).toBe(0);
    await desk().manager.waitFor('stale', ['running'], 20_000);
    // What a restart racing an update leaves: the new config saved, the old config's container kept.
    const saved = await desk().manager.config('stale');
    await desk().state.runConfigs.save({ ...saved, env: { GEN: 'new' }, createdAt: new Date(Date.parse(saved.createdAt) + 1000).toISOString() });

    const restarted = await desk().cli('restart', 'stale');
    expect(restarted.stderr).toBe('');
    expect(restarted.code).toBe(0);
    await desk().manager.waitFor('stale', ['running'], 20_000);
    const containers = (await containersOf(desk().root)).filter((c) => c.workload === 'stale');
    expect(containers).toHaveLength(1);
    expect(containers[0]).toMatchObject({ running: true, env: expect.objectContaining({ GEN: 'new' }) as unknown });
  });
});
