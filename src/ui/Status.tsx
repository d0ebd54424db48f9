// What the page says about itself: loading progress, notices about the URL, the WebGL fallback, and the
// polite live region that announces the focused milestone.
import { headingText, pick, shownLangs, yearsText } from '../content/format.ts';
import type { Exhibit } from '../content/schema.ts';
import { useExhibit } from '../state/context.tsx';
import { FINALE_ID } from '../content/ids.ts';
import { languagesOf } from '../content/languages.ts';

export function LiveRegion({ exhibit }: { exhibit: Exhibit }) {
  const focusedId = useExhibit((s) => s.focusedId);
  const language = useExhibit((s) => s.language);
  const m = exhibit.content.milestones.find((x) => x.id === focusedId);
  const ui = exhibit.exhibit.ui;
  const languages = languagesOf(exhibit);
  const text = m
    ? `${pick(ui.nowShowing, language)}: ${yearsText(m)}. ${shownLangs(language)
        .map((l) => headingText(m, l))
        .join(' ')}`
    : focusedId === FINALE_ID
      ? `${pick(ui.nowShowing, language, ' / ', languages)}: ${pick(ui.finale, language, ' / ', languages)}. ${exhibit.content.closing ? pick(exhibit.content.closing.progression, language, ' ', languages) : ''}`
      : '';
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" id="live-region">
      {text}
    </div>
  );
}

export function Loading({ exhibit }: { exhibit: Exhibit }) {
  const ready = useExhibit((s) => s.drawn[s.view]);
  const progress = useExhibit((s) => s.progress);
  const language = useExhibit((s) => s.language);
  if (ready) return null;
  const label = pick(exhibit.exhibit.ui.loading, language);
  return (
    <div className="loading">
      <div
        className="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
      >
        <div className="fill" style={{ transform: `scaleX(${progress})` }} />
      </div>
      <p>{label}</p>
    </div>
  );
}

export function Notices() {
  const notices = useExhibit((s) => s.notices);
  const webglProblem = useExhibit((s) => s.webglProblem);
  const dismiss = useExhibit((s) => s.dismissNotice);
  if (notices.length === 0 && webglProblem === null) return null;
  return (
    <div className="notices" role="region" aria-label="Notices" data-page-control="">
      {webglProblem !== null && <p className="notice webgl">{webglProblem}</p>}
      {notices.map((n, i) => (
        <p className="notice" key={`${i}-${n}`}>
          {n}
          <button type="button" onClick={() => dismiss(i)} aria-label="Dismiss">
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
