import { useRef, useState } from 'react';
import type { Result } from '../../shared/contract';

/** A dialog's submit button's state: whether its request is in flight, and the core's last refusal. */
export interface DialogSubmit {
  readonly busy: boolean;
  /** The refusal as the core words it (or why main could not be reached); null before one. */
  readonly refusal: string | null;
  /**
   * Sends `request` unless one is in flight (a double press sends once). On success the dialog
   * closes; on a refusal it stays open with the user's input and shows the message. Never rejects.
   */
  submit(request: () => Promise<Result<unknown>>): Promise<void>;
}

/** One request at a time for a dialog that closes when its request succeeds (run, update). */
export function useDialogSubmit(close: () => void): DialogSubmit {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // The state is one render late for a second press in the same frame; the ref is not.
  const inFlight = useRef(false);

  const submit = async (request: () => Promise<Result<unknown>>): Promise<void> => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setRefusal(null);
    try {
      const result = await request();
      if (result.ok) {
        close();
        return;
      }
      setRefusal(result.error.message);
    } catch (error) {
      setRefusal(error instanceof Error ? error.message : String(error));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return { busy, refusal, submit };
}
