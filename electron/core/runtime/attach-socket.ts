import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EngineEndpoint } from './discovery';

/**
 * Opens a hijacked attach connection to a container's stdin, stdout and stderr: a POST to
 * /containers/{id}/attach upgraded to a raw socket, exactly as the docker CLI sends it (no body).
 * dockerode's own hijack cannot do this: it sends its options as a JSON body, which Podman hands on
 * to the container's stdin, and without that body its request never flushes its headers.
 *
 * Resolves with the raw socket (stdin unframed going in, multiplexed frames coming out). Rejects
 * with an error shaped like dockerode's (`statusCode`, `json.message`) when the engine answers
 * without upgrading (404 no such container, 409 not running), or with the socket error when the
 * engine cannot be reached.
 */
export function openAttachSocket(endpoint: EngineEndpoint, containerId: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const target = endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
    const req = request({
      ...target,
      method: 'POST',
      path: `/containers/${encodeURIComponent(containerId)}/attach?stream=1&stdin=1&stdout=1&stderr=1`,
      headers: { Host: 'docker', Connection: 'Upgrade', Upgrade: 'tcp', 'Content-Length': '0' },
    });
    req.once('upgrade', (_res, socket, head) => {
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => {
        let message = body.trim();
        try {
          const parsed = JSON.parse(body) as { message?: unknown };
          if (typeof parsed.message === 'string') message = parsed.message;
        } catch {
          // Not JSON: the text is the reason.
        }
        const error = Object.assign(new Error(`(HTTP code ${res.statusCode}) ${message}`), {
          statusCode: res.statusCode,
          json: { message: message || `HTTP ${res.statusCode}` },
        });
        reject(error);
      });
    });
    req.once('error', reject);
    req.end();
  });
}
