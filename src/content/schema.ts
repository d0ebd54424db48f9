// The shape of the scene files in scenes/. Pure zod: no React, no three.
// The JSON Schema for editors is generated from these (scripts/export-schema.ts).
import { TOUR_ID } from './ids.ts';
import { parseMarkup } from './markup.ts';
import { z } from 'zod';
import { DEFAULT_LANGUAGES, LANGUAGES, languageChoices, languagesOf } from './languages.ts';
export { DEFAULT_LANGUAGES, languagesOf };

/** A piece of text in each of the exhibit's languages: `{ zh: …, en: … }` for IAMM, `{ en: … }` for most imports. */
export type Text = Record<string, string> & { zh?: string; en?: string };
/** The name the IAMM code base has always used for a piece of text in the exhibit's languages. */
export type Bilingual = Text;

/** A BCP 47 language tag: "en", "zh", "fr", "pt-BR", "zh-Hant". */
export const LANG_TAG_RE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
/** How the messages name a language. */
export const LANGUAGE_NAME: Readonly<Record<string, string>> = { zh: 'Chinese', en: 'English' };
const langName = (tag: string): string => LANGUAGE_NAME[tag] ?? `"${tag}"`;

/** The schema of one text in `languages` (every one required, nothing else allowed). */
export function textSchema(languages: readonly string[], optional: readonly string[] = []): z.ZodType<Text> {
  const shape: Record<string, z.ZodType> = {};
  for (const l of languages)
    shape[l] = z
      .string()
      .trim()
      .min(1, `${langName(l)} text (${l}) must not be empty`);
  for (const l of optional)
    if (!(l in shape))
      shape[l] = z
        .string()
        .trim()
        .min(1, `${langName(l)} text (${l}) must not be empty`)
        .optional();
  return z.object(shape).strict() as unknown as z.ZodType<Text>;
}

/**
 * A paragraph or list item of a panel, in `languages`, which may mark emphasis (src/content/markup.ts: `**strong**`,
 * `*emphasis*`); malformed markup is refused with its place.
 */
export function markupTextSchema(languages: readonly string[]): z.ZodType<Text> {
  return textSchema(languages).superRefine((text, ctx) => {
    for (const [lang, value] of Object.entries(text)) {
      if (typeof value !== 'string' || (!value.includes('*') && !value.includes('\\'))) continue;
      const r = parseMarkup(value);
      if (!r.ok) ctx.addIssue({ code: 'custom', path: [lang], message: r.error, params: { hint: r.hint } });
    }
  });
}

/** A piece of text in both of IAMM's languages, verbatim from the seed. */
export const Bilingual = textSchema(DEFAULT_LANGUAGES);

export { LANGUAGES };
/** A language choice: one of the exhibit's language tags, or 'both' when it has two. */
export const Language = z.string().regex(/^(?:both|[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$/, 'a language tag like "en", or "both"');
export type Language = string;

const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#1f6feb"');

/** List marker per language: the seed numbers some lists in English and bullets them in Chinese. */
const ListStyle = z.enum(['bullet', 'number']);

/** IAMM's era ids: the years. */
export const MILESTONE_ID = /^(\d{4})(?:-(\d{4}|onward))?$/;
/** Any milestone id (an imported event's): letters, digits, "-" and "_", used in URLs (#id). */
export const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * What milestones.yaml lists: `eras` (IAMM: consecutive, non-overlapping eras whose ids are their years, numbered (1) … (n))
 * or `events` (an imported timeline: events in chronological order, which may share a year or overlap).
 */
export const MILESTONE_KINDS = ['eras', 'events'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** A date as precise as the source gives it (TimelineJS3's start_date / end_date). Years may be negative (BCE). */
export const DateParts = z
  .object({
    year: z.number().int(),
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    /** A time of day as the source writes it, e.g. "14:30". */
    time: z.string().trim().min(1).optional(),
  })
  .strict();
export type DateParts = z.infer<typeof DateParts>;

/** One picture on a panel: a file of the scenes folder (media/…) or, for an import without a local copy, a remote URL (listed, never fetched). */
export function mediaSchema(languages: readonly string[]) {
  const OptText = textSchema(languages).optional();
  return z
    .object({
      /** A file under the scenes folder, e.g. "media/apollo.jpg". */
      file: z
        .string()
        .regex(/^media\/[A-Za-z0-9][\w.-]*\.(?:jpe?g|png|webp|gif|avif|glb|gltf|mp4|webm)$/i, 'a file under media/ like "media/apollo.jpg"')
        .optional(),
      /** The source's address when there is no local copy: kept for the curator, never fetched. */
      remote: z.string().trim().min(1).optional(),
      alt: OptText,
      caption: OptText,
      credit: z.string().trim().min(1).optional(),
      /** The picture's size in pixels: filled in by the build (build/media.ts); a curator leaves them out. */
      width: z.number().int().positive().optional(),
      height: z.number().int().positive().optional(),
    })
    .strict();
}

/** The scene files' schemas for an exhibit in `languages` whose milestones.yaml lists `kind`. */
export function sceneSchemas(languages: readonly string[] = DEFAULT_LANGUAGES, kind: MilestoneKind = 'eras') {
  const T = textSchema(languages);
  const M = markupTextSchema(languages);
  const eras = kind === 'eras';
  const Year = eras ? z.number().int().min(1900).max(2200) : z.number().int().min(-1_000_000).max(100_000);
  const LangMap = <V extends z.ZodType>(v: V) => z.object(Object.fromEntries(languages.map((l) => [l, v]))).strict();
  const defaultListStyle = Object.fromEntries(languages.map((l) => [l, 'bullet' as const]));
  const Milestone = z
    .object({
      /** Stable, readable id used in URLs: "2020-2021", "2022", "2026-onward" (an import: the event's unique_id or a slug). */
      id: eras
        ? z.string().regex(MILESTONE_ID, 'an id like "2022", "2023-2024" or "2026-onward"')
        : z.string().regex(EVENT_ID, 'an id of letters, digits, "-" and "_", like "1969-moon-landing"'),
      /** The ordinal the seed gives the era: (1) … (5). Events have none. */
      number: eras ? z.number().int().positive() : z.number().int().positive().optional(),
      /** First year of the era. */
      start: Year,
      /** Last year of the era (inclusive), or null for an open-ended era ("2026 onward"). */
      end: Year.nullable(),
      /** The years as the seed writes them in the heading, e.g. "2020—2021" / "2020–2021". */
      label: T,
      title: T,
      /** Accent colour of the era in the corridor and the 2D timeline. */
      accent: HexColour,
      /** Paragraphs before the list (emphasis as in src/content/markup.ts: `**strong**`, `*emphasis*`, `\*` for a "*"). */
      body: z.array(M).default([]),
      /** List items (without their "•" or "1." marker), with emphasis as the paragraphs. */
      items: z.array(M).default([]),
      listStyle: LangMap(ListStyle).default(defaultListStyle as never) as unknown as z.ZodType<Record<string, 'bullet' | 'number'>>,
      /** Paragraphs after the list, with emphasis as the paragraphs. */
      after: z.array(M).default([]),
      /** Events: the dates as precise as the source gives them (the corridor places by year). */
      date: z.object({ start: DateParts, end: DateParts.optional() }).strict().optional(),
      /** Events: the group (TimelineJS3's `group`), shown as a colour key and listed in the text timeline. */
      group: T.optional(),
      /** Addresses of the source's links, shown as text (the exhibit never navigates away). */
      sources: z.array(z.string().trim().min(1)).optional(),
      /** Pictures (and a model or a video) on the panel. */
      media: z.array(mediaSchema(languages)).optional(),
      /** The source's unique_id (TimelineJS3), kept for a round trip. */
      sourceId: z.string().optional(),
    })
    .strict();
  /** An era of an imported timeline: a span of years with a name, drawn on the floor and in the text timeline. */
  const Era = z.object({ title: T, start: Year, end: Year }).strict();
  const MilestonesFile = z
    .object({
      /** `eras` (IAMM; the default when absent) or `events` (an imported timeline). */
      kind: z.enum(MILESTONE_KINDS).optional(),
      /** The seed's section heading, one line shared by both languages. */
      heading: z.string().trim().min(1),
      /** The seed's names for its two language sections. */
      sectionNames: T.optional(),
      intro: T,
      milestones: z.array(Milestone).min(1, 'at least one milestone'),
      /** Events: named spans of years (TimelineJS3's eras). */
      eras: z.array(Era).optional(),
      /** The closing progression at the far end of the corridor. */
      closing: z.object({ lead: T, progression: T }).strict().optional(),
    })
    .strict();
  return { Text: T, Milestone, MilestonesFile, Era };
}

const defaults = sceneSchemas();
export const Milestone = defaults.Milestone;
export type Milestone = z.infer<typeof Milestone>;
export const MilestonesFile = defaults.MilestonesFile;
export type MilestonesFile = z.infer<typeof MilestonesFile>;
export type Era = z.infer<typeof defaults.Era>;

/** How years become distance along the corridor (src/layout/scale.ts). */
export const CORRIDOR_SCALES = ['proportional', 'compressed', 'even'] as const;
export type CorridorScale = (typeof CORRIDOR_SCALES)[number];

export const CorridorSettings = z
  .object({
    /**
     * proportional (the default when absent): metresPerYear for every year (IAMM); compressed: the same, but a stretch of more than
     * maxGapYears empty years shrinks to a marked break; even: one bay of bayM per milestone.
     */
    scale: z.enum(CORRIDOR_SCALES).optional(),
    /** Time becomes distance: metres of corridor per year. */
    metresPerYear: z.number().positive().max(50),
    /** Length given to the open-ended last era ("2026 onward"), in years. */
    openEndedYears: z.number().positive().max(20),
    /** compressed / even: the length of corridor given to one milestone, in metres. */
    bayM: z.number().min(2).max(20).optional(),
    /** compressed: empty years longer than this become a break. */
    maxGapYears: z.number().positive().max(1000).optional(),
    /** Inner width of the corridor, wall to wall. */
    widthM: z.number().min(2).max(20),
    heightM: z.number().min(2).max(10),
    panelWidthM: z.number().min(0.5).max(10),
    panelHeightM: z.number().min(0.5).max(5),
  })
  .strict();
export type CorridorSettings = z.infer<typeof CorridorSettings>;

/** Every word the interface shows lives in scenes/exhibit.yaml under `ui:`; these are its keys. */
export const UI_KEYS = [
  'language',
  'langZh',
  'langEn',
  'langBoth',
  'next',
  'previous',
  'show2d',
  'show3d',
  'loading',
  'noWebgl',
  'webglLost',
  'fontProblem',
  'nowShowing',
  'timeline',
  'onward',
  'enterVr',
  'vrUnavailable',
  'exitVr',
  'seated',
  'smoothWalk',
  'hintTeleport',
  'hintTurn',
  'hintSteps',
  'hintMenu',
  'vrEras',
  'finale',
  'strip',
  'readPanel',
  'closeReader',
  'tour',
  'tourPause',
  'tourResume',
  'tourNext',
  'tourPrevious',
  'tourStop',
  'tourProgress',
  'tourLed',
  'captionSize',
  'captionSmall',
  'captionMedium',
  'captionLarge',
  'guideConnecting',
  'guideFollowing',
  'guideExploring',
  'guideOffline',
  'guideExplore',
  'guideRejoin',
  'guideCountdown',
  'guideSecret',
  'guideConnect',
  'guideBadSecret',
  'guideInsecure',
  'guideRateLimited',
  'guideNotShared',
  'guideLeading',
  'guideFollowers',
  'guidePoint',
  'guidePointHint',
  'guideClearHighlight',
  'guideGather',
  'guideRelease',
  'guideHolding',
  'guideHeld',
  'guideHeldLeave',
  'guideAtStop',
  'guideOnTheWay',
  'guideHighlighted',
  'shareView',
  'shareViewOn',
  'guidePointGrip',
  'watchTitle',
  'watchShowing',
  'watchNobody',
  'kioskStart',
  'operatorTitle',
  'operatorPin',
  'operatorUnlock',
  'operatorBadPin',
  'operatorLocked',
  'operatorNoKiosk',
  'operatorVisits',
  'operatorMilestone',
  'operatorTotalDwell',
  'operatorMeanDwell',
  'operatorSeconds',
  'operatorLanguages',
  'operatorTours',
  'operatorNoTour',
  'operatorEmpty',
  'operatorExport',
  'operatorClear',
  'operatorClearConfirm',
  'operatorCancel',
  'operatorCleared',
  'operatorStorage',
  'operatorStorageKept',
  'operatorStorageBestEffort',
  'operatorRetention',
  'operatorRetentionAll',
  'operatorOffline',
  'operatorOfflineComplete',
  'operatorOfflineFilling',
  'operatorOfflineEvicted',
  'operatorOfflineRefetching',
  'operatorOfflineWhenOnline',
  'operatorOfflineNone',
  'teamTitle',
  'teamServerVersion',
  'teamDevices',
  'teamReadyCount',
  'teamNone',
  'teamDevice',
  'teamKind',
  'teamKiosk',
  'teamVisitor',
  'teamVersion',
  'teamOffline',
  'teamComplete',
  'teamIncomplete',
  'teamView',
  'teamFollowing',
  'teamYes',
  'teamNo',
  'teamLastSeen',
  'teamSecondsAgo',
  'teamState',
  'teamReady',
  'teamOldVersion',
  'teamOfflineIncomplete',
  'teamNoStatus',
  'teamDisconnected',
  'teamUpdateNow',
  'teamUpdateAsked',
  'teamInsecure',
] as const;
export type UiKey = (typeof UI_KEYS)[number];

/** A tour's id as scenes/tours/<id>.yaml names it. */
const TourIdRef = z.string().regex(TOUR_ID, 'a tour id like "highlights" (the file name in scenes/tours/ without .yaml)');

/** Kiosk mode (`?kiosk=1`): an unattended booth screen or headset. */
export const KioskSettings = z
  .object({
    /** Seconds without any input after which the exhibit fades back to the start. */
    idleSeconds: z.number().int().min(15).max(3600).default(90),
    /** Length of the fade to black and back on a reset, in seconds (0: a cut; reduced motion always cuts). */
    fadeSeconds: z.number().min(0).max(5).default(1),
    /** The tour the attract loop plays while nobody is there; omitted: the first tour (none: the prompt only). */
    attractTour: TourIdRef.optional(),
    /** The PIN of the operator page (`?operator`), 4 to 8 digits in double quotes. Checked on the device. */
    operatorPin: z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits'),
    /** Wrong PINs in a row before the operator page locks for `lockoutSeconds`. */
    pinTries: z.number().int().min(1).max(20).default(5),
    lockoutSeconds: z.number().int().min(5).max(3600).default(60),
    /**
     * How long the visit log keeps visits: `days` (visits that ended longer ago are deleted) and / or `records` (only
     * the newest that many are kept). Omitted: everything is kept.
     */
    retention: z
      .object({
        days: z.number().int().min(1).max(3650).optional(),
        records: z.number().int().min(100).max(1_000_000).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type KioskSettings = z.infer<typeof KioskSettings>;

/** The languages whose interface words ship with the code base (scenes/exhibit.yaml `ui:`). */
export const UI_LANGUAGES: readonly string[] = ['zh', 'en'];

/** The exhibit file's schema for an exhibit in `languages`. */
export function exhibitSchema(languages: readonly string[] = DEFAULT_LANGUAGES) {
  const T = textSchema(languages);
  // Interface words: required in zh / en when the exhibit has them, and in English as the fallback of any
  // other language (which may have its own words, or uses English: the build says so).
  const uiRequired = languages.filter((l) => UI_LANGUAGES.includes(l));
  if (uiRequired.length < languages.length && !uiRequired.includes('en')) uiRequired.push('en');
  const UiText = textSchema(uiRequired, languages);
  return z
    .object({
      /** The exhibit's languages, in reading order (one or two BCP 47 tags). Absent: [zh, en] (read it with languagesOf). */
      languages: z.array(z.string().regex(LANG_TAG_RE, 'a BCP 47 language tag like "en", "zh" or "pt-BR"')).min(1).max(2).optional(),
      /** The names of languages other than zh and en in the language switch, e.g. `fr: Français`. */
      languageNames: z.record(z.string(), z.string().trim().min(1)).optional(),
      title: T,
      /** A short name for the installed app's icon (the web manifest's short_name); the title when absent. */
      shortTitle: T.optional(),
      subtitle: T.optional(),
      /** One of `languages`, or `both` when there are two. */
      defaultLanguage: z.enum(languageChoices(languages) as [string, ...string[]]),
      /** One-line hint on the entrance panel on how to move (keyboard and mouse). */
      hint: T,
      /** The same for a touch screen (no keys to press); the hint when absent. */
      hintTouch: T.optional(),
      corridor: CorridorSettings,
      /** Kiosk mode and its operator page; without it, `?kiosk=1` and `?operator` only show a notice. */
      kiosk: KioskSettings.optional(),
      /** Words of the page's own interface (buttons, notices). */
      ui: z.object(Object.fromEntries(UI_KEYS.map((k) => [k, UiText])) as Record<UiKey, typeof UiText>).strict(),
    })
    .strict();
}
export const ExhibitFile = exhibitSchema();
export type ExhibitFile = z.infer<typeof ExhibitFile>;

/** Everything the app needs, validated and cross-checked. */
export interface Exhibit {
  exhibit: ExhibitFile;
  content: MilestonesFile;
  /** The build's processed pictures (build/media.ts), when the exhibit has any. */
  pictures?: import('./pictures.ts').Pictures;
  /** The build's 3D models and videos (build/media.ts), when the exhibit has any. */
  mediaFiles?: import('./pictures.ts').MediaFiles;
}
