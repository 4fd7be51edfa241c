import type { Transport } from './run-config';

/**
 * What a `mcpdesk://` link asks for, once parsed and checked in the main process. A link never runs
 * anything by itself: `run` only fills in the run dialog, which the user confirms; `open` shows a
 * workload. An `error` carries a one-line message to show instead.
 */
export type DeepLink =
  | { readonly kind: 'run'; readonly prefill: RunPrefill }
  | { readonly kind: 'open'; readonly name: string }
  | { readonly kind: 'error'; readonly message: string };

/** The run dialog's fields a link may fill in: an image or a remote URL, never both. */
export interface RunPrefill {
  readonly image?: string | undefined;
  readonly remoteUrl?: string | undefined;
  readonly name?: string | undefined;
  readonly transport?: Transport | undefined;
  readonly env: Readonly<Record<string, string>>;
}
