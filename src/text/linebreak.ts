// Line breaking for mixed Chinese / English paragraphs. Pure: no DOM, no three.
//
// troika-three-text only wraps at spaces, so a Chinese paragraph would overflow (or break
// arbitrarily). We break every paragraph here, using the advance widths of the subset font
// (src/text/metrics.ts), and give troika explicit "\n"s.
//
// Rules
// - Latin words (any run of non-CJK characters without a space: "eHealth", "2025,", "(Chunxue",
//   "IAMM’s", "55-64.DOI:61189/530445nlxrhb") break only at spaces. A word longer than the line
//   is broken inside, preferably after "/", "-", ".", ":" …
// - CJK text may break between any two characters, and between a CJK character and a Latin word.
// - Kinsoku: a line never starts with a character of NO_LINE_START (closing punctuation, "，。、",
//   "…", "—", "·" …) and never ends with one of NO_LINE_END (opening brackets and quotes). We use
//   OIDASHI (push-out): when the punctuation does not fit at the end of a line, the character
//   before it moves down to the next line with it (never "burasage": punctuation never hangs
//   past the width). Runs ("。”）", "——", "……", "》、《") stay together the same way, since
//   each of their marks forbids a break before it or after it.
// - A number and a CJK character right after it ("2025年") stay together.
// - Spaces at line ends are dropped; spaces inside a line are kept as they are.
// - No-break spaces (U+00A0, U+202F, U+2007) and word joiners (U+2060, U+FEFF) glue their
//   neighbours; only when the unit they glue is longer than the line is it broken, first at a
//   no-break space (which is then dropped like a space).
// - "\n" is a hard break.
// Width: every line measures <= maxWidth, except a unit that cannot be broken without breaking
// the rules above (e.g. maxWidth narrower than "中。"); such a unit gets a line of its own.
import type { FontMetrics } from './metrics.ts';

/** Characters that must not start a line (closing punctuation in general, CJK and ASCII). */
export const NO_LINE_START =
  // CJK / fullwidth closing and middle punctuation
  '，。、；：？！）］｝〕〉》」』】〙〗〟｠｝｣､｡．：；？！' +
  // quotes, dashes, ellipses, middle dots, iteration marks, prolonged sound mark, small kana
  '”’…‥·・—–⸺⸻～〜ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ' +
  // ASCII and Latin closing punctuation, units
  ',.;:?!)]}%‰℃°′″›»';

/** Characters that must not end a line (opening brackets and quotes). */
export const NO_LINE_END = '（［｛〔〈《「『【〘〖〝｟｢“‘([{«‹';

const NO_START = new Set(Array.from(NO_LINE_START));
const NO_END = new Set(Array.from(NO_LINE_END));
/** No-break spaces: never break next to them, unless a unit holding one is longer than the line. */
const NO_BREAK_SPACES = new Set(['\u00a0', '\u202f', '\u2007']);
/** Word joiners: never break next to them. */
const JOINERS = new Set(['\u2060', '\ufeff']);
const GLUE = new Set([...NO_BREAK_SPACES, ...JOINERS]);
/** Preferred places to break inside an overlong Latin word (after these). */
const URL_BREAK_AFTER = new Set(Array.from('/-.:_?&=#~+\\'));

export interface BreakOptions {
  /** Width of a line, in the unit of fontSize (metres). */
  maxWidth: number;
  fontSize: number;
  metrics: FontMetrics;
}

export interface LineRange {
  /** UTF-16 offsets into the text (end exclusive); the line is text.slice(start, end). */
  start: number;
  end: number;
  text: string;
}

/** CJK ideographs, kana, hangul, CJK and fullwidth punctuation, and the dashes/ellipsis that may break on either side. */
export function isCjk(char: string): boolean {
  const cp = char.codePointAt(0) ?? 0;
  return (
    (cp >= 0x2e80 && cp <= 0x2fff) || // radicals, ideographic description
    (cp >= 0x3000 && cp <= 0x33ff) || // CJK symbols & punctuation, kana, bopomofo, hangul jamo, enclosed
    (cp >= 0x3400 && cp <= 0x4dbf) || // extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // unified ideographs
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7af) || // hangul
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // compatibility forms
    (cp >= 0xff00 && cp <= 0xffef) || // fullwidth / halfwidth forms
    (cp >= 0x20000 && cp <= 0x3ffff) || // extensions B…
    cp === 0x2014 || // — em dash (B2: break before/after a run of them)
    cp === 0x2026 || // … ellipsis
    cp === 0x2e3a ||
    cp === 0x2e3b
  );
}

function isBreakSpace(char: string): boolean {
  return /\s/.test(char) && !GLUE.has(char);
}

/** Any space, breaking or not (for trimming forced breaks). */
function isAnySpace(char: string): boolean {
  return isBreakSpace(char) || NO_BREAK_SPACES.has(char);
}

const isDigit = (char: string): boolean => char >= '0' && char <= '9';
const isMark = (char: string): boolean => /\p{M}/u.test(char);

/** Whether a line may break between the adjacent non-space characters a and b. */
function canBreakBetween(a: string, b: string): boolean {
  if (GLUE.has(a) || GLUE.has(b) || NO_START.has(b) || NO_END.has(a) || isMark(b)) return false;
  if (isDigit(a) && isCjk(b) && !NO_START.has(b)) return false; // "2025年"
  return isCjk(a) || isCjk(b);
}

/** Whether a line may break at spaces between the non-space characters a (before) and b (after). */
function canBreakAtSpace(a: string, b: string): boolean {
  return !NO_START.has(b) && !NO_END.has(a);
}

/** Breaks one paragraph (no "\n") given as code points; returns [start, end) code point ranges. */
function breakParagraph(cps: string[], limit: number, metrics: FontMetrics): Array<[number, number]> {
  const n = cps.length;
  let first = 0;
  while (first < n && isBreakSpace(cps[first]!)) first++;
  let last = n;
  while (last > first && isBreakSpace(cps[last - 1]!)) last--;
  if (first >= last) return [[first, first]];

  // Prefix sums of advances (font units).
  const pre = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const ch = cps[i]!;
    pre[i + 1] = pre[i]! + (metrics.advances[ch] ?? metrics.fallbackAdvance);
  }
  const width = (s: number, e: number): number => pre[e]! - pre[s]!;
  const fits = (s: number, e: number): boolean => width(s, e) <= limit + 1e-6;

  // Break opportunities: the previous line ends at `end`, the next starts at `start` (spaces between are dropped).
  const opportunities: Array<{ end: number; start: number }> = [];
  for (let i = first + 1; i < last; i++) {
    if (isBreakSpace(cps[i]!)) {
      let j = i;
      while (isBreakSpace(cps[j]!)) j++; // j < last: cps[last - 1] is not a space
      if (canBreakAtSpace(cps[i - 1]!, cps[j]!)) opportunities.push({ end: i, start: j });
      i = j - 1;
    } else if (!isBreakSpace(cps[i - 1]!) && canBreakBetween(cps[i - 1]!, cps[i]!)) {
      opportunities.push({ end: i, start: i });
    }
  }

  // A forced break inside an overlong unit at position c (between cps[c-1] and cps[c]) is legal if the
  // kinsoku rules allow it, looking through any spaces (and no-break spaces) at the cut.
  const legalCut = (c: number, from: number, to: number): boolean => {
    let a = c - 1;
    while (a >= from && isAnySpace(cps[a]!)) a--;
    let b = c;
    while (b < to && isAnySpace(cps[b]!)) b++;
    if (a < from || b >= to) return false;
    const ca = cps[a]!;
    const cb = cps[b]!;
    return !NO_START.has(cb) && !NO_END.has(ca) && !JOINERS.has(ca) && !JOINERS.has(cb) && !isMark(cb);
  };

  const lines: Array<[number, number]> = [];
  const pushLine = (s: number, e: number, trim: (ch: string) => boolean = isBreakSpace): void => {
    while (e > s && trim(cps[e - 1]!)) e--;
    lines.push([s, e]);
  };

  let lineStart = -1;
  let lineEnd = -1;
  /**
   * Starts a line with the unit [s, e), splitting it first if it does not fit on a line of its own.
   * Preferred cuts, in order: at a no-break space (it is a space after all), after "/", "-", "." …
   * (if that fills at least half the line), else as much as fits.
   */
  const startLine = (s: number, e: number): void => {
    let pos = s;
    while (!fits(pos, e)) {
      let maxFit = pos; // largest c with [pos, c) fitting
      while (maxFit < e && fits(pos, maxFit + 1)) maxFit++;
      let cut = -1;
      let atSpace = -1;
      let atPunctuation = -1;
      for (let c = maxFit; c > pos; c--) {
        if (!legalCut(c, pos, e)) continue;
        if (cut < 0) cut = c;
        if (atSpace < 0 && (isAnySpace(cps[c]!) || isAnySpace(cps[c - 1]!))) atSpace = c;
        if (atPunctuation < 0 && URL_BREAK_AFTER.has(cps[c - 1]!) && width(pos, c) >= 0.5 * limit) atPunctuation = c;
      }
      if (atSpace > 0) cut = atSpace;
      else if (atPunctuation > 0) cut = atPunctuation;
      if (cut < 0) {
        // Nothing legal fits: the smallest legal cut beyond the width (the line overflows), or none at all.
        for (let c = maxFit + 1; c < e; c++) {
          if (legalCut(c, pos, e)) {
            cut = c;
            break;
          }
        }
      }
      if (cut < 0) break;
      pushLine(pos, cut, isAnySpace);
      pos = cut;
      while (pos < e && isAnySpace(cps[pos]!)) pos++;
    }
    lineStart = pos;
    lineEnd = e;
  };

  // A unit glued by no-break spaces that is longer than a line may break at them after all.
  const units = opportunities.length + 1;
  const extra: Array<{ end: number; start: number }> = [];
  for (let k = 0; k < units; k++) {
    const s = k === 0 ? first : opportunities[k - 1]!.start;
    const e = k < opportunities.length ? opportunities[k]!.end : last;
    if (fits(s, e)) continue;
    for (let i = s + 1; i < e - 1; i++) {
      if (!NO_BREAK_SPACES.has(cps[i]!)) continue;
      let j = i;
      while (j < e && isAnySpace(cps[j]!)) j++;
      if (j < e && legalCut(i, s, e)) extra.push({ end: i, start: j });
      i = j;
    }
  }
  if (extra.length) {
    opportunities.push(...extra);
    opportunities.sort((x, y) => x.end - y.end);
  }

  let unitStart = first;
  for (let k = 0; k <= opportunities.length; k++) {
    const unitEnd = k < opportunities.length ? opportunities[k]!.end : last;
    if (lineStart < 0) startLine(unitStart, unitEnd);
    else if (fits(lineStart, unitEnd)) lineEnd = unitEnd;
    else {
      pushLine(lineStart, lineEnd);
      startLine(unitStart, unitEnd);
    }
    if (k < opportunities.length) unitStart = opportunities[k]!.start;
  }
  pushLine(lineStart, lineEnd);
  return lines;
}

/**
 * Breaks `text` into lines no wider than `maxWidth` (see the rules at the top of this file) and
 * returns each line with its offsets in `text`. Empty or blank text gives no lines.
 */
export function breakLineRanges(text: string, { maxWidth, fontSize, metrics }: BreakOptions): LineRange[] {
  if (!text.trim()) return [];
  const limit = fontSize > 0 ? (maxWidth * metrics.unitsPerEm) / fontSize : Infinity;
  const out: LineRange[] = [];
  let offset = 0;
  for (const paragraph of text.split('\n')) {
    const clean = paragraph.endsWith('\r') ? paragraph.slice(0, -1) : paragraph;
    const cps = Array.from(clean);
    // UTF-16 offset of each code point.
    const at = new Array<number>(cps.length + 1);
    at[0] = offset;
    for (let i = 0; i < cps.length; i++) at[i + 1] = at[i]! + cps[i]!.length;
    for (const [s, e] of breakParagraph(cps, limit, metrics)) {
      out.push({ start: at[s]!, end: at[e]!, text: cps.slice(s, e).join('') });
    }
    offset += paragraph.length + 1;
  }
  return out;
}

/** Breaks `text` into lines no wider than `maxWidth`; join them with "\n" for troika. */
export function breakLines(text: string, options: BreakOptions): string[] {
  return breakLineRanges(text, options).map((line) => line.text);
}
