/** The container runtime: the Runtime interface, its dockerode implementation, and their types. */
export type {
  ContainerInfo,
  ContainerReader,
  ContainerState,
  ContainerStreams,
  ContainerSummary,
  DeployedContainer,
  Deployer,
  ImageStore,
  LogOptions,
  PublishedPort,
  Runtime,
  StdioAttachment,
} from './runtime';
export { buildCreateOptions, type ContainerSpec } from './container-spec';
export { discoverEngine, type DiscoveryOptions, type EngineEndpoint, type EngineGuess } from './discovery';
export { createDockerRuntime, DockerRuntime, type DockerRuntimeOptions } from './docker-runtime';
export {
  ContainerExistsError,
  ContainerNotFoundError,
  ContainerSpecError,
  ImagePullError,
  RuntimeError,
  RuntimeUnavailableError,
} from './errors';
export {
  DEFAULT_BACKOFF,
  type Backoff,
  type ContainerEvent,
  type EventStreamOptions,
  type KnownContainerAction,
  type RuntimeEventStream,
  type RuntimeEventStreamEvents,
} from './event-stream';
