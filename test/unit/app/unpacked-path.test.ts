import { describe, expect, it } from 'vitest';
import { unpackedPath } from '../../../electron/app/unpacked-path';

describe('unpackedPath', () => {
  it('points a file inside app.asar at its unpacked copy', () => {
    expect(unpackedPath('/opt/MCP Desk/resources/app.asar/dist/proxy/proxy.cjs')).toBe('/opt/MCP Desk/resources/app.asar.unpacked/dist/proxy/proxy.cjs');
  });

  it('leaves a path outside any archive as it is', () => {
    expect(unpackedPath('/work/main/dist/proxy/proxy.cjs')).toBe('/work/main/dist/proxy/proxy.cjs');
    expect(unpackedPath('/home/me/app.asar.d/dist/proxy/proxy.cjs')).toBe('/home/me/app.asar.d/dist/proxy/proxy.cjs');
  });
});
