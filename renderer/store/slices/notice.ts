import type { StateCreator } from 'zustand';

/** A one-line message for the user that belongs to no single control (a link that cannot be followed). */
export interface NoticeSlice {
  /** Null when there is nothing to say. */
  readonly notice: string | null;
  showNotice(message: string): void;
  dismissNotice(): void;
}

export const createNoticeSlice: StateCreator<NoticeSlice, [], [], NoticeSlice> = (set) => ({
  notice: null,
  showNotice: (notice) => set({ notice }),
  dismissNotice: () => set({ notice: null }),
});
