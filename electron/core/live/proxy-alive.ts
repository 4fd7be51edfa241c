import http from 'node:http';
import { ALIVE_PATH } from '../proxy/proxy-server';

/**
 * Holds a connection to the proxy on 127.0.0.1:`port` and calls `onGone` once when it drops (the
 * proxy exited or was killed) or cannot be made. Returns a function that lets go without calling
 * `onGone`.
 */
export function watchProxyAlive(port: number, onGone: () => void): () => void {
  let done = false;
  const gone = (): void => {
    if (done) return;
    done = true;
    onGone();
  };
  const req = http.get({ host: '127.0.0.1', port, path: ALIVE_PATH, headers: { host: `127.0.0.1:${port}` } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      gone();
      return;
    }
    res.on('data', () => undefined);
    res.once('close', gone);
  });
  req.once('error', gone);
  return () => {
    done = true;
    req.destroy();
  };
}
