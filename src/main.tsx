// Entry: read the URL, create the store, mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureTextBuilder } from 'troika-three-text';
import { exhibit, fonts, metrics } from 'virtual:exhibit';
import { App } from './App';
import { pick } from './content/format';
import { readParams, resolveHash } from './tour/navigation';
import { createExhibitStore } from './tour/store';
import { StoreProvider } from './ui/store';
import './styles.css';

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

// The same subset serves the HTML, so the 2D timeline looks like the panels even where no CJK font is installed.
const face = document.createElement('style');
face.textContent = `@font-face{font-family:"IAMM Sans";src:url("${fonts.regular}") format("woff");font-weight:400;font-display:swap}
@font-face{font-family:"IAMM Sans";src:url("${fonts.bold}") format("woff");font-weight:700;font-display:swap}`;
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
});
if (!hasWebGL()) store.getState().setWebglProblem(pick(exhibit.exhibit.ui.noWebgl, 'both', ' '));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App exhibit={exhibit} fonts={fonts} metrics={metrics} />
    </StoreProvider>
  </StrictMode>,
);
