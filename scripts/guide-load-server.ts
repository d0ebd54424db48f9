// One guide server process for scripts/guide-load.ts: started with fork() (node --import tsx --expose-gc), it serves
// an empty exhibit root with the guide hub on 127.0.0.1:0 and talks to its parent over IPC:
//   → { type: 'listening', port }            once it listens
//   ← { type: 'memory' }  → { type: 'memory', heapUsed, rss, clients, cpuMs }   after a forced GC
//   ← { type: 'stop' }    closes and exits
// Environment: LOAD_ROOT (static root), LOAD_SECRET, LOAD_ROOMS (room names, comma-separated; default "load"),
// LOAD_REDIS_URL / LOAD_REDIS_PREFIX (optional).
import { createServer } from '../server/app.ts';
import { roomsFrom } from '../server/guide/config.ts';
import { createGuideHub } from '../server/guide/hub.ts';

const env = process.env;
if (!process.send) throw new Error('guide-load-server.ts runs as a child of scripts/guide-load.ts (fork, with IPC)');
const send = (m: unknown) => process.send!(m);

const hub = await createGuideHub({
  rooms: roomsFrom(Object.fromEntries((env.LOAD_ROOMS ?? 'load').split(',').map((r) => [r, env.LOAD_SECRET ?? 'load-test-secret']))),
  // LOAD_LOG=1: the hub's warnings on stderr (a run that loses messages says why).
  log: { info: () => {}, warn: env.LOAD_LOG ? (m) => console.error(`[server ${process.pid}] ${m}`) : () => {} },
  ...(env.LOAD_POSITION_FLUSH_MS ? { positionFlushMs: Number(env.LOAD_POSITION_FLUSH_MS) } : {}),
  ...(env.LOAD_REDIS_URL ? { redisUrl: env.LOAD_REDIS_URL, redisPrefix: env.LOAD_REDIS_PREFIX ?? 'load:' } : {}),
});
const srv = await createServer({ root: env.LOAD_ROOT ?? '.', port: 0, host: '127.0.0.1', guide: hub });

process.on('message', (m: { type?: string }) => {
  if (m?.type === 'memory') {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const mem = process.memoryUsage();
    const cpu = process.cpuUsage();
    send({
      type: 'memory',
      heapUsed: mem.heapUsed,
      rss: mem.rss,
      external: mem.external,
      clients: hub.size,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  } else if (m?.type === 'stop') {
    void Promise.allSettled([srv.close(), hub.close()]).then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
send({ type: 'listening', port: srv.port });
