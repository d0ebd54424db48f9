// npm run import / export: a timeline becomes a scenes folder that the scene loader accepts; bad input writes nothing;
// import → export → import keeps every headline, date and text.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkScenesDir, loadScenesFromDir } from '../../build/load-scenes.ts';
import { say } from '../../src/content/format.ts';
import { languageChoices } from '../../src/content/languages.ts';
import { languagesOf, type Exhibit } from '../../src/content/schema.ts';
import { ImportError, parseTimelineJson } from '../../src/features/import/timelinejs.ts';
import { dateLabel } from '../../src/features/import/toScenes.ts';
import { runImport } from '../../scripts/import.ts';
import { runExport } from '../../scripts/export.ts';

const FIX = 'tests/fixtures/timelinejs';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'iamm-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const out = (name: string) => path.join(tmp, name);
const load = (dir: string): Exhibit => loadScenesFromDir(dir, path.join(dir, 'public')).exhibit;

describe('npm run import', () => {
  it('writes exhibit.yaml, milestones.yaml and a tour through every event, which the scene loader accepts', () => {
    const run = runImport([`${FIX}/photography.json`], out('photo'), { mediaDir: `${FIX}/media` });
    expect(readdirSync(run.outDir).sort()).toEqual(['exhibit.yaml', 'media', 'milestones.yaml', 'schema', 'tours']);
    const { exhibit, tours } = loadScenesFromDir(run.outDir, path.join(run.outDir, 'public'));
    expect(languagesOf(exhibit)).toEqual(['en']);
    expect(exhibit.exhibit.defaultLanguage).toBe('en');
    expect(exhibit.content.kind).toBe('events');
    const source = JSON.parse(readFileSync(`${FIX}/photography.json`, 'utf8')) as { events: Array<{ text: { headline: string } }> };
    expect(exhibit.content.milestones.map((m) => m.title.en)).toEqual(source.events.map((e) => e.text.headline));
    expect(tours).toHaveLength(1);
    expect(tours[0]!.stops.map((s) => s.milestone)).toEqual(exhibit.content.milestones.map((m) => m.id));
    // Groups and their colours, pictures copied from --media-dir, the video listed as remote.
    expect(new Set(exhibit.content.milestones.map((m) => m.group?.en))).toEqual(new Set(['Process', 'Colour', 'Cameras']));
    expect(run.media.filter((m) => m.file)).toHaveLength(8);
    expect(readdirSync(path.join(run.outDir, 'media'))).toHaveLength(8);
    const video = exhibit.content.milestones[8]!.media![0]!;
    expect(video).toMatchObject({ remote: 'https://www.youtube.com/watch?v=abc123' });
    expect(exhibit.content.milestones[0]!.media![0]).toMatchObject({
      file: 'media/daguerreotype.png',
      alt: { en: 'A flat coloured drawing standing for: daguerreotype announced' },
      credit: 'Fixture drawing',
    });
  });

  it('every field: html text into paragraphs, list and sources; the display date as label; dates kept; BCE; the era', () => {
    const run = runImport([`${FIX}/every-field.json`], out('every'));
    const ex = load(run.outDir);
    // Same year: the one without a month first (it counts from the year's start), as TimelineJS3 orders them.
    const [bce, same, moon] = ex.content.milestones;
    expect(bce).toMatchObject({
      id: '490bce-a-bce-year',
      start: -490,
      end: -490,
      label: { en: '490 BCE' },
      body: [{ en: 'Plain text without tags.' }],
    });
    expect(moon).toMatchObject({
      id: 'moon',
      title: { en: 'Moon & back' },
      label: { en: '20 July 1969, 20:17' },
      accent: '#aa3300',
      body: [{ en: 'First **bold** and *italic* words — with a link.' }, { en: 'Second line ’s here.' }],
      items: [{ en: 'one' }, { en: 'two <three>' }],
      listStyle: { en: 'number' },
      after: [{ en: 'After the list.' }],
      sources: ['https://example.org/apollo'],
      date: { start: { year: 1969, month: 7, day: 20, time: '20:17' }, end: { year: 1969, month: 7, day: 21 } },
      group: { en: 'Space' },
    });
    expect(same).toMatchObject({ start: 1969, items: [{ en: 'a' }, { en: 'b' }], listStyle: { en: 'bullet' } });
    expect(ex.content.eras).toEqual([{ title: { en: 'Everything' }, start: -500, end: 2000 }]);
    expect(ex.exhibit.title).toEqual({ en: 'Every field' });
  });

  it('two files are one bilingual exhibit, paired by unique_id (whatever their order)', () => {
    const run = runImport([`${FIX}/zh.json`, `${FIX}/en.json`], out('bi'));
    const ex = load(run.outDir);
    expect(languagesOf(ex)).toEqual(['zh', 'en']);
    expect(ex.exhibit.defaultLanguage).toBe('both');
    expect(languageChoices(languagesOf(ex))).toEqual(['zh', 'en', 'both']);
    expect(ex.content.milestones.map((m) => m.title)).toEqual([
      { zh: '第一件事', en: 'The first thing' },
      { zh: '第二件事', en: 'The second thing' },
    ]);
    expect(ex.content.milestones[0]!.label).toEqual({ zh: '1990年', en: '1990' });
    expect(run.warnings).toEqual([]);
  });

  it('without unique_id the files pair by order, with a warning', () => {
    const strip = (f: string) => {
      const data = JSON.parse(readFileSync(`${FIX}/${f}`, 'utf8')) as { events: Array<Record<string, unknown>> };
      for (const e of data.events) delete e.unique_id;
      data.events.sort((a, b) => (a.start_date as { year: number }).year - (b.start_date as { year: number }).year);
      const file = out(f);
      writeFileSync(file, JSON.stringify(data));
      return file;
    };
    const run = runImport([strip('zh.json'), strip('en.json')], out('bi-order'));
    expect(run.warnings.join('\n')).toMatch(/paired .* by their order/);
    expect(load(run.outDir).content.milestones[0]!.title).toEqual({ zh: '第一件事', en: 'The first thing' });
  });

  it('a language without interface words (fr) uses English, and the scene check says so', () => {
    const run = runImport([`${FIX}/fr.json`], out('fr'), { languages: ['fr'] });
    expect(run.warnings.join('\n')).toMatch(/no words in fr/);
    const checked = checkScenesDir(run.outDir, path.join(run.outDir, 'public'));
    expect(checked.issues).toEqual([]);
    expect(checked.warnings.join('\n')).toMatch(/no interface words in "fr" .* English/);
    expect(checked.exhibit!.exhibit.ui.next.fr).toBe('Next milestone');
    expect(checked.exhibit!.exhibit.languageNames).toEqual({ fr: 'Français' });
  });

  it('bad input writes nothing: no folder, no temporary folder', () => {
    for (const bad of ['bad-month-13.json', 'bad-columns.csv', 'bad-missing-start.json', 'does-not-exist.json']) {
      const dir = out(`bad-${bad}`);
      expect(() => runImport([`${FIX}/${bad}`], dir)).toThrow(ImportError);
      expect(existsSync(dir)).toBe(false);
    }
    expect(readdirSync(tmp).filter((n) => n.includes('.import-'))).toEqual([]);
    try {
      runImport([`${FIX}/does-not-exist.json`], out('x'));
    } catch (e) {
      expect((e as ImportError).problems[0]).toMatchObject({
        line: 1,
        field: '(file)',
        message: expect.stringMatching(/cannot read .*ENOENT/),
      });
    }
  });

  it('an existing folder is kept unless --force', () => {
    const dir = out('existing');
    runImport([`${FIX}/ancient.json`], dir);
    expect(() => runImport([`${FIX}/ancient.json`], dir)).toThrow(/not empty/);
    expect(runImport([`${FIX}/ancient.json`], dir, { force: true }).events).toBe(11);
  });

  it('the three fixture timelines are walked end to end in under three minutes', () => {
    const runs = {
      photography: runImport([`${FIX}/photography.json`], out('w1')),
      spaceflight: runImport([`${FIX}/spaceflight.csv`], out('w2')),
      ancient: runImport([`${FIX}/ancient.json`], out('w3')),
    };
    for (const [name, r] of Object.entries(runs)) {
      expect(r.walkSeconds, name).toBeLessThan(180);
      console.log(`${name}: ${r.events} events, ${r.scale}, corridor ${r.corridorM.toFixed(1)} m, walk ${r.walkSeconds.toFixed(0)} s`);
    }
    expect(runs.spaceflight.events).toBe(40);
  });

  it('dates read as a reader of the language writes them', () => {
    expect(dateLabel({ year: 1969, month: 7, day: 20 }, 'en')).toBe('20 July 1969');
    expect(dateLabel({ year: -500 }, 'en')).toBe('500 BCE');
    expect(dateLabel({ year: 1969, month: 7, day: 20 }, 'zh')).toBe('1969年7月20日');
    expect(dateLabel({ year: -500 }, 'zh')).toBe('公元前500年');
    expect(dateLabel({ year: 1889, month: 5 }, 'fr')).toBe('mai 1889');
  });
});

describe('npm run export', () => {
  /** Every headline, date and paragraph of an exhibit, in one language. */
  const essence = (ex: Exhibit, lang: string) =>
    ex.content.milestones.map((m) => ({
      title: say(m.title, lang),
      start: m.date?.start ?? { year: m.start },
      end: m.end,
      label: say(m.label, lang),
      text: [...m.body, ...m.items, ...m.after].map((t) => say(t, lang)),
    }));

  it('round trip: import → export → import keeps every headline, date and text', () => {
    for (const src of ['every-field.json', 'spaceflight.csv', 'ancient.json', 'photography.json']) {
      const first = load(runImport([`${FIX}/${src}`], out(`rt1-${src}`)).outDir);
      const json = out(`rt-${src}.json`);
      runExport(out(`rt1-${src}`), json);
      const again = load(runImport([json], out(`rt2-${src}`)).outDir);
      expect(essence(again, 'en'), src).toEqual(essence(first, 'en'));
      expect(again.content.eras, src).toEqual(first.content.eras);
      expect(again.exhibit.title).toEqual(first.exhibit.title);
    }
    // Emphasis goes out as TimelineJS3's <strong> / <em> and comes back as the exhibit's markup.
    const exported = readFileSync(out('rt-every-field.json.json'), 'utf8');
    expect(exported).toContain('First <strong>bold</strong> and <em>italic</em> words');
    const again = load(out('rt2-every-field.json'));
    expect(again.content.milestones.find((m) => m.id === 'moon')?.body[0]?.en).toBe('First **bold** and *italic* words — with a link.');
  });

  it('a bilingual exhibit exports one file per language, and they import back as the same exhibit', () => {
    const dir = runImport([`${FIX}/zh.json`, `${FIX}/en.json`], out('rt-bi')).outDir;
    const [zh, en] = runExport(dir, out('bi.json'));
    expect(en).toBe(out('bi.en.json'));
    const again = load(runImport([zh!, en!], out('rt-bi2'), { languages: ['zh', 'en'] }).outDir);
    expect(again.content.milestones.map((m) => m.title)).toEqual(load(dir).content.milestones.map((m) => m.title));
  });

  it('the IAMM exhibit exports as TimelineJS3 JSON that reads back with every era', () => {
    const file = out('iamm.json');
    const [zhFile, enFile] = runExport('scenes', file);
    const iamm = loadScenesFromDir('scenes').exhibit;
    const en = parseTimelineJson(readFileSync(enFile!, 'utf8'), enFile!);
    const zh = parseTimelineJson(readFileSync(zhFile!, 'utf8'), zhFile!);
    expect(en.events.map((e) => e.start)).toEqual(iamm.content.milestones.map((m) => ({ year: m.start })));
    expect(zh.events).toHaveLength(iamm.content.milestones.length);
    const again = load(runImport([zhFile!, enFile!], out('iamm-again'), { languages: ['zh', 'en'] }).outDir);
    expect(again.content.milestones.map((m) => m.title)).toEqual(iamm.content.milestones.map((m) => m.title));
    expect(again.content.milestones.map((m) => m.items)).toEqual(iamm.content.milestones.map((m) => m.items));
  });
});
