// What an imported event adds to its entry in the text timeline: its date as the source writes it, its group
// (with the group's colour), the addresses its links had (as text: the exhibit never navigates away); and,
// above the list, the key of the groups and the eras. IAMM's eras have none of these, so nothing shows for them.
import { say, yearsText, type Lang } from '../content/format.ts';
import type { Milestone, MilestonesFile } from '../content/schema.ts';
import type { MediaFiles, Pictures } from '../content/pictures.ts';
import { langTag } from '../layout/panel.ts';
import { accentOnPanel } from '../theme.ts';
import { groupKey } from '../layout/scale.ts';

export function EventDetails({ m, lang }: { m: Milestone; lang: Lang }) {
  if (m.number !== undefined) return null;
  const label = say(m.label, lang);
  return (
    <>
      {label !== yearsText(m) && <p className="event-date">{label}</p>}
      {m.group && (
        <p className="event-group">
          <span className="swatch" aria-hidden="true" style={{ background: accentOnPanel(m.accent) }} />
          {say(m.group, lang)}
        </p>
      )}
      {m.sources?.map((url) => (
        <p key={url} className="event-source">
          {url}
        </p>
      ))}
    </>
  );
}

/** The event's picture, as the panel shows it, with its alt text, caption (in the shown languages) and credit. */
export function EventPicture({ m, langs, pictures }: { m: Milestone; langs: readonly Lang[]; pictures: Pictures | undefined }) {
  const media = m.media?.find((x) => x.file && pictures?.items[x.file]);
  const item = media?.file ? pictures?.items[media.file] : undefined;
  if (!media || !item) return null;
  const alt = langs.map((l) => say(media.alt ?? media.caption ?? m.title, l)).join(' / ');
  return (
    <figure className="event-picture">
      <img src={item.src} alt={alt} width={item.width} height={item.height} loading="lazy" decoding="async" />
      <MediaCaption media={media} langs={langs} />
    </figure>
  );
}

type MediaItem = NonNullable<Milestone['media']>[number];

/** A media item's caption in the shown languages, and its credit. */
function MediaCaption({ media, langs }: { media: MediaItem; langs: readonly Lang[] }) {
  if (!media.caption && !media.credit) return null;
  return (
    <figcaption>
      {media.caption &&
        langs.map((l) => (
          <span key={l} lang={langTag(l)}>
            {say(media.caption, l)}{' '}
          </span>
        ))}
      {media.credit && <span className="credit">{media.credit}</span>}
    </figcaption>
  );
}

/**
 * The event's video (a player with its controls, nothing plays by itself) and its 3D model (named by its alt text
 * and caption: the text timeline has no 3D view), each with its caption and credit; the files are the build's own.
 */
export function EventMedia({ m, langs, mediaFiles }: { m: Milestone; langs: readonly Lang[]; mediaFiles: MediaFiles | undefined }) {
  const items = (m.media ?? []).filter((x) => x.file && mediaFiles?.[x.file]);
  if (!mediaFiles || items.length === 0) return null;
  return (
    <>
      {items.map((media) => {
        const file = mediaFiles[media.file!]!;
        const alt = langs.map((l) => say(media.alt ?? media.caption ?? m.title, l)).join(' / ');
        if (file.kind === 'video')
          return (
            <figure key={media.file} className="event-video">
              <video src={file.src} controls muted preload="metadata" playsInline aria-label={alt} />
              <MediaCaption media={media} langs={langs} />
            </figure>
          );
        return (
          <figure key={media.file} className="event-model" role="group" aria-label={alt}>
            {media.alt && (
              <p className="model-alt">
                {langs.map((l) => (
                  <span key={l} lang={langTag(l)}>
                    {say(media.alt, l)}{' '}
                  </span>
                ))}
              </p>
            )}
            <MediaCaption media={media} langs={langs} />
          </figure>
        );
      })}
    </>
  );
}

export function EventKey({ content, langs }: { content: MilestonesFile; langs: readonly Lang[] }) {
  const groups = groupKey(content.milestones);
  const eras = content.eras ?? [];
  if (groups.length === 0 && eras.length === 0) return null;
  return (
    <div className="event-key">
      {groups.length > 0 && (
        <ul className="groups">
          {groups.map((g) => (
            <li key={g.key}>
              <span className="swatch" aria-hidden="true" style={{ background: accentOnPanel(g.accent) }} />
              {langs.map((l) => (
                <span key={l} lang={langTag(l)}>
                  {say(g.name, l)}{' '}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      {eras.length > 0 && (
        <ul className="eras">
          {eras.map((e) => (
            <li key={`${e.start}-${e.end}-${say(e.title, langs[0] ?? 'en')}`}>
              <span className="era-years">{yearsText(e)}</span>{' '}
              {langs.map((l) => (
                <span key={l} lang={langTag(l)}>
                  {say(e.title, l)}{' '}
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
