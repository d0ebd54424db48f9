/**
 * Self-tests of the e2e harness, and the smallest check that the built exhibit is served.
 *  - "harness": self-checks against small fixture pages served by createServer from a temp dir.
 *  - "app": opens the production build served by global-setup.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServer, type RunningServer } from '../../server/app.ts';
import {
  canvasIsNonBlank,
  canvasPixelStats,
  crossOriginRequests,
  launchBrowser,
  openPage,
  waitForReady,
  webgl2Renderer,
} from './harness.ts';

const drawPage = (body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>fixture</title><link rel="icon" href="data:,">
<style>html,body{margin:0;background:#fff}canvas{display:block;width:256px;height:256px}</style></head>
<body><canvas width="256" height="256"></canvas><script>
const gl = document.querySelector('canvas').getContext('webgl2', { preserveDrawingBuffer: false });
${body}
</script></body></html>`;

const FIXTURES: Record<string, string> = {
  // A colour-interpolated triangle: many distinct colours, drawn once.
  'triangle.html': drawPage(`
const vs = gl.createShader(gl.VERTEX_SHADER);
gl.shaderSource(vs, \`#version 300 es
in vec2 p; in vec3 c; out vec3 v;
void main() { v = c; gl_Position = vec4(p, 0.0, 1.0); }\`);
gl.compileShader(vs);
const fs = gl.createShader(gl.FRAGMENT_SHADER);
gl.shaderSource(fs, \`#version 300 es
precision mediump float; in vec3 v; out vec4 o;
void main() { o = vec4(v, 1.0); }\`);
gl.compileShader(fs);
const prog = gl.createProgram();
gl.attachShader(prog, vs); gl.attachShader(prog, fs); gl.linkProgram(prog); gl.useProgram(prog);
const buf = gl.createBuffer();
gl.bindBuffer(gl.ARRAY_BUFFER, buf);
gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-0.9,-0.9, 1,0,0,  0.9,-0.9, 0,1,0,  0,0.9, 0,0,1]), gl.STATIC_DRAW);
const pl = gl.getAttribLocation(prog, 'p'), cl = gl.getAttribLocation(prog, 'c');
gl.enableVertexAttribArray(pl); gl.vertexAttribPointer(pl, 2, gl.FLOAT, false, 20, 0);
gl.enableVertexAttribArray(cl); gl.vertexAttribPointer(cl, 3, gl.FLOAT, false, 20, 8);
gl.clearColor(0.05, 0.05, 0.1, 1); gl.clear(gl.COLOR_BUFFER_BIT);
gl.drawArrays(gl.TRIANGLES, 0, 3);
requestAnimationFrame(() => requestAnimationFrame(() => { document.documentElement.dataset.ready = '1'; }));
`),
  // Only a clear colour.
  'blank.html': drawPage(`
gl.clearColor(0.05, 0.05, 0.1, 1); gl.clear(gl.COLOR_BUFFER_BIT);
document.documentElement.dataset.ready = '1';
`),
  // Never becomes ready, logs an error.
  'never-ready.html': `<!doctype html><title>never</title><link rel="icon" href="data:,"><script>console.error('fixture boom');</script>`,
  // Same-origin, data:, blob: and two cross-origin requests (other port, other host name).
  'requests.html': `<!doctype html><title>requests</title><link rel="icon" href="data:,">
<img src="triangle.html?img">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<script>
fetch(URL.createObjectURL(new Blob(['x']))).catch(() => {});
const other = location.protocol + '//localhost:' + location.port + '/blank.html';
fetch('http://127.0.0.1:9/nothing.png').catch(() => {});
fetch(other, { mode: 'no-cors' }).catch(() => {});
</script>`,
};

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('harness', () => {
  let fixtures: RunningServer;
  let tmp: string;
  let base: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-harness-'));
    for (const [name, html] of Object.entries(FIXTURES)) writeFileSync(path.join(tmp, name), html);
    // The fixtures are inline scripts: served without the exhibit's Content Security Policy.
    fixtures = await createServer({ root: tmp, port: 0, host: '127.0.0.1', contentSecurityPolicy: null });
    base = fixtures.url;
  });

  afterAll(async () => {
    await fixtures?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('has a working WebGL2 context in headless Chromium', async () => {
    const renderer = await webgl2Renderer(browser);
    expect(renderer, 'getContext("webgl2") returned null').not.toBeNull();
  });

  it('detects a drawn WebGL canvas (preserveDrawingBuffer: false) and waits for data-ready', async () => {
    const { page, consoleErrors, pageErrors, close } = await openPage(browser, 'triangle.html', { baseUrl: base });
    await waitForReady(page);
    const stats = await canvasPixelStats(page);
    expect(stats.width).toBeGreaterThan(0);
    expect(stats.distinctColours, JSON.stringify(stats)).toBeGreaterThanOrEqual(8);
    expect(await canvasIsNonBlank(page)).toBe(true);
    expect(await canvasIsNonBlank(page, { clearColour: [13, 13, 26] })).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await close();
  });

  it('reports a canvas that only shows the clear colour as blank', async () => {
    const { page, close } = await openPage(browser, 'blank.html', { baseUrl: base });
    await waitForReady(page);
    expect(await canvasIsNonBlank(page)).toBe(false);
    await close();
  });

  it('fails waitForReady with the console errors in the message', async () => {
    const { page, close } = await openPage(browser, 'never-ready.html', { baseUrl: base });
    await expect(waitForReady(page, { timeout: 1_000 })).rejects.toThrow(/did not become ready[\s\S]*fixture boom/);
    await close();
  });

  it('records requests and lists only cross-origin ones', async () => {
    const { requests, close } = await openPage(browser, 'requests.html', { baseUrl: base });
    await expect.poll(() => requests.length).toBeGreaterThanOrEqual(5);
    const cross = crossOriginRequests(requests, base);
    expect(cross.sort()).toEqual(['http://127.0.0.1:9/nothing.png', `http://localhost:${fixtures.port}/blank.html`]);
    expect(requests.some((r) => r.startsWith('blob:'))).toBe(true); // recorded, but not cross-origin
    await close();
  });

  it('passes reducedMotion, viewport and init scripts to the page', async () => {
    const { page, close } = await openPage(browser, 'never-ready.html', {
      baseUrl: base,
      reducedMotion: true,
      viewport: { width: 640, height: 480 },
      initScripts: ['window.__fromInit = 42;'],
    });
    expect(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches)).toBe(true);
    expect(await page.evaluate(() => [innerWidth, innerHeight])).toEqual([640, 480]);
    expect(await page.evaluate(() => (window as unknown as { __fromInit?: number }).__fromInit)).toBe(42);
    await close();
  });
});

describe.skipIf(!inject('appAvailable'))('app (production build)', () => {
  it('serves the exhibit with an IAMM title and no cross-origin requests', async () => {
    const baseUrl = inject('baseUrl');
    const { page, requests, close } = await openPage(browser, '/');
    expect(await page.title()).toContain('IAMM');
    expect(crossOriginRequests(requests, baseUrl)).toEqual([]);
    await close();
  });
});
