import { INSTANCE_LABEL, STANDARD_LABELS } from '../../../shared/labels';
import type { RunConfig } from '../../../shared/run-config';

/**
 * Which RunConfig a container was made from: its `createdAt`, which every run and update sets
 * anew. A start that finds a container of another config (made from the old config by a restart
 * racing an update) replaces it rather than serving the old config under the new one.
 */
export const CONFIG_LABEL = 'mcpdesk.io/config-created-at';

/**
 * Whether a container with these labels is workload `name`'s container of this state root: made
 * by MCP Desk for that workload and this instance. Anything else (a user's own container of the
 * same name, another state root's) is never started, stopped or removed by us.
 */
export function isOurContainer(labels: Readonly<Record<string, string>>, name: string, instance: string): boolean {
  return labels[STANDARD_LABELS.name] === name && labels[INSTANCE_LABEL] === instance;
}

/**
 * Whether our container was made from another RunConfig than `config` (an update interrupted
 * between saving the config and replacing the container). A container without the label predates
 * it and cannot be judged: it counts as current.
 */
export function isStaleContainer(labels: Readonly<Record<string, string>>, config: Pick<RunConfig, 'createdAt'>): boolean {
  const madeFrom = labels[CONFIG_LABEL];
  return madeFrom !== undefined && madeFrom !== config.createdAt;
}
