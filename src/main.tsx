// Entry: read the URL, create the store, mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureTextBuilder } from 'troika-three-text';
import { exhibit, fonts, metrics, tours } from 'virtual:exhibit';
import { App } from './App.tsx';
import { pick } from './content/format.ts';
import { FACE_INFO, FACES } from './text/faces.ts';
import { readParams, resolveHash } from './tour/navigation.ts';
import { createExhibitStore } from './tour/store.ts';
import { StoreProvider } from './ui/store.tsx';
import { HINT_KEYS, type HintKey } from './layout/menu.ts';
import { registerServiceWorker } from './pwa.ts';
import { createExhibitXRStore } from './xr.ts';
import './styles.css';

const HINTS_KEY = 'iamm.vrHintsDone';
function readHintsDone(): HintKey[] {
  try {
    const raw: unknown = JSON.parse(window.localStorage.getItem(HINTS_KEY) ?? '[]');
    return Array.isArray(raw) ? HINT_KEYS.filter((k) => raw.includes(k)) : [];
  } catch {
    return [];
  }
}
function writeHintsDone(keys: readonly HintKey[]): void {
  try {
    window.localStorage.setItem(HINTS_KEY, JSON.stringify(keys));
  } catch {
    // Private mode or a full disk: the hints will simply show again next time.
  }
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
const face = document.createElement('style');
face.textContent = FACES.map((f) => {
  const { script, cssWeight } = FACE_INFO[f];
  const family = script === 'sc' ? 'IAMM SC' : 'IAMM Latin';
  return `@font-face{font-family:"${family}";src:url("${fonts[f]}") format("woff");font-weight:${cssWeight};font-display:swap}`;
}).join('\n');
document.head.append(face);

const params = readParams(window.location.search);
const milestones = exhibit.content.milestones;
const hash = window.location.hash;
const focusedId = resolveHash(hash, milestones);
if (hash.length > 1 && focusedId === null) params.notices.push(`No milestone matches "${hash.slice(0, 24)}"`);

const store = createExhibitStore({
  ids: milestones.map((m) => m.id),
  language: params.language ?? exhibit.exhibit.defaultLanguage,
  view: params.view ?? '3d',
  focusedId,
  notices: params.notices,
  hintsDone: readHintsDone(),
});
// The VR hints a visitor has acted on stay gone on this device.
store.subscribe((s, prev) => {
  if (s.hintsDone !== prev.hintsDone) writeHintsDone(s.hintsDone);
});
const xrStore = createExhibitXRStore();
if (params.tour !== null) {
  if (tours.some((t) => t.id === params.tour)) store.getState().requestTour('start', params.tour);
  else store.getState().notify(`Unknown tour "${params.tour}"`);
}
if (!hasWebGL()) store.getState().setWebglProblem(pick(exhibit.exhibit.ui.noWebgl, 'both', ' '));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App exhibit={exhibit} tours={tours} fonts={fonts} metrics={metrics} xrStore={xrStore} />
    </StoreProvider>
  </StrictMode>,
);

// The offline copy (production builds only; src/pwa.ts).
registerServiceWorker();
