import { useState } from 'react';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';
import './SettingsToggle.css';

/**
 * The "Stop all workloads on quit" setting. Disabled until main has said what the setting is, so
 * it never shows a guess; while a change is being saved it shows the new value and takes no other
 * click. A refusal puts the old value back and says why in the notice bar.
 */
export function SettingsToggle() {
  const api = useDeskApi();
  const saved = useDeskStore((s) => (s.settings ? s.settings.stopAllOnQuit : null));
  const setSettings = useDeskStore((s) => s.setSettings);
  const showNotice = useDeskStore((s) => s.showNotice);
  const [saving, setSaving] = useState<boolean | null>(null);

  const change = async (stopAllOnQuit: boolean) => {
    setSaving(stopAllOnQuit);
    try {
      const result = await api.settings.set({ stopAllOnQuit });
      // The reply is the saved settings; taking it here means the box does not wait for the event.
      if (result.ok) setSettings(result.data);
      else showNotice(`failed to save "Stop all workloads on quit": ${result.error.message}`);
    } catch (error) {
      showNotice(`failed to save "Stop all workloads on quit": ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setSaving(null);
    }
  };

  return (
    <label className="settings-toggle" title="When on, quitting MCP Desk stops every workload; when off, they keep running and the next launch picks them up.">
      <input type="checkbox" checked={saving ?? saved ?? false} disabled={saved === null || saving !== null} onChange={(event) => void change(event.target.checked)} />
      Stop all workloads on quit
    </label>
  );
}
