import type { StateCreator } from 'zustand';
import type { Settings } from '../../../shared/settings';

/** The app's settings, as main last reported them. */
export interface SettingsSlice {
  /** Null until the first `settings.get()` answers. */
  readonly settings: Settings | null;
  setSettings(settings: Settings): void;
}

export const createSettingsSlice: StateCreator<SettingsSlice, [], [], SettingsSlice> = (set) => ({
  settings: null,
  setSettings: (settings) => set({ settings }),
});
