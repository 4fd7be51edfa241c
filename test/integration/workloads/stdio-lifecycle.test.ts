import { access, readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { connectClient, echoThrough, textOf } from './helpers/clients';
import { eventually } from './helpers/harness';
import { useDesk } from './helpers/use-desk';

const image = inject('testImage');
const desk = useDesk();

describe('a stdio workload through the mcpdesk CLI', () => {
  it('runs detached, serves /mcp and /sse, stops keeping its state, restarts on the same port, and is removed', async () => {
    const ran = await desk().cli('run', image, '--name', 'echo-stdio', '-l', 'team=backend', '--group', 'dev', '--wait');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const info = await desk().manager.get('echo-stdio');
    expect(info).toMatchObject({ status: 'running', transport: 'stdio', labels: { team: 'backend' }, group: 'dev', kind: 'container' });
    expect(info.url).toBe(`http://127.0.0.1:${info.port}/mcp`);

    expect(await echoThrough(info.url, 'through streamable HTTP')).toBe('through streamable HTTP');
    expect(await echoThrough(`http://127.0.0.1:${info.port}/sse`, 'through SSE')).toBe('through SSE');

    const stopped = await desk().cli('stop', 'echo-stdio');
    expect(stopped).toMatchObject({ code: 0, stdout: 'echo-stdio: stopped\n' });
    expect((await desk().manager.get('echo-stdio')).status).toBe('stopped');
    await access(desk().state.paths.runConfigFile('echo-stdio'));
    expect((await desk().containers())[0]).toMatch(/^echo-stdio exited /);
    await expect(echoThrough(info.url, 'x')).rejects.toThrow();
    const listed = await desk().cli('list');
    expect(listed.stdout).not.toContain('echo-stdio');
    expect((await desk().cli('list', '--all')).stdout).toMatch(/echo-stdio\s+stopped/);

    const restarted = await desk().cli('restart', 'echo-stdio');
    expect(restarted.code).toBe(0);
    const again = await eventually('running after restart', async () => {
      const now = await desk().manager.get('echo-stdio');
      return now.status === 'running' ? now : undefined;
    });
    expect(again.port).toBe(info.port);
    expect(await echoThrough(again.url, 'after restart')).toBe('after restart');

    const removed = await desk().cli('rm', 'echo-stdio');
    expect(removed).toMatchObject({ code: 0, stdout: 'echo-stdio: removed\n' });
    expect(await desk().containers()).toEqual([]);
    await expect(readFile(desk().state.paths.runConfigFile('echo-stdio'))).rejects.toThrow(/ENOENT/);
    await expect(readFile(desk().state.paths.statusFile('echo-stdio'))).rejects.toThrow(/ENOENT/);
    await expect(desk().manager.get('echo-stdio')).rejects.toThrow('workload "echo-stdio" not found');
  });

  it('gives 10 concurrent clients through one stdio proxy their own answers', async () => {
    await desk().cli('run', image, '--name', 'crowd', '--wait');
    const { port } = await desk().manager.get('crowd');
    const answers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const client = await connectClient(i % 2 === 0 ? `http://127.0.0.1:${port}/mcp` : `http://127.0.0.1:${port}/sse`, `client-${i}`);
        try {
          const results: string[] = [];
          for (let round = 0; round < 5; round++) {
            const [sum, echo] = await Promise.all([
              client.callTool({ name: 'add', arguments: { a: i, b: round * 100 } }),
              client.callTool({ name: 'echo', arguments: { text: `client ${i} round ${round}` } }),
            ]);
            results.push(`${textOf(sum)}|${textOf(echo)}`);
          }
          return results;
        } finally {
          await client.close();
        }
      }),
    );
    answers.forEach((results, i) => {
      expect(results).toEqual([0, 1, 2, 3, 4].map((round) => `${i + round * 100}|client ${i} round ${round}`));
    });
  });
});
