// Typesetting of one milestone panel, without a renderer: which text goes where, in panel-local metres.
// Lines are broken here (src/text/linebreak) so the panel's height is known before any font is drawn.
import { headingText, itemMarker, say, shownLangs, yearsText, type Lang } from '../content/format.ts';
import type { Language, Milestone } from '../content/schema.ts';
import { faceFor, type Face, type FontWeight, type TextLang } from '../text/faces.ts';
import type { FontMetrics } from '../text/metrics.ts';
import { breakLineRanges, breakLines } from '../text/linebreak.ts';
import { emphasisSpans, plainText } from '../content/markup.ts';
import {
  ACCENT_BAR_M,
  BODY_FONT_M,
  COLUMN_GUTTER_M,
  HEADING_FONT_M,
  HEADING_GAP_M,
  LINE_HEIGHT,
  LIST_INDENT_M,
  PANEL_PADDING_M,
  PARAGRAPH_GAP_M,
  PICTURE_DEFAULT_ASPECT,
  PICTURE_MAX_HEIGHT_M,
  VIDEO_DEFAULT_ASPECT,
  MODEL_SIZE_M,
  CAPTION_FONT_M,
  YEARS_FONT_M,
} from './constants.ts';

/** Metrics of every face (`virtual:exhibit`'s `metrics`). */
export type Fonts = Record<Face, FontMetrics>;

export type TextRole = 'years' | 'heading' | 'body' | 'marker' | 'title' | 'hint' | 'caption';

/** One run of text, anchored at its top-left corner. */
export interface TextBlock {
  key: string;
  /** Already broken into lines with "\n". */
  text: string;
  lines: number;
  /** Local position of the top-left corner: x to the right, y up (negative below the panel's top edge). */
  x: number;
  y: number;
  fontSize: number;
  weight: FontWeight;
  /** The font the run is drawn (and was measured) with: faceFor(lang, weight). */
  face: Face;
  role: TextRole;
  /** BCP 47 tag of the run; '' for language-neutral numbers. */
  lang: TextLang;
  /** The width the lines were broken for; the renderer gets a little more so it never re-wraps. */
  maxWidth: number;
  /** 'center' makes x the centre of the lines instead of their left edge. */
  align: 'left' | 'center';
  /** Emphasised words (the content's **strong** and *emphasis*), as [start, end) offsets into `text`; absent when none. */
  emphasis?: Array<[number, number]>;
}

/** A picture on a panel (panel-local metres, as a TextBlock: x to the right of the centre, y down from the top edge). */
export interface PanelPicture {
  key: string;
  /**
   * A picture (drawn from the build's atlas), a video (its own texture, played while the visitor is there) or the
   * band a 3D model stands in front of (src/layout/media.ts).
   */
  kind: 'picture' | 'video' | 'model';
  /** The media file (media/…), the key into the build's picture atlas. */
  file: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelText {
  /** Panel height needed by the content, metres (at least the configured minimum). */
  height: number;
  width: number;
  blocks: TextBlock[];
  /** The milestone's picture or video, above its text (imported timelines; IAMM has none). */
  pictures: PanelPicture[];
}

const PICTURE_FILE = /\.(jpe?g|png|webp|gif|avif)$/i;
const VIDEO_FILE = /\.(webm|mp4)$/i;
const MODEL_FILE = /\.(glb|gltf)$/i;

/** The BCP 47 tag a run of text in `lang` carries: Chinese as simplified ("zh-Hans"), the others as they are. */
export const langTag = (lang: Lang): TextLang => (lang === 'zh' ? 'zh-Hans' : lang);
/** IAMM's two tags. */
export const LANG_TAG: Readonly<Record<string, TextLang>> = { zh: 'zh-Hans', en: 'en' };

export function block(
  key: string,
  raw: string,
  x: number,
  y: number,
  width: number,
  fontSize: number,
  weight: FontWeight,
  role: TextRole,
  lang: TextLang,
  fonts: Fonts,
  align: 'left' | 'center' = 'left',
): TextBlock {
  const face = faceFor(lang, weight);
  const lines = breakLines(raw, { maxWidth: width, fontSize, metrics: fonts[face] });
  return { key, text: lines.join('\n'), lines: lines.length, x, y, fontSize, weight, face, role, lang, maxWidth: width, align };
}

/**
 * A block of marked-up text (a paragraph or list item, src/content/markup.ts): its words are broken into lines as
 * `block` does, and its emphasised spans are carried over to the broken text (where a break replaced a space).
 */
export function markupBlock(
  key: string,
  markup: string,
  x: number,
  y: number,
  width: number,
  fontSize: number,
  weight: FontWeight,
  role: TextRole,
  lang: TextLang,
  fonts: Fonts,
): TextBlock {
  const spans = emphasisSpans(markup);
  const plain = plainText(markup);
  if (spans.length === 0) return block(key, plain, x, y, width, fontSize, weight, role, lang, fonts);
  const face = faceFor(lang, weight);
  const ranges = breakLineRanges(plain, { maxWidth: width, fontSize, metrics: fonts[face] });
  const emphasis: Array<[number, number]> = [];
  let offset = 0;
  for (const line of ranges) {
    for (const [a, b] of spans) {
      const from = Math.max(a, line.start);
      const to = Math.min(b, line.end);
      if (from < to) emphasis.push([offset + from - line.start, offset + to - line.start]);
    }
    offset += line.text.length + 1;
  }
  const text = ranges.map((l) => l.text).join('\n');
  return { key, text, lines: ranges.length, x, y, fontSize, weight, face, role, lang, maxWidth: width, align: 'left', emphasis };
}

export const blockHeight = (b: TextBlock): number => b.lines * b.fontSize * LINE_HEIGHT;

/** One language's column: heading, paragraphs, list, closing paragraphs. Returns the blocks and the column height. */
function column(m: Milestone, lang: Lang, x: number, top: number, width: number, fonts: Fonts): [TextBlock[], number] {
  const out: TextBlock[] = [];
  const tag = langTag(lang);
  let y = top;
  const push = (b: TextBlock, gapAfter: number): void => {
    out.push(b);
    y -= blockHeight(b) + gapAfter;
  };
  push(block(`${m.id}.${lang}.heading`, headingText(m, lang), x, y, width, HEADING_FONT_M, 'bold', 'heading', tag, fonts), HEADING_GAP_M);
  m.body.forEach((p, i) =>
    push(markupBlock(`${m.id}.${lang}.body${i}`, say(p, lang), x, y, width, BODY_FONT_M, 'regular', 'body', tag, fonts), PARAGRAPH_GAP_M),
  );
  m.items.forEach((item, i) => {
    const marker = block(
      `${m.id}.${lang}.marker${i}`,
      itemMarker(m, lang, i),
      x,
      y,
      LIST_INDENT_M * 2,
      BODY_FONT_M,
      'regular',
      'marker',
      '',
      fonts,
    );
    out.push(marker);
    const indent = LIST_INDENT_M + (m.listStyle[lang] === 'number' ? BODY_FONT_M * 0.5 : 0);
    push(
      markupBlock(`${m.id}.${lang}.item${i}`, say(item, lang), x + indent, y, width - indent, BODY_FONT_M, 'regular', 'body', tag, fonts),
      PARAGRAPH_GAP_M * 0.6,
    );
  });
  if (m.items.length > 0) y -= PARAGRAPH_GAP_M * 0.4;
  m.after.forEach((p, i) =>
    push(markupBlock(`${m.id}.${lang}.after${i}`, say(p, lang), x, y, width, BODY_FONT_M, 'regular', 'body', tag, fonts), PARAGRAPH_GAP_M),
  );
  return [out, top - y - PARAGRAPH_GAP_M];
}

/**
 * Lay out a milestone panel for a language choice. With both languages the panel has two columns,
 * Chinese on the left and English on the right, so a pair of readers can stand side by side.
 */
export function panelText(
  m: Milestone,
  language: Language,
  size: { width: number; minHeight: number },
  fonts: Fonts,
  languages?: readonly Lang[],
): PanelText {
  const langs = shownLangs(language, languages);
  const inner = size.width - 2 * PANEL_PADDING_M;
  const colWidth = (inner - COLUMN_GUTTER_M * (langs.length - 1)) / langs.length;
  const left = -size.width / 2 + PANEL_PADDING_M;
  const yearsTop = -(ACCENT_BAR_M + PANEL_PADDING_M * 0.8);
  const years = block(`${m.id}.years`, yearsText(m), left, yearsTop, inner, YEARS_FONT_M, 'bold', 'years', '', fonts);
  let columnsTop = yearsTop - YEARS_FONT_M * LINE_HEIGHT - HEADING_GAP_M * 0.5;
  const blocks: TextBlock[] = [years];
  // The first picture or video, across the panel under the years, with its caption in the shown language(s) and its
  // credit; then the caption of a 3D model (the model stands beside the panel).
  const pictures: PanelPicture[] = [];
  const pic = m.media?.find((x) => x.file !== undefined && (PICTURE_FILE.test(x.file) || VIDEO_FILE.test(x.file)));
  const model = m.media?.find((x) => x.file !== undefined && MODEL_FILE.test(x.file));
  const under = (b: TextBlock): void => {
    blocks.push(b);
    columnsTop -= blockHeight(b);
  };
  const captions = (media: NonNullable<Milestone['media']>[number], suffix: string): void => {
    for (const lang of langs) {
      if (media.caption)
        under(
          block(
            `${m.id}.${lang}.caption${suffix}`,
            say(media.caption, lang),
            left,
            columnsTop,
            inner,
            CAPTION_FONT_M,
            'regular',
            'caption',
            langTag(lang),
            fonts,
          ),
        );
    }
    if (media.credit)
      under(block(`${m.id}.credit${suffix}`, media.credit, left, columnsTop, inner, CAPTION_FONT_M, 'regular', 'caption', '', fonts));
  };
  if (pic?.file) {
    const video = VIDEO_FILE.test(pic.file);
    const aspect = pic.width && pic.height ? pic.width / pic.height : video ? VIDEO_DEFAULT_ASPECT : PICTURE_DEFAULT_ASPECT;
    let w = inner;
    let h = w / aspect;
    if (h > PICTURE_MAX_HEIGHT_M) [w, h] = [PICTURE_MAX_HEIGHT_M * aspect, PICTURE_MAX_HEIGHT_M];
    pictures.push({
      key: `${m.id}.picture`,
      kind: video ? 'video' : 'picture',
      file: pic.file,
      x: -w / 2,
      y: columnsTop,
      width: w,
      height: h,
    });
    columnsTop -= h + PARAGRAPH_GAP_M * 0.5;
    captions(pic, '');
  }
  if (model?.file) {
    // The model's place on the panel: a clear band across it, the model standing just in front of it (src/layout/media.ts).
    const h = MODEL_SIZE_M + PARAGRAPH_GAP_M;
    pictures.push({ key: `${m.id}.model`, kind: 'model', file: model.file, x: -inner / 2, y: columnsTop, width: inner, height: h });
    columnsTop -= h + PARAGRAPH_GAP_M * 0.5;
    captions(model, '.model');
  }
  if (pic?.file || model?.caption || model?.credit) columnsTop -= HEADING_GAP_M;
  let tallest = 0;
  langs.forEach((lang, i) => {
    const [col, h] = column(m, lang, left + i * (colWidth + COLUMN_GUTTER_M), columnsTop, colWidth, fonts);
    blocks.push(...col);
    tallest = Math.max(tallest, h);
  });
  const needed = -columnsTop + tallest + PANEL_PADDING_M;
  return { height: Math.max(size.minHeight, needed), width: size.width, blocks, pictures };
}
