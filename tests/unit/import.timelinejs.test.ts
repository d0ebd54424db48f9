// Reading TimelineJS3 timelines (JSON and the spreadsheet's CSV): every field, every error with its file, line and field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToParts, htmlToPlain } from '../../src/features/import/html.ts';
import {
  ImportError,
  parseCsv,
  parseTimeline,
  parseTimelineCsv,
  parseTimelineJson,
  type ImportProblem,
} from '../../src/features/import/timelinejs.ts';

const FIX = 'tests/fixtures/timelinejs';
const read = (name: string) => readFileSync(`${FIX}/${name}`, 'utf8');

function problemsOf(name: string): ImportProblem[] {
  try {
    parseTimeline(read(name), `${FIX}/${name}`);
  } catch (e) {
    if (e instanceof ImportError) return e.problems;
    throw e;
  }
  throw new Error(`${name} was read without a problem`);
}

describe('TimelineJS3 JSON', () => {
  const tl = parseTimelineJson(read('every-field.json'), 'every-field.json');

  it('reads every field of an event: dates as strings, time, display date, media, group, id, background', () => {
    const moon = tl.events[0]!;
    expect(moon.start).toEqual({ year: 1969, month: 7, day: 20, time: '20:17' });
    expect(moon.end).toEqual({ year: 1969, month: 7, day: 21 });
    expect(moon.displayDate).toBe('20 July 1969, 20:17');
    expect(moon.headline).toBe('Moon &amp; back');
    expect(moon.group).toBe('Space');
    expect(moon.uniqueId).toBe('moon');
    expect(moon.background).toEqual({ color: '#aa3300' });
    expect(moon.media).toEqual({
      url: 'https://example.org/pictures/daguerreotype.png',
      caption: 'A <i>caption</i>',
      credit: 'A credit',
      alt: 'Alt text of the picture',
      thumbnail: 'https://example.org/thumb.png',
    });
    expect(moon.line).toBe(9);
  });

  it('reads negative years as BCE, the title slide and the eras', () => {
    expect(tl.events[1]!.start).toEqual({ year: -490 });
    expect(tl.title?.headline).toBe('Every <b>field</b>');
    expect(tl.eras).toHaveLength(1);
    expect(tl.eras[0]!.start).toEqual({ year: -500 });
    expect(tl.eras[0]!.end).toEqual({ year: 2000 });
  });

  it('a missing start_date: the file, the event line and the field', () => {
    expect(problemsOf('bad-missing-start.json')).toEqual([
      expect.objectContaining({ file: `${FIX}/bad-missing-start.json`, line: 4, field: 'events[1].start_date' }),
    ]);
  });

  it('an era without end_date', () => {
    const [p] = problemsOf('bad-era-no-end.json');
    expect(p).toMatchObject({ line: 4, field: 'eras[0].end_date' });
    expect(p!.message).toMatch(/era needs an end_date/);
  });

  it('month 13 names the line of the month', () => {
    const [p] = problemsOf('bad-month-13.json');
    expect(p).toMatchObject({ line: 7, field: 'events[1].start_date.month' });
    expect(p!.message).toMatch(/not 1 to 12/);
  });

  it('a cosmological timeline is refused, saying why', () => {
    const [p] = problemsOf('bad-cosmological.json');
    expect(p).toMatchObject({ line: 2, field: 'scale' });
    expect(p!.message).toMatch(/cosmological .* cannot be walked/);
  });

  it('a JSON syntax error gives its line', () => {
    const [p] = problemsOf('bad-syntax.json');
    expect(p!.field).toBe('(file)');
    expect(p!.message).toMatch(/not valid JSON/);
    expect(p!.line).toBe(3);
  });

  it('a day that is not in its month, a year that is not a number', () => {
    const text = JSON.stringify({ events: [{ start_date: { year: 2001, month: 2, day: 29 } }, { start_date: { year: 'soon' } }] });
    try {
      parseTimelineJson(text, 'x.json');
      expect.unreachable();
    } catch (e) {
      const fields = (e as ImportError).problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['events[0].start_date.day', 'events[1].start_date.year']));
    }
  });
});

describe('TimelineJS3 spreadsheet (CSV)', () => {
  it('parses RFC 4180: quotes, doubled quotes, commas and line breaks inside a field, each row with its line', () => {
    const rows = parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n3,4\n');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"\nthere'] },
      { line: 4, cells: ['3', '4'] },
    ]);
  });

  it('reads every column of the template: title and era rows, times, end dates, media with credit, caption, thumbnail and alt, group, background', () => {
    const tl = parseTimelineCsv(read('template.csv'), 'template.csv');
    expect(tl.title?.headline).toBe('A sheet with every column');
    expect(tl.eras).toEqual([expect.objectContaining({ headline: 'The nineties', start: { year: 1990 }, end: { year: 2000 } })]);
    const web = tl.events[0]!;
    expect(web).toMatchObject({
      line: 4,
      start: { year: 1991, month: 8, day: 6, time: '14:00' },
      end: { year: 1991, month: 8, day: 7, time: '15:30' },
      displayDate: 'Aug 6, 1991',
      headline: 'First web page',
      text: '<p>A page, with a comma, and "quotes".</p>',
      group: 'Web',
      background: { color: '#336699' },
      media: { url: 'daguerreotype.png', credit: 'A credit', caption: 'A caption', thumbnail: 'thumb.png', alt: 'Alt of the picture' },
    });
    expect(tl.events[1]!.start).toEqual({ year: -44, month: 3, day: 15 });
  });

  it('wrong columns: each unknown one named, with a guess, and the missing required ones', () => {
    const problems = problemsOf('bad-columns.csv');
    expect(problems.map((p) => p.field)).toEqual(['column 1 "Yeer"', 'column 5 "Txt"', 'column "Year"']);
    expect(problems[0]!.message).toMatch(/did you mean "Year"/);
    expect(problems.every((p) => p.line === 1)).toBe(true);
  });

  it('month 13 in a row names the row, its line and the column', () => {
    const [p] = problemsOf('bad-month-13.csv');
    expect(p).toMatchObject({ line: 3, field: 'row 3, Month' });
  });

  it('the 40-event fixture reads 40 events, 2 eras and a title', () => {
    const tl = parseTimelineCsv(read('spaceflight.csv'), 'spaceflight.csv');
    expect(tl.events).toHaveLength(40);
    expect(tl.eras).toHaveLength(2);
    expect(tl.title?.headline).toBe('Forty years of space flight');
  });
});

describe('TimelineJS3 HTML becomes the exhibit’s paragraphs and list items, never HTML', () => {
  it('paragraphs, line breaks, a numbered list, the paragraph after it, entities, links as text, scripts dropped', () => {
    const tl = parseTimelineJson(read('every-field.json'), 'every-field.json');
    const parts = htmlToParts(tl.events[0]!.text);
    expect(parts.body).toEqual(['First **bold** and *italic* words — with a link.', 'Second line ’s here.']);
    expect(parts.items).toEqual(['one', 'two <three>']);
    expect(parts.listStyle).toBe('number');
    expect(parts.after).toEqual(['After the list.']);
    expect(parts.links).toEqual(['https://example.org/apollo']);
    expect(JSON.stringify(parts)).not.toMatch(/alert|<b>|<\/p>/);
  });

  it('plain text without tags is one paragraph; headlines lose their tags', () => {
    expect(htmlToParts('Plain text without tags.').body).toEqual(['Plain text without tags.']);
    expect(htmlToPlain('Every <b>field</b>')).toBe('Every field');
    expect(decodeEntities('&amp;&lt;&#x2014;&#8217;&nbsp;&unknown;')).toBe('&<—’\u00a0&unknown;');
  });
});
