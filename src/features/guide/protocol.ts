// The live-guide wire protocol: one JSON object per WebSocket text message, validated with zod on both ends.
// Pure (no DOM, no Node): imported by the server (server/guide/*) and by the browser client.
//
//   guide ──hello{role:'guide', room, secret}──▶ server ──welcome, state, roster (≤ 4/s)──▶ guide
//   guide ──goto / tour {seq}──▶ server ──command {rev, issuedAt, startsInMs, cmd}──▶ every client in the room
//   follower ──hello{role:'follower', room, clientId}──▶ server ──welcome, state (the room's last commands)──▶ follower
//   follower ──position{milestone, following}──▶ server ──(roster)──▶ guide
//   headset / screen ──status{version, offline, language, view, kiosk, following} (≤ 1 per 5 s)──▶ server
//   team ──hello{role:'team', room, secret}──▶ server ──welcome, devices (on change, and every few seconds)──▶ team
//   kiosk (status only) ──hello{role:'device', room, clientId}──▶ server ──welcome──▶ kiosk
//   team / guide ──apply-update{deviceId}──▶ server ──apply-update──▶ that headset (a kiosk applies it when idle)
//   guide ──highlight{element|null} / hold{on}──▶ server ──tools{highlight, hold}──▶ every guide and follower of the room
//   headset (opted in) ──share{on} / pose{x,y,z,yaw,pitch,…} (≤ 20/s)──▶ server ──view──▶ the room's watchers
//   booth screen ──hello{role:'watcher', room}──▶ server ──welcome, view (on every pose, and when sharing stops)──▶ screen
//   anything refused ──▶ {type:'error', code}
import { z } from 'zod';
import { ELEMENT_ID, ROOM_NAME } from './names.ts';

/** The WebSocket endpoint, on the same origin and port as the exhibit. */
export const GUIDE_PATH = '/guide';
export const PROTOCOL_VERSION = 1;
/** Larger messages are dropped (and answered with `too-large`). */
export const MAX_MESSAGE_BYTES = 4096;
/** How long followers count down before a guide's command takes effect, unless the server is told otherwise. */
export const DEFAULT_STARTS_IN_MS = 3000;

/** Close codes the server uses (1008 is the standard "policy violation"). */
export const CLOSE = {
  /** Kept flooding past the rate limit, or sent no hello in time. */
  policy: 1008,
  /** Server shutting down. */
  goingAway: 1001,
  /** The same follower (clientId) connected again; this older connection is closed. */
  replaced: 4000,
  /** Wrong guide secret, unknown room or too many failed attempts. */
  unauthorized: 4001,
  /** The room's roster is full. */
  roomFull: 4002,
  /** A guide login over plain ws:// from another machine: the secret would cross the network in clear text. */
  insecure: 4003,
} as const;

export const ERROR_CODES = [
  'too-large',
  'malformed',
  'unknown-type',
  'invalid',
  'unauthenticated',
  'forbidden',
  'already-joined',
  'bad-secret',
  'unknown-room',
  'room-full',
  'rate-limited',
  'internal',
  /** Guide login refused: only over TLS (wss://) or from the server's own machine. */
  'tls-required',
  /** The guide's command reached only the sockets of this server: the shared store (Redis) is unreachable. */
  'not-shared',
  /** apply-update named a device that is not connected to this server. */
  'unknown-device',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

// ── Field types ─────────────────────────────────────────────────────────────────────────────────────────────

export { ELEMENT_ID, ROOM_NAME };
/** Milestone and tour ids ("2022", "2023-2024", "2026-onward", "highlights"). */
export const GUIDE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A follower's stable id (a random UUID kept in the browser's storage). */
export const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** A run of the room's command counter (random per server start, per Redis store, per outage). */
export const EPOCH = /^[A-Za-z0-9_-]{1,64}$/;

const Room = z.string().regex(ROOM_NAME);
const Id = z.string().regex(GUIDE_ID);
const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Stop = z.number().int().min(0).max(9999);
const Millis = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Epoch = z.string().regex(EPOCH);
/** A build's version id (build/version.ts: package version + build time + a random tag). */
export const BUILD_VERSION = /^[A-Za-z0-9._+-]{1,64}$/;
const Version = z.string().regex(BUILD_VERSION);

// ── Client → server ──────────────────────────────────────────────────────────────────────────────────────────

export const GuideHello = z.strictObject({
  type: z.literal('hello'),
  role: z.literal('guide'),
  room: Room,
  secret: z.string().min(1).max(256),
});
export type GuideHello = z.infer<typeof GuideHello>;

export const FollowerHello = z.strictObject({
  type: z.literal('hello'),
  role: z.literal('follower'),
  room: Room,
  clientId: z.string().regex(CLIENT_ID),
});
export type FollowerHello = z.infer<typeof FollowerHello>;

/** The event team's readiness page (`?team=<room>`): the room's guide secret, like a guide. */
export const TeamHello = z.strictObject({
  type: z.literal('hello'),
  role: z.literal('team'),
  room: Room,
  secret: z.string().min(1).max(256),
});
export type TeamHello = z.infer<typeof TeamHello>;

/** A kiosk that joins a room for status only (`?kiosk=1&room=<name>`): it reports, it follows nobody. */
export const DeviceHello = z.strictObject({
  type: z.literal('hello'),
  role: z.literal('device'),
  room: Room,
  clientId: z.string().regex(CLIENT_ID),
});
export type DeviceHello = z.infer<typeof DeviceHello>;

/** A booth screen (`?watch=<room>`): it only watches the view a headset of the room shares; it sends nothing else. */
export const WatcherHello = z.strictObject({
  type: z.literal('hello'),
  role: z.literal('watcher'),
  room: Room,
});
export type WatcherHello = z.infer<typeof WatcherHello>;

export const Hello = z.discriminatedUnion('role', [GuideHello, FollowerHello, TeamHello, DeviceHello, WatcherHello]);
export type Hello = z.infer<typeof Hello>;

/** Guide only: everyone to this milestone (optionally: this stop of the running tour). */
export const Goto = z.strictObject({
  type: z.literal('goto'),
  milestone: Id,
  tourStop: Stop.optional(),
  seq: Seq,
});
export type Goto = z.infer<typeof Goto>;

export const TOUR_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;

/** Guide only: start / pause / resume / stop a tour. */
export const Tour = z.strictObject({
  type: z.literal('tour'),
  action: z.enum(TOUR_ACTIONS),
  tourId: Id.optional(),
  stop: Stop.optional(),
  seq: Seq,
});
export type Tour = z.infer<typeof Tour>;

/** Follower only: where the visitor is, and whether they follow the guide. `milestone: null` is the entrance. */
export const Position = z.strictObject({
  type: z.literal('position'),
  milestone: Id.nullable(),
  following: z.boolean(),
});
export type Position = z.infer<typeof Position>;

export const DEVICE_VIEWS = ['3d', '2d', 'vr'] as const;
export type DeviceView = (typeof DEVICE_VIEWS)[number];
/** Largest offline copy a status may report (bytes): far above any exhibit's. */
export const MAX_OFFLINE_BYTES = 1024 ** 4;

/** A headset's or screen's readiness, as the event team's page shows it. No personal data: the socket's random id is the device. */
export const DeviceStatusFields = z.strictObject({
  /** The build the page runs (build/version.ts). */
  version: Version,
  /** The offline copy: the service worker's precache against its manifest. */
  offline: z.strictObject({
    complete: z.boolean(),
    /** Bytes of the cached entries. */
    bytes: z.number().int().min(0).max(MAX_OFFLINE_BYTES),
    /** Entries cached, of the manifest's. */
    cached: z.number().int().min(0).max(100_000),
    expected: z.number().int().min(0).max(100_000),
  }),
  /** One of the exhibit's language choices: a BCP 47 tag, or both. */
  language: z
    .string()
    .max(20)
    .regex(/^(?:both|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/),
  view: z.enum(DEVICE_VIEWS),
  kiosk: z.boolean(),
  /** Following the guide; null for a kiosk that only reports. */
  following: z.boolean().nullable(),
});
export type DeviceStatusFields = z.infer<typeof DeviceStatusFields>;

/** Follower or status-only kiosk: its readiness. Sent on connect and on change, at most one per STATUS_INTERVAL_MS. */
export const Status = DeviceStatusFields.extend({ type: z.literal('status') });
export type Status = z.infer<typeof Status>;
/** The server keeps at most one status per socket this often; more are dropped. */
export const STATUS_INTERVAL_MS = 5000;

/** Team or guide only: ask this device (a kiosk) to apply a waiting update now, if it is idle. */
export const ApplyUpdateRequest = z.strictObject({
  type: z.literal('apply-update'),
  deviceId: z.string().regex(CLIENT_ID),
});
export type ApplyUpdateRequest = z.infer<typeof ApplyUpdateRequest>;

/**
 * Guide only: highlight one element of a panel for every follower (null clears it). The element is named by its
 * content id (`<milestone>.body0`, `.item2`, `.after0`, `.picture`: src/layout/elements.ts), never by coordinates, so
 * followers in another language or in the 2D view show the same one. The next goto clears it.
 */
export const Highlight = z.strictObject({
  type: z.literal('highlight'),
  element: z.string().regex(ELEMENT_ID).nullable(),
  seq: Seq,
});
export type Highlight = z.infer<typeof Highlight>;

/** Guide only: "Gather here" (on) holds the followers' walking, teleport and milestone keys; off releases them. */
export const Hold = z.strictObject({
  type: z.literal('hold'),
  on: z.boolean(),
  seq: Seq,
});
export type Hold = z.infer<typeof Hold>;

/** Most pose updates a headset sends (and the server passes on) per second. */
export const MAX_POSES_PER_S = 20;
/** How far from the corridor's origin a pose may be (metres): far beyond any corridor, it only bounds the numbers. */
export const MAX_POSE_M = 10_000;
const Metres = z.number().finite().min(-MAX_POSE_M).max(MAX_POSE_M);
const Radians = z.number().finite().min(-100).max(100);
const Language = z
  .string()
  .max(20)
  .regex(/^(?:both|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/);

/** A headset's own view (never anyone else's: the server attributes it to the socket it came on). No personal data. */
export const PoseFields = z.strictObject({
  /** The head in the corridor (metres) and where it looks (radians: yaw about +y, 0 looking down -z; pitch up +). */
  x: Metres,
  y: Metres,
  z: Metres,
  yaw: Radians,
  pitch: Radians,
  /** The visitor's language choice and focused milestone (null: the entrance), so the screen shows the same panels. */
  language: Language,
  milestone: Id.nullable(),
});
export type PoseFields = z.infer<typeof PoseFields>;

/** Follower or status-only kiosk, opted in to the booth screen: its current view (at most MAX_POSES_PER_S a second). */
export const Pose = PoseFields.extend({ type: z.literal('pose') });
export type Pose = z.infer<typeof Pose>;

/** Follower or status-only kiosk: sharing its view on the booth screen switched on or off (off: the screens stop). */
export const Share = z.strictObject({ type: z.literal('share'), on: z.boolean() });
export type Share = z.infer<typeof Share>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.discriminatedUnion('role', [GuideHello, FollowerHello, TeamHello, DeviceHello, WatcherHello]),
  Goto,
  Tour,
  Position,
  Status,
  ApplyUpdateRequest,
  Highlight,
  Hold,
  Pose,
  Share,
]);
export type ClientMessage = Hello | Goto | Tour | Position | Status | ApplyUpdateRequest | Highlight | Hold | Pose | Share;
export const CLIENT_MESSAGE_TYPES = [
  'hello',
  'goto',
  'tour',
  'position',
  'status',
  'apply-update',
  'highlight',
  'hold',
  'pose',
  'share',
] as const;

// ── Server → client ──────────────────────────────────────────────────────────────────────────────────────────

/** What the guide asked for, as carried in a command (the guide's `seq` stays on the command). */
export const GotoAction = Goto.omit({ seq: true });
export type GotoAction = z.infer<typeof GotoAction>;
export const TourCommandAction = Tour.omit({ seq: true });
export type TourCommandAction = z.infer<typeof TourCommandAction>;

export const Command = z.strictObject({
  type: z.literal('command'),
  /** The room's revision: increases with every command, across server processes, within one epoch. */
  rev: z.number().int().min(1),
  /** The counter's run: a new epoch (server restart, Redis lost its keys, an outage) starts `rev` again. */
  epoch: Epoch.optional(),
  /** The guide's own sequence number, echoed (the guide's acknowledgement). */
  seq: Seq,
  /** Server time (ms since the epoch) when the server accepted the command. */
  issuedAt: Millis,
  /** Countdown hint: followers act this long after `issuedAt` (after receipt, for a live command). */
  startsInMs: Millis,
  cmd: z.discriminatedUnion('type', [GotoAction, TourCommandAction]),
});
export type Command = z.infer<typeof Command>;
export type GotoCommand = Command & { cmd: GotoAction };
export type TourCommand = Command & { cmd: TourCommandAction };

export const Welcome = z.strictObject({
  type: z.literal('welcome'),
  protocol: z.literal(PROTOCOL_VERSION),
  role: z.enum(['guide', 'follower', 'team', 'device', 'watcher']),
  room: Room,
  /** For followers: true when this clientId was already in the room (a reconnect). */
  reconnected: z.boolean(),
  serverTime: Millis,
});
export type Welcome = z.infer<typeof Welcome>;

/** The room's current state: its last goto and its last tour command (either may be null). Sent right after welcome. */
export const State = z.strictObject({
  type: z.literal('state'),
  goto: Command.nullable(),
  tour: Command.nullable(),
  /** The room's current epoch, when the server knows one (see Command.epoch). */
  epoch: Epoch.nullable().optional(),
  serverTime: Millis,
});
export type State = z.infer<typeof State>;

export const RosterEntry = z.strictObject({
  clientId: z.string().regex(CLIENT_ID),
  milestone: Id.nullable(),
  following: z.boolean(),
  connected: z.boolean(),
  /** This visitor has connected more than once (the roster kept them). */
  reconnected: z.boolean(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

/** Most entries a roster message lists (connected visitors first); `total` counts them all. */
export const ROSTER_MAX_ENTRIES = 100;

export const Roster = z.strictObject({
  type: z.literal('roster'),
  /** Up to ROSTER_MAX_ENTRIES visitors: the connected ones first, then those remembered for a reconnect. */
  followers: z.array(RosterEntry).max(ROSTER_MAX_ENTRIES),
  /** Connected visitors, how many of them follow, and disconnected ones kept for the grace period (always sent). */
  total: z
    .strictObject({
      connected: z.number().int().min(0),
      following: z.number().int().min(0),
      away: z.number().int().min(0),
    })
    .optional(),
});
export type Roster = z.infer<typeof Roster>;

export const ErrorMessage = z.strictObject({
  type: z.literal('error'),
  code: z.enum(ERROR_CODES),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/** One headset or screen of the room, for the team's page. */
export const DeviceEntry = z.strictObject({
  deviceId: z.string().regex(CLIENT_ID),
  /** A follower (`?follow=`) or a status-only kiosk (`?kiosk=1&room=`). */
  role: z.enum(['follower', 'device']),
  connected: z.boolean(),
  /** Server time (ms) the device was last heard from. */
  lastSeen: Millis,
  /** Its last status; null until it sent one. */
  status: DeviceStatusFields.nullable(),
});
export type DeviceEntry = z.infer<typeof DeviceEntry>;

/** Most entries a devices message lists. */
export const DEVICES_MAX_ENTRIES = 500;

/** Team only: the room's headsets and screens, and the build the server serves now. */
export const Devices = z.strictObject({
  type: z.literal('devices'),
  /** The served build's version id (null: the server cannot read it). */
  serverVersion: Version.nullable(),
  serverTime: Millis,
  devices: z.array(DeviceEntry).max(DEVICES_MAX_ENTRIES),
});
export type Devices = z.infer<typeof Devices>;

/** To one device: the team asked it to apply a waiting update now (a kiosk does so only when idle). */
export const ApplyUpdate = z.strictObject({ type: z.literal('apply-update') });
export type ApplyUpdate = z.infer<typeof ApplyUpdate>;

/** To the room's guides and followers: what the guide points at and whether it holds the group (sent on change and after `state`). */
export const Tools = z.strictObject({
  type: z.literal('tools'),
  highlight: z.string().regex(ELEMENT_ID).nullable(),
  hold: z.boolean(),
});
export type Tools = z.infer<typeof Tools>;

/** A shared headset's label on the booth screen: the first characters of its random id (no personal data). */
export const SHARER_LABEL = /^[A-Za-z0-9_-]{1,8}$/;
export const SHARER_LABEL_LENGTH = 6;

/** To the room's watchers: the shared view (null: no headset of the room shares its view now). */
export const View = z.strictObject({
  type: z.literal('view'),
  sharer: z.string().regex(SHARER_LABEL).nullable(),
  pose: PoseFields.nullable(),
  serverTime: Millis,
});
export type View = z.infer<typeof View>;

export const ServerMessage = z.discriminatedUnion('type', [
  Welcome,
  State,
  Command,
  Roster,
  ErrorMessage,
  Devices,
  ApplyUpdate,
  Tools,
  View,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

// ── Parsing ──────────────────────────────────────────────────────────────────────────────────────────────────

export type Parsed<T> = { ok: true; message: T } | { ok: false; code: ErrorCode };

function isKnownType(type: unknown): type is (typeof CLIENT_MESSAGE_TYPES)[number] {
  return typeof type === 'string' && (CLIENT_MESSAGE_TYPES as readonly string[]).includes(type);
}

/**
 * Validates one client message. Never throws; the failure code says why (`too-large`, `malformed`: not a JSON
 * object, `unknown-type`, `invalid`: a known type with bad fields). The input is never echoed back.
 */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  // Characters never outnumber UTF-8 bytes, so this is a safe early cut; the server also checks the byte length.
  if (text.length > MAX_MESSAGE_BYTES) return { ok: false, code: 'too-large' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, code: 'malformed' };
  if (!isKnownType((data as { type?: unknown }).type)) return { ok: false, code: 'unknown-type' };
  const result = ClientMessage.safeParse(data);
  return result.success ? { ok: true, message: result.data as ClientMessage } : { ok: false, code: 'invalid' };
}

/** Validates one server message (for the browser client). Never throws. */
export function parseServerMessage(text: string): Parsed<ServerMessage> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, code: 'malformed' };
  }
  const result = ServerMessage.safeParse(data);
  return result.success ? { ok: true, message: result.data } : { ok: false, code: 'invalid' };
}

export function isGotoCommand(c: Command): c is GotoCommand {
  return c.cmd.type === 'goto';
}
