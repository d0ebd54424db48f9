// Load run of the live-guide fan-out, on loopback, bounded in time:
//   npx tsx scripts/guide-load.ts [--sizes 25,100,200] [--gotos 50] [--spacing 100] [--redis redis://…]
// For each size N: start the server in-process on 127.0.0.1:0, connect N simulated followers (each reports its
// position on every command, as a headset does), then the guide sends `gotos` gotos `spacing` ms apart. The fan-out
// latency of each delivery is the time from the guide's send to the follower's receipt (one process, one clock:
// performance.now); lost = deliveries that never arrived. Prints a table and writes bench/guide-load.json.
//
// Clients and server share this process's event loop, so the figures include the clients' own work: a real
// deployment (server alone on its machine, headsets on Wi-Fi) adds network latency but removes that.
// Like the bench, a missed target is reported, not thrown; scripts/bench/guide.ts calls `runGuideLoad` to include it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer } from '../server/app.ts';
import { roomsFrom } from '../server/guide/config.ts';
import { createGuideHub } from '../server/guide/hub.ts';
import { GuideClient } from '../server/guide/node-client.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'guide-load.json');
const MILESTONES = ['2020-2021', '2022', '2023-2024', '2025', '2026-onward'];
const SECRET = 'load-test-secret';

export const GUIDE_LOAD_TARGET = { followers: 200, p95Ms: 50, lost: 0 } as const;

export interface GuideLoadOptions {
  /** Follower counts to run, in order (default 25, 100, 200). */
  sizes?: readonly number[];
  /** Gotos the guide sends per run (default 50). */
  gotos?: number;
  /** Milliseconds between gotos (default 100). */
  spacingMs?: number;
  /** Followers answer every command with a position report, as headsets do (default true). */
  reportPositions?: boolean;
  /** Share the room through Redis (as two processes would); default: in-process. */
  redisUrl?: string;
  /** Whole run's limit (default 85 s); a run that would overrun is stopped and reported. */
  budgetMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface GuideLoadRow {
  followers: number;
  commands: number;
  /** followers × commands */
  expected: number;
  delivered: number;
  lost: number;
  duplicates: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Time to connect every follower and get each its welcome and state. */
  connectMs: number;
  /** Roster messages the guide got (throttled to ≤ 4/s). */
  rosters: number;
  /** Messages the server refused (should be 0). */
  errors: number;
}

export interface GuideLoadResult {
  date: string;
  node: string;
  cpus: number;
  store: 'memory' | 'redis';
  gotos: number;
  spacingMs: number;
  target: typeof GUIDE_LOAD_TARGET;
  rows: GuideLoadRow[];
  /** The target row (200 followers) met p95 < 50 ms with nothing lost. */
  pass: boolean;
  totalMs: number;
  /** Set when the run was cut short. */
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const round = (x: number) => Math.round(x * 100) / 100;

async function runSize(
  n: number,
  gotos: number,
  spacingMs: number,
  reportPositions: boolean,
  redisUrl: string | undefined,
  root: string,
  deadline: number,
): Promise<GuideLoadRow> {
  const left = () => deadline - performance.now();
  const hub = await createGuideHub({
    rooms: roomsFrom({ load: SECRET }),
    log: { info: () => {}, warn: () => {} },
    ...(redisUrl ? { redisUrl, redisPrefix: `load:${process.pid}:${n}:` } : {}),
  });
  const srv = await createServer({ root, port: 0, host: '127.0.0.1', guide: hub });
  const url = `ws://127.0.0.1:${srv.port}/guide`;
  const sentAt = new Map<number, number>();
  const received: Array<Map<number, number>> = [];
  const latencies: number[] = [];
  let duplicates = 0;
  let errors = 0;
  const clients: GuideClient[] = [];
  try {
    // Followers, in batches (as headsets arriving, but quickly).
    const t0 = performance.now();
    for (let i = 0; i < n; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, n - i) }, async (_, k) => {
          const index = i + k;
          const seen = new Map<number, number>();
          received[index] = seen;
          const c: GuideClient = await GuideClient.connect(url, {
            onMessage: (m, at) => {
              if (m.type === 'error') errors++;
              if (m.type !== 'command' || m.cmd.type !== 'goto') return;
              if (seen.has(m.seq)) duplicates++;
              else {
                seen.set(m.seq, at);
                const sent = sentAt.get(m.seq);
                if (sent !== undefined) latencies.push(at - sent);
              }
              if (reportPositions) c.send({ type: 'position', milestone: m.cmd.milestone, following: true });
            },
          });
          c.send({ type: 'hello', role: 'follower', room: 'load', clientId: `load-${n}-${String(index).padStart(4, '0')}` });
          await c.next('state', () => true, Math.max(1000, left()));
          return c;
        }),
      );
      clients.push(...batch);
    }
    const connectMs = performance.now() - t0;

    const guide = await GuideClient.connect(url);
    clients.push(guide);
    guide.send({ type: 'hello', role: 'guide', room: 'load', secret: SECRET });
    await guide.next('state');

    // The gotos, on a fixed schedule (no drift).
    const start = performance.now() + 20;
    for (let seq = 1; seq <= gotos; seq++) {
      await sleep(start + (seq - 1) * spacingMs - performance.now());
      if (left() < 3000) throw new Error(`out of time after ${seq - 1} of ${gotos} gotos with ${n} followers`);
      sentAt.set(seq, performance.now());
      guide.send({ type: 'goto', milestone: MILESTONES[seq % MILESTONES.length]!, seq });
    }
    // Drain: until everything arrived, at most 2 s (or what is left of the budget).
    const drainEnd = performance.now() + Math.min(2000, left() - 1000);
    while (performance.now() < drainEnd && received.some((m) => m.size < gotos)) await sleep(10);

    const delivered = received.reduce((sum, m) => sum + m.size, 0);
    const sorted = latencies.sort((a, b) => a - b);
    return {
      followers: n,
      commands: gotos,
      expected: n * gotos,
      delivered,
      lost: n * gotos - delivered,
      duplicates,
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      maxMs: round(sorted.at(-1) ?? NaN),
      connectMs: Math.round(connectMs),
      rosters: guide.messages.filter((m) => m.type === 'roster').length,
      errors,
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await srv.close();
    await hub.close();
  }
}

/** Runs the load for each size; never throws for a missed target (see `pass`), only reports. */
export async function runGuideLoad(options: GuideLoadOptions = {}): Promise<GuideLoadResult> {
  const sizes = options.sizes ?? [25, 100, 200];
  const gotos = options.gotos ?? 50;
  const spacingMs = options.spacingMs ?? 100;
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const deadline = t0 + (options.budgetMs ?? 85_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-load-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>load</title>');
  const rows: GuideLoadRow[] = [];
  let error: string | undefined;
  try {
    for (const n of sizes) {
      log(`guide load: ${n} followers, ${gotos} gotos every ${spacingMs} ms…`);
      rows.push(await runSize(n, gotos, spacingMs, options.reportPositions ?? true, options.redisUrl, root, deadline));
    }
  } catch (err) {
    error = (err as Error).message;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const targetRow = rows.find((r) => r.followers === GUIDE_LOAD_TARGET.followers);
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    store: options.redisUrl ? 'redis' : 'memory',
    gotos,
    spacingMs,
    target: GUIDE_LOAD_TARGET,
    rows,
    pass: !error && !!targetRow && targetRow.p95Ms < GUIDE_LOAD_TARGET.p95Ms && targetRow.lost === GUIDE_LOAD_TARGET.lost,
    totalMs: Math.round(performance.now() - t0),
    ...(error ? { error } : {}),
  };
}

export function formatGuideLoadTable(result: GuideLoadResult): string {
  const head = ['followers', 'deliveries', 'lost', 'dup', 'p50 ms', 'p95 ms', 'max ms', 'connect ms', 'rosters', 'errors'];
  const lines = result.rows.map((r) => [
    String(r.followers),
    `${r.delivered}/${r.expected}`,
    String(r.lost),
    String(r.duplicates),
    r.p50Ms.toFixed(2),
    r.p95Ms.toFixed(2),
    r.maxMs.toFixed(2),
    String(r.connectMs),
    String(r.rosters),
    String(r.errors),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const t = GUIDE_LOAD_TARGET;
  return [
    `Live-guide fan-out (${result.store} store, ${result.gotos} gotos every ${result.spacingMs} ms, loopback, ${result.cpus} CPUs, node ${result.node})`,
    fmt(head),
    ...lines.map(fmt),
    `target: ${t.followers} followers with p95 < ${t.p95Ms} ms and ${t.lost} lost: ${result.pass ? 'PASS' : 'FAIL'}` +
      `   (total ${(result.totalMs / 1000).toFixed(1)} s)`,
    ...(result.error ? [`stopped: ${result.error}`] : []),
  ].join('\n');
}

function parseArgs(argv: string[]): GuideLoadOptions {
  const options: GuideLoadOptions = { log: (l) => console.error(l) };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i]!.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--sizes') options.sizes = value.split(',').map((v) => Number(v));
    else if (name === '--gotos') options.gotos = Number(value);
    else if (name === '--spacing') options.spacingMs = Number(value);
    else if (name === '--redis') options.redisUrl = value;
    else throw new Error(`unknown argument ${name} (use --sizes 25,100,200 --gotos 50 --spacing 100 --redis URL)`);
  }
  if (options.sizes?.some((n) => !Number.isInteger(n) || n < 1 || n > 2000)) throw new Error('--sizes: whole numbers from 1 to 2000');
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const watchdog = setTimeout(() => {
    console.error('guide load: still running after 90 s; stopping');
    process.exit(2);
  }, 90_000);
  watchdog.unref();
  runGuideLoad(parseArgs(process.argv.slice(2))).then(
    (result) => {
      console.log(formatGuideLoadTable(result));
      mkdirSync(path.dirname(OUT), { recursive: true });
      writeFileSync(OUT, JSON.stringify(result, null, 2) + '\n');
      console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
      process.exit(result.error ? 1 : 0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
