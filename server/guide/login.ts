// Guide and team logins: only over TLS or from this machine; the room's secret is checked at once and counted at
// once (so parallel guesses see the backoff grow), but answered only after the address's and the room's backoff
// delay (rate.ts LoginBackoff), right or wrong, and an optional hard limit of failures per address.
import { CLOSE, type GuideHello, type TeamHello } from '../../src/features/guide/protocol.ts';
import { checkSecret } from './config.ts';
import type { Client, HubContext } from './context.ts';
import { teamJoins } from './devices.ts';
import { TokenBucket } from './rate.ts';
import { guideJoins } from './rooms.ts';

export function onGuideHello(hub: HubContext, c: Client, msg: GuideHello | TeamHello): void {
  if (!c.private) {
    hub.refuseLog(c.ip, `refused a ${msg.role} login for room ${msg.room} from ${c.ip}: plain ws:// from another machine (use https)`);
    hub.send(c, { type: 'error', code: 'tls-required' });
    hub.closeClient(c, CLOSE.insecure, 'tls required');
    return;
  }
  const now = hub.now();
  if (hub.options.authFailures) {
    const bucket = hub.authFailures.get(c.ip) ?? new TokenBucket(hub.options.authFailures, now);
    if (bucket.available(now) < 1) {
      hub.refuseLog(c.ip, `refused a guide login for room ${msg.room} from ${c.ip}: too many failed attempts`);
      hub.send(c, { type: 'error', code: 'rate-limited' });
      hub.closeClient(c, CLOSE.unauthorized, 'too many attempts');
      return;
    }
    hub.authFailures.set(c.ip, bucket);
    if (hub.authFailures.size > 10_000) hub.authFailures.clear();
  }
  // The verdict is reached now, and counted now (so parallel guesses see the backoff grow), but told only after the
  // backoff delay, right or wrong: a guesser who closes early learns nothing.
  const delay = Math.max(hub.addressBackoff.delay(c.ip, now), hub.roomBackoff.delay(msg.room, now));
  const verdict = checkSecret(hub.options.rooms, msg.room, msg.secret);
  if (verdict !== 'ok') {
    hub.addressBackoff.fail(c.ip, now);
    if (verdict === 'bad-secret') hub.roomBackoff.fail(msg.room, now);
    hub.authFailures.get(c.ip)?.take(now);
  }
  const answer = () => {
    c.loginTimer = null;
    if (c.closed) return;
    if (verdict !== 'ok') {
      hub.refuseLog(
        c.ip,
        `refused a guide login from ${c.ip}: ${verdict === 'bad-secret' ? `wrong secret for room ${msg.room}` : 'unknown room'}` +
          (delay > 0 ? ` (answered after ${delay} ms)` : ''),
      );
      hub.send(c, { type: 'error', code: verdict });
      hub.closeClient(c, CLOSE.unauthorized, verdict);
      return;
    }
    if (msg.role === 'team') teamJoins(hub, c, msg.room);
    else guideJoins(hub, c, msg.room);
  };
  if (delay <= 0) return answer();
  c.loginTimer = setTimeout(() => hub.guard('login', answer), delay);
  c.loginTimer.unref();
}
