import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pullFailure } from '../../../electron/core/runtime/pull-progress';

function feed(...chunks: string[]): PassThrough {
  const stream = new PassThrough();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return stream;
}

describe('pullFailure', () => {
  it('finds nothing wrong in a successful pull', async () => {
    const ok = feed('{"status":"Pulling from x/y","id":"1"}\n{"status":"Download complete"}\n', '{"status":"Status: Downloaded newer image for x/y:1"}\n');
    expect(await pullFailure(ok)).toBeUndefined();
  });

  it("reports the error line of an accepted pull in the engine's words (Podman's unknown image)", async () => {
    const line = JSON.stringify({ progressDetail: {}, errorDetail: { message: 'initializing source docker://x/y:1: no such host' }, error: 'initializing source docker://x/y:1: no such host' });
    expect(await pullFailure(feed(`${line}\n`))).toBe('initializing source docker://x/y:1: no such host');
  });

  it('reports the first error even when the line is cut across chunks and has no final newline', async () => {
    const line = JSON.stringify({ error: 'unexpected EOF' });
    expect(await pullFailure(feed('{"status":"Downloading"}\n', line.slice(0, 7), line.slice(7)))).toBe('unexpected EOF');
  });

  it('ignores a line that is not JSON', async () => {
    expect(await pullFailure(feed('garbage\n{"status":"done"}\n'))).toBeUndefined();
  });
});
