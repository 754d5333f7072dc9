import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fakeServer } from './helpers';

const here = dirname(fileURLToPath(import.meta.url));

describe('process exit', () => {
  it('flushes the queue and completes open runs when the process exits without close()', async () => {
    const server = await fakeServer();
    const child = spawn(
      process.execPath,
      ['--conditions=@mloop/source', '--import', 'tsx', join(here, 'fixtures', 'exit-child.ts'), server.url, '500'],
      {
        cwd: join(here, '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, WANDB_API_KEY: server.apiKey },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const wandbId = /queued ([a-z0-9]{8})/.exec(stdout)?.[1] as string;
    expect(server.history(wandbId).length).toBe(500);
    expect(server.run(wandbId).complete).toBe(true);
    expect(server.run(wandbId).exitcode).toBe(0);
  }, 30_000);
});
