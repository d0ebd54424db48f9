import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, IMMUTABLE_CACHE, type RunningServer } from '../../server/app.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the request target verbatim (fetch would normalise `/../`). */
function raw(port: number, target: string, options: { method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: target, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const bigJs = `export const data = ${JSON.stringify('milestone '.repeat(2000))};\n`;

let tmp: string;
let outside: string;
let srv: RunningServer;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-server-'));
  outside = mkdtempSync(path.join(os.tmpdir(), 'iamm-outside-'));
  const root = path.join(tmp, 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'fonts'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>IAMM Milestones</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), bigJs);
  writeFileSync(path.join(root, 'assets', 'style-abc123.css'), 'body{margin:0}');
  writeFileSync(path.join(root, 'fonts', 'noto.woff'), Buffer.from([0x77, 0x4f, 0x46, 0x46, 1, 2, 3]));
  writeFileSync(path.join(root, 'fonts', 'noto.ttf'), Buffer.alloc(16));
  writeFileSync(path.join(root, 'content.json'), '{"ok":true}');
  writeFileSync(path.join(root, 'manifest.webmanifest'), '{}');
  writeFileSync(path.join(root, 'model.glb'), Buffer.from('glTF'));
  writeFileSync(path.join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(root, 'chime.wav'), Buffer.from('RIFF0000WAVE'));
  writeFileSync(path.join(root, 'chime.mp3'), Buffer.from('ID3'));
  writeFileSync(path.join(root, 'chime.ogg'), Buffer.from('OggS'));
  writeFileSync(path.join(root, 'draco.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(path.join(root, '.env'), 'SECRET=1');
  writeFileSync(path.join(outside, 'secret.txt'), 'top secret');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'link.txt'));
  srv = await createServer({ root, port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await srv?.close();
  rmSync(tmp, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('createServer', () => {
  it('listens on a free port and reports its URL', () => {
    expect(srv.port).toBeGreaterThan(0);
    expect(srv.url).toBe(`http://127.0.0.1:${srv.port}/`);
    expect(srv.server.listening).toBe(true);
  });

  it('serves index.html for / with no-cache and nosniff', async () => {
    const res = await fetch(srv.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('IAMM Milestones');
  });

  it.each([
    ['assets/index-abc123.js', 'text/javascript; charset=utf-8'],
    ['assets/style-abc123.css', 'text/css; charset=utf-8'],
    ['fonts/noto.woff', 'font/woff'],
    ['fonts/noto.ttf', 'font/ttf'],
    ['content.json', 'application/json; charset=utf-8'],
    ['manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['model.glb', 'model/gltf-binary'],
    ['logo.png', 'image/png'],
    ['logo.svg', 'image/svg+xml'],
    ['chime.wav', 'audio/wav'],
    ['chime.mp3', 'audio/mpeg'],
    ['chime.ogg', 'audio/ogg'],
    ['draco.wasm', 'application/wasm'],
  ])('serves %s as %s', async (file, type) => {
    const res = await fetch(srv.url + file);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('caches hashed /assets/* for a year and revalidates everything else', async () => {
    expect((await fetch(srv.url + 'assets/style-abc123.css')).headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect((await fetch(srv.url + 'content.json')).headers.get('cache-control')).toBe('no-cache');
  });

  it('ignores the query string', async () => {
    const res = await fetch(srv.url + 'content.json?v=2');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('gzips compressible files when accepted, and not otherwise', async () => {
    const gz = await raw(srv.port, '/assets/index-abc123.js', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['vary']).toBe('Accept-Encoding');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(bigJs.length);
    expect(gunzipSync(gz.body).toString()).toBe(bigJs);

    // Second request is served from the in-memory compressed cache: same bytes.
    const again = await raw(srv.port, '/assets/index-abc123.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(again.body.equals(gz.body)).toBe(true);

    const plain = await raw(srv.port, '/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(bigJs);

    const refused = await raw(srv.port, '/assets/index-abc123.js', { headers: { 'Accept-Encoding': 'gzip;q=0' } });
    expect(refused.headers['content-encoding']).toBeUndefined();

    const png = await raw(srv.port, '/logo.png', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(png.headers['content-encoding']).toBeUndefined();
  });

  it('returns 404 for missing files, without SPA fallback for paths with an extension', async () => {
    const res = await fetch(srv.url + 'assets/missing-123.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(srv.url + 'nope.png')).status).toBe(404);
  });

  it('falls back to index.html for extension-less routes', async () => {
    const res = await fetch(srv.url + 'milestone/1969');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it.each([
    '/../package.json',
    '/assets/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2fetc%2fpasswd',
    '/assets/%2e%2e/%2e%2e/etc/passwd',
    '/index.html%00.png',
    '/..%5c..%5cetc%5cpasswd',
    '/%E0%A4%A',
  ])('rejects traversal or malformed path %s with 400', async (target) => {
    const res = await raw(srv.port, target);
    expect(res.status).toBe(400);
    expect(res.body.toString()).not.toContain('root:');
  });

  it('does not serve dotfiles or symlinks that leave the root', async () => {
    expect((await raw(srv.port, '/.env')).status).toBe(404);
    const link = await raw(srv.port, '/link.txt');
    expect(link.status).toBe(404);
    expect(link.body.toString()).not.toContain('top secret');
  });

  it('rejects absolute-form request targets with 400', async () => {
    expect((await raw(srv.port, 'http://evil.example/index.html')).status).toBe(400);
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await raw(srv.port, '/assets/index-abc123.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(bigJs));
    expect(res.body.length).toBe(0);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405 and Allow', async (method) => {
    const res = await raw(srv.port, '/index.html', { method });
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD');
  });

  it('answers If-None-Match with 304', async () => {
    const first = await fetch(srv.url + 'content.json');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const second = await raw(srv.port, '/content.json', { headers: { 'If-None-Match': etag! } });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
  });

  it('serves byte ranges of uncompressed files (for media elements)', async () => {
    const res = await raw(srv.port, '/chime.wav', { headers: { Range: 'bytes=4-7' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 4-7/12');
    expect(res.body.toString()).toBe('0000');
    expect((await raw(srv.port, '/chime.wav', { headers: { Range: 'bytes=100-' } })).status).toBe(416);
  });

  it('fails with EADDRINUSE when the port is taken', async () => {
    await expect(createServer({ root: path.join(tmp, 'dist'), port: srv.port, host: '127.0.0.1' })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('fails with ENOENT when the root does not exist', async () => {
    await expect(createServer({ root: path.join(tmp, 'missing'), port: 0 })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the http.Server exposed so upgrade handlers (WebSockets) can share the port', () => {
    expect(srv.server).toBeInstanceOf(http.Server);
    expect(typeof srv.server.on).toBe('function');
  });
});
