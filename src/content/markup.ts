// Emphasis in the text of a panel (a milestone's `body`, `items` and `after`): a minimal markup, as in Markdown.
//   **words**   strong (TimelineJS3's <b> / <strong>)
//   *words*     emphasis (TimelineJS3's <i> / <em>)
//   \*  \\      a literal "*" or "\"
// They may nest (`**a *b* c**`, `***both***`). Any other character is itself; a "\" before anything else is
// a "\". Malformed markup (an unclosed or empty emphasis) fails the scene file with its place. Pure: no React.
// The IAMM seed has no "*" and no "\", so its text reads exactly as written.

/** A run of text and how it is emphasised. */
export interface Run {
  text: string;
  strong: boolean;
  em: boolean;
}

export type MarkupResult = { ok: true; runs: Run[] } | { ok: false; error: string; hint: string };

type Mark = 'strong' | 'em';
const DELIM: Record<Mark, string> = { strong: '**', em: '*' };

/**
 * Parses markup into runs (adjacent runs differ in emphasis; no empty run). A run of n "*" is read left to
 * right against the innermost open emphasis: "**" closes an open strong, "*" an open emphasis; otherwise they open.
 */
export function parseMarkup(source: string): MarkupResult {
  const runs: Run[] = [];
  const stack: Array<{ mark: Mark; runsAt: number; textAt: number }> = [];
  let text = '';
  let plainLength = 0;
  const flush = (): void => {
    if (!text) return;
    const strong = stack.some((s) => s.mark === 'strong');
    const em = stack.some((s) => s.mark === 'em');
    const last = runs[runs.length - 1];
    if (last && last.strong === strong && last.em === em) last.text += text;
    else runs.push({ text, strong, em });
    plainLength += text.length;
    text = '';
  };
  for (let i = 0; i < source.length;) {
    const ch = source[i]!;
    if (ch === '\\' && (source[i + 1] === '*' || source[i + 1] === '\\')) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (ch !== '*') {
      text += ch;
      i++;
      continue;
    }
    let n = 0;
    while (source[i + n] === '*') n++;
    i += n;
    flush();
    while (n > 0) {
      const top = stack[stack.length - 1];
      let mark: Mark;
      let closing: boolean;
      if (top?.mark === 'strong') [mark, closing] = n >= 2 ? ['strong', true] : ['em', false];
      else if (top?.mark === 'em') [mark, closing] = n === 2 ? ['strong', false] : ['em', true];
      else [mark, closing] = n >= 2 ? ['strong', false] : ['em', false];
      n -= DELIM[mark].length;
      if (!closing) {
        stack.push({ mark, runsAt: runs.length, textAt: plainLength });
        continue;
      }
      const open = stack.pop()!;
      if (open.textAt === plainLength)
        return {
          ok: false,
          error: `empty emphasis "${DELIM[mark]}${DELIM[mark]}"`,
          hint: 'put words between the two marks, or write a literal * as \\*',
        };
    }
  }
  flush();
  const open = stack[stack.length - 1];
  if (open)
    return {
      ok: false,
      error: `"${DELIM[open.mark]}" opened after ${JSON.stringify(plainTextOfRuns(runs).slice(0, open.textAt).slice(-20))} is never closed`,
      hint: `close it with another "${DELIM[open.mark]}" after the emphasised words, or write a literal * as \\*`,
    };
  return { ok: true, runs };
}

function plainTextOfRuns(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('');
}

/** The words of a marked-up text, without its marks (what a panel draws, what is searched and line-broken). */
export function plainText(source: string): string {
  if (!source.includes('*') && !source.includes('\\')) return source;
  const r = parseMarkup(source);
  return r.ok ? plainTextOfRuns(r.runs) : source;
}

/** The runs of a marked-up text; text whose markup is malformed (the schema refuses it) is one plain run. */
export function runsOf(source: string): Run[] {
  if (!source.includes('*') && !source.includes('\\')) return source ? [{ text: source, strong: false, em: false }] : [];
  const r = parseMarkup(source);
  return r.ok ? r.runs : [{ text: source, strong: false, em: false }];
}

/** The emphasised spans of a marked-up text, as [start, end) offsets into its plain text. */
export function emphasisSpans(source: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const r of runsOf(source)) {
    if (r.strong || r.em) out.push([at, at + r.text.length]);
    at += r.text.length;
  }
  return out;
}

const escapeMarkup = (s: string): string => s.replace(/[\\*]/g, (c) => `\\${c}`);

/**
 * Markup of runs (the importer). Marks opened together open strong first, as `parseMarkup` reads "***"; a run
 * that keeps an outer mark but drops an inner one closes both and reopens the outer one ("****"), which reads
 * back the same way.
 */
export function toMarkup(runs: readonly Run[]): string {
  const stack: Mark[] = [];
  let out = '';
  for (const r of runs) {
    if (!r.text) continue;
    // Close down to what this run keeps, innermost first.
    while (stack.some((m) => !r[m])) out += DELIM[stack.pop()!];
    for (const m of ['strong', 'em'] as const)
      if (r[m] && !stack.includes(m)) {
        stack.push(m);
        out += DELIM[m];
      }
    out += escapeMarkup(r.text);
  }
  while (stack.length) out += DELIM[stack.pop()!];
  return out;
}

/** Markup of plain text: its "*" and "\" escaped. */
export const plainToMarkup = (s: string): string => escapeMarkup(s);
