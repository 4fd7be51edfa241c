import { useId, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunPrefill } from '../../shared/deep-link';
import { TRANSPORTS, type Transport } from '../../shared/run-config';
import { checkRunForm, initialRunForm, suggestedName, type RunFormErrors, type RunFormField, type RunFormValues } from '../run-form/run-form';
import { useDeskApi, useDeskStore } from '../store/DeskProvider';

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
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<RunFormField>>(new Set());
  const { errors: allErrors, input } = checkRunForm(values);
  // An empty field the user has not reached yet is not an error worth shouting about; Run stays disabled anyway.
  const errors: RunFormErrors = Object.fromEntries(Object.entries(allErrors).filter(([field]) => touched.has(field as RunFormField) || values[field as RunFormField].trim() !== ''));
  const touch = (field: RunFormField) => setTouched((previous) => (previous.has(field) ? previous : new Set([...previous, field])));
  const remote = values.source === 'remote';

  const update = (changes: Partial<RunFormValues>) =>
    setValues((previous) => {
      const next = { ...previous, ...changes };
      // The name follows the image or URL until the user types one of their own.
      if (!next.nameEdited) next.name = suggestedName(next.source, next.image, next.remoteUrl);
      return next;
    });

  const submit = async () => {
    if (!input || busy) return;
    setBusy(true);
    setRefusal(null);
    try {
      const result = await api.workloads.run(input);
      if (result.ok) return close();
      setRefusal(result.error.message);
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
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
        <Field label="Transport">
          {(id) => (
            <select id={id} value={values.transport} onChange={(event) => update({ transport: event.target.value as Transport })}>
              {TRANSPORTS.map((transport) => (
                <option key={transport} value={transport}>
                  {transport}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField label="Proxy port" field="proxyPort" errors={errors} onBlur={touch} value={values.proxyPort} onChange={(proxyPort) => update({ proxyPort })} placeholder="any free port" />
        <TextField label="Target port" field="targetPort" errors={errors} onBlur={touch} value={values.targetPort} onChange={(targetPort) => update({ targetPort })} placeholder="the server's own port" />
        {remote ? (
          <LinesField label="Headers" field="headers" errors={errors} onBlur={touch} value={values.headers} onChange={(headers) => update({ headers })} placeholder="Authorization: Bearer …" />
        ) : (
          <>
            <LinesField label="Environment" field="env" errors={errors} onBlur={touch} value={values.env} onChange={(env) => update({ env })} placeholder="KEY=VALUE, one a line" />
            <LinesField label="Volumes" field="volumes" errors={errors} onBlur={touch} value={values.volumes} onChange={(volumes) => update({ volumes })} placeholder="/host/path:/container/path[:ro], one a line" />
          </>
        )}
        <LinesField label="Labels" field="labels" errors={errors} onBlur={touch} value={values.labels} onChange={(labels) => update({ labels })} placeholder="team=backend, one a line" />
        <TextField label="Group" field="group" errors={errors} onBlur={touch} value={values.group} onChange={(group) => update({ group })} />
        {refusal !== null ? (
          <p role="alert" className="run-refused">
            {refusal}
          </p>
        ) : null}
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" disabled={input === null || busy}>
            {busy ? 'Running…' : 'Run'}
          </button>
        </div>
      </form>
    </div>
  );
}

interface FieldProps {
  readonly label: string;
  /** Only fields that can be wrong have a message. */
  readonly error?: string | undefined;
  readonly children: (id: string, describedBy: string | undefined) => ReactNode;
}

/** A label, its control and, when the value is wrong, the one-line reason under it. */
function Field({ label, error, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="run-field">
      <label htmlFor={id}>{label}</label>
      {children(id, error ? errorId : undefined)}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

interface InputProps {
  readonly label: string;
  readonly field: RunFormField;
  readonly errors: RunFormErrors;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** Called when the user leaves the field: from then on an empty value shows its error too. */
  readonly onBlur: (field: RunFormField) => void;
  readonly placeholder?: string;
  readonly autoFocus?: boolean;
}

function TextField({ label, field, errors, value, onChange, onBlur, placeholder, autoFocus }: InputProps) {
  return (
    <Field label={label} error={errors[field]}>
      {(id, describedBy) => (
        <input
          id={id}
          value={value}
          placeholder={placeholder}
          autoFocus={autoFocus}
          spellCheck={false}
          aria-invalid={errors[field] !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          onBlur={() => onBlur(field)}
        />
      )}
    </Field>
  );
}

/** A multi-line field: one entry a line, blank lines ignored. */
function LinesField({ label, field, errors, value, onChange, onBlur, placeholder }: InputProps) {
  return (
    <Field label={label} error={errors[field]}>
      {(id, describedBy) => (
        <textarea
          id={id}
          rows={3}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          aria-invalid={errors[field] !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          onBlur={() => onBlur(field)}
        />
      )}
    </Field>
  );
}
