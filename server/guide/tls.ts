// A self-signed certificate for serving the exhibit over HTTPS on the LAN (headsets allow WebXR only on a secure
// origin). Made on first use with the `selfsigned` package and kept in .cache/certs/ (gitignored); made again when
// it expires within a week or does not name one of this machine's current addresses.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface LanCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, colon-separated hex (as browsers show it). */
  fingerprint256: string;
  validTo: string;
  /** The names and addresses the certificate covers. */
  names: string[];
  keyPath: string;
  certPath: string;
  /** Why it was (re)made now, or null when an existing one was reused. */
  created: null | 'new' | 'expiring' | 'unreadable' | 'new addresses';
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** localhost, the loopback addresses, this machine's name and its non-internal IPv4/IPv6 addresses. */
export function machineNames(): string[] {
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  const host = os.hostname();
  if (host && /^[A-Za-z0-9.-]+$/.test(host)) {
    names.add(host);
    if (!host.includes('.')) names.add(`${host}.local`);
  }
  for (const addrs of Object.values(os.networkInterfaces())) {
    for (const a of addrs ?? []) if (!a.internal && !a.address.startsWith('fe80:')) names.add(a.address);
  }
  return [...names];
}

function covers(cert: X509Certificate, name: string): boolean {
  const entries = (cert.subjectAltName ?? '').split(', ');
  const family = isIP(name);
  if (family === 0) return entries.includes(`DNS:${name}`);
  // Node prints IPv6 addresses expanded (0:0:0:0:0:0:0:1): compare addresses, not strings.
  const ips = new BlockList();
  for (const e of entries) {
    const ip = e.startsWith('IP Address:') ? e.slice('IP Address:'.length) : '';
    if (isIP(ip) === 4) ips.addAddress(ip, 'ipv4');
    else if (isIP(ip) === 6) ips.addAddress(ip, 'ipv6');
  }
  return ips.check(name, family === 6 ? 'ipv6' : 'ipv4');
}

export async function loadOrCreateCertificate(dir: string, names: readonly string[] = machineNames()): Promise<LanCertificate> {
  const keyPath = path.join(dir, 'lan-key.pem');
  const certPath = path.join(dir, 'lan-cert.pem');
  let created: LanCertificate['created'] = 'new';
  if (existsSync(keyPath) && existsSync(certPath)) {
    try {
      const key = readFileSync(keyPath, 'utf8');
      const cert = readFileSync(certPath, 'utf8');
      const x509 = new X509Certificate(cert);
      if (Date.parse(x509.validTo) - Date.now() < WEEK_MS) created = 'expiring';
      else if (!names.every((n) => covers(x509, n))) created = 'new addresses';
      else if (!x509.checkPrivateKey(createPrivateKey(key))) created = 'unreadable';
      else
        return {
          key,
          cert,
          fingerprint256: x509.fingerprint256,
          validTo: x509.validTo,
          names: [...names],
          keyPath,
          certPath,
          created: null,
        };
    } catch {
      created = 'unreadable';
    }
  }
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 365 * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'IAMM Milestones (local exhibit)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })) },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, pems.cert);
  const x509 = new X509Certificate(pems.cert);
  return {
    key: pems.private,
    cert: pems.cert,
    fingerprint256: x509.fingerprint256,
    validTo: x509.validTo,
    names: [...names],
    keyPath,
    certPath,
    created,
  };
}
