// On-screen controls: previous / next (also the touch controls), language, and 2D / 3D view.
import { languageLabel, pick } from '../content/format.ts';
import type { Exhibit, UiKey } from '../content/schema.ts';
import { languagesOf } from '../content/languages.ts';
import { languageChoices } from '../content/languages.ts';
import type { XRStore } from '@react-three/xr';
import type { Tour } from '../content/tours.ts';
import { EnterVR } from './EnterVR.tsx';
import { StartTourButton } from '../features/tour/TourRunner.tsx';
import { useExhibit } from '../state/context.tsx';

export function Toolbar({ exhibit, tours, xrStore }: { exhibit: Exhibit; tours: readonly Tour[]; xrStore: XRStore }) {
  const ui = exhibit.exhibit.ui;
  const language = useExhibit((s) => s.language);
  const view = useExhibit((s) => s.view);
  const webglProblem = useExhibit((s) => s.webglProblem);
  const step = useExhibit((s) => s.step);
  const setLanguage = useExhibit((s) => s.setLanguage);
  const setView = useExhibit((s) => s.setView);
  const languages = languagesOf(exhibit);
  const choices = languageChoices(languages);
  const t = (k: UiKey): string => pick(ui[k], language, ' · ', languages);
  return (
    <nav className="toolbar" aria-label={t('timeline')}>
      <div className="group">
        <button type="button" onClick={() => step(-1)} aria-keyshortcuts="P PageUp">
          <span aria-hidden="true">◀ </span>
          {t('previous')}
        </button>
        <button type="button" onClick={() => step(1)} aria-keyshortcuts="N PageDown">
          {t('next')}
          <span aria-hidden="true"> ▶</span>
        </button>
      </div>
      {choices.length > 1 && (
        <div className="group" role="radiogroup" aria-label={t('language')}>
          {choices.map((l) => (
            <label key={l} className={l === language ? 'choice checked' : 'choice'}>
              <input type="radio" name="language" value={l} checked={l === language} onChange={() => setLanguage(l)} />
              {/* Each language is named in itself, so a visitor finds their own. */}
              {languageLabel(exhibit.exhibit, l)}
            </label>
          ))}
        </div>
      )}
      <div className="group">
        <StartTourButton exhibit={exhibit} tours={tours} />
        <EnterVR exhibit={exhibit} xrStore={xrStore} />
        {webglProblem === null && (
          <button type="button" onClick={() => setView(view === '3d' ? '2d' : '3d')} aria-pressed={view === '2d'}>
            {view === '3d' ? t('show2d') : t('show3d')}
          </button>
        )}
      </div>
    </nav>
  );
}
