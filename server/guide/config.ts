// Room configuration and secret checks for the live guide.
//
//   GUIDE_ROOMS="room1:secret1,room2:secret2"   rooms and their guide secrets
//   (unset)                                     one room, `iamm`, with a random secret made at start
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { ROOM_NAME } from '../../src/features/guide/protocol.ts';

export const DEFAULT_ROOM = 'iamm';

/** Room name → SHA-256 digest of its secret. The secrets themselves are not kept. */
export type RoomSecrets = ReadonlyMap<string, Buffer>;

export interface GuideRoomsConfig {
  rooms: RoomSecrets;
  /** Set when the secret was generated here (GUIDE_ROOMS unset): show it once, on the console, and nowhere else. */
  generated?: { room: string; secret: string };
  /** Non-fatal remarks (e.g. a short secret), safe to print: they never contain a secret. */
  warnings: string[];
}

export function digestSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

/** Readable, typeable on a headset's keyboard: 12 characters from 31 unambiguous ones (~59 bits), in groups of 4. */
export function generateSecret(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let s = '';
  for (let i = 0; i < 12; i++) {
    if (i > 0 && i % 4 === 0) s += '-';
    s += alphabet[randomInt(alphabet.length)];
  }
  return s;
}

/**
 * Parses `GUIDE_ROOMS` ("room1:secret1,room2:secret2"; the secret is everything after the first colon).
 * Throws with a message that names the room or entry at fault, never a secret.
 */
export function parseGuideRooms(value: string): GuideRoomsConfig {
  const rooms = new Map<string, Buffer>();
  const warnings: string[] = [];
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  if (entries.length === 0) throw new Error('GUIDE_ROOMS is set but lists no room (expected "room1:secret1,room2:secret2")');
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const room = colon === -1 ? entry : entry.slice(0, colon).trim();
    const secret = colon === -1 ? '' : entry.slice(colon + 1).trim();
    if (!ROOM_NAME.test(room)) {
      throw new Error(
        `GUIDE_ROOMS entry ${i + 1}: invalid room name (letters, digits, "-" and "_", at most 32 characters, expected "room:secret")`,
      );
    }
    if (secret === '') throw new Error(`GUIDE_ROOMS: room "${room}" has no secret (expected "${room}:secret")`);
    if (secret.length > 256) throw new Error(`GUIDE_ROOMS: the secret of room "${room}" is longer than 256 characters`);
    if (rooms.has(room)) throw new Error(`GUIDE_ROOMS: room "${room}" is listed twice`);
    if (secret.length < 8) warnings.push(`the secret of room "${room}" is short (${secret.length} characters); 8 or more is safer`);
    rooms.set(room, digestSecret(secret));
  });
  return { rooms, warnings };
}

/** Rooms from the environment: GUIDE_ROOMS, or the default room with a fresh random secret. */
export function loadGuideRooms(env: Record<string, string | undefined> = process.env): GuideRoomsConfig {
  const value = env.GUIDE_ROOMS;
  if (value !== undefined && value.trim() !== '') return parseGuideRooms(value);
  const secret = generateSecret();
  return { rooms: new Map([[DEFAULT_ROOM, digestSecret(secret)]]), generated: { room: DEFAULT_ROOM, secret }, warnings: [] };
}

/** Rooms from plain `room → secret` pairs (tests, scripts). */
export function roomsFrom(secrets: Record<string, string>): RoomSecrets {
  return new Map(Object.entries(secrets).map(([room, secret]) => [room, digestSecret(secret)]));
}

const UNKNOWN_ROOM_DIGEST = digestSecret('\0no such room\0');

/**
 * Checks a guide's secret in constant time: both sides are SHA-256 digests (equal length), compared with
 * timingSafeEqual; an unknown room costs the same as a known one.
 */
export function checkSecret(rooms: RoomSecrets, room: string, secret: string): 'ok' | 'bad-secret' | 'unknown-room' {
  const expected = rooms.get(room);
  const match = timingSafeEqual(digestSecret(secret), expected ?? UNKNOWN_ROOM_DIGEST);
  if (!expected) return 'unknown-room';
  return match ? 'ok' : 'bad-secret';
}
