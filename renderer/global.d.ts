import type { McpDeskApi } from '../shared/contract';

// The preload exposes the contract's API as window.mcpdesk; the renderer sees nothing else of main.
declare global {
  interface Window {
    readonly mcpdesk: McpDeskApi;
  }
}
