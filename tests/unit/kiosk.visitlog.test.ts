import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { VisitRecorder, csvField, isVisit, summarize, visitsToCsv, type Visit } from '../../src/features/kiosk/visitLog.ts';
import { VisitStore } from '../../src/features/kiosk/visitStore.ts';

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);

function sampleVisit(): Visit {
  const r = new VisitRecorder('v1', 0, T0, { focusedId: '2020-2021', language: 'both', tourId: null });
  r.observe(12_340, T0 + 12_340, { focusedId: '2022', language: 'both', tourId: null });
  r.observe(20_000, T0 + 20_000, { focusedId: '2022', language: 'en', tourId: 'highlights' });
  r.observe(30_000, T0 + 30_000, { focusedId: '2020-2021', language: 'en', tourId: 'highlights' });
  return r.end(35_000, T0 + 35_000, 'idle');
}

describe('visit recorder', () => {
  it('adds up dwell per milestone, notes languages and tours in order of first use', () => {
    const v = sampleVisit();
    expect(v.dwell).toEqual({ '2020-2021': 17.3, '2022': 17.7 });
    expect(v.seen).toEqual(['2020-2021', '2022']);
    expect(v.languages).toEqual(['both', 'en']);
    expect(v.tours).toEqual(['highlights']);
    expect(v.endedBy).toBe('idle');
    expect(v.startedAt).toBe('2026-11-26T09:00:00.000Z');
    expect(v.endedAt).toBe('2026-11-26T09:00:35.000Z');
  });

  it('time at the entrance (no milestone in focus) counts for no milestone', () => {
    const r = new VisitRecorder('v2', 0, T0, { focusedId: null, language: 'zh', tourId: null });
    r.observe(50_000, T0 + 50_000, { focusedId: '2022', language: 'zh', tourId: null });
    const v = r.touch(53_000, T0 + 53_000);
    expect(v.dwell).toEqual({ '2022': 3 });
    expect(v.endedBy).toBe('open');
  });

  it('holds nothing but the visit’s own facts (no personal data)', () => {
    expect(Object.keys(sampleVisit()).sort()).toEqual(['dwell', 'endedAt', 'endedBy', 'id', 'languages', 'seen', 'startedAt', 'tours']);
    expect(isVisit(sampleVisit())).toBe(true);
    expect(isVisit({ ...sampleVisit(), dwell: { x: 'a lot' } })).toBe(false);
    expect(isVisit(null)).toBe(false);
  });
});

describe('operator figures and CSV', () => {
  const other: Visit = { ...sampleVisit(), id: 'v2', dwell: { '2022': 4.3 }, seen: ['2022'], languages: ['zh'], tours: [] };

  it('sums and averages dwell per milestone over the visits that saw it', () => {
    const s = summarize([sampleVisit(), other], ['2020-2021', '2022', '2023-2024']);
    expect(s.visits).toBe(2);
    expect(s.milestones).toEqual([
      { id: '2020-2021', visits: 1, totalSeconds: 17.3, meanSeconds: 17.3 },
      { id: '2022', visits: 2, totalSeconds: 22, meanSeconds: 11 },
      { id: '2023-2024', visits: 0, totalSeconds: 0, meanSeconds: 0 },
    ]);
    expect(s.languages).toEqual([
      { language: 'both', visits: 1 },
      { language: 'en', visits: 1 },
      { language: 'zh', visits: 1 },
    ]);
    expect(s.tours).toEqual([
      { tour: '', visits: 1 },
      { tour: 'highlights', visits: 1 },
    ]);
  });

  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(4.5)).toBe('4.5');
  });

  it('exports one row per visit and milestone, with a BOM, CRLF and the titles in both languages', () => {
    const csv = visitsToCsv([sampleVisit(), { ...other, seen: [], dwell: {} }], (id) =>
      id === '2022' ? { zh: '元宇宙医学，“新”纪元', en: 'The year, "founded"' } : undefined,
    );
    expect(csv.startsWith('\uFEFFvisit,started_at,')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(lines[2]).toBe(
      'v1,2026-11-26T09:00:00.000Z,2026-11-26T09:00:35.000Z,idle,both en,highlights,2022,元宇宙医学，“新”纪元,"The year, ""founded""",17.7',
    );
    // Full-width commas and curly quotes are text, not CSV syntax: only ASCII , and " are quoted.
    expect(lines[3]).toMatch(/^v2,.*,zh,none,,,,0$/);
  });
});

describe('visit store (IndexedDB)', () => {
  it('keeps visits across connections, closes visits a reload cut short, and clears', async () => {
    const factory = new IDBFactory();
    const a = await VisitStore.open(factory);
    const open = { ...sampleVisit(), id: 'b', endedBy: 'open' as const, startedAt: '2026-11-26T10:00:00.000Z' };
    await a.put(sampleVisit());
    await a.put(open);
    a.close();

    const b = await VisitStore.open(factory);
    expect(await b.closeOpenVisits()).toBe(1);
    const all = await b.all();
    expect(all.map((v) => [v.id, v.endedBy])).toEqual([
      ['v1', 'idle'],
      ['b', 'reload'],
    ]);
    expect(all[0]).toEqual(sampleVisit());
    await b.clear();
    expect(await b.all()).toEqual([]);
    b.close();
  });
});

describe('a visit left pending by a reload', () => {
  it('is adopted into the store as the newer copy; anything else is ignored', async () => {
    const store = await VisitStore.open(new IDBFactory());
    await store.put({ ...sampleVisit(), endedBy: 'open', dwell: { '2020-2021': 1 } });
    expect(await store.adoptPending({ ...sampleVisit(), endedBy: 'reload' })).toBe(true);
    expect(await store.adoptPending({ id: 'x' })).toBe(false);
    expect(await store.adoptPending(null)).toBe(false);
    expect(await store.all()).toEqual([{ ...sampleVisit(), endedBy: 'reload' }]);
    store.close();
  });
});
