import { useEffect, useState } from 'react';
import type { LogSource } from '../../shared/contract';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';

/** How many lines a new follow starts with. */
const TAIL_LINES = 500;

/**
 * Follows `name`'s `source` log while the calling component is mounted, and returns the follow id
 * (null before the first effect). Each name or source gets a fresh id, so text still in flight for
 * the old follow cannot land in the new one; the old follow is unfollowed and forgotten. A follow
 * the core refuses keeps its id, with the core's message as its error.
 */
export function useLogFollow(name: string, source: LogSource): string | null {
  const api = useDeskApi();
  const startLog = useDeskStore((s) => s.startLog);
  const failLog = useDeskStore((s) => s.failLog);
  const endLog = useDeskStore((s) => s.endLog);
  const [id, setId] = useState<string | null>(null);

  useEffect(() => {
    // The id is picked here, not by the core, so the log exists before its first event can arrive.
    const followId = newFollowId();
    startLog(followId);
    setId(followId);
    api.logs.follow({ id: followId, name, source, tail: TAIL_LINES }).then(
      (result) => {
        if (!result.ok) failLog(followId, result.error.message);
      },
      (error: unknown) => failLog(followId, error instanceof Error ? error.message : String(error)),
    );
    return () => {
      endLog(followId);
      void api.logs.unfollow({ id: followId }).catch(() => undefined);
    };
  }, [api, name, source, startLog, failLog, endLog]);

  return id;
}

/** A random id; randomUUID exists only in secure contexts, getRandomValues everywhere. */
function newFollowId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
