import { useEffect, useState, type DependencyList } from 'react';
import type { Result } from '../../shared/contract';

/** A contract request's answer as last fetched: the data, or why it could not be read. */
export type RequestState<T> = { readonly status: 'loading' } | { readonly status: 'loaded'; readonly data: T } | { readonly status: 'failed'; readonly message: string };

/**
 * Sends `request` whenever `deps` change and keeps its answer. An answer to an older request must
 * not overwrite a newer one, so only the latest counts. Until the next answer arrives the previous
 * one stays, so a refresh does not flash "Loading".
 */
export function useRequest<T>(request: () => Promise<Result<T>>, deps: DependencyList): RequestState<T> {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  useEffect(() => {
    let current = true;
    request().then(
      (result) => {
        if (current) setState(result.ok ? { status: 'loaded', data: result.data } : { status: 'failed', message: result.error.message });
      },
      (error: unknown) => {
        if (current) setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
    // The caller's deps say when to ask again; `request` is a fresh closure every render.
  }, deps);
  return state;
}
