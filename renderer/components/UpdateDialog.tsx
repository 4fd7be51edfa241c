import { useState, type ReactNode } from 'react';
import type { WorkloadSettings } from '../../shared/contract';
import type { WorkloadState } from '../../shared/states';
import type { RunFormValues } from '../run-form/run-form';
import { RunSettingsFields, TextField, type RunFieldHints } from '../run-form/RunFields';
import { checkUpdateForm, hasChanges, initialUpdateForm, type UpdateChanges, type UpdateDrops } from '../run-form/update-form';
import { describeChanges, updatePlan } from '../run-form/update-plan';
import { useSavedSettings } from '../run-form/use-saved-settings';
import { useDialogSubmit } from '../hooks/use-dialog-submit';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';
import { DialogFooter } from './DialogFooter';
import './UpdateDialog.css';

/**
 * The update dialog, while the store names a workload to update. Keyed by the name, so each
 * opening fetches that workload's saved settings afresh.
 */
export function UpdateDialog() {
  const name = useDeskStore((s) => s.updateDialogName);
  if (name === null) return null;
  return <UpdateLoader key={name} name={name} />;
}

/** Fetches the saved settings; until they come (or if they cannot), only Cancel is offered. */
function UpdateLoader({ name }: { name: string }) {
  const saved = useSavedSettings(name);
  const close = useDeskStore((s) => s.closeUpdateDialog);
  if (saved.status === 'loaded') return <UpdateForm settings={saved.data} close={close} />;
  return (
    <DialogFrame name={name} close={close}>
      {saved.status === 'loading' ? (
        <p role="status" className="view-state">
          Loading the saved settings…
        </p>
      ) : (
        <p role="alert" className="run-refused">
          Could not read the saved settings: {saved.message}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={close} autoFocus>
          Cancel
        </button>
      </div>
    </DialogFrame>
  );
}

/**
 * The run form filled in from the saved settings, with the name and source kind fixed. Fields are
 * checked as typed with the run dialog's rules; the plan below says what pressing Update will do.
 * Only the changed fields are sent. A refusal from the core is shown as the core words it, and the
 * dialog stays open with the user's input.
 */
function UpdateForm({ settings, close }: { settings: WorkloadSettings; close: () => void }) {
  const api = useDeskApi();
  const status = useDeskStore((s) => s.workloads.get(settings.name)?.status);
  const [values, setValues] = useState<RunFormValues>(() => initialUpdateForm(settings));
  const [drops, setDrops] = useState<UpdateDrops>({});
  const { busy, refusal, submit: send } = useDialogSubmit(close);
  // Every field starts from valid saved settings, so any problem is the user's edit: show it at once.
  const { errors, changes } = checkUpdateForm(settings, values, drops);
  const remote = values.source === 'remote';
  const update = (next: Partial<RunFormValues>) => setValues((previous) => ({ ...previous, ...next }));

  const submit = async () => {
    // The row updates itself from the events the update causes; nothing to write here.
    if (changes && hasChanges(changes)) await send(() => api.workloads.update({ name: settings.name, changes }));
  };

  // Typed text replaces the saved secrets anyway, so the box means nothing then.
  const dropBox = (field: keyof UpdateDrops, label: string) => (
    <label className="update-drop">
      <input type="checkbox" checked={drops[field] ?? false} disabled={values[field].trim() !== ''} onChange={(event) => setDrops((previous) => ({ ...previous, [field]: event.target.checked }))} /> {label}
    </label>
  );
  const hints: RunFieldHints = {};
  if (remote && settings.headerNames.length > 0) {
    hints.headers = (
      <>
        Saved headers: {settings.headerNames.join(', ')}. Their values are kept unless you type new headers here; new headers replace them all. {dropBox('headers', 'Remove the saved headers')}
      </>
    );
  }
  if (!remote && settings.secretEnvKeys.length > 0) {
    hints.secretEnv = (
      <>
        Kept: {settings.secretEnvKeys.join(', ')}. Type new ones to replace them all. {dropBox('secretEnv', 'Remove the secret variables')}
      </>
    );
  }

  return (
    <DialogFrame name={settings.name} close={close} onSubmit={() => void submit()}>
      <p className="update-fixed">
        {remote ? 'Remote server' : 'Container image'} workload. Its name and kind stay; to change them, run a new workload.
      </p>
      {remote ? (
        <TextField label="Remote URL" field="remoteUrl" errors={errors} onBlur={ignoreBlur} value={values.remoteUrl} onChange={(remoteUrl) => update({ remoteUrl })} autoFocus />
      ) : (
        <TextField label="Image" field="image" errors={errors} onBlur={ignoreBlur} value={values.image} onChange={(image) => update({ image })} autoFocus />
      )}
      <RunSettingsFields values={values} errors={errors} onChange={update} onBlur={ignoreBlur} hints={hints} placeholders={{ proxyPort: `keep ${settings.proxyPort}` }} />
      <UpdatePlan settings={settings} status={status} changes={changes} />
      <DialogFooter refusal={refusal} onCancel={close} label="Update" busyLabel="Updating…" busy={busy} disabled={changes === null || !hasChanges(changes)} />
    </DialogFrame>
  );
}

/** Errors show as soon as a field is edited (see UpdateForm), so leaving a field changes nothing. */
function ignoreBlur() {}

/** The steps the core will take and the fields that change; "No changes" when there are none. */
function UpdatePlan({ settings, status, changes }: { settings: WorkloadSettings; status: WorkloadState | undefined; changes: UpdateChanges | null }) {
  let body: ReactNode;
  if (changes === null) body = <p className="view-state">Fix the fields above to see what the update would do.</p>;
  else if (!hasChanges(changes)) body = <p className="view-state">No changes</p>;
  else
    body = (
      <>
        <ol className="update-steps">
          {updatePlan(settings, status, changes).map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ol>
        <h4>Changes</h4>
        <ul className="update-changes">
          {describeChanges(settings, changes).map((change) => (
            <li key={change.label}>
              <span className="update-change-label">{change.label}:</span> {change.text}
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <section className="update-plan" aria-label="What will happen">
      <h3>What will happen</h3>
      {body}
    </section>
  );
}

/** The modal frame both states share: the title, Escape to close, and the form's submit. */
function DialogFrame({ name, close, onSubmit, children }: { name: string; close: () => void; onSubmit?: () => void; children: ReactNode }) {
  return (
    <div className="dialog-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-label={`Update ${name}`}
        className="run-dialog update-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit?.();
        }}
      >
        <h2>Update {name}</h2>
        {children}
      </form>
    </div>
  );
}
