import type { StateCreator } from 'zustand';

/** Which workload the details pane shows. */
export interface DetailsSlice {
  /** Null while the pane is closed. */
  readonly detailsName: string | null;
  /** Grows with every request to show a workload, so the table scrolls to it even when it is already shown. */
  readonly detailsSerial: number;
  showDetails(name: string): void;
  closeDetails(): void;
}

export const createDetailsSlice: StateCreator<DetailsSlice, [], [], DetailsSlice> = (set) => ({
  detailsName: null,
  detailsSerial: 0,
  showDetails: (name) => set((state) => ({ detailsName: name, detailsSerial: state.detailsSerial + 1 })),
  closeDetails: () => set({ detailsName: null }),
});
