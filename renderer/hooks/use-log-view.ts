import { useCallback, useSyncExternalStore } from 'react';
import type { LogView } from '../store/slices/logs';
import { useDeskStore } from '../store/DeskProvider';

/**
 * Follow `id`'s log as the store holds it. The component re-renders at most once per animation
 * frame however many chunks arrive in between: the store is watched transiently and React is told
 * of a change only on the next frame.
 */
export function useLogView(id: string | null): LogView | undefined {
  const watchLog = useDeskStore((s) => s.watchLog);
  const readLog = useDeskStore((s) => s.readLog);

  const subscribe = useCallback(
    (notify: () => void) => {
      if (id === null) return () => undefined;
      let frame: number | undefined;
      const off = watchLog(id, () => {
        frame ??= requestAnimationFrame(() => {
          frame = undefined;
          notify();
        });
      });
      return () => {
        off();
        if (frame !== undefined) cancelAnimationFrame(frame);
      };
    },
    [id, watchLog],
  );
  const snapshot = useCallback(() => (id === null ? undefined : readLog(id)), [id, readLog]);
  return useSyncExternalStore(subscribe, snapshot);
}
