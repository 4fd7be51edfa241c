import { StringDecoder } from 'node:string_decoder';

/**
 * Reads an image pull's progress stream (newline-separated JSON) to its end and resolves with the
 * failure it reports, or undefined when the pull succeeded. The engine accepts a pull with 200 and
 * reports a failure as an `{"error": ...}` line: Podman does so even for an unknown image, Docker
 * when a layer fails midway. dockerode's followProgress does not treat such a line as a failure
 * (and throws from inside a stream handler on a torn line), hence this reader. Rejects only when
 * the stream itself fails.
 */
export function pullFailure(progress: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let failure: string | undefined;
    const readLine = (line: string): void => {
      if (failure !== undefined || line.trim().length === 0) return;
      try {
        const entry = JSON.parse(line) as { error?: unknown; errorDetail?: { message?: unknown } };
        const message = entry.errorDetail?.message ?? entry.error;
        if (typeof message === 'string' && message.length > 0) failure = message;
        else if (entry.error !== undefined) failure = String(entry.error);
      } catch {
        // Progress text is informational; a line we cannot read does not decide success.
      }
    };
    progress.on('data', (chunk: Buffer | string) => {
      pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(readLine);
    });
    progress.once('end', () => {
      readLine(pending + decoder.end());
      resolve(failure);
    });
    progress.once('error', reject);
  });
}
