import type { ConfigValue, RunConfig } from '../../../shared/run-config';

/** The reference under which header `name`'s value is kept in the workload's secrets. */
function headerRef(name: string): string {
  return `header:${name}`;
}

/**
 * Splits a config into what is saved as the RunConfig (header values replaced by references) and
 * the secret values themselves, for the SecretStore. Values that are references already stay.
 */
export function separateSecrets(config: RunConfig): { stored: RunConfig; secrets: Record<string, string> } {
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
  return { stored: { ...config, headers }, secrets };
}

/**
 * Header values with references looked up in `secrets`. Throws naming the header (never its
 * value) when a reference has no secret.
 */
export function resolveHeaders(workload: string, headers: Readonly<Record<string, ConfigValue>>, secrets: Readonly<Record<string, string>>): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') {
      resolved[name] = value;
      continue;
    }
    const secret = secrets[value.secretRef];
    if (secret === undefined) throw new Error(`the value of header "${name}" of workload "${workload}" is missing from its secrets`);
    resolved[name] = secret;
  }
  return resolved;
}
