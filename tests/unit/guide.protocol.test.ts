import { describe, expect, it } from 'vitest';
import {
  Command,
  MAX_MESSAGE_BYTES,
  parseClientMessage,
  parseServerMessage,
  ServerMessage,
  type ClientMessage,
} from '../../src/features/guide/protocol.ts';

const ok = (m: unknown) => {
  const r = parseClientMessage(JSON.stringify(m));
  if (!r.ok) throw new Error(`refused: ${r.code}`);
  return r.message;
};
const code = (text: string) => {
  const r = parseClientMessage(text);
  return r.ok ? 'ok' : r.code;
};

describe('guide protocol', () => {
  it.each<ClientMessage>([
    { type: 'hello', role: 'guide', room: 'iamm', secret: 's3cret' },
    { type: 'hello', role: 'follower', room: 'room_2', clientId: '0b6f3c1e-5d2a-4f7e-9a1b-123456789abc' },
    { type: 'goto', milestone: '2022', seq: 0 },
    { type: 'goto', milestone: '2026-onward', tourStop: 3, seq: 41 },
    { type: 'tour', action: 'start', tourId: 'highlights', stop: 0, seq: 1 },
    { type: 'tour', action: 'pause', seq: 2 },
    { type: 'position', milestone: '2023-2024', following: true },
    { type: 'position', milestone: null, following: false },
  ])('accepts %j', (m) => {
    expect(ok(m)).toEqual(m);
  });

  it('tells malformed, unknown and invalid messages apart', () => {
    expect(code('{')).toBe('malformed');
    expect(code('"hello"')).toBe('malformed');
    expect(code('[]')).toBe('malformed');
    expect(code('null')).toBe('malformed');
    expect(code('{}')).toBe('unknown-type');
    expect(code('{"type":"command"}')).toBe('unknown-type');
    expect(code('{"type":"__proto__"}')).toBe('unknown-type');
    expect(code('{"type":"hello","role":"admin","room":"iamm"}')).toBe('invalid');
    expect(code('{"type":"hello","role":"guide","room":"iamm"}')).toBe('invalid');
    expect(code('{"type":"hello","role":"guide","room":"../x","secret":"s"}')).toBe('invalid');
    expect(code('{"type":"hello","role":"follower","room":"iamm","clientId":"short"}')).toBe('invalid');
    expect(code('{"type":"goto","milestone":"2022"}')).toBe('invalid');
    expect(code('{"type":"goto","milestone":"2022","seq":1.5}')).toBe('invalid');
    expect(code('{"type":"goto","milestone":"<script>","seq":1}')).toBe('invalid');
    expect(code('{"type":"goto","milestone":"2022","seq":1,"startsInMs":0}')).toBe('invalid');
    expect(code('{"type":"tour","action":"skip","seq":1}')).toBe('invalid');
    expect(code('{"type":"position","milestone":"2022"}')).toBe('invalid');
  });

  it('refuses messages over the size limit before parsing them', () => {
    expect(code(JSON.stringify({ type: 'goto', milestone: '2022', seq: 1, x: 'a'.repeat(MAX_MESSAGE_BYTES) }))).toBe('too-large');
  });

  it('validates what the server sends (for the browser client)', () => {
    const command = {
      type: 'command',
      rev: 3,
      seq: 7,
      issuedAt: 1_700_000_000_000,
      startsInMs: 3000,
      cmd: { type: 'goto', milestone: '2022' },
    };
    expect(Command.parse(command)).toEqual(command);
    expect(parseServerMessage(JSON.stringify(command))).toEqual({ ok: true, message: command });
    expect(parseServerMessage('{"type":"state","goto":null,"tour":null,"serverTime":1}').ok).toBe(true);
    expect(parseServerMessage('{"type":"error","code":"forbidden"}').ok).toBe(true);
    expect(parseServerMessage('{"type":"error","code":"nope"}').ok).toBe(false);
    expect(parseServerMessage('nope').ok).toBe(false);
    expect(
      ServerMessage.safeParse({
        type: 'roster',
        followers: [{ clientId: 'visitor-1234', milestone: null, following: true, connected: false, reconnected: true }],
      }).success,
    ).toBe(true);
  });
});
