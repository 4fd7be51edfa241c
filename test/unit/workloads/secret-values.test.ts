import { describe, expect, it } from 'vitest';
import { resolveHeaders, separateSecrets } from '../../../electron/core/workloads/secret-values';
import { RUN_CONFIG_SCHEMA_VERSION, RunConfigSchema, type RunConfig } from '../../../shared/run-config';

const config: RunConfig = {
  schemaVersion: RUN_CONFIG_SCHEMA_VERSION,
  name: 'docs',
  remoteUrl: 'https://mcp.example.com/mcp',
  cmdArgs: [],
  transport: 'streamable-http',
  proxyMode: 'streamable-http',
  proxyPort: 18080,
  env: {},
  volumes: [],
  labels: {},
  headers: { Authorization: 'Bearer s3cret', 'X-Kept': { secretRef: 'header:X-Kept' } },
  createdAt: '2026-11-26T10:00:00.000Z',
};

describe('header secrets', () => {
  it('saves references in the RunConfig and the values apart', () => {
    const { stored, secrets } = separateSecrets(config);
    expect(stored.headers).toEqual({ Authorization: { secretRef: 'header:Authorization' }, 'X-Kept': { secretRef: 'header:X-Kept' } });
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    expect(RunConfigSchema.safeParse(stored).success).toBe(true);
    expect(secrets).toEqual({ 'header:Authorization': 'Bearer s3cret' });
  });

  it('resolves references back to the values', () => {
    const { stored, secrets } = separateSecrets(config);
    expect(resolveHeaders('docs', stored.headers, { ...secrets, 'header:X-Kept': 'k' })).toEqual({ Authorization: 'Bearer s3cret', 'X-Kept': 'k' });
  });

  it('names the header, never a value, when a secret is missing', () => {
    const { stored } = separateSecrets(config);
    expect(() => resolveHeaders('docs', stored.headers, {})).toThrow('the value of header "Authorization" of workload "docs" is missing from its secrets');
  });
});
