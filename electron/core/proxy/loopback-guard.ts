import type { IncomingMessage } from 'node:http';
import { shorten } from '../../../shared/text';

// 127.0.0.0/8 in dotted decimal. Leading zeros are refused: some parsers read "0177" as octal, and a
// browser never sends them (it serialises the address it parsed).
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LOOPBACK_NAME = new RegExp(`^(?:localhost|127\\.${OCTET}\\.${OCTET}\\.${OCTET}|\\[::1\\])$`, 'i');
const HOST_AND_PORT = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/;
const ORIGIN = /^(https?):\/\/(.+)$/i;

/**
 * The MCP specification's guard against DNS rebinding, for a server that listens on loopback: a web
 * page whose name an attacker re-points at 127.0.0.1 must not reach it through the browser.
 *
 * Returns why the request is refused, or undefined when it may pass:
 * - the Host header must be a loopback name with an optional port: `localhost`, `127.x.y.z` or
 *   `[::1]`. A missing or empty Host is refused (every HTTP/1.1 client sends one). Names that only
 *   start or end like loopback (`127.0.0.1.evil.example`, `localhost.evil.example`), `0.0.0.0`,
 *   IPv4-mapped IPv6 (`[::ffff:127.0.0.1]`), a trailing dot and leading zeros are refused.
 * - an Origin header, when present, must be `http` or `https` on such a name (any port). `null`
 *   (sandboxed frames, file: pages) is refused. Clients that are not browsers send no Origin.
 *
 * The reason quotes the offending value, escaped and shortened, so it is safe to send back in a 403.
 */
export function loopbackRequestProblem(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const host = req.headers.host;
  if (host === undefined || host === '') return 'the request has no Host header';
  if (!isLoopbackHost(host)) return `Host "${shorten(host)}" is not a loopback name (localhost, 127.x.y.z or [::1])`;

  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const match = ORIGIN.exec(origin);
  if (!match?.[2] || !isLoopbackHost(match[2])) {
    return `Origin "${shorten(origin)}" is not http(s) on a loopback name (localhost, 127.x.y.z or [::1])`;
  }
  return undefined;
}

/** `name` or `name:port` where name is a loopback name and port is 0..65535. */
function isLoopbackHost(value: string): boolean {
  const match = HOST_AND_PORT.exec(value);
  if (!match?.[1]) return false;
  const port = match[2];
  if (port !== undefined && Number(port) > 65535) return false;
  return LOOPBACK_NAME.test(match[1]);
}
