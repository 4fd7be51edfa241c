import { z } from 'zod';
import { shorten } from './text';

const NAME_CHARS = /^[a-zA-Z0-9._-]+$/;
const MAX_NAME_LENGTH = 100;

/**
 * Why `name` cannot be a workload name, or undefined when it can. Rules: 1 to 100 characters from
 * letters, digits, `.`, `_` and `-`; no `..` anywhere (names become file names under the state
 * folder); the first character a letter or digit, because the name is also the container's name and
 * the engine refuses names that start otherwise (and `-x` would read as a flag on the command line).
 */
export function workloadNameProblem(name: string): string | undefined {
  return nameProblem(name, 'name');
}

/** The workload-name rules applied to another kind of name (a group's); `noun` names it in the reason. */
export function nameProblem(name: string, noun: string): string | undefined {
  if (name.length === 0) return `the ${noun} is empty`;
  if (name.length > MAX_NAME_LENGTH) return `the ${noun} is longer than ${MAX_NAME_LENGTH} characters`;
  if (!NAME_CHARS.test(name)) return `the ${noun} may hold only letters, digits, ".", "_" and "-"`;
  if (name.includes('..')) return `the ${noun} must not contain ".."`;
  if (!/^[a-zA-Z0-9]/.test(name)) return `the ${noun} must start with a letter or digit`;
  return undefined;
}

/** A workload name; the message of a refusal names the rule broken. */
export const WorkloadNameSchema = z.string().superRefine((name, ctx) => {
  const problem = workloadNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: `invalid workload name "${shorten(name)}": ${problem}` });
});

/** Thrown for a workload name that breaks the rules. */
export class InvalidNameError extends Error {
  override readonly name = 'InvalidNameError';
}

/** Returns `name` when valid; otherwise throws InvalidNameError naming it and the rule. */
export function assertWorkloadName(name: string): string {
  const problem = workloadNameProblem(name);
  if (problem) throw new InvalidNameError(`invalid workload name "${shorten(name)}": ${problem}`);
  return name;
}
