/**
 * The HIGH and MEDIUM findings of electronegativity over electron/ and renderer/ that stay, each
 * with why it does not apply to MCP Desk or what mitigates it. Keyed by check id and file (not line:
 * lines move). The security suite fails on a HIGH or MEDIUM finding not listed here, and on an entry
 * that no longer matches any finding (so a fixed finding cannot leave a blanket excuse behind).
 * docs/security-notes.md carries the same explanations for RELIABILITY.md.
 */
export interface AllowedFinding {
  /** electronegativity's check id, e.g. `OPEN_EXTERNAL_JS_CHECK`. */
  readonly check: string;
  /** Path relative to the repository root. */
  readonly file: string;
  /** Why it does not apply, or what mitigates it. */
  readonly why: string;
}

export const ALLOWED_FINDINGS: readonly AllowedFinding[] = [
  {
    check: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'electron/app/main.ts',
    why:
      'Registering mcpdesk:// is the deep-link feature. A link is untrusted input: electron/app/deep-links.ts parses it with the ' +
      'CLI\'s own rules (scheme, version, known intents and parameters only, no credentials or fragment, 8 KiB cap) and the result ' +
      'only pre-fills the run dialog or selects a row; nothing starts without the user confirming (test/unit/app/deep-links.test.ts).',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/app/window.ts',
    why:
      'shell.openExternal is reached only through windowOpenHandler, which passes http: and https: URLs only (isExternalLink) and ' +
      'denies the new window in every case; file:, javascript:, smb: and custom schemes are dropped (test/unit/app/window.test.ts).',
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'electron/app/window.ts',
    why:
      'A manual-review reminder that a preload exists. Ours (electron/preload) exposes only window.mcpdesk built from the shared ' +
      'contract: invoke refuses channels outside the contract, subscribe refuses unknown events, listeners never see the IPC event ' +
      '(no `sender`), and main checks the sender frame and parses every input with zod before the core runs.',
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    file: 'electron/app/window.ts',
    why:
      'The check wants disableBlinkFeatures: "Auxclick" so that a middle click cannot open a link. Here a middle click can only ' +
      'ask for a new window, which the window-open handler always denies (http(s) goes to the system browser, any other scheme is ' +
      'dropped), and will-navigate is prevented, so the page can never be replaced. Our renderer has no auxclick handlers.',
  },
];
