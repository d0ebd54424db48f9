// Live-guide mode in the page: `?follow=<room>` joins a room as a follower (src/features/guide/follow.ts decides, this
// carries out: countdown notice, focus moves, position reports); `?guide=<room>` asks for the room's secret (never
// in the URL), sends every explicit focus change as `goto` and shows the roster. A small pill / panel in the dock.
// First: zod without its eval probe (the page's CSP has no 'unsafe-eval') before this chunk's protocol uses zod.
import '../../app/csp.ts';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { readGuideRooms } from '../../app/params.ts';
import { pick } from '../../content/format.ts';
import type { Exhibit, UiKey } from '../../content/schema.ts';
import { GuideSocket } from './client.ts';
import { StatusReporter } from './device.ts';
import { deviceId } from './deviceId.ts';
import { countdownRemaining, followStep, initialFollowState, type FollowEffect, type FollowEvent, type FollowStatus } from './follow.ts';
import { CLOSE, type RosterEntry, type TourCommandAction } from './protocol.ts';
import { isAtStop, poseMessage } from './tools.ts';
import type { ExhibitStore, TourShown } from '../../state/store.ts';
import { useExhibit, useExhibitStore } from '../../state/context.tsx';

interface FollowView {
  status: FollowStatus;
  optedOut: boolean;
  /** Whole seconds left on the countdown, or null. */
  countdown: number | null;
}

function useFollower(room: string | null, store: ExhibitStore): { view: FollowView; toggle: () => void } {
  const [view, setView] = useState<FollowView>({ status: 'connecting', optedOut: false, countdown: null });
  const stepRef = useRef<(input: FollowEvent) => void>(() => undefined);

  useEffect(() => {
    if (room === null) return;
    let state = initialFollowState(room, deviceId());
    let tickTimer: number | null = null;
    let countdownTimer: number | null = null;
    let lastTourStop: number | null = null;
    const tourTimers = new Set<number>();
    const queue: FollowEvent[] = [];
    let busy = false;
    const show = (): void => {
      const left = countdownRemaining(state, performance.now());
      const countdown = left === null ? null : Math.max(1, Math.ceil(left / 1000));
      setView({ status: state.status, optedOut: state.optedOut, countdown });
      // The VR menu shows the countdown too.
      store.getState().setGuideCountdown(countdown);
    };
    // The headset's readiness for the event team's page (version, offline copy, language, view, following).
    const reporter = new StatusReporter(
      () => {
        const s = store.getState();
        return { language: s.language, view: s.inXR ? 'vr' : s.view, kiosk: false, following: !state.optedOut };
      },
      (m) => socket.send(m),
    );
    const socket = new GuideSocket({
      onOpen: () => step({ type: 'socket-opened' }),
      onMessage: (message) => {
        if (message.type === 'welcome') {
          reporter.connected();
          // Sharing the view survives a reconnect (the server forgot it with the old socket).
          if (store.getState().sharingView) socket.send({ type: 'share', on: true });
        }
        step({ type: 'message', message });
      },
      onClose: () => {
        reporter.disconnected();
        step({ type: 'socket-closed', random: Math.random() });
      },
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
        case 'go': {
          // The viewer glides (or cuts in VR and with reduced motion); the store change reports the position.
          lastTourStop = e.tourStop;
          const st = store.getState();
          st.focus(e.milestone, 'guide');
          // In the guide's tour: show that stop's caption and narration too.
          if (e.tourStop !== null && st.tour?.led) st.requestTour('goto-stop', st.tour.id, e.tourStop);
          break;
        }
        case 'tools':
          // The highlight is drawn by the scene and the text timeline; the hold is kept by the store's navigation.
          store.getState().setGuideTools(e.highlight, e.held);
          break;
        case 'tour': {
          // The guide started / paused / resumed / ended its tour: the follower plays it led (the clock never moves it
          // on; the guide's gotos do), after the same countdown as a move.
          const cmd = e.cmd;
          const timer = window.setTimeout(
            () => {
              tourTimers.delete(timer);
              const st = store.getState();
              const led = st.tour?.led === true && st.tour.status !== 'finished';
              if (cmd.action === 'stop') {
                if (led) st.requestTour('stop');
                return;
              }
              if (cmd.tourId === undefined) return;
              if (!led || st.tour?.id !== cmd.tourId) st.requestTour('join', cmd.tourId, lastTourStop ?? cmd.stop ?? 0);
              if (cmd.action === 'pause') st.requestTour('pause');
              else if (cmd.action === 'resume' && led) st.requestTour('resume');
            },
            Math.max(0, e.at - now),
          );
          tourTimers.add(timer);
          break;
        }
      }
    };
    // Inputs arriving while effects run (a focus change caused by a `go`) are handled after, in order.
    function step(input: FollowEvent): void {
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
      reporter.changed();
    }
    stepRef.current = (input) => {
      step(input);
      // Exploring on one's own leaves the guide's tour too; rejoining brings it back (the machine repeats the command).
      const st = store.getState();
      if (input.type === 'opt-out' && st.tour?.led) st.requestTour('stop');
    };
    // The booth screen: while the visitor shares their view, the scene's frame loop hands the pose here (at most
    // SHARE_POSES_PER_S, src/features/guide/tools.ts); the socket carries it as this headset's own view.
    const sink = store.getState().viewSink;
    store.getState().setShareAvailable(true);
    sink.send = (p) => void socket.send(poseMessage(p));
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.sharingView !== prev.sharingView) socket.send({ type: 'share', on: s.sharingView });
      if (s.focusedId !== prev.focusedId || s.focusSeq !== prev.focusSeq) step({ type: 'moved', milestone: s.focusedId });
      if (s.language !== prev.language || s.view !== prev.view || s.inXR !== prev.inXR) reporter.changed();
    });
    step({ type: 'moved', milestone: store.getState().focusedId });
    step({ type: 'start' });
    return () => {
      unsubscribe();
      sink.send = null;
      store.getState().setShareAvailable(false);
      reporter.stop();
      socket.close();
      if (tickTimer !== null) window.clearTimeout(tickTimer);
      if (countdownTimer !== null) window.clearInterval(countdownTimer);
      for (const t of tourTimers) window.clearTimeout(t);
      store.getState().setGuideCountdown(null);
      store.getState().setGuideTools(null, false);
      stepRef.current = () => undefined;
    };
  }, [room, store]);

  return { view, toggle: () => stepRef.current({ type: view.optedOut ? 'rejoin' : 'opt-out' }) };
}

type GuideStatus = 'login' | 'connecting' | 'connected' | 'offline' | 'bad-secret' | 'insecure' | 'rate-limited';

interface GuideRoster {
  followers: RosterEntry[];
  /** Connected visitors (all of them, not only those listed) and remembered ones. */
  connected: number;
  known: number;
}

function useGuide(
  room: string | null,
  secret: string | null,
  store: ExhibitStore,
): { status: GuideStatus; roster: GuideRoster; notShared: boolean; holding: boolean; gather: (on: boolean) => void } {
  const [status, setStatus] = useState<GuideStatus>('login');
  const [roster, setRoster] = useState<GuideRoster>({ followers: [], connected: 0, known: 0 });
  const [notShared, setNotShared] = useState(false);
  const [holding, setHolding] = useState(false);
  const gatherRef = useRef<(on: boolean) => void>(() => undefined);

  useEffect(() => {
    if (room === null || secret === null) return;
    setStatus('connecting');
    let attempt = 0;
    let seq = 0;
    gatherRef.current = (on) => {
      socket.send({ type: 'hold', on, seq: ++seq });
    };
    let welcomed = false;
    let refusal: 'insecure' | 'rate-limited' | null = null;
    const socket = new GuideSocket({
      onOpen: () => socket.send({ type: 'hello', role: 'guide', room, secret }),
      onMessage: (m) => {
        if (m.type === 'welcome') {
          welcomed = true;
          // After a reconnect, the room hears the guide's tour state again.
          sentTour = null;
          attempt = 0;
          setStatus('connected');
          store.getState().setGuiding(true);
        } else if (m.type === 'roster') {
          const connected = m.total?.connected ?? m.followers.filter((f) => f.connected).length;
          setRoster({ followers: m.followers, connected, known: m.total ? m.total.connected + m.total.away : m.followers.length });
        } else if (m.type === 'tools') {
          // The room's tools as the server holds them (after a reconnect, too): the guide sees what the group sees.
          setHolding(m.hold);
          store.getState().setGuideTools(m.highlight, false);
        } else if (m.type === 'state') setNotShared(false);
        else if (m.type === 'error') {
          if (m.code === 'not-shared') setNotShared(true);
          else if (m.code === 'tls-required') refusal = 'insecure';
          else if (m.code === 'rate-limited' && !welcomed) refusal = 'rate-limited';
        }
      },
      onClose: (code) => {
        welcomed = false;
        store.getState().setGuiding(false);
        if (code === CLOSE.insecure || (code === CLOSE.unauthorized && refusal !== null)) {
          socket.close();
          setStatus(code === CLOSE.insecure ? 'insecure' : (refusal ?? 'bad-secret'));
          return;
        }
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
    // Every explicit move of the guide (N / P, a click, a link, a tour stop), not walking, goes out to the room, and so do
    // the guide's tour commands (start / pause / resume / end). Sent after the store has settled (a tour stop changes the
    // focus first and the tour's stop index just after), the tour command first.
    let sentTour: TourShown | null = null;
    let sentFocusSeq = store.getState().focusSeq;
    let flushQueued = false;
    const flush = (): void => {
      flushQueued = false;
      if (!welcomed) return;
      const s = store.getState();
      const cur = s.tour && !s.tour.led && s.tour.status !== 'finished' ? s.tour : null;
      const prev = sentTour;
      const tourCmd = (action: TourCommandAction['action'], t: TourShown): void => {
        socket.send({ type: 'tour', action, tourId: t.id, stop: t.stopIndex, seq: ++seq });
      };
      if (cur && (!prev || prev.id !== cur.id)) {
        tourCmd('start', cur);
        if (cur.status === 'paused') tourCmd('pause', cur);
      } else if (cur && prev && cur.status !== prev.status) tourCmd(cur.status === 'paused' ? 'pause' : 'resume', cur);
      else if (!cur && prev) tourCmd('stop', prev);
      sentTour = cur;
      if (s.focusSeq !== sentFocusSeq) {
        sentFocusSeq = s.focusSeq;
        if (s.focusCause !== 'walk' && s.focusedId !== null) {
          socket.send({ type: 'goto', milestone: s.focusedId, ...(cur ? { tourStop: cur.stopIndex } : {}), seq: ++seq });
          // The server clears the room's highlight with the move; so does the guide's own view.
          s.setGuideTools(null, false);
        }
      }
    };
    const unsubscribe = store.subscribe((s, prev) => {
      // Pointing (a click in point mode, "Clear highlight"): the element's content id goes out, never a position.
      if (s.pointRequest !== prev.pointRequest && s.pointRequest && welcomed) {
        socket.send({ type: 'highlight', element: s.pointRequest.element, seq: ++seq });
      }
      if (s.focusSeq === prev.focusSeq && s.tour === prev.tour) return;
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(flush);
      }
    });
    return () => {
      unsubscribe();
      socket.close();
      gatherRef.current = () => undefined;
      store.getState().setGuideTools(null, false);
      store.getState().setPointMode(false);
      store.getState().setGuiding(false);
    };
  }, [room, secret, store]);

  return { status, roster, notShared, holding, gather: (on) => gatherRef.current(on) };
}

function FollowerPill({ exhibit, room }: { exhibit: Exhibit; room: string }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const { view, toggle } = useFollower(room, store);
  const held = useExhibit((s) => s.guideHeld);
  const heldRefusals = useExhibit((s) => s.heldRefusals);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');
  const label: Record<FollowStatus, UiKey> = {
    connecting: 'guideConnecting',
    following: 'guideFollowing',
    exploring: 'guideExploring',
    offline: 'guideOffline',
  };
  return (
    <div className="guide-pill" data-role="follower" data-status={view.status} data-held={held}>
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
      {held && (
        <p className="guide-held" role="alert" key={heldRefusals}>
          {t('guideHeld')} {t('guideHeldLeave')}
        </p>
      )}
      <ShareToggle exhibit={exhibit} />
    </div>
  );
}

/** "Show my view on the booth screen": opt-in, off by default, and said on the page (and in VR) while on. */
function ShareToggle({ exhibit }: { exhibit: Exhibit }) {
  const language = useExhibit((s) => s.language);
  const sharing = useExhibit((s) => s.sharingView);
  const setSharing = useExhibit((s) => s.setSharingView);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');
  return (
    <>
      <button type="button" className="guide-share" aria-pressed={sharing} onClick={() => setSharing(!sharing)}>
        {t('shareView')}
      </button>
      {sharing && (
        <span className="guide-sharing" role="status">
          {t('shareViewOn')}
        </span>
      )}
    </>
  );
}

function GuidePanel({ exhibit, room }: { exhibit: Exhibit; room: string }) {
  const store = useExhibitStore();
  const language = useExhibit((s) => s.language);
  const [secret, setSecret] = useState<string | null>(null);
  const { status, roster, notShared, holding, gather } = useGuide(room, secret, store);
  const stop = useExhibit((s) => s.focusedId);
  const pointMode = useExhibit((s) => s.pointMode);
  const highlight = useExhibit((s) => s.guideHighlight);
  const t = (k: UiKey): string => pick(exhibit.exhibit.ui[k], language, ' · ');
  const connected = roster.followers.filter((f) => f.connected);
  const submit = (e: FormEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const value = new FormData(e.currentTarget).get('secret');
    if (typeof value === 'string' && value.length > 0) setSecret(value);
  };
  const refused = status === 'bad-secret' || status === 'insecure' || status === 'rate-limited';
  if (secret === null || refused) {
    return (
      <form className="guide-login" role="dialog" aria-label={t('guideSecret')} onSubmit={submit}>
        <label>
          {t('guideSecret')} <input type="password" name="secret" autoComplete="current-password" required />
        </label>
        <button type="submit">{t('guideConnect')}</button>
        {status === 'bad-secret' && <p role="alert">{t('guideBadSecret')}</p>}
        {status === 'insecure' && <p role="alert">{t('guideInsecure')}</p>}
        {status === 'rate-limited' && <p role="alert">{t('guideRateLimited')}</p>}
      </form>
    );
  }
  return (
    <div className="guide-pill" data-role="guide" data-status={status} data-visitors={roster.known}>
      <span className="guide-status" role="status">
        {status === 'connected' ? t('guideLeading') : t(status === 'offline' ? 'guideOffline' : 'guideConnecting')}
      </span>
      <span className="guide-count">
        {t('guideFollowers')}: <output>{roster.connected}</output>
      </span>
      {notShared && (
        <span className="guide-notice" role="alert">
          {t('guideNotShared')}
        </span>
      )}
      {status === 'connected' && (
        <div className="guide-tools" role="group" aria-label={t('guideLeading')}>
          <button
            type="button"
            aria-pressed={pointMode}
            title={t('guidePointHint')}
            onClick={() => store.getState().setPointMode(!pointMode)}
          >
            {t('guidePoint')}
          </button>
          <button type="button" disabled={highlight === null} onClick={() => store.getState().pointAt(null)}>
            {t('guideClearHighlight')}
          </button>
          <button type="button" aria-pressed={holding} onClick={() => gather(!holding)}>
            {t(holding ? 'guideRelease' : 'guideGather')}
          </button>
          {holding && <span className="guide-holding">{t('guideHolding')}</span>}
        </div>
      )}
      <ul className="guide-roster" aria-label={t('guideFollowers')}>
        {connected.map((f) => {
          const here = isAtStop(f, stop);
          return (
            <li key={f.clientId} data-following={f.following} data-at-stop={here}>
              {f.clientId.slice(0, 6)} {f.milestone ?? '—'} · {t(here ? 'guideAtStop' : 'guideOnTheWay')}
              {f.following ? '' : ` (${t('guideExploring')})`}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** `?follow=<room>` or `?guide=<room>`: the live guide's pill / panel; nothing otherwise. */
export function LiveGuide({ exhibit }: { exhibit: Exhibit }) {
  const params = useMemo(() => readGuideRooms(window.location.search), []);
  if (params.guide !== null) return <GuidePanel exhibit={exhibit} room={params.guide} />;
  if (params.follow !== null) return <FollowerPill exhibit={exhibit} room={params.follow} />;
  return null;
}
