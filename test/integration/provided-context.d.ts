// Values that test/integration/global-setup.ts hands to every integration test through inject().
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** Tag of the fixture MCP server image in the engine, `mcpdesk-test-server:<12 hex>`. */
    testImage: string;
  }
}
