// A throwaway redis-server (Debian package `redis-server`) on a free loopback port, for the tests of the guide's
// Redis path and the guide load run. No persistence: a restart starts empty, as a crashed Redis without a dump would.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The redis-server binary: $REDIS_SERVER, else the first on PATH, /usr/bin, /usr/sbin, /usr/local/bin; null if none. */
export function findRedisServer(env: Record<string, string | undefined> = process.env): string | null {
  const candidates = env.REDIS_SERVER
    ? [env.REDIS_SERVER]
    : [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/bin', '/usr/sbin', '/usr/local/bin'].map((d) =>
        path.join(d, 'redis-server'),
      );
  for (const file of candidates) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  return null;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL by default: a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing is answered. `resume` lets it go on (SIGCONT). */
  pause(): void;
  resume(): void;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

export async function startRedisServer(options: { timeoutMs?: number } = {}): Promise<TestRedis> {
  const bin = findRedisServer();
  if (!bin) {
    throw new Error(
      'redis-server is not installed: install the Debian package with `apt-get install -y redis-server` ' +
        '(npm test does it when it can), or set REDIS_SERVER=/path/to/redis-server.',
    );
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    const c = spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child = c;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const ms = options.timeoutMs ?? 10_000;
      const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${ms} ms:\n${output}`)), ms);
      const onData = (d: Buffer) => {
        output += d.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout!.on('data', onData);
      c.stderr!.on('data', onData);
      c.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}):\n${output}`));
      });
    });
  };
  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    pause: () => void (child as ChildProcess | null)?.kill('SIGSTOP'),
    resume: () => void (child as ChildProcess | null)?.kill('SIGCONT'),
    close: async () => {
      (child as ChildProcess | null)?.kill('SIGCONT');
      await stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
