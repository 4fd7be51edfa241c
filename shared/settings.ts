import { z } from 'zod';

/** The app's settings, as kept in `settings.json` under the state root. */
export const SettingsSchema = z.object({
  /** Quitting the app stops every workload (in parallel) instead of leaving them running. */
  stopAllOnQuit: z.boolean().default(false),
});

export type Settings = z.output<typeof SettingsSchema>;

/** The settings of a fresh install. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
