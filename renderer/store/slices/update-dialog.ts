import type { StateCreator } from 'zustand';

/** Which workload the update dialog edits. Opening it changes nothing: only its Update button does. */
export interface UpdateDialogSlice {
  /** Null while the dialog is closed. */
  readonly updateDialogName: string | null;
  openUpdateDialog(name: string): void;
  closeUpdateDialog(): void;
}

export const createUpdateDialogSlice: StateCreator<UpdateDialogSlice, [], [], UpdateDialogSlice> = (set) => ({
  updateDialogName: null,
  openUpdateDialog: (name) => set({ updateDialogName: name }),
  closeUpdateDialog: () => set({ updateDialogName: null }),
});
