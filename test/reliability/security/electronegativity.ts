/**
 * Runs electronegativity (Doyensec's static checker for Electron apps) through its programmatic
 * API: its CLI does not start in this tree (it imports `commander` without declaring it and gets
 * our commander 14, whose API it does not know).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** One finding as the runner returns it. */
export interface Finding {
  readonly id: string;
  /** Relative to the scanned folder (the repository layout: electron/…, renderer/…); `N/A` for global checks. */
  readonly file: string;
  readonly line: number;
  readonly severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
  readonly confidence: string;
  readonly manualReview: boolean;
  readonly description: string;
}

export interface ScanResult {
  readonly findings: Finding[];
  /** Files it could not parse (then unchecked), with the parser's message. */
  readonly errors: { file: string; message: string; tolerable: boolean }[];
  readonly checks: number;
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: Finding['severity'] };
  confidence: { name: string };
  manualReview: boolean;
  description: string;
}
type Runner = (options: Record<string, unknown>, forCli: boolean) => Promise<{ globalChecks: number; atomicChecks: number; errors: ScanResult['errors']; issues: RawIssue[] }>;

/**
 * The one check that needs the network: it downloads Electron's release list from GitHub to say
 * whether a newer patch release has security fixes. Offline it only prints a warning and reports
 * nothing, so it is left out rather than left to time out. (Electron's version is still read.)
 */
export const NETWORK_CHECKS = ['availablesecurityfixesglobalcheck'];

/** The Electron version in node_modules, so checks judge defaults by the version we ship. */
export async function installedElectronVersion(repo: string): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Scans `files` (paths relative to `repo`, folders included whole) as one app: they are copied
 * into a temp folder, so global checks (CSP, navigation limits, permission handler) see the main
 * process and the page together, and nothing else of the repository (tests, dist) is scanned.
 */
export async function scan(repo: string, files: readonly string[], electronVersion: string): Promise<ScanResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-eng-'));
  try {
    for (const file of files) await cp(path.join(repo, file), path.join(dir, file), { recursive: true });
    return await scanFolder(dir, electronVersion);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Scans a folder holding sources given as text (for the self-check with a known-bad window). */
export async function scanSources(sources: Record<string, string>, electronVersion: string): Promise<ScanResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mcpdesk-eng-'));
  try {
    for (const [name, text] of Object.entries(sources)) await writeFile(path.join(dir, name), text);
    return await scanFolder(dir, electronVersion);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function scanFolder(dir: string, electronVersion: string): Promise<ScanResult> {
  const run = require('@doyensec/electronegativity') as Runner;
  const result = await run(
    { input: dir, isRelative: true, customScan: [], excludeFromScan: NETWORK_CHECKS, parserPlugins: [], electronVersionOverride: electronVersion },
    false,
  );
  return {
    checks: result.globalChecks + result.atomicChecks,
    errors: result.errors,
    findings: result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location.line,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview,
      description: issue.description,
    })),
  };
}
