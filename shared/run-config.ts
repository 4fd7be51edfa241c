import { z } from 'zod';
import { LabelsSchema } from './labels';
import { nameProblem, WorkloadNameSchema } from './names';
import { imageReferenceProblem, remoteUrlProblem } from './references';
import { shorten } from './text';

/** How the MCP server inside the container speaks. */
export const TRANSPORTS = ['stdio', 'sse', 'streamable-http'] as const;
export const TransportSchema = z.enum(TRANSPORTS);
export type Transport = z.infer<typeof TransportSchema>;

/** Which endpoint a stdio workload's proxy advertises as its URL (it serves both). */
export const PROXY_MODES = ['streamable-http', 'sse'] as const;
export const ProxyModeSchema = z.enum(PROXY_MODES);
export type ProxyMode = z.infer<typeof ProxyModeSchema>;

/** The RunConfig format written to state/<name>.json. Bump on an incompatible change. */
export const RUN_CONFIG_SCHEMA_VERSION = 1;

/** Why `group` cannot be a group name (the workload-name rules apply), or undefined. */
export function groupNameProblem(group: string): string | undefined {
  return nameProblem(group, 'group name');
}

export const PortSchema = z.number().int().min(1).max(65535);

/**
 * A configuration value that may be a secret. Secrets are stored by reference (a key into the
 * secret store), never in plaintext in the RunConfig.
 */
export const ConfigValueSchema = z.union([z.string(), z.object({ secretRef: z.string().min(1) }).strict()]);
export type ConfigValue = z.infer<typeof ConfigValueSchema>;

/** An environment variable name: letters, digits and `_`, not starting with a digit. */
export const EnvKeySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name holds letters, digits and "_" and does not start with a digit');

/** An HTTP header name: RFC 9110 token characters. */
export const HeaderNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name holds only letters, digits and !#$%&\'*+.^_`|~-');

export const VolumeSchema = z
  .object({
    hostPath: z.string().startsWith('/', 'the host path must be absolute'),
    containerPath: z.string().startsWith('/', 'the container path must be absolute'),
    readOnly: z.boolean(),
  })
  .strict();
export type Volume = z.infer<typeof VolumeSchema>;

/**
 * Everything needed to start a workload again: written once by `run`, read by restart and update.
 * Exactly one of `image` (a container workload) and `remoteUrl` (a remote workload) is set.
 */
export const RunConfigSchema = z
  .object({
    schemaVersion: z.literal(RUN_CONFIG_SCHEMA_VERSION),
    name: WorkloadNameSchema,
    image: z.string().optional(),
    remoteUrl: z.string().optional(),
    cmdArgs: z.array(z.string()),
    transport: TransportSchema,
    proxyMode: ProxyModeSchema,
    proxyPort: PortSchema,
    targetPort: PortSchema.optional(),
    env: z.record(z.string(), ConfigValueSchema),
    volumes: z.array(VolumeSchema),
    labels: LabelsSchema,
    group: z.string().optional(),
    headers: z.record(z.string(), ConfigValueSchema),
    createdAt: z.iso.datetime(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if ((config.image === undefined) === (config.remoteUrl === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a workload has either an image or a remote URL, not both and not neither' });
    }
    if (config.image !== undefined) {
      const problem = imageReferenceProblem(config.image);
      if (problem) ctx.addIssue({ code: 'custom', path: ['image'], message: problem });
    }
    if (config.remoteUrl !== undefined) {
      const problem = remoteUrlProblem(config.remoteUrl);
      if (problem) ctx.addIssue({ code: 'custom', path: ['remoteUrl'], message: problem });
      if (config.volumes.length > 0 || Object.keys(config.env).length > 0 || config.cmdArgs.length > 0) {
        ctx.addIssue({ code: 'custom', message: 'a remote workload has no container: env, volumes and arguments do not apply' });
      }
    }
    // Keys are checked here rather than by z.record, whose own message only says "Invalid key".
    for (const key of Object.keys(config.env)) {
      const problem = EnvKeySchema.safeParse(key).error?.issues[0]?.message;
      if (problem) ctx.addIssue({ code: 'custom', path: ['env', key], message: `invalid environment variable "${shorten(key)}": ${problem}` });
    }
    for (const key of Object.keys(config.headers)) {
      const problem = HeaderNameSchema.safeParse(key).error?.issues[0]?.message;
      if (problem) ctx.addIssue({ code: 'custom', path: ['headers', key], message: `invalid header "${shorten(key)}": ${problem}` });
    }
    if (config.group !== undefined) {
      const problem = groupNameProblem(config.group);
      if (problem) ctx.addIssue({ code: 'custom', path: ['group'], message: `invalid group "${shorten(config.group)}": ${problem}` });
    }
  });

export type RunConfig = z.infer<typeof RunConfigSchema>;

/** Whether the workload is a remote MCP server (no container), as ToolHive decides it. */
export function isRemote(config: Pick<RunConfig, 'remoteUrl'>): boolean {
  return config.remoteUrl !== undefined && config.remoteUrl !== '';
}
