import { describe, expect, it } from 'vitest';
import { isDeepLink, parseDeepLink } from '../../../electron/app/deep-links';

describe('parseDeepLink', () => {
  it('reads a run link into a prefill, env repeated', () => {
    expect(parseDeepLink('mcpdesk://v1/run?image=ghcr.io/acme/fetch:1.2&name=fetch&transport=stdio&env=API_URL=https://x.test/a%3Db&env=EMPTY=')).toEqual({
      kind: 'run',
      prefill: { image: 'ghcr.io/acme/fetch:1.2', remoteUrl: undefined, name: 'fetch', transport: 'stdio', env: { API_URL: 'https://x.test/a=b', EMPTY: '' } },
    });
  });

  it('reads a minimal run link with only an image', () => {
    expect(parseDeepLink('mcpdesk://v1/run?image=fetch')).toEqual({
      kind: 'run',
      prefill: { image: 'fetch', remoteUrl: undefined, name: undefined, transport: undefined, env: {} },
    });
  });

  it('reads a run link for a remote server', () => {
    expect(parseDeepLink('mcpdesk://v1/run?url=https%3A%2F%2Fmcp.example.com%2Fmcp&transport=streamable-http')).toMatchObject({
      kind: 'run',
      prefill: { remoteUrl: 'https://mcp.example.com/mcp', transport: 'streamable-http' },
    });
  });

  it('reads an open link, with a trailing slash too', () => {
    expect(parseDeepLink('mcpdesk://v1/open?name=fetch')).toEqual({ kind: 'open', name: 'fetch' });
    expect(parseDeepLink('mcpdesk://v1/open/?name=fetch')).toEqual({ kind: 'open', name: 'fetch' });
  });

  const malformed: [string, string, RegExp][] = [
    ['empty', '', /empty link/],
    ['not a URL', 'not a link', /is not a URL/],
    ['another scheme', 'https://v1/run?image=fetch', /scheme must be mcpdesk/],
    ['a javascript URL', 'javascript:alert(1)', /scheme must be mcpdesk/],
    ['no version', 'mcpdesk:///run?image=fetch', /unsupported link version ""/],
    ['a future version', 'mcpdesk://v2/run?image=fetch', /unsupported link version "v2"/],
    ['an upper-case version', 'mcpdesk://V1/run?image=fetch', /unsupported link version "V1"/],
    ['credentials', 'mcpdesk://user:pw@v1/run?image=fetch', /credentials/],
    ['a port', 'mcpdesk://v1:8080/run?image=fetch', /port/],
    ['a fragment', 'mcpdesk://v1/run?image=fetch#x', /fragment/],
    ['no intent', 'mcpdesk://v1/?image=fetch', /unknown action ""/],
    ['an unknown intent', 'mcpdesk://v1/delete?name=fetch', /unknown action "delete"/],
    ['a nested intent', 'mcpdesk://v1/run/now?image=fetch', /unknown action "run\/now"/],
    ['a prototype intent', 'mcpdesk://v1/__proto__?name=x', /unknown action "__proto__"/],
    ['an unknown parameter', 'mcpdesk://v1/run?image=fetch&privileged=true', /unknown parameter "privileged"/],
    ['a volume parameter', 'mcpdesk://v1/run?image=fetch&volume=/:/host', /unknown parameter "volume"/],
    ['run without image or url', 'mcpdesk://v1/run?name=fetch', /needs an image or a url/],
    ['run with image and url', 'mcpdesk://v1/run?image=fetch&url=https://x.test/', /not both/],
    ['an invalid image', 'mcpdesk://v1/run?image=Fetch%20Server', /invalid image/],
    ['an empty image', 'mcpdesk://v1/run?image=', /image is empty/],
    ['a file url', 'mcpdesk://v1/run?url=file:///etc/passwd', /scheme must be http or https/],
    ['a url with credentials', 'mcpdesk://v1/run?url=https://u:p@x.test/', /credentials/],
    ['a repeated image', 'mcpdesk://v1/run?image=a&image=b', /"image" is given more than once/],
    ['an unknown transport', 'mcpdesk://v1/run?image=fetch&transport=grpc', /unknown transport "grpc"/],
    ['a bad name', 'mcpdesk://v1/run?image=fetch&name=../etc', /invalid workload name/],
    ['a name starting with a dash', 'mcpdesk://v1/run?image=fetch&name=-rf', /must start with a letter or digit/],
    ['env without =', 'mcpdesk://v1/run?image=fetch&env=TOKEN', /expected KEY=VALUE/],
    ['env with a bad key', 'mcpdesk://v1/run?image=fetch&env=1BAD=x', /environment variable/],
    ['env key __proto__', 'mcpdesk://v1/run?image=fetch&env=__proto__=x', /__proto__/],
    ['a repeated env key', 'mcpdesk://v1/run?image=fetch&env=A=1&env=A=2', /"A" is given more than once/],
    ['too many env', `mcpdesk://v1/run?image=fetch${Array.from({ length: 101 }, (_, i) => `&env=K${i}=v`).join('')}`, /more than 100 env/],
    ['a newline in a value', 'mcpdesk://v1/run?image=fetch&env=A=x%0Ay', /control characters/],
    ['open without a name', 'mcpdesk://v1/open', /"name" is missing/],
    ['open with an empty name', 'mcpdesk://v1/open?name=', /name is empty/],
    ['open with an image', 'mcpdesk://v1/open?name=fetch&image=x', /unknown parameter "image"/],
    ['a 1 MB link', `mcpdesk://v1/run?image=${'a'.repeat(1024 * 1024)}`, /longer than 8192/],
  ];
  it.each(malformed)('refuses %s with a one-line message', (_what, link, message) => {
    const result = parseDeepLink(link);
    expect(result.kind).toBe('error');
    const text = result.kind === 'error' ? result.message : '';
    expect(text).toMatch(/^invalid MCP Desk link: /);
    expect(text).toMatch(message);
    expect(text).not.toMatch(/\n/);
    expect(text.length).toBeLessThan(300);
  });

  it('never throws, whatever it is given', () => {
    expect(parseDeepLink(undefined as unknown as string)).toMatchObject({ kind: 'error' });
  });
});

describe('isDeepLink', () => {
  it('tells our links from other arguments', () => {
    expect(isDeepLink('mcpdesk://v1/open?name=a')).toBe(true);
    expect(isDeepLink('MCPDESK://v1/open?name=a')).toBe(true);
    expect(isDeepLink('--no-sandbox')).toBe(false);
    expect(isDeepLink('/usr/lib/mcpdesk/app.asar')).toBe(false);
  });
});
