// Plays guided tours: owns the pure TourPlayer (src/features/tour/player.ts), turns its effects into focus moves
// (the viewer glides, or cuts with reduced motion and in VR) and narration (audio files), and shows the caption
// with pause / resume / previous / next / end controls. Ticks four times a second, not per frame.
import { useEffect, useMemo, useRef } from 'react';
import { pick, say, shownLangs } from '../../content/format.ts';
import type { Exhibit } from '../../content/schema.ts';
import { languagesOf } from '../../content/languages.ts';
import type { Tour } from '../../content/tours.ts';
import { narrationLanguageFor, TourPlayer, type TourEffect } from './player.ts';
import { CAPTION_LABEL, CAPTION_SIZES } from '../../layout/menu.ts';
import type { ExhibitStore, TourRequest } from '../../state/store.ts';
import { langTag } from '../../layout/panel.ts';
import { useExhibit, useExhibitStore } from '../../state/context.tsx';

const TICK_MS = 250;

function useTourEngine(tours: readonly Tour[], store: ExhibitStore): void {
  const player = useMemo(() => new TourPlayer(), []);
  const audio = useRef<HTMLAudioElement | null>(null);

  useEffect(() => {
    const now = (): number => performance.now();
    const sound = (): HTMLAudioElement => (audio.current ??= new Audio());
    const show = (): void => {
      const v = player.view(now());
      if (v.status === 'idle' || v.tourId === null) return store.getState().setTour(null);
      store
        .getState()
        .setTour({ id: v.tourId, status: v.status, stopIndex: v.stopIndex, stopCount: v.stopCount, caption: v.caption, led: v.led });
    };
    const apply = (effects: TourEffect[]): void => {
      for (const i of effects) {
        // The kiosk's attract loop under reduced motion shows the captions but does not move the camera.
        if (i.type === 'moveTo') {
          // A tour led by a live guide moves as the guide does (a guide's hold lets it through).
          if (!store.getState().tourStill) store.getState().focus(i.milestone, player.view(now()).led ? 'guide' : 'step', i.standingSpot);
        } else if (i.type === 'narrate') {
          const a = sound();
          a.pause();
          if (i.src === null) continue;
          const seq = i.seq;
          // Whatever happens to the file (missing, blocked autoplay), the tour goes on with captions only.
          const ended = (): void => apply(player.narrationEnded(now(), seq));
          a.onended = ended;
          a.onerror = ended;
          a.src = new URL(i.src, document.baseURI).href;
          a.play().catch(ended);
        }
      }
      show();
    };
    const run = (r: TourRequest): void => {
      const t = now();
      const lang = narrationLanguageFor(store.getState().language);
      const tour = tours.find((x) => x.id === r.id) ?? tours[0];
      switch (r.action) {
        case 'start':
          if (tour) apply(player.start(tour, t, lang));
          break;
        case 'join':
          // A live guide's tour: join at the guide's stop, or move there if already in it.
          if (!tour) break;
          if (player.state.tour?.id === tour.id && player.state.led && player.state.status !== 'idle')
            apply(player.goToStop(r.stop ?? 0, t));
          else apply(player.join(tour, r.stop ?? 0, t, lang));
          break;
        case 'goto-stop':
          apply(player.goToStop(r.stop ?? -1, t));
          break;
        case 'pause':
          audio.current?.pause();
          apply(player.pause(t));
          break;
        case 'resume':
          apply(player.resume(t));
          if (audio.current?.src && player.state.narrationPending) void audio.current.play().catch(() => undefined);
          break;
        case 'next':
          apply(player.next(t));
          break;
        case 'previous':
          apply(player.previous(t));
          break;
        case 'stop':
          apply(player.stop());
          break;
      }
    };
    // A tour asked for in the URL (?tour=…) was put in the store before mounting; it starts once the visitor can
    // see the exhibit, not behind the loading screen. Requests are played in order (a live guide's join, then its stop).
    const pending: TourRequest[] = [];
    const first = store.getState().tourRequest;
    if (first) pending.push(first);
    const drawn = (): boolean => store.getState().drawn[store.getState().view];
    const startPending = (): void => {
      if (!drawn()) return;
      for (let r = pending.shift(); r; r = pending.shift()) run(r);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.tourRequest && s.tourRequest !== prev.tourRequest) {
        pending.push(s.tourRequest);
        startPending();
      }
      if (s.drawn !== prev.drawn) startPending();
      if (s.language !== prev.language) player.setNarrationLanguage(narrationLanguageFor(s.language));
    });
    startPending();
    const timer = window.setInterval(() => {
      if (player.state.status === 'playing') apply(player.tick(now()));
    }, TICK_MS);
    return () => {
      unsubscribe();
      window.clearInterval(timer);
      audio.current?.pause();
    };
  }, [player, store, tours]);
}

/** The caption bar with the tour's controls; keyboard: Space pauses / resumes, Escape ends the tour. */
export function TourRunner({ exhibit, tours }: { exhibit: Exhibit; tours: readonly Tour[] }) {
  const store = useExhibitStore();
  useTourEngine(tours, store);
  const tour = useExhibit((s) => s.tour);
  const language = useExhibit((s) => s.language);
  const request = useExhibit((s) => s.requestTour);
  const captionSize = useExhibit((s) => s.captionSize);
  const setCaptionSize = useExhibit((s) => s.setCaptionSize);
  const ui = exhibit.exhibit.ui;

  useEffect(() => {
    if (!tour) return;
    const onKey = (e: KeyboardEvent): void => {
      const inControl = (sel: string): boolean => e.target instanceof HTMLElement && e.target.closest(sel) !== null;
      // Escape ends the tour wherever the focus is (a focused button has no use for it), except while typing.
      if (e.key === 'Escape') {
        if (!inControl('input, select, textarea')) request('stop');
        return;
      }
      // Space belongs to a focused button or field.
      if (e.key === ' ' && !inControl('button, input, select, textarea')) {
        e.preventDefault();
        request(tour.status === 'paused' ? 'resume' : 'pause');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tour, request]);

  if (!tour) return null;
  const t = (k: keyof typeof ui): string => pick(ui[k], language, ' · ');
  const title = tours.find((x) => x.id === tour.id)?.title;
  return (
    <section
      className="tour"
      aria-label={title ? pick(title, language, ' · ') : t('tour')}
      data-status={tour.status}
      data-caption-size={captionSize}
      data-led={tour.led}
    >
      <div className="tour-head">
        <p className="tour-progress">
          {t('tourProgress')} {tour.stopIndex + 1} / {tour.stopCount}
          {tour.led && <span className="tour-led"> · {t('tourLed')}</span>}
        </p>
        <div className="caption-size" role="radiogroup" aria-label={t('captionSize')}>
          {CAPTION_SIZES.map((size) => (
            <label key={size} className={size === captionSize ? 'choice checked' : 'choice'}>
              <input type="radio" name="caption-size" value={size} checked={size === captionSize} onChange={() => setCaptionSize(size)} />
              <span aria-hidden="true" className={`caption-size-${size}`}>
                A
              </span>
              <span className="sr-only">{t(CAPTION_LABEL[size])}</span>
            </label>
          ))}
        </div>
      </div>
      <div className="tour-caption" aria-live="polite" aria-atomic="true">
        {tour.caption &&
          shownLangs(language, languagesOf(exhibit)).map((l) => (
            <p key={l} lang={langTag(l)}>
              {say(tour.caption!, l)}
            </p>
          ))}
      </div>
      <div className="tour-controls">
        <button type="button" onClick={() => request('previous')}>
          {t('tourPrevious')}
        </button>
        {tour.status === 'paused' ? (
          <button type="button" onClick={() => request('resume')} aria-keyshortcuts="Space">
            {t('tourResume')}
          </button>
        ) : (
          <button type="button" onClick={() => request('pause')} aria-keyshortcuts="Space" disabled={tour.status === 'finished'}>
            {t('tourPause')}
          </button>
        )}
        <button type="button" onClick={() => request('next')} disabled={tour.status === 'finished'}>
          {t('tourNext')}
        </button>
        <button type="button" onClick={() => request('stop')} aria-keyshortcuts="Escape">
          {t('tourStop')}
        </button>
      </div>
    </section>
  );
}

/** The toolbar's button that starts the default tour. */
export function StartTourButton({ exhibit, tours }: { exhibit: Exhibit; tours: readonly Tour[] }) {
  const language = useExhibit((s) => s.language);
  const tour = useExhibit((s) => s.tour);
  const request = useExhibit((s) => s.requestTour);
  const first = tours[0];
  if (!first || tour) return null;
  return (
    <button type="button" onClick={() => request('start', first.id)}>
      {pick(exhibit.exhibit.ui.tour, language, ' · ')}
    </button>
  );
}
