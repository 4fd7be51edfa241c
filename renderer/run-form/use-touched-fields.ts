import { useCallback, useState } from 'react';
import type { RunFormField } from './run-form';

/**
 * The fields the user has left at least once (see visibleErrors), and the function that marks
 * one. A new set only when a field is first touched, so leaving it again re-renders nothing.
 */
export function useTouchedFields(): [ReadonlySet<RunFormField>, (field: RunFormField) => void] {
  const [touched, setTouched] = useState<ReadonlySet<RunFormField>>(() => new Set());
  const touch = useCallback((field: RunFormField) => setTouched((previous) => (previous.has(field) ? previous : new Set([...previous, field]))), []);
  return [touched, touch];
}
