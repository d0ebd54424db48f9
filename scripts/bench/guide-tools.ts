// The guide's tools (issue 16): how fast a guide's pointing reaches a follower's screen, how far behind the headset a
// booth screen's camera follows (after each step of an emulated Quest 3: scripts/bench/watch-lag.ts), and what sharing a view costs: bytes per second per shared headset, and the server's
// CPU with 10 headsets each shared to its own booth screen (10 rooms), in a server process of its own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub } from '../../server/guide/hub.ts';
import { GuideClient } from '../../server/guide/node-client.ts';
import { SHARE_INTERVAL_MS } from '../../src/features/guide/tools.ts';
import { startServer } from '../guide-load.ts';
import { type BenchContext, type Figure, figure, round, type SectionResult, VIEWPORT } from './common.ts';
import { CATCH_UP_TIMEOUT_MS, WATCH_TOLERANCE_DEG, WATCH_TOLERANCE_M, watcherStepLag } from './watch-lag.ts';

const ROOM = 'bench';
const SECRET = 'bench-guide-secret-1';
const HEADSETS = 10;
const SHARE_SECONDS = 10;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

/** 10 simulated headsets, each walking and looking around at the share rate, each watched by its own screen. */
async function serverCost(): Promise<{ bytesPerS: number; downBytesPerS: number; cpuPercent: number; viewsPerS: number }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'iamm-tools-bench-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>IAMM</title>');
  const rooms = Array.from({ length: HEADSETS }, (_, i) => `booth-${i}`);
  const server = await startServer(root, undefined, rooms);
  const clients: GuideClient[] = [];
  try {
    const url = `ws://127.0.0.1:${server.port}/guide`;
    const headsets: GuideClient[] = [];
    const screens: GuideClient[] = [];
    for (const [i, room] of rooms.entries()) {
      const h = await GuideClient.connect(url);
      h.send({ type: 'hello', role: 'follower', room, clientId: `headset-bench-${i}` });
      await h.next('state');
      h.send({ type: 'share', on: true });
      const w = await GuideClient.connect(url);
      w.send({ type: 'hello', role: 'watcher', room });
      await w.next('view');
      headsets.push(h);
      screens.push(w);
      clients.push(h, w);
    }
    const before = await server.memory();
    const seen = screens.map((w) => w.messages.length);
    let sent = 0;
    const start = Date.now();
    for (let k = 0; Date.now() - start < SHARE_SECONDS * 1000; k++) {
      const t = (Date.now() - start) / 1000;
      for (const [i, h] of headsets.entries()) {
        const pose = {
          type: 'pose',
          x: Math.sin(t + i) * 0.8,
          y: 1.6 + Math.sin(t * 3) * 0.02,
          z: -4 - t * 0.9,
          yaw: Math.sin(t * 0.7 + i),
          pitch: Math.sin(t * 1.3) * 0.2,
          language: 'zh',
          milestone: '2022',
        };
        const text = JSON.stringify(pose);
        sent += Buffer.byteLength(text);
        h.send(text);
      }
      await sleep(start + (k + 1) * SHARE_INTERVAL_MS - Date.now());
    }
    const seconds = (Date.now() - start) / 1000;
    await sleep(300);
    const after = await server.memory();
    const received = screens.map((w, i) => w.messages.slice(seen[i]).filter((m) => m.type === 'view'));
    const downBytes = received.flat().reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m)), 0);
    return {
      bytesPerS: sent / HEADSETS / seconds,
      downBytesPerS: downBytes / HEADSETS / seconds,
      cpuPercent: ((after.cpuMs - before.cpuMs) / (seconds * 1000)) * 100,
      viewsPerS: received.flat().length / HEADSETS / seconds,
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Time stamps in the pages: the follower notes when each element gets highlighted; both sample the camera per frame. */
const FOLLOWER_PROBE = `
  window.__hl = [];
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target;
      if (el instanceof Element && el.classList.contains('guide-highlight')) window.__hl.push({ id: el.getAttribute('data-element'), t: Date.now() });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
`;
async function ready(page: Page): Promise<void> {
  await page.waitForSelector('html[data-ready="1"]', { timeout: 90_000 });
}

async function inBrowser(ctx: Pick<BenchContext, 'browser' | 'distDir'>): Promise<{
  highlightMs: number[];
}> {
  const hub = await createGuideHub({ rooms: roomsFrom({ [ROOM]: SECRET }), log: { info: () => undefined, warn: () => undefined } });
  const srv = await createServer({ root: ctx.distDir, port: 0, host: '127.0.0.1', guide: hub });
  const base = `http://127.0.0.1:${srv.port}/`;
  const contexts = await Promise.all([0, 1].map(() => ctx.browser.newContext({ viewport: VIEWPORT, serviceWorkers: 'block', reducedMotion: 'reduce' })));
  try {
    const [guide, follower] = await Promise.all(contexts.map((c) => c.newPage()));
    await follower!.addInitScript({ content: FOLLOWER_PROBE });
    await Promise.all([
      guide!.goto(`${base}?guide=${ROOM}&lang=en`),
      follower!.goto(`${base}?follow=${ROOM}&lang=en&view=2d`),
    ]);
    await Promise.all([guide!, follower!].map(ready));
    await guide!.getByRole('dialog', { name: 'Guide secret' }).locator('input').fill(SECRET);
    await guide!.getByRole('button', { name: 'Connect' }).click();
    await guide!.waitForSelector('.guide-pill[data-status="connected"]');
    await follower!.waitForSelector('.guide-pill[data-status="following"]');
    for (let i = 0; i < 3; i++) await guide!.locator('body').press('n');
    await follower!.waitForFunction(() => window.location.hash === '#2023-2024', undefined, { timeout: 15_000 });
    await guide!.getByRole('button', { name: 'Point at a line' }).click();

    // The guide's press → the follower's highlight, for each list item in turn, a few times over.
    const ids = ['2023-2024.item0', '2023-2024.item1', '2023-2024.item2', '2023-2024.body0'];
    const highlightMs: number[] = [];
    for (let k = 0; k < 12; k++) {
      const id = ids[k % ids.length]!;
      const at = await guide!.evaluate((e) => window.__IAMM__!.elementScreenPoint(e), id);
      if (!at) continue;
      await guide!.mouse.move(at.x, at.y);
      const t0 = await guide!.evaluate(() => Date.now());
      await guide!.mouse.click(at.x, at.y);
      // The follower's clock is the same machine's: the first highlight of this element after the press.
      const t1 = await follower!
        .waitForFunction(
          ([e, since]) => (window as unknown as { __hl: Array<{ id: string; t: number }> }).__hl.find((h) => h.id === e && h.t >= since)?.t,
          [id, t0] as const,
          { timeout: 5000 },
        )
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => null);
      if (t1 !== null) highlightMs.push(t1 - t0);
      await sleep(150);
    }

    return { highlightMs };
  } finally {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await srv.close();
    await hub.close();
  }
}

export async function measure(ctx: Pick<BenchContext, 'browser' | 'distDir' | 'log'>): Promise<SectionResult> {
  const cost = await serverCost();
  ctx.log(
    `[guide-tools] ${HEADSETS} headsets → ${HEADSETS} screens: ${round(cost.bytesPerS)} B/s up per headset, ` +
      `${round(cost.downBytesPerS)} B/s down per screen, ${round(cost.viewsPerS)} views/s, server CPU ${round(cost.cpuPercent)} %`,
  );
  const b = await inBrowser(ctx);
  ctx.log(`[guide-tools] highlight latency (ms): ${b.highlightMs.join(', ')}`);
  const step = await watcherStepLag(ctx);
  ctx.log(`[guide-tools] emulated Quest 3 moved ${step.lagMs.length + step.missed}×: screen caught up in ${step.lagMs.join(', ')} ms (${step.missed} missed)`);
  ctx.log(`[guide-tools]   of which the headset's next frame (ms): ${step.headsetMs.join(', ')}; network: ${step.networkMs.join(', ')}; send → screen: ${step.screenMs.join(', ')}`);
  const mid = (xs: number[]) => (xs.length ? round(median(xs)) : null);
  const top = (xs: number[]) => (xs.length ? round(Math.max(...xs)) : null);
  const within = `within ${WATCH_TOLERANCE_M * 100} cm and ${WATCH_TOLERANCE_DEG}°`;
  const figures: Figure[] = [
    figure('toolsHighlightP50Ms', 'guide press → follower highlight, p50 (loopback)', round(median(b.highlightMs)), 'ms'),
    figure('toolsHighlightMaxMs', 'guide press → follower highlight, max (loopback)', round(Math.max(...b.highlightMs)), 'ms', 500),
    figure('toolsWatchStepP50Ms', `emulated Quest 3 moved → booth screen ${within}, median`, mid(step.lagMs), 'ms'),
    figure('toolsWatchStepMaxMs', `emulated Quest 3 moved → booth screen ${within}, max`, top(step.lagMs), 'ms'),
    figure('toolsWatchStepHeadsetP50Ms', `  of it: move → the headset sends the new pose, median (emulator frame)`, mid(step.headsetMs), 'ms'),
    figure('toolsWatchStepScreenP50Ms', `  of it: pose sent → booth screen ${within}, median`, mid(step.screenMs), 'ms'),
    figure('toolsWatchStepScreenMaxMs', `  of it: pose sent → booth screen ${within}, max`, top(step.screenMs), 'ms'),
    figure('toolsWatchStepMissed', `moves not shown within ${CATCH_UP_TIMEOUT_MS / 1000} s (or the emulator stalled)`, step.missed, 'moves', 0),
    figure('toolsShareSimBytesPerS', `bytes/s up per simulated headset (${HEADSETS} walking + looking)`, round(cost.bytesPerS), 'B/s', 4000),
    figure('toolsScreenBytesPerS', 'bytes/s down per booth screen', round(cost.downBytesPerS), 'B/s'),
    figure('toolsServerCpuPercent', `server CPU, ${HEADSETS} headsets → ${HEADSETS} screens`, round(cost.cpuPercent), '% of a core', 10),
  ];
  return { figures, details: { guideTools: { ...cost, highlightMs: b.highlightMs, watchStep: step } } };
}
