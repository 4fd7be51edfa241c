import { useState } from 'react';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';
import { BatchResults, type BatchAnswer } from './BatchResults';

type BatchAction = 'stop' | 'restart' | 'delete';

const VERBS: Record<BatchAction, string> = { stop: 'Stop', restart: 'Restart', delete: 'Delete' };

/** What the last batch answered: one line per workload, or the core's refusal of the whole request. */
type Outcome = BatchAnswer & { readonly action: BatchAction };

/**
 * Stop / Restart / Delete for the ticked workloads. The core settles each workload on its own, so
 * the answer is shown per workload: one failure does not hide the others' success. Delete asks
 * once more, because it cannot be undone.
 */
export function BatchBar() {
  const api = useDeskApi();
  const selected = useDeskStore((s) => s.selected);
  const clearSelection = useDeskStore((s) => s.clearSelection);
  const [busy, setBusy] = useState<BatchAction | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const run = async (action: BatchAction) => {
    const names = [...selected].sort();
    if (names.length === 0) return;
    setConfirmingDelete(false);
    setBusy(action);
    setOutcome(null);
    try {
      const result = await api.workloads[action]({ names });
      if (result.ok) {
        setOutcome({ action, items: result.data });
        clearSelection();
      } else {
        setOutcome({ action, refused: result.error.message });
      }
    } catch (error) {
      setOutcome({ action, refused: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  };

  const disabled = selected.size === 0 || busy !== null;
  return (
    <div className="batch-bar">
      <span className="batch-count">{selected.size} selected</span>
      <button type="button" disabled={disabled} onClick={() => void run('stop')}>
        {busy === 'stop' ? 'Stopping…' : 'Stop'}
      </button>
      <button type="button" disabled={disabled} onClick={() => void run('restart')}>
        {busy === 'restart' ? 'Restarting…' : 'Restart'}
      </button>
      {confirmingDelete ? (
        <span className="batch-confirm">
          Delete {selected.size} workload{selected.size === 1 ? '' : 's'}? This removes the container and its run config.
          <button type="button" className="danger" disabled={disabled} onClick={() => void run('delete')}>
            Yes, delete
          </button>
          <button type="button" onClick={() => setConfirmingDelete(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="danger" disabled={disabled} onClick={() => setConfirmingDelete(true)}>
          {busy === 'delete' ? 'Deleting…' : 'Delete'}
        </button>
      )}
      {outcome ? <BatchResults className="batch-outcome" asStatus verb={VERBS[outcome.action]} answer={outcome} onDismiss={() => setOutcome(null)} /> : null}
    </div>
  );
}
