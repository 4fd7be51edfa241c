import { describe, expect, it } from 'vitest';
import { TRANSITIONS, WORKLOAD_STATES, transitionAllowed, type WorkloadState } from '../../../shared/states';

const SPEC_EDGES: Array<[WorkloadState | null, WorkloadState]> = [
  [null, 'starting'],
  ['starting', 'running'],
  ['starting', 'error'],
  ['running', 'stopping'],
  ['running', 'unhealthy'],
  ['running', 'error'],
  ['stopping', 'stopped'],
  ['stopped', 'starting'],
  ['stopped', 'removing'],
  ['error', 'starting'],
  ['error', 'removing'],
];
const ADDED_EDGES: Array<[WorkloadState, WorkloadState]> = [
  ['unhealthy', 'running'],
  ['unhealthy', 'stopping'],
  ['unhealthy', 'error'],
  ['starting', 'stopping'],
  ['stopping', 'error'],
];

describe('transition table', () => {
  it('holds every edge of the specification', () => {
    for (const [from, to] of SPEC_EDGES) expect(transitionAllowed(from, to), `${from} → ${to}`).toBe(true);
  });

  it('holds the added edges, each with its reason', () => {
    for (const [from, to] of ADDED_EDGES) {
      expect(transitionAllowed(from, to), `${from} → ${to}`).toBe(true);
      const edge = TRANSITIONS.find((t) => t.from === from && t.to === to);
      expect(edge?.addedBecause, `${from} → ${to} reason`).toMatch(/^.{20,}$/);
    }
  });

  it('refuses every other pair of states, self-transitions included', () => {
    const allowed = new Set([...SPEC_EDGES, ...ADDED_EDGES].map(([f, t]) => `${f}>${t}`));
    let refused = 0;
    for (const from of [null, ...WORKLOAD_STATES]) {
      for (const to of WORKLOAD_STATES) {
        if (allowed.has(`${from}>${to}`)) continue;
        expect(transitionAllowed(from, to), `${from} → ${to}`).toBe(false);
        refused++;
      }
    }
    // 8 "from" values × 7 states, less the 16 allowed edges.
    expect(refused).toBe(8 * 7 - 16);
  });

  it('has no edge it does not test, and removing leads nowhere', () => {
    expect(TRANSITIONS).toHaveLength(SPEC_EDGES.length + ADDED_EDGES.length);
    expect(TRANSITIONS.filter((t) => t.from === 'removing')).toEqual([]);
    expect(TRANSITIONS.filter((t) => !t.addedBecause)).toHaveLength(SPEC_EDGES.length);
  });
});
