import type { StateCreator } from 'zustand';
import type { RunPrefill } from '../../../shared/deep-link';

/** The run dialog while it is open: what it starts from, and which opening this is. */
export interface RunDialogState {
  /** What a `mcpdesk://run` link filled in; absent when the user opened the dialog. */
  readonly prefill?: RunPrefill | undefined;
  /** Grows with every opening, so a second link while the dialog is open starts a fresh form. */
  readonly serial: number;
}

/** Whether the run dialog is open. Opening it never runs anything: only its Run button does. */
export interface RunDialogSlice {
  /** Null while the dialog is closed. */
  readonly runDialog: RunDialogState | null;
  openRunDialog(prefill?: RunPrefill): void;
  closeRunDialog(): void;
}

export const createRunDialogSlice: StateCreator<RunDialogSlice, [], [], RunDialogSlice> = (set) => ({
  runDialog: null,
  openRunDialog: (prefill) => set((state) => ({ runDialog: { prefill, serial: (state.runDialog?.serial ?? 0) + 1 } })),
  closeRunDialog: () => set({ runDialog: null }),
});
