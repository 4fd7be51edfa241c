// Issue 5, item 5: electronegativity over the app reports no HIGH or MEDIUM finding that is not
// explained in the allow-list beside this file.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordFigures } from '../helpers/scale';
import { installedElectronVersion, scan, scanSources, type Finding } from './electronegativity';
import { ALLOWED_FINDINGS } from './electronegativity-allow-list';

const repo = path.resolve(import.meta.dirname, '../../..');
const serious = (finding: Finding): boolean => finding.severity === 'HIGH' || finding.severity === 'MEDIUM';
const key = (check: string, file: string): string => `${check} ${file}`;

describe('electronegativity', () => {
  it('finds what it should in a known-bad window (the scanner works here)', async () => {
    const version = await installedElectronVersion(repo);
    const { findings } = await scanSources(
      {
        'main.js': "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
        'package.json': JSON.stringify({ name: 'bad', devDependencies: { electron: version } }),
      },
      version,
    );
    const ids = new Set(findings.filter(serious).map((finding) => finding.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']) {
      expect(ids, id).toContain(id);
    }
  });

  it('reports no HIGH or MEDIUM finding over electron/ and renderer/ but the explained ones', async () => {
    const version = await installedElectronVersion(repo);
    const result = await scan(repo, ['electron', 'renderer', 'package.json'], version);
    // A file it could not parse was not checked at all.
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);

    const allowed = new Set(ALLOWED_FINDINGS.map((entry) => key(entry.check, entry.file)));
    const unexplained = result.findings.filter((finding) => serious(finding) && !allowed.has(key(finding.id, finding.file)));
    expect(unexplained.map((finding) => `${finding.severity} ${finding.id} ${finding.file}:${finding.line} ${finding.description}`)).toEqual([]);

    // An entry that no longer matches a finding would silently excuse a future one: remove it.
    const found = new Set(result.findings.filter(serious).map((finding) => key(finding.id, finding.file)));
    expect(ALLOWED_FINDINGS.filter((entry) => !found.has(key(entry.check, entry.file))).map((entry) => key(entry.check, entry.file))).toEqual([]);
    for (const entry of ALLOWED_FINDINGS) expect(entry.why.length, key(entry.check, entry.file)).toBeGreaterThan(80);

    const count = (severity: Finding['severity']): number => result.findings.filter((finding) => finding.severity === severity).length;
    await recordFigures('security-electronegativity', {
      electronVersion: version,
      checksRun: result.checks,
      high: count('HIGH'),
      medium: count('MEDIUM'),
      low: count('LOW'),
      informational: count('INFORMATIONAL'),
      allowListed: result.findings.filter(serious).length,
      unexplained: unexplained.length,
    });
  });
});
