// The service worker (and every script that can run as its own global) takes its Content Security Policy from its
// own response, not from the page: sw.js and the other scripts at the site's root carry the policy.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createServer, needsContentSecurityPolicy, type RunningServer } from '../../server/app.ts';

let tmp: string;
let srv: RunningServer;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-csp-scripts-'));
  const root = path.join(tmp, 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>IAMM</title>');
  writeFileSync(path.join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});\n'.repeat(40));
  writeFileSync(path.join(root, 'workbox-1a2b3c4d.js'), 'self.workbox = {};');
  writeFileSync(path.join(root, 'registerSW.js'), 'navigator.serviceWorker.register("/sw.js");');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'export {};');
  srv = await createServer({ root, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Content Security Policy on scripts', () => {
  it.each(['sw.js', 'workbox-1a2b3c4d.js', 'registerSW.js'])('is sent with /%s (GET, gzip, HEAD and 304)', async (file) => {
    const res = await fetch(srv.url + file, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const head = await fetch(srv.url + file, { method: 'HEAD' });
    expect(head.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const again = await fetch(srv.url + file, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('covers every script outside /assets/ (where the page imports modules under its own policy)', () => {
    expect(needsContentSecurityPolicy('/sw.js', 'text/javascript; charset=utf-8')).toBe(true);
    expect(needsContentSecurityPolicy('/some/worker.mjs', 'text/javascript; charset=utf-8')).toBe(true);
    expect(needsContentSecurityPolicy('/index.html', 'text/html; charset=utf-8')).toBe(true);
    expect(needsContentSecurityPolicy('/assets/index-abc.js', 'text/javascript; charset=utf-8')).toBe(false);
    expect(needsContentSecurityPolicy('/manifest.webmanifest', 'application/manifest+json; charset=utf-8')).toBe(false);
  });
});
