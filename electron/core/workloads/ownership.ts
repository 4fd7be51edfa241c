import { INSTANCE_LABEL, STANDARD_LABELS } from '../../../shared/labels';

/**
 * Whether a container with these labels is workload `name`'s container of this state root: made
 * by MCP Desk for that workload and this instance. Anything else (a user's own container of the
 * same name, another state root's) is never started, stopped or removed by us.
 */
export function isOurContainer(labels: Readonly<Record<string, string>>, name: string, instance: string): boolean {
  return labels[STANDARD_LABELS.name] === name && labels[INSTANCE_LABEL] === instance;
}
