import { describe, expect, it } from 'vitest';
import { LinkDelivery } from '../../../electron/app/link-delivery';
import type { DeepLink } from '../../../shared/deep-link';

describe('LinkDelivery', () => {
  it('holds links from a cold start until the page is ready, then delivers them in order', () => {
    const delivered: DeepLink[] = [];
    const links = new LinkDelivery((link) => delivered.push(link));
    expect(links.receiveArgv(['/usr/bin/mcpdesk', '--no-sandbox', 'mcpdesk://v1/open?name=a', 'mcpdesk://v9/run'])).toBe(2);
    expect(delivered).toEqual([]);
    links.ready();
    expect(delivered).toEqual([
      { kind: 'open', name: 'a' },
      { kind: 'error', message: expect.stringMatching(/unsupported link version "v9"/) },
    ]);
  });

  it('delivers at once while ready, and holds again while the page reloads', () => {
    const delivered: DeepLink[] = [];
    const links = new LinkDelivery((link) => delivered.push(link));
    links.ready();
    links.receive('mcpdesk://v1/open?name=a');
    expect(delivered).toHaveLength(1);
    links.notReady();
    links.receive('mcpdesk://v1/open?name=b');
    expect(delivered).toHaveLength(1);
    links.ready();
    expect(delivered).toEqual([
      { kind: 'open', name: 'a' },
      { kind: 'open', name: 'b' },
    ]);
  });

  it('ignores arguments that are not links', () => {
    const delivered: DeepLink[] = [];
    const links = new LinkDelivery((link) => delivered.push(link));
    links.ready();
    expect(links.receiveArgv(['electron', '.', '--inspect'])).toBe(0);
    expect(delivered).toEqual([]);
  });
});
