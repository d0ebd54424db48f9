// The same content as semantic HTML: an ordered list of milestones, each an article with a heading.
// Shown instead of the 3D view on request (or without WebGL); otherwise kept for screen readers only.
import { useEffect, useRef } from 'react';
import { headingText, itemMarker, shownLangs, yearsText, type Lang } from '../content/format.ts';
import type { Exhibit, Milestone } from '../content/schema.ts';
import { LANG_TAG } from '../layout/panel.ts';
import { accentOnPanel } from '../theme.ts';
import { FINALE_ID } from '../content/ids.ts';
import { useExhibit } from '../state/context.tsx';

/** One language's text of a milestone, as the panel has it (also the reader card's). */
export function MilestoneColumn({ m, lang }: { m: Milestone; lang: Lang }) {
  const List = m.listStyle[lang] === 'number' ? 'ol' : 'ul';
  return (
    <div className="lang-block" lang={LANG_TAG[lang]}>
      <h3 className="era-heading">{headingText(m, lang)}</h3>
      {m.body.map((p, i) => (
        <p key={`b${i}`}>{p[lang]}</p>
      ))}
      {m.items.length > 0 && (
        <List className={`items items-${m.listStyle[lang]}`}>
          {m.items.map((it, i) => (
            <li key={i} data-marker={itemMarker(m, lang, i)}>
              {it[lang]}
            </li>
          ))}
        </List>
      )}
      {m.after.map((p, i) => (
        <p key={`a${i}`}>{p[lang]}</p>
      ))}
    </div>
  );
}

export function Timeline2D({ exhibit, visible }: { exhibit: Exhibit; visible: boolean }) {
  const language = useExhibit((s) => s.language);
  const focusedId = useExhibit((s) => s.focusedId);
  const focus = useExhibit((s) => s.focus);
  const langs = shownLangs(language);
  const { content, exhibit: e } = exhibit;
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (!visible || !focusedId) return;
    listRef.current?.parentElement?.querySelector(`[data-id="${CSS.escape(focusedId)}"]`)?.scrollIntoView({ block: 'start' });
  }, [visible, focusedId]);

  return (
    <section className={visible ? 'timeline' : 'timeline sr-only'} aria-labelledby="exhibit-title" id="timeline">
      <header className="timeline-header">
        <h1 id="exhibit-title">
          {langs.map((l) => (
            <span key={l} lang={LANG_TAG[l]} className="title-line">
              {e.title[l]}
            </span>
          ))}
        </h1>
        <p className="section-heading">{content.heading}</p>
        {langs.map((l) => (
          <div key={l} lang={LANG_TAG[l]} className="intro">
            <h2 className="section-name">{content.sectionNames[l]}</h2>
            <p>{content.intro[l]}</p>
          </div>
        ))}
      </header>
      <ol className="milestones" ref={listRef}>
        {content.milestones.map((m) => (
          <li key={m.id} data-id={m.id} style={{ ['--accent' as string]: accentOnPanel(m.accent) }}>
            <article aria-labelledby={`m-${m.id}`} aria-current={m.id === focusedId ? 'true' : undefined}>
              <h2 id={`m-${m.id}`} className="years">
                <a
                  href={`#${m.id}`}
                  onClick={(ev) => {
                    ev.preventDefault();
                    focus(m.id, 'link');
                  }}
                >
                  {yearsText(m)}
                </a>
              </h2>
              <div className={`columns columns-${langs.length}`}>
                {langs.map((l) => (
                  <MilestoneColumn key={l} m={m} lang={l} />
                ))}
              </div>
            </article>
          </li>
        ))}
      </ol>
      <footer className="closing" data-id={FINALE_ID} aria-current={focusedId === FINALE_ID ? 'true' : undefined}>
        {langs.map((l) => (
          <div key={l} lang={LANG_TAG[l]}>
            <p>{content.closing.lead[l]}</p>
            <p className="progression">{content.closing.progression[l]}</p>
          </div>
        ))}
      </footer>
    </section>
  );
}
