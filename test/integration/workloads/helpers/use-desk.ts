import { afterAll, beforeAll } from 'vitest';
import { Desk } from './harness';

/**
 * One Desk for the test file: made before its first test, disposed of (workloads, containers,
 * state folder) after its last. Returns its getter.
 */
export function useDesk(): () => Desk {
  let desk: Desk | undefined;
  beforeAll(async () => {
    desk = await Desk.create();
  });
  afterAll(async () => {
    await desk?.dispose();
  });
  return () => {
    if (!desk) throw new Error('the desk exists only inside tests');
    return desk;
  };
}
