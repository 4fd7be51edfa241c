import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterEach } from 'vitest';

/** Whether the engine tests talk to is Podman's compatible API (some of its reports differ). */
export async function isPodman(docker: Docker): Promise<boolean> {
  return ((await docker.version()).Components ?? []).some((c) => /podman/i.test(c.Name));
}

/**
 * Returns a maker of unique container names (`mcpdesk-rt-test-<hex>`); every container so named
 * is force-removed after each test, whatever the test left.
 */
export function useTestContainerNames(docker: Docker): () => string {
  const created = new Set<string>();
  afterEach(async () => {
    const names = [...created];
    created.clear();
    await Promise.all(names.map((name) => docker.getContainer(name).remove({ force: true }).catch(() => undefined)));
  });
  return () => {
    const name = `mcpdesk-rt-test-${randomBytes(4).toString('hex')}`;
    created.add(name);
    return name;
  };
}
