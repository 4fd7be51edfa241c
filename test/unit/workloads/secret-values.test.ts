import { describe, expect, it } from 'vitest';
import { mergeSecretEnv, resolveEnv, resolveHeaders, separateSecrets, splitEnv } from '../../../electron/core/workloads/secret-values';
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

describe('secret environment values', () => {
  const container: RunConfig = { ...config, remoteUrl: undefined, image: 'mcp/docs', headers: {}, env: { PLAIN: 'shown', API_KEY: 's3cret', KEPT: { secretRef: 'env:KEPT' } } };

  it('saves references for the keys named secret and leaves the plain values in the RunConfig', () => {
    const { stored, secrets } = separateSecrets(container, ['API_KEY']);
    expect(stored.env).toEqual({ PLAIN: 'shown', API_KEY: { secretRef: 'env:API_KEY' }, KEPT: { secretRef: 'env:KEPT' } });
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    expect(RunConfigSchema.safeParse(stored).success).toBe(true);
    expect(secrets).toEqual({ 'env:API_KEY': 's3cret' });
    // Without secret keys, env values stay plain.
    expect(separateSecrets(container).stored.env.API_KEY).toBe('s3cret');
  });

  it('resolves references back to values, and names the variable, never a value, when one is missing', () => {
    const { stored, secrets } = separateSecrets(container, ['API_KEY']);
    expect(resolveEnv('docs', stored.env, { ...secrets, 'env:KEPT': 'k' })).toEqual({ PLAIN: 'shown', API_KEY: 's3cret', KEPT: 'k' });
    expect(() => resolveEnv('docs', stored.env, secrets)).toThrow('the value of environment variable "KEPT" of workload "docs" is missing from its secrets');
    expect(splitEnv(stored.env)).toEqual({ plain: { PLAIN: 'shown' }, secret: { API_KEY: { secretRef: 'env:API_KEY' }, KEPT: { secretRef: 'env:KEPT' } } });
  });

  it('merges secret values into the env for checking, and refuses a key given both ways without its values', () => {
    expect(mergeSecretEnv('docs', { PLAIN: 'shown' }, { API_KEY: 's3cret' })).toEqual({ env: { PLAIN: 'shown', API_KEY: 's3cret' }, secretEnvKeys: ['API_KEY'] });
    expect(mergeSecretEnv('docs', { PLAIN: 'shown' }, undefined)).toEqual({ env: { PLAIN: 'shown' }, secretEnvKeys: [] });
    const both = () => mergeSecretEnv('docs', { API_KEY: 'plain-value' }, { API_KEY: 's3cret' });
    expect(both).toThrow('invalid environment variable "API_KEY" of workload "docs": it is given both as a plain and as a secret variable');
    expect(both).not.toThrow(/s3cret|plain-value/);
  });
});
