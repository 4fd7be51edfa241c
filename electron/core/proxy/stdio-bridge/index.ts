export { createStdioBridge, SERVER_EXITED, type StdioBridge, type StdioBridgeOptions } from './bridge';
export type { BridgeLog, BridgeLogLevel } from './contracts';
export { BridgeRequestTimeoutError, ServerClosedError } from './errors';
