import type { ConfigValue, RunConfig } from '../../../shared/run-config';
import { shorten } from '../../../shared/text';
import { WorkloadRequestError } from './errors';

/** The reference under which header `name`'s value is kept in the workload's secrets. */
function headerRef(name: string): string {
  return `header:${name}`;
}

/** The reference under which secret environment variable `key`'s value is kept. */
function envRef(key: string): string {
  return `env:${key}`;
}

/**
 * Splits a config into what is saved as the RunConfig and the secret values themselves, for the
 * SecretStore: every header value, and the values of the environment variables named in
 * `secretEnvKeys`, are replaced by references. Values that are references already stay.
 */
export function separateSecrets(config: RunConfig, secretEnvKeys: readonly string[] = []): { stored: RunConfig; secrets: Record<string, string> } {
  const secrets: Record<string, string> = {};
  const headers: Record<string, ConfigValue> = {};
  for (const [name, value] of Object.entries(config.headers)) {
    if (typeof value === 'string') {
      secrets[headerRef(name)] = value;
      headers[name] = { secretRef: headerRef(name) };
    } else {
      headers[name] = value;
    }
  }
  const env: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(config.env)) {
    if (typeof value === 'string' && secretEnvKeys.includes(key)) {
      secrets[envRef(key)] = value;
      env[key] = { secretRef: envRef(key) };
    } else {
      env[key] = value;
    }
  }
  return { stored: { ...config, headers, env }, secrets };
}

/**
 * `values` with references looked up in `secrets`. Throws naming the entry (never its value) when
 * a reference has no secret; `what` says what the entries are ("header", "environment variable").
 */
function resolveValues(what: string, workload: string, values: Readonly<Record<string, ConfigValue>>, secrets: Readonly<Record<string, string>>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      resolved[name] = value;
      continue;
    }
    const secret = secrets[value.secretRef];
    if (secret === undefined) throw new Error(`the value of ${what} "${name}" of workload "${workload}" is missing from its secrets`);
    resolved[name] = secret;
  }
  return resolved;
}

/** Header values with references looked up in `secrets`. */
export function resolveHeaders(workload: string, headers: Readonly<Record<string, ConfigValue>>, secrets: Readonly<Record<string, string>>): Record<string, string> {
  return resolveValues('header', workload, headers, secrets);
}

/** Environment values with references looked up in `secrets`. */
export function resolveEnv(workload: string, env: Readonly<Record<string, ConfigValue>>, secrets: Readonly<Record<string, string>>): Record<string, string> {
  return resolveValues('environment variable', workload, env, secrets);
}

/** A saved env split into its plain values and its secret ones (still references). */
export function splitEnv(env: Readonly<Record<string, ConfigValue>>): { plain: Record<string, string>; secret: Record<string, ConfigValue> } {
  const plain: Record<string, string> = {};
  const secret: Record<string, ConfigValue> = {};
  for (const [key, value] of Object.entries(env)) {
    if (typeof value === 'string') plain[key] = value;
    else secret[key] = value;
  }
  return { plain, secret };
}

/**
 * One env of `env` and `secretEnv` (so that both are checked by the same rules), and the keys
 * whose values are secret. Throws WorkloadRequestError for a key given both ways.
 */
export function mergeSecretEnv(workload: string, env: Readonly<Record<string, ConfigValue>>, secretEnv: Readonly<Record<string, string>> | undefined): { env: Record<string, ConfigValue>; secretEnvKeys: string[] } {
  const secretEnvKeys = Object.keys(secretEnv ?? {});
  for (const key of secretEnvKeys) {
    if (Object.hasOwn(env, key)) throw new WorkloadRequestError(`invalid environment variable "${shorten(key)}" of workload "${shorten(workload)}": it is given both as a plain and as a secret variable`);
  }
  return { env: { ...env, ...secretEnv }, secretEnvKeys };
}
