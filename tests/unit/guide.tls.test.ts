// HTTPS on the LAN (`npm start -- --https`): the self-signed certificate, and the exhibit and /guide over TLS.
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createServer } from '../../server/app.ts';
import { roomsFrom } from '../../server/guide/config.ts';
import { createGuideHub } from '../../server/guide/hub.ts';
import { loadOrCreateCertificate, machineNames } from '../../server/guide/tls.ts';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-guide-tls-'));
  mkdirSync(path.join(tmp, 'dist'));
  writeFileSync(path.join(tmp, 'dist', 'index.html'), '<!doctype html><title>IAMM over TLS</title>');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('LAN certificate', () => {
  it('is made once, kept (key private to the owner), and made again when addresses change or files break', async () => {
    const dir = path.join(tmp, 'certs');
    const names = ['localhost', '127.0.0.1', '::1', '192.168.77.5'];
    const first = await loadOrCreateCertificate(dir, names);
    expect(first.created).toBe('new');
    expect(first.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(first.keyPath).mode & 0o077).toBe(0);
    const x509 = new X509Certificate(first.cert);
    expect(x509.subjectAltName).toContain('IP Address:192.168.77.5');
    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(Date.parse(x509.validTo) - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);

    const again = await loadOrCreateCertificate(dir, names);
    expect(again.created).toBeNull();
    expect(again.fingerprint256).toBe(first.fingerprint256);

    const moved = await loadOrCreateCertificate(dir, [...names, '10.0.0.9']);
    expect(moved.created).toBe('new addresses');
    expect(moved.fingerprint256).not.toBe(first.fingerprint256);

    writeFileSync(moved.certPath, 'not a certificate');
    expect((await loadOrCreateCertificate(dir, names)).created).toBe('unreadable');
  });

  it('names this machine', () => {
    expect(machineNames()).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1']));
  });

  it('serves the exhibit and the guide endpoint over HTTPS / WSS', async () => {
    const cert = await loadOrCreateCertificate(path.join(tmp, 'certs-2'), ['localhost', '127.0.0.1']);
    const hub = await createGuideHub({ rooms: roomsFrom({ iamm: 'tls-secret-123' }), log: { info: () => {}, warn: () => {} } });
    const srv = await createServer({ root: path.join(tmp, 'dist'), port: 0, host: '127.0.0.1', guide: hub, https: cert });
    try {
      expect(srv.url).toBe(`https://127.0.0.1:${srv.port}/`);
      const body = await new Promise<string>((resolve, reject) => {
        https
          .get(srv.url, { ca: cert.cert }, (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      expect(body).toContain('IAMM over TLS');

      const origin = `https://127.0.0.1:${srv.port}`;
      const ws = new WebSocket(`wss://127.0.0.1:${srv.port}/guide`, { origin, ca: cert.cert });
      const first = await new Promise<string>((resolve, reject) => {
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', role: 'follower', room: 'iamm', clientId: 'headset-0001' })));
        ws.on('message', (d) => resolve(String(d)));
      });
      expect(JSON.parse(first)).toMatchObject({ type: 'welcome', role: 'follower', room: 'iamm' });
      ws.close();
    } finally {
      await srv.close();
      await hub.close();
    }
  });
});
