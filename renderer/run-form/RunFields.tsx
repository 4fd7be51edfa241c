import { useId, type ReactNode } from 'react';
import { TRANSPORTS, type Transport } from '../../shared/run-config';
import type { RunFormErrors, RunFormField, RunFormValues } from './run-form';
import './RunFields.css';

/** Per field, a note shown under it (the update dialog says there what is kept). */
export type RunFieldHints = Partial<Record<RunFormField, ReactNode>>;

interface RunFieldsProps {
  readonly values: RunFormValues;
  /** The errors to show (see visibleErrors). */
  readonly errors: RunFormErrors;
  readonly onChange: (changes: Partial<RunFormValues>) => void;
  readonly onBlur: (field: RunFormField) => void;
  readonly hints?: RunFieldHints;
  /** Replaces a field's default placeholder. */
  readonly placeholders?: Partial<Record<RunFormField, string>>;
}

/**
 * The settings fields the run and update dialogs share, from Transport to Group: one layout, so
 * both dialogs ask for the same things in the same words. Which fields show follows the source
 * (headers for a remote, arguments, env, secret env and volumes for an image), as the core accepts them.
 */
export function RunSettingsFields({ values, errors, onChange, onBlur, hints = {}, placeholders = {} }: RunFieldsProps) {
  const common = { errors, onBlur };
  const text = (field: RunFormField, fallback?: string) => ({ ...common, field, value: values[field], hint: hints[field], placeholder: placeholders[field] ?? fallback });
  return (
    <>
      <Field label="Transport">
        {(id) => (
          <select id={id} value={values.transport} onChange={(event) => onChange({ transport: event.target.value as Transport })}>
            {TRANSPORTS.map((transport) => (
              <option key={transport} value={transport}>
                {transport}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TextField label="Proxy port" {...text('proxyPort', 'any free port')} onChange={(proxyPort) => onChange({ proxyPort })} />
      <TextField label="Target port" {...text('targetPort', "the server's own port")} onChange={(targetPort) => onChange({ targetPort })} />
      {values.source === 'remote' ? (
        <LinesField label="Headers" {...text('headers', 'Authorization: Bearer …')} onChange={(headers) => onChange({ headers })} />
      ) : (
        <>
          <LinesField label="Server arguments" {...text('args', 'one argument a line, as after -- on the command line')} onChange={(args) => onChange({ args })} />
          <LinesField label="Environment" {...text('env', 'KEY=VALUE, one a line')} onChange={(env) => onChange({ env })} />
          <LinesField label="Secret environment" {...text('secretEnv', 'KEY=VALUE, one a line; values are kept as secrets')} masked onChange={(secretEnv) => onChange({ secretEnv })} />
          <LinesField label="Volumes" {...text('volumes', '/host/path:/container/path[:ro], one a line')} onChange={(volumes) => onChange({ volumes })} />
        </>
      )}
      <LinesField label="Labels" {...text('labels', 'team=backend, one a line')} onChange={(labels) => onChange({ labels })} />
      <TextField label="Group" {...text('group')} onChange={(group) => onChange({ group })} />
    </>
  );
}

interface FieldProps {
  readonly label: string;
  /** Only fields that can be wrong have a message. */
  readonly error?: string | undefined;
  /** A note under the control, linked to it so a screen reader reads it too. */
  readonly hint?: ReactNode;
  readonly children: (id: string, describedBy: string | undefined) => ReactNode;
}

/** A label, its control, an optional note and, when the value is wrong, the one-line reason under it. */
export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter((part) => part !== '').join(' ') || undefined;
  return (
    <div className="run-field">
      <label htmlFor={id}>{label}</label>
      {children(id, describedBy)}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
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
  readonly hint?: ReactNode;
  readonly placeholder?: string | undefined;
  readonly autoFocus?: boolean;
}

interface LinesProps extends InputProps {
  /** Hides the text as typed (a secret's value), and keeps the browser from remembering it. */
  readonly masked?: boolean;
}

/** A one-line field. */
export function TextField({ label, field, errors, value, onChange, onBlur, hint, placeholder, autoFocus }: InputProps) {
  return (
    <Field label={label} error={errors[field]} hint={hint}>
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
export function LinesField({ label, field, errors, value, onChange, onBlur, hint, placeholder, masked = false }: LinesProps) {
  return (
    <Field label={label} error={errors[field]} hint={hint}>
      {(id, describedBy) => (
        <textarea
          id={id}
          rows={3}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          className={masked ? 'masked-text' : undefined}
          autoComplete={masked ? 'off' : undefined}
          aria-invalid={errors[field] !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value)}
          onBlur={() => onBlur(field)}
        />
      )}
    </Field>
  );
}
