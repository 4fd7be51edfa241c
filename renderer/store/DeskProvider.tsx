import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { McpDeskApi } from '../../shared/contract';
import type { DeskState, DeskStore } from './desk-store';

interface DeskContextValue {
  readonly store: DeskStore;
  readonly api: McpDeskApi;
}

const DeskContext = createContext<DeskContextValue | null>(null);

/** Hands the store and the api to the tree below; tests pass a fresh store and a fake api. */
export function DeskProvider({ store, api, children }: { store: DeskStore; api: McpDeskApi; children: ReactNode }) {
  return <DeskContext.Provider value={{ store, api }}>{children}</DeskContext.Provider>;
}

function useDeskContext(): DeskContextValue {
  const value = useContext(DeskContext);
  if (!value) throw new Error('useDeskStore must be used inside <DeskProvider>');
  return value;
}

/** Reads the smallest value a component needs; wrap object or array selectors in useShallow. */
export function useDeskStore<T>(selector: (state: DeskState) => T): T {
  return useStore(useDeskContext().store, selector);
}

/** The api actions call (window.mcpdesk in the app, a fake in tests). */
export function useDeskApi(): McpDeskApi {
  return useDeskContext().api;
}
