// Live-guide mode in the page: `?follow=<room>` joins a room as a follower (src/guide/follow.ts decides, this
// carries out: countdown notice, focus moves, position reports); `?guide=<room>` asks for the room's secret (never
// in the URL), sends every explicit focus change as `goto` and shows the roster. A small pill / panel in the dock.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { pick } from '../content/format.ts';
import type { Exhibit, UiKey } from '../content/schema.ts';
import { GuideSocket } from '../guide/client.ts';
import { countdownRemaining, followStep, initialFollowState, type FollowEffect, type FollowInput, type FollowStatus } from '../guide/follow.ts';
import { CLOSE, ROOM_NAME, type RosterEntry } from '../guide/protocol.ts';
import type { ExhibitStore } from '../tour/store.ts';
import { useExhibit, useExhibitStore } from './store.tsx';

const CLIENT_ID_KEY = 'iamm.guide.clientId';

/** The room of `?follow=` / `?guide=` (invalid names are ignored). */
export function readGuideParams(search: string): { follow: string | null; guide: string | null } {
  const p = new URLSearchParams(search);
  const room = (k: string): string | null => {
    const v = p.get(k);
    return v !== null && ROOM_NAME.test(v) ? v : null;
  };
  return { follow: room('follow'), guide: room('guide') };
}

/** A random id kept for this tab (a reload is the same visitor). Works on insecure origins (no randomUUID). */
function clientId(): string {
  const fresh = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  try {
    const known = window.sessionStorage.getItem(CLIENT_ID_KEY);
    if (known && /^[A-Za-z0-9_-]{8,64}$/.test(known)) return known;
    const id = fresh();
    window.sessionStorage.setItem(CLIENT_ID_KEY, id);
    return id;
  } catch {
    return fresh();
  }
}

interface FollowView {
  status: FollowStatus;
  optedOut: boolean;
  /** Whole seconds left on the countdown, or null. */
  countdown: number | null;
}

function useFollower(room: string | null, store: ExhibitStore): { view: FollowView; toggle: () => void } {
  const [view, setView] = useState<FollowView>({ status: 'connecting', optedOut: false, countdown: null });
  const stepRef = useRef<(input: FollowInput) => void>(() => undefined);

  useEffect(() => {
    if (room === null) return;
    let state = initialFollowState(room, clientId());
    let tickTimer: number | null = null;
    let countdownTimer: number | null = null;
    const queue: FollowInput[] = [];
    let busy = false;
    const show = (): void => {
      const left = countdownRemaining(state, performance.now());
      setView({ status: state.status, optedOut: state.optedOut, countdown: left === null ? null : Math.max(1, Math.ceil(left / 1000)) });
    };
    const socket = new GuideSocket({
      onOpen: () => step({ type: 'socket-opened' }),
      onMessage: (message) => step({ type: 'message', message }),
      onClose: () => step({ type: 'socket-closed', random: Math.random() }),
    });
    const apply = (e: FollowEffect, now: number): void => {
      switch (e.type) {
        case 'connect':
          socket.connect(e.at - now);
          break;
        case 'send':
          socket.send(e.message);
          break;
        case 'countdown':
          if (tickTimer !== null) window.clearTimeout(tickTimer);
          tickTimer = window.setTimeout(() => step({ type: 'tick' }), Math.max(0, e.at - now));
          if (countdownTimer === null) countdownTimer = window.setInterval(show, 250);
          break;
        case 'cancel-countdown':
          if (tickTimer !== null) window.clearTimeout(tickTimer);
          tickTimer = null;
          break;
        case 'go':
          // The viewer glides (or cuts in VR and with reduced motion); the store change reports the position.
          store.getState().focus(e.milestone, 'step');
          break;
        case 'tour':
          // Tours led by the guide arrive as gotos; the tour commands themselves are not played here.
          break;
      }
    };
    // Inputs arriving while effects run (a focus change caused by a `go`) are handled after, in order.
    function step(input: FollowInput): void {
      queue.push(input);
      if (busy) return;
      busy = true;
      try {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const now = performance.now();
          const result = followStep(state, next, now);
          state = result.state;
          for (const e of result.effects) apply(e, now);
        }
      } finally {
        busy = false;
      }
      if (state.pending === null && countdownTimer !== null) {
        window.clearInterval(countdownTimer);
        countdownTimer = null;
      }
      show();
    }
    stepRef.current = (input) => step(input);
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.focusedId !== prev.focusedId || s.focusSeq !== prev.focusSeq) step({ type: 'moved', milestone: s.focusedId });
    });
    step({ type: 'moved', milestone: store.getState().focusedId });
    step({ type: 'start' });
    return () => {
      unsubscribe();
      socket.close();
      if (tickTimer !== null) window.clearTimeout(tickTimer);
      if (countdownTimer !== null) window.clearInterval(countdownTimer);
      stepRef.current = () => undefined;
    };
  }, [room, store]);

  return { view, toggle: () => stepRef.current({ type: view.optedOut ? 'rejoin' : 'opt-out' }) };
}

type GuideStatus = 'login' | 'connecting' | 'connected' | 'offline' | 'bad-secret';

function useGuide(room: string | null, secret: string | null, store: ExhibitStore): { status: GuideStatus; roster: RosterEntry[] } {
  const [status, setStatus] = useState<GuideStatus>('login');
  const [roster, setRoster] = useState<RosterEntry[]>([]);

  useEffect(() => {
    if (room === null || secret === null) return;
    setStatus('connecting');
    let attempt = 0;
    let seq = 0;
    let welcomed = false;
    const socket = new GuideSocket({
      onOpen: () => socket.send({ type: 'hello', role: 'guide', room, secret }),
      onMessage: (m) => {
        if (m.type === 'welcome') {
          welcomed = true;
          attempt = 0;
          setStatus('connected');
        } else if (m.type === 'roster') setRoster(m.followers);
      },
      onClose: (code) => {
        welcomed = false;
        if (code === CLOSE.unauthorized) {
          socket.close();
          setStatus('bad-secret');
          return;
        }
        setStatus('offline');
        socket.reconnect(attempt++);
      },
    });
    socket.connect();
    // Every explicit move of the guide (N / P, a click, a link), not walking, goes out to the room.
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.focusSeq === prev.focusSeq || s.focusCause === 'walk' || s.focusedId === null || !welcomed) return;
      socket.send({ type: 'goto', milestone: s.focusedId, seq: ++seq });
    });
    return () => {
      unsubscribe();
      socket.close();
    };
  }, [room, secret, store]);

  return { status, roster };
}

function FollowerPill({ exhibit, room }: { exhibit: Exhibit; room: string }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const { view, toggle } = useFollower(room, store);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');
  const label: Record<FollowStatus, UiKey> = {
    connecting: 'guideConnecting',
    following: 'guideFollowing',
    exploring: 'guideExploring',
    offline: 'guideOffline',
  };
  return (
    <div className="guide-pill" data-role="follower" data-status={view.status}>
      <span className="guide-status" role="status">
        {t(label[view.status])}
      </span>
      {view.countdown !== null && (
        <span className="guide-countdown" aria-live="assertive">
          {t('guideCountdown')} {view.countdown}…
        </span>
      )}
      <button type="button" onClick={toggle} aria-pressed={view.optedOut}>
        {t(view.optedOut ? 'guideRejoin' : 'guideExplore')}
      </button>
    </div>
  );
}

function GuidePanel({ exhibit, room }: { exhibit: Exhibit; room: string }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const [secret, setSecret] = useState<string | null>(null);
  const { status, roster } = useGuide(room, secret, store);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');
  const connected = roster.filter((f) => f.connected);
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const value = new FormData(e.currentTarget).get('secret');
    if (typeof value === 'string' && value.length > 0) setSecret(value);
  };
  if (secret === null || status === 'bad-secret') {
    return (
      <form className="guide-login" role="dialog" aria-label={t('guideSecret')} onSubmit={submit}>
        <label>
          {t('guideSecret')} <input type="password" name="secret" autoComplete="current-password" required />
        </label>
        <button type="submit">{t('guideConnect')}</button>
        {status === 'bad-secret' && <p role="alert">{t('guideBadSecret')}</p>}
      </form>
    );
  }
  return (
    <div className="guide-pill" data-role="guide" data-status={status} data-visitors={roster.length}>
      <span className="guide-status" role="status">
        {status === 'connected' ? t('guideLeading') : t(status === 'offline' ? 'guideOffline' : 'guideConnecting')}
      </span>
      <span className="guide-count">
        {t('guideFollowers')}: <output>{connected.length}</output>
      </span>
      <ul className="guide-roster" aria-label={t('guideFollowers')}>
        {connected.map((f) => (
          <li key={f.clientId} data-following={f.following}>
            {f.clientId.slice(0, 6)} {f.milestone ?? '—'}
            {f.following ? '' : ` (${t('guideExploring')})`}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `?follow=<room>` or `?guide=<room>`: the live guide's pill / panel; nothing otherwise. */
export function LiveGuide({ exhibit }: { exhibit: Exhibit }) {
  const params = useMemo(() => readGuideParams(window.location.search), []);
  if (params.guide !== null) return <GuidePanel exhibit={exhibit} room={params.guide} />;
  if (params.follow !== null) return <FollowerPill exhibit={exhibit} room={params.follow} />;
  return null;
}
