// The shape of the scene files in scenes/. Pure zod: no React, no three.
// The JSON Schema for editors is generated from these (scripts/export-schema.ts).
import { TOUR_ID } from './ids.ts';
import { z } from 'zod';
import { LANGUAGES } from './languages.ts';

/** A piece of text in both languages, verbatim from the seed. */
export const Bilingual = z
  .object({
    zh: z.string().trim().min(1, 'Chinese text (zh) must not be empty'),
    en: z.string().trim().min(1, 'English text (en) must not be empty'),
  })
  .strict();
export type Bilingual = z.infer<typeof Bilingual>;

export { LANGUAGES };
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

const HexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like "#1f6feb"');

/** List marker per language: the seed numbers some lists in English and bullets them in Chinese. */
const ListStyle = z.enum(['bullet', 'number']);

export const MILESTONE_ID = /^(\d{4})(?:-(\d{4}|onward))?$/;

export const Milestone = z
  .object({
    /** Stable, readable id used in URLs: "2020-2021", "2022", "2026-onward". */
    id: z.string().regex(MILESTONE_ID, 'an id like "2022", "2023-2024" or "2026-onward"'),
    /** The ordinal the seed gives the era: (1) … (5). */
    number: z.number().int().positive(),
    /** First year of the era. */
    start: z.number().int().min(1900).max(2200),
    /** Last year of the era (inclusive), or null for an open-ended era ("2026 onward"). */
    end: z.number().int().min(1900).max(2200).nullable(),
    /** The years as the seed writes them in the heading, e.g. "2020—2021" / "2020–2021". */
    label: Bilingual,
    title: Bilingual,
    /** Accent colour of the era in the corridor and the 2D timeline. */
    accent: HexColour,
    /** Paragraphs before the list. */
    body: z.array(Bilingual).default([]),
    /** List items (without their "•" or "1." marker). */
    items: z.array(Bilingual).default([]),
    listStyle: z.object({ zh: ListStyle, en: ListStyle }).strict().default({ zh: 'bullet', en: 'bullet' }),
    /** Paragraphs after the list. */
    after: z.array(Bilingual).default([]),
  })
  .strict();
export type Milestone = z.infer<typeof Milestone>;

export const MilestonesFile = z
  .object({
    /** The seed's section heading, one line shared by both languages. */
    heading: z.string().trim().min(1),
    /** The seed's names for its two language sections. */
    sectionNames: Bilingual,
    intro: Bilingual,
    milestones: z.array(Milestone).min(1, 'at least one milestone'),
    /** The closing progression at the far end of the corridor. */
    closing: z.object({ lead: Bilingual, progression: Bilingual }).strict(),
  })
  .strict();
export type MilestonesFile = z.infer<typeof MilestonesFile>;

export const CorridorSettings = z
  .object({
    /** Time becomes distance: metres of corridor per year. */
    metresPerYear: z.number().positive().max(50),
    /** Length given to the open-ended last era ("2026 onward"), in years. */
    openEndedYears: z.number().positive().max(20),
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
  'guideLeading',
  'guideFollowers',
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
  })
  .strict();
export type KioskSettings = z.infer<typeof KioskSettings>;

export const ExhibitFile = z
  .object({
    title: Bilingual,
    /** A short name for the installed app's icon (the web manifest's short_name); the title when absent. */
    shortTitle: Bilingual.optional(),
    subtitle: Bilingual,
    defaultLanguage: Language,
    /** One-line hint on the entrance panel on how to move (keyboard and mouse). */
    hint: Bilingual,
    /** The same for a touch screen (no keys to press). */
    hintTouch: Bilingual,
    corridor: CorridorSettings,
    /** Kiosk mode and its operator page; without it, `?kiosk=1` and `?operator` only show a notice. */
    kiosk: KioskSettings.optional(),
    /** Words of the page's own interface (buttons, notices). */
    ui: z.object(Object.fromEntries(UI_KEYS.map((k) => [k, Bilingual])) as Record<UiKey, typeof Bilingual>).strict(),
  })
  .strict();
export type ExhibitFile = z.infer<typeof ExhibitFile>;

/** Everything the app needs, validated and cross-checked. */
export interface Exhibit {
  exhibit: ExhibitFile;
  content: MilestonesFile;
}
