import type { StateCreator } from 'zustand';

/** The filter bar's text, exactly as typed; parsing happens where it is used (renderer/filter). */
export interface FilterSlice {
  readonly filterText: string;
  setFilterText(text: string): void;
}

export const createFilterSlice: StateCreator<FilterSlice, [], [], FilterSlice> = (set) => ({
  filterText: '',
  setFilterText: (filterText) => set({ filterText }),
});
