/**
 * Keys that reach an object's prototype when a value is copied into a plain object by key
 * (`target[key] = value`): zod's records and most merges drop or misapply them silently. They are
 * refused wherever a user's text becomes a key (env names, header names, label keys, request
 * payloads), so every surface agrees and nothing is lost without a word.
 */
export const FORBIDDEN_OBJECT_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `key` is one of FORBIDDEN_OBJECT_KEYS. */
export function isForbiddenObjectKey(key: string): boolean {
  return FORBIDDEN_OBJECT_KEYS.has(key);
}
