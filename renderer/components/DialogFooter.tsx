/** The end of a form dialog: the core's refusal when there is one, then Cancel and the submit button. */
export function DialogFooter({ refusal, onCancel, label, busyLabel, busy, disabled }: { refusal: string | null; onCancel: () => void; label: string; busyLabel: string; busy: boolean; disabled: boolean }) {
  return (
    <>
      {refusal !== null ? (
        <p role="alert" className="run-refused">
          {refusal}
        </p>
      ) : null}
      <div className="dialog-buttons">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={disabled || busy}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}
