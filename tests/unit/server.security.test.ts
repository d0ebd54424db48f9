// Security headers of the exhibit's server: a Content Security Policy on every HTML page, and the other headers on
// every response.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createServer, type RunningServer } from '../../server/app.ts';

let tmp: string;
let srv: RunningServer;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-security-'));
  const root = path.join(tmp, 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>IAMM Milestones</title>');
  writeFileSync(path.join(root, 'other.html'), '<!doctype html><title>Other</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'export {};');
  srv = await createServer({ root, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** The policy as directive → sources. */
function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

describe('Content Security Policy', () => {
  it.each(['', 'index.html', 'other.html', 'some/deep/link'])('is sent with the HTML page /%s', async (target) => {
    const res = await fetch(srv.url + target);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('is sent with HEAD and with a 304 revalidation of the page', async () => {
    const head = await fetch(srv.url, { method: 'HEAD' });
    expect(head.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    const etag = head.headers.get('etag')!;
    const again = await fetch(srv.url, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('allows only the page origin: no eval, no inline code, no framing, no other host', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    // blob: for the controller models' textures, which three's GLTFLoader unpacks to blob: URLs and fetches.
    expect(d.get('connect-src')).toEqual(["'self'", 'blob:']);
    expect(d.get('style-src')).toEqual(["'self'"]);
    // Workers from blob: (troika-three-text's text-layout worker) and the page's own origin (a service worker).
    expect(d.get('worker-src')).toEqual(["'self'", 'blob:']);
    for (const [name, sources] of d) {
      for (const s of sources) {
        expect(s, `${name} ${s}`).not.toMatch(/unsafe-(eval|inline|hashes)|wasm-unsafe-eval|^\*$|^https?:|^wss?:/);
      }
    }
  });

  it('is not needed on other files, which still get the other security headers', async () => {
    for (const target of ['assets/index-abc.js', 'missing.js']) {
      const res = await fetch(srv.url + target);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('permissions-policy')).toContain('xr-spatial-tracking=(self)');
    }
    expect((await fetch(srv.url + 'assets/index-abc.js')).headers.get('content-security-policy')).toBeNull();
  });
});

describe('the page source', () => {
  it('has no inline script or style that the policy would block', () => {
    const html = readFileSync(new URL('../../index.html', import.meta.url), 'utf8');
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\ssrc=/);
  });
});

describe('a server for test fixtures', () => {
  it('can be started without the policy', async () => {
    const bare = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', contentSecurityPolicy: null });
    try {
      const res = await fetch(bare.url);
      expect(res.headers.get('content-security-policy')).toBeNull();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await bare.close();
    }
  });
});
