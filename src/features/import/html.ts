// TimelineJS3's text is HTML. This turns it into the exhibit's own structure: paragraphs before a list, list items
// (bulleted or numbered), paragraphs after; a link keeps its text and its address goes to the event's sources. Pure:
// a small tokenizer, no DOM; nothing of the HTML reaches the page (the exhibit draws and shows plain strings).
// Emphasis (<b>, <strong>; <i>, <em>) becomes the exhibit's own markup (src/content/markup.ts: **strong**, *emphasis*).
import { plainText, runsOf, toMarkup, type Run } from '../../content/markup.ts';

/** Paragraphs and items are the exhibit's markup (a literal "*" escaped as "\\*"); `plainText` gives their words. */
export interface TextParts {
  body: string[];
  items: string[];
  listStyle: 'bullet' | 'number';
  after: string[];
  /** http(s) addresses of the links, in order, without repeats. */
  links: string[];
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  middot: '·',
  bull: '•',
  times: '×',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  aacute: 'á',
  agrave: 'à',
  acirc: 'â',
  iacute: 'í',
  oacute: 'ó',
  ocirc: 'ô',
  uacute: 'ú',
  ccedil: 'ç',
  ntilde: 'ñ',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  Eacute: 'É',
};

/** Decodes character references: `&amp;`, `&#8212;`, `&#x2014;`. An unknown name stays as written. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

const BLOCK = new Set(['p', 'div', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'figure']);
const SKIP = new Set(['script', 'style', 'iframe', 'object', 'noscript', 'template', 'svg']);

const STRONG = new Set(['b', 'strong']);
const EM = new Set(['i', 'em']);
const SPACE = /[ \t\r\n\f]/;

/** Collapses whitespace as HTML does (a no-break space stays), across runs; a collapsed space keeps its first character's emphasis. */
function squashRuns(runs: readonly Run[]): Run[] {
  const chars: Run[] = [];
  for (const r of runs)
    for (const ch of r.text) {
      const space = SPACE.test(ch);
      const last = chars[chars.length - 1];
      if (space && (!last || last.text === ' ')) continue;
      chars.push({ text: space ? ' ' : ch, strong: r.strong, em: r.em });
    }
  while (chars[chars.length - 1]?.text === ' ') chars.pop();
  return chars;
}

/** The exhibit's parts of a TimelineJS3 HTML text. */
export function htmlToParts(html: string): TextParts {
  const out: TextParts = { body: [], items: [], listStyle: 'bullet', after: [], links: [] };
  let current: Run[] = [];
  let strong = 0;
  let em = 0;
  const add = (text: string): void => {
    if (text) current.push({ text, strong: strong > 0, em: em > 0 });
  };
  let inList = 0;
  let inItem = false;
  let sawList = false;
  let skipping: string | null = null;
  /** The addresses of the links in the current block: a block of nothing but bare addresses is a source line, not a paragraph. */
  let blockLinks: string[] = [];
  const flush = (): void => {
    const runs = squashRuns(current);
    current = [];
    const plain = runs.map((r) => r.text).join('');
    const bare = blockLinks.length > 0 && plain === blockLinks.join(' ');
    blockLinks = [];
    if (!plain || bare) return;
    const text = toMarkup(runs);
    if (inItem) out.items.push(text);
    else (sawList ? out.after : out.body).push(text);
  };
  const re = /<!--[\s\S]*?-->|<\/?([a-zA-Z][a-zA-Z0-9]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (!skipping) add(decodeEntities(html.slice(last, m.index)));
    last = re.lastIndex;
    const tag = m[1]?.toLowerCase();
    if (!tag) continue;
    const closing = m[0][1] === '/';
    if (skipping) {
      if (closing && tag === skipping) skipping = null;
      continue;
    }
    if (SKIP.has(tag)) {
      if (!closing && !m[0].endsWith('/>')) skipping = tag;
      continue;
    }
    if (STRONG.has(tag)) strong = Math.max(0, strong + (closing ? -1 : 1));
    else if (EM.has(tag)) em = Math.max(0, em + (closing ? -1 : 1));
    else if (tag === 'br' || BLOCK.has(tag)) flush();
    else if (tag === 'ul' || tag === 'ol') {
      flush();
      if (!closing) {
        if (!sawList && tag === 'ol') out.listStyle = 'number';
        inList++;
        sawList = true;
      } else inList = Math.max(0, inList - 1);
    } else if (tag === 'li') {
      flush();
      inItem = !closing && inList > 0;
    } else if (tag === 'a' && !closing) {
      const href = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[2] ?? '');
      const url = decodeEntities((href?.[1] ?? href?.[2] ?? href?.[3] ?? '').trim());
      if (/^https?:\/\//i.test(url)) {
        if (!out.links.includes(url)) out.links.push(url);
        blockLinks.push(url);
      }
    }
  }
  if (!skipping) add(decodeEntities(html.slice(last)));
  flush();
  return out;
}

/** The plain text of a short HTML string (a headline, a caption, a credit): tags dropped, entities decoded. */
export function htmlToPlain(html: string): string {
  const p = htmlToParts(html);
  return [...p.body, ...p.items, ...p.after].map(plainText).join(' ');
}

/** Escapes text for TimelineJS3's HTML (the exporter). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** TimelineJS3 HTML of a marked-up text: its emphasis as <strong> and <em>. */
export function markupToHtml(markup: string): string {
  return runsOf(markup)
    .map((r) => {
      let h = escapeHtml(r.text);
      if (r.em) h = `<em>${h}</em>`;
      if (r.strong) h = `<strong>${h}</strong>`;
      return h;
    })
    .join('');
}

/** TimelineJS3 HTML of the exhibit's parts (the exporter): paragraphs, a list, paragraphs, with their emphasis. */
export function partsToHtml(parts: {
  body: readonly string[];
  items: readonly string[];
  listStyle: 'bullet' | 'number';
  after: readonly string[];
}): string {
  const p = (xs: readonly string[]) => xs.map((x) => `<p>${markupToHtml(x)}</p>`).join('');
  const tag = parts.listStyle === 'number' ? 'ol' : 'ul';
  const list = parts.items.length ? `<${tag}>${parts.items.map((x) => `<li>${markupToHtml(x)}</li>`).join('')}</${tag}>` : '';
  return p(parts.body) + list + p(parts.after);
}
