import type { StateCreator } from 'zustand';
import type { EngineState } from '../../../shared/contract';

/** Whether the container engine answers, as main last reported it. */
export interface EngineSlice {
  /** Null until the first `engine.status()` answers. */
  readonly engine: EngineState | null;
  setEngine(engine: EngineState): void;
}

export const createEngineSlice: StateCreator<EngineSlice, [], [], EngineSlice> = (set) => ({
  engine: null,
  setEngine: (engine) => set({ engine }),
});
