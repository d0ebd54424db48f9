// The reader card: where the screen is too narrow for the framed panel's text to be read (under MIN_TEXT_PX), one tap
// opens the focused milestone's full text (or the finale's) over the 3D view, in the chosen language(s); one tap or
// Escape closes it.
import { useEffect, useRef } from 'react';
import { pick, say, shownLangs, yearsText } from '../content/format.ts';
import { FINALE_ID } from '../content/ids.ts';
import type { Exhibit } from '../content/schema.ts';
import { MIN_TEXT_PX } from '../layout/constants.ts';
import { languagesOf } from '../content/languages.ts';
import { langTag } from '../layout/panel.ts';
import { useExhibit } from '../state/context.tsx';
import { MilestoneColumn } from './Timeline2D.tsx';

export function ReaderToggle({ exhibit }: { exhibit: Exhibit }) {
  const px = useExhibit((s) => s.framedTextPx);
  const view = useExhibit((s) => s.view);
  const open = useExhibit((s) => s.readerOpen);
  const setOpen = useExhibit((s) => s.setReaderOpen);
  const language = useExhibit((s) => s.language);
  if (view !== '3d' || px === null || px >= MIN_TEXT_PX || open) return null;
  return (
    <button type="button" className="reader-toggle" data-page-control="" aria-haspopup="dialog" onClick={() => setOpen(true)}>
      {pick(exhibit.exhibit.ui.readPanel, language, ' · ', languagesOf(exhibit))}
    </button>
  );
}

export function Reader({ exhibit }: { exhibit: Exhibit }) {
  const open = useExhibit((s) => s.readerOpen);
  const view = useExhibit((s) => s.view);
  const focusedId = useExhibit((s) => s.focusedId);
  const language = useExhibit((s) => s.language);
  const setOpen = useExhibit((s) => s.setReaderOpen);
  const close = useRef<HTMLButtonElement>(null);
  const shown = open && view === '3d' && focusedId !== null;

  useEffect(() => {
    if (!shown) return;
    close.current?.focus();
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      // Escape closes the card first (a tour keeps playing underneath).
      e.stopImmediatePropagation();
      e.preventDefault();
      setOpen(false);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [shown, setOpen]);

  if (!shown) return null;
  const ui = exhibit.exhibit.ui;
  const m = exhibit.content.milestones.find((x) => x.id === focusedId);
  const closing = exhibit.content.closing;
  const languages = languagesOf(exhibit);
  const langs = shownLangs(language, languages);
  const title = m ? yearsText(m) : focusedId === FINALE_ID ? pick(ui.finale, language, ' · ', languages) : '';
  return (
    <div className="reader" role="dialog" aria-modal="true" aria-labelledby="reader-title">
      <article className="reader-card">
        <header>
          <h2 id="reader-title">{title}</h2>
          <button type="button" ref={close} onClick={() => setOpen(false)} aria-keyshortcuts="Escape">
            {pick(ui.closeReader, language, ' · ', languages)}
          </button>
        </header>
        {m
          ? langs.map((l) => <MilestoneColumn key={l} m={m} lang={l} />)
          : langs.map((l) => (
              <div key={l} lang={langTag(l)} className="lang-block">
                <p>{say(closing?.lead, l)}</p>
                <p className="progression">{say(closing?.progression, l)}</p>
              </div>
            ))}
      </article>
    </div>
  );
}
