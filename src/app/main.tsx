// Entry: read the URL, create the store, mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureTextBuilder, preloadFont } from 'troika-three-text';
import { exhibit as scenes, fonts, mediaFiles, metrics, pictures, tours } from 'virtual:exhibit';
import { addPageFonts } from './pageFonts.ts';
import { App } from './App.tsx';
import { pick } from '../content/format.ts';
import { languageChoices, languagesOf } from '../content/languages.ts';

import { FACE_INFO, FACES } from '../text/faces.ts';
import { effectiveIdleSeconds, kioskRoom, readGuideRooms, readParams } from './params.ts';
import { resolveHash } from '../state/navigation.ts';
import { bannerCharacters } from '../layout/corridor.ts';
import { FINALE_ID } from '../content/ids.ts';
import { createExhibitStore } from '../state/store.ts';
import { StoreProvider } from '../state/context.tsx';
import { CAPTION_SIZES, HINT_KEYS, type CaptionSize, type HintKey } from '../content/preferences.ts';
import { registerServiceWorker } from './pwa.ts';
import { requestPersistence } from '../features/kiosk/persist.ts';
import { readItem, readJson, writeItem, writeJson } from './storage.ts';
import { createExhibitXRStore } from './xr.ts';
import type { Kiosk, KioskSetup } from '../features/kiosk/Kiosk.tsx';
import { createWatchFeed } from '../features/guide/tools.ts';
import '../styles.css';

const HINTS_KEY = 'iamm.vrHintsDone';
function readHintsDone(): HintKey[] {
  const raw = readJson(HINTS_KEY);
  return Array.isArray(raw) ? HINT_KEYS.filter((k) => raw.includes(k)) : [];
}

const CAPTION_SIZE_KEY = 'iamm.captionSize';
function readCaptionSize(): CaptionSize | undefined {
  const v = readItem(CAPTION_SIZE_KEY);
  return CAPTION_SIZES.find((s) => s === v);
}

function hasWebGL(): boolean {
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    return gl !== null;
  } catch {
    return false;
  }
}

// troika fetches a fallback font from a CDN for any glyph the font lacks. The build guarantees the subset
// holds every character of the content; this points any fallback at our own origin anyway, so no request
// can ever leave it.
configureTextBuilder({ unicodeFontsURL: new URL('no-fallback-fonts/', document.baseURI).href });

// The same subsets serve the HTML, so the 2D timeline looks like the panels even where no CJK font is installed:
// "IAMM SC" (Noto Sans SC) and "IAMM Latin" (Noto Sans); src/styles.css puts SC first for Chinese, Latin first elsewhere.
// Added through the FontFace API rather than an injected <style>, which the Content Security Policy (no inline
// styles) would block. A font that fails to load leaves the system font in its place.
const faces: FontFace[] = [];
for (const f of FACES) {
  const { script, cssWeight } = FACE_INFO[f];
  const family = script === 'sc' ? 'IAMM SC' : 'IAMM Latin';
  try {
    const face = new FontFace(family, `url("${fonts[f]}") format("woff")`, { weight: String(cssWeight), display: 'swap' });
    document.fonts.add(face);
    faces.push(face);
  } catch (err) {
    console.warn(`The ${family} font could not be added; the system font is used instead.`, err);
  }
}

// ?lang= offers the exhibit's own languages (and 'both' when it has two).
const params = readParams(window.location.search, languageChoices(languagesOf(scenes)));
const rooms = readGuideRooms(window.location.search);
const wantsGuide = rooms.follow !== null || rooms.guide !== null;
// The pictures travel with the exhibit (the panels and the text timeline draw them); IAMM has none.
// So do the panels' models and videos.
const withPictures = pictures.atlas ? { ...scenes, pictures } : scenes;
const exhibit = Object.keys(mediaFiles).length ? { ...withPictures, mediaFiles } : withPictures;
const milestones = exhibit.content.milestones;
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

if (rooms.team !== null) {
  // The event team's readiness page (?team=<room>): no exhibit, no store; its own chunk, which visitors never load.
  const language = params.language ?? exhibit.exhibit.defaultLanguage;
  const room = rooms.team;
  addPageFonts();
  void import('../features/team/TeamPage.tsx').then(({ TeamPage }) =>
    createRoot(root).render(
      <StrictMode>
        <TeamPage exhibit={exhibit} room={room} language={language} />
      </StrictMode>,
    ),
  );
} else if (params.operator) {
  // The kiosk's operator page (PIN, visit log): no exhibit, no store; its own chunk, which visitors never load.
  const language = params.language ?? exhibit.exhibit.defaultLanguage;
  addPageFonts();
  void import('../features/kiosk/OperatorPage.tsx').then(({ OperatorPage }) =>
    createRoot(root).render(
      <StrictMode>
        <OperatorPage exhibit={exhibit} tours={tours} language={language} />
      </StrictMode>,
    ),
  );
} else {
  const kioskSettings = exhibit.exhibit.kiosk;
  const attractTour = kioskSettings?.attractTour ?? tours[0]?.id ?? null;
  if (params.kiosk && !kioskSettings) params.notices.push('Kiosk mode is not configured (add a kiosk: section to scenes/exhibit.yaml)');
  const startLanguage = params.language ?? exhibit.exhibit.defaultLanguage;
  const kiosk: KioskSetup | null =
    params.kiosk && kioskSettings
      ? {
          idleSeconds: effectiveIdleSeconds(kioskSettings.idleSeconds, params.idleSeconds),
          fadeSeconds: kioskSettings.fadeSeconds,
          attractTour,
          startLanguage,
          retention: kioskSettings.retention,
        }
      : null;

  const hash = window.location.hash;
  // A kiosk always opens at its start, whatever hash the booth's URL carries.
  const focusedId = kiosk ? (milestones[0]?.id ?? null) : resolveHash(hash, milestones, FINALE_ID);
  if (!kiosk && hash.length > 1 && focusedId === null) params.notices.push(`No milestone matches "${hash.slice(0, 24)}"`);

  // A booth screen (?watch=<room>) always shows the 3D corridor, from the shared headset's view.
  const watch = rooms.watch !== null && !kiosk ? { room: rooms.watch, feed: createWatchFeed() } : null;
  const store = createExhibitStore({
    ids: milestones.map((m) => m.id),
    finaleId: FINALE_ID,
    language: startLanguage,
    view: watch ? '3d' : (params.view ?? '3d'),
    focusedId,
    notices: params.notices,
    hintsDone: readHintsDone(),
    captionSize: readCaptionSize(),
  });
  // The VR hints a visitor has acted on, and the caption size, stay on this device.
  store.subscribe((s, prev) => {
    // Private mode or a full disk: the hints show again and the size is the default next time.
    if (s.hintsDone !== prev.hintsDone) writeJson(HINTS_KEY, s.hintsDone);
    if (s.captionSize !== prev.captionSize) writeItem(CAPTION_SIZE_KEY, s.captionSize);
  });
  const xrStore = createExhibitXRStore();
  // In a kiosk the attract loop decides which tour plays.
  if (params.tour !== null && !kiosk) {
    if (tours.some((t) => t.id === params.tour)) store.getState().requestTour('start', params.tour);
    else store.getState().notify(`Unknown tour "${params.tour}"`);
  }
  if (!hasWebGL()) store.getState().setWebglProblem(pick(exhibit.exhibit.ui.noWebgl, 'both', ' '));
  // A 3D visit: troika's worker fetches and parses the four faces now, on the other core, and the entrance banner's
  // glyphs are built (the GPU idles while this thread builds the page and the 3D view): when the banner reaches
  // troika at the first frame, only its typesetting is left.
  else if (store.getState().view === '3d') {
    const banner = bannerCharacters(exhibit, startLanguage, metrics);
    for (const f of FACES) preloadFont({ font: fonts[f], characters: banner[f] ?? ' ' }, () => {});
  }
  // The 3D panels cannot draw a word without the exhibit's fonts: if one is missing or corrupt (the browser's font
  // sanitiser refuses it), the text timeline takes over in the device's own fonts, with a notice, instead of a
  // loading screen that never ends. The panels need every face, so they are all loaded up front.
  void Promise.all(faces.map((face) => face.load())).catch((err: unknown) => {
    console.warn('An exhibit font failed to load; showing the text timeline.', err);
    store.getState().setWebglProblem(pick(exhibit.exhibit.ui.fontProblem, 'both', ' '));
  });

  // A kiosk's room: it reports its status there, and with ?share= shows its view on the room's booth screens.
  const booth = kioskRoom(kiosk !== null, rooms);
  const mount = (KioskView: typeof Kiosk | null): void =>
    createRoot(root).render(
      <StrictMode>
        <StoreProvider store={store}>
          <App
            exhibit={exhibit}
            tours={tours}
            fonts={fonts}
            metrics={metrics}
            xrStore={xrStore}
            kiosk={kiosk}
            KioskView={KioskView}
            wantsGuide={wantsGuide}
            statusRoom={booth.room}
            shareView={booth.share}
            watch={watch}
          />
        </StoreProvider>
      </StrictMode>,
    );
  // Kiosk mode is its own chunk, which visitors never load; a booth loads it before the page mounts, so the page is
  // in its attract loop by the time it says it is ready.
  if (kiosk) {
    void import('../features/kiosk/Kiosk.tsx').then(
      (m) => mount(m.Kiosk),
      (err: unknown) => {
        console.warn('Kiosk mode could not load; the exhibit runs without it.', err);
        mount(null);
      },
    );
  } else mount(null);
}

// The offline copy (production builds only; src/app/pwa.ts).
registerServiceWorker();
// An installed exhibit (opened from the app library or the dock) asks the browser to keep its data, as a kiosk does.
if (window.matchMedia('(display-mode: standalone)').matches) void requestPersistence(navigator.storage);
