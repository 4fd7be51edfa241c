import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunPrefill } from '../../shared/deep-link';
import { checkRunForm, initialRunForm, suggestedName, visibleErrors, type RunFormValues } from '../run-form/run-form';
import { RunSettingsFields, TextField } from '../run-form/RunFields';
import { useTouchedFields } from '../run-form/use-touched-fields';
import { useDialogSubmit } from '../hooks/use-dialog-submit';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';
import { DialogFooter } from './DialogFooter';

/**
 * The run dialog, while the store says it is open. Keyed by the opening's serial, so each opening
 * (a second deep link included) starts from its own prefill rather than the last form's leftovers.
 */
export function RunDialog() {
  const dialog = useDeskStore(useShallow((s) => (s.runDialog ? { serial: s.runDialog.serial, prefill: s.runDialog.prefill } : null)));
  if (!dialog) return null;
  return <RunForm key={dialog.serial} prefill={dialog.prefill} />;
}

/**
 * The form itself. Every field is checked as it is typed with the shared rules; Run stays disabled
 * while any field is wrong. A refusal from the core (a name in use, a port taken) is shown as the
 * core words it, and the dialog stays open so the user can fix it.
 */
function RunForm({ prefill }: { prefill: RunPrefill | undefined }) {
  const api = useDeskApi();
  const close = useDeskStore((s) => s.closeRunDialog);
  const [values, setValues] = useState<RunFormValues>(() => initialRunForm(prefill));
  const { busy, refusal, submit: send } = useDialogSubmit(close);
  const [touched, touch] = useTouchedFields();
  const { errors: allErrors, input } = checkRunForm(values);
  const errors = visibleErrors(allErrors, values, touched);
  const remote = values.source === 'remote';

  const update = (changes: Partial<RunFormValues>) =>
    setValues((previous) => {
      const next = { ...previous, ...changes };
      // The name follows the image or URL until the user types one of their own.
      if (!next.nameEdited) next.name = suggestedName(next.source, next.image, next.remoteUrl);
      return next;
    });

  const submit = async () => {
    if (input) await send(() => api.workloads.run(input));
  };

  return (
    <div className="dialog-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-label="Run a workload"
        className="run-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2>Run a workload</h2>
        {prefill ? <p className="run-prefill-note">Filled in from a link. Check every field: nothing runs until you press Run.</p> : null}
        <fieldset className="run-source">
          <legend>Source</legend>
          <label>
            <input type="radio" name="source" checked={!remote} onChange={() => update({ source: 'image' })} /> Container image
          </label>
          <label>
            <input type="radio" name="source" checked={remote} onChange={() => update({ source: 'remote' })} /> Remote server
          </label>
        </fieldset>
        {remote ? (
          <TextField label="Remote URL" field="remoteUrl" errors={errors} onBlur={touch} value={values.remoteUrl} onChange={(remoteUrl) => update({ remoteUrl })} placeholder="https://mcp.example.com/mcp" autoFocus />
        ) : (
          <TextField label="Image" field="image" errors={errors} onBlur={touch} value={values.image} onChange={(image) => update({ image })} placeholder="ghcr.io/acme/fetch:1.2" autoFocus />
        )}
        <TextField label="Name" field="name" errors={errors} onBlur={touch} value={values.name} onChange={(name) => update({ name, nameEdited: true })} />
        <RunSettingsFields values={values} errors={errors} onChange={update} onBlur={touch} />
        <DialogFooter refusal={refusal} onCancel={close} label="Run" busyLabel="Running…" busy={busy} disabled={input === null} />
      </form>
    </div>
  );
}
