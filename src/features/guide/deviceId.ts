// A random id kept for this tab (a reload is the same device): the follower's clientId, and a status-only kiosk's id.
// Nothing personal; works on insecure origins (no randomUUID).
import { readItem, writeItem } from '../../app/storage.ts';
import { CLIENT_ID } from './protocol.ts';

const CLIENT_ID_KEY = 'iamm.guide.clientId';

export function deviceId(): string {
  const known = readItem(CLIENT_ID_KEY, 'session');
  if (known && CLIENT_ID.test(known)) return known;
  const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  writeItem(CLIENT_ID_KEY, id, 'session');
  return id;
}
