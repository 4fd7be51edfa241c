import { randomInt } from 'node:crypto';

/** A seeded random source: the same seed gives the same kill moments, so a failure can be replayed. */
export interface Prng {
  /** A float in [0, 1). */
  next(): number;
  /** A float in [min, max). */
  between(min: number, max: number): number;
}

/** mulberry32: tiny, fast and good enough to spread kill moments; not for anything secret. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, between: (min, max) => min + (max - min) * next() };
}

/** The seed of this run: MCPDESK_CRASH_SEED when set (to replay a failure), else a fresh one. */
export function crashSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.MCPDESK_CRASH_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`MCPDESK_CRASH_SEED must be a non-negative integer, not "${given}"`);
    return seed;
  }
  return randomInt(2 ** 31);
}
