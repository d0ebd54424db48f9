// The guided tours as content: scenes/tours/*.yaml, their narration files, their characters in the
// font subsets, and `tours` in virtual:exhibit. (Broken tour files: tests/fixtures/broken/tour.*.yaml,
// run by content.broken.test.ts.) No test needs espeak-ng: only that the files a tour names exist.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tours as virtualTours } from 'virtual:exhibit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { checkScenesDir, isTourFile, loadScenesFromDir, readTourSources, tourFilePaths } from '../../build/load-scenes.ts';
import { formatIssue } from '../../src/content/parse.ts';
import { checkTours, tourTexts, type Tour } from '../../src/content/tours.ts';
import { buildExhibit, exhibitPlugin, faceCharacters } from '../../build/exhibit.ts';
import { spyOnHotSend, startPluginDevServer } from './plugin-dev-server.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scenes = path.join(root, 'scenes');
const publicDir = path.join(root, 'public');
const { exhibit, tours } = loadScenesFromDir(scenes, publicDir);
const milestones = exhibit.content.milestones;
const highlights = tours.find((t) => t.id === 'highlights')!;

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of scenes/ and public/narration/ to break. */
function copy(): { scenes: string; pub: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iamm-tours-'));
  dirs.push(dir);
  cpSync(scenes, path.join(dir, 'scenes'), { recursive: true });
  cpSync(path.join(publicDir, 'narration'), path.join(dir, 'public', 'narration'), { recursive: true });
  return { scenes: path.join(dir, 'scenes'), pub: path.join(dir, 'public') };
}

describe('scenes/tours', () => {
  it('hold the highlights tour, each tour named by its file', () => {
    expect(tours.map((t) => t.id)).toContain('highlights');
    expect(tourFilePaths(scenes).map((f) => path.basename(f, '.yaml'))).toEqual(tours.map((t) => t.id));
    for (const file of tourFilePaths(scenes)) {
      expect(readFileSync(file, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/tour.schema.json');
    }
  });

  it('highlights: opens at the first era, visits all five eras in order, closes at the last', () => {
    const ids = milestones.map((m) => m.id);
    const visited = highlights.stops.map((s) => s.milestone);
    expect(visited[0]).toBe(ids[0]);
    expect(visited[visited.length - 1]).toBe(ids[ids.length - 1]);
    expect(visited.filter((id, i) => id !== visited[i - 1])).toEqual(ids);
    expect(highlights.stops.length).toBe(ids.length + 2);
  });

  it('highlights: each era’s stop names the era’s first year in both languages', () => {
    for (const m of milestones) {
      const stop = highlights.stops.slice(1, -1).find((s) => s.milestone === m.id)!;
      expect(stop.caption.zh, m.id).toContain(String(m.start));
      expect(stop.caption.en, m.id).toContain(String(m.start));
    }
  });

  it('highlights: every stop has a dwell, short captions and narration in both languages', () => {
    for (const stop of highlights.stops) {
      expect(stop.dwellSeconds).toBeGreaterThanOrEqual(4);
      expect([...stop.caption.zh!].length).toBeLessThanOrEqual(60);
      expect(stop.caption.en!.length).toBeLessThanOrEqual(140);
      expect(stop.narration?.zh).toMatch(/^narration\/highlights\/[\w-]+\.zh\.ogg$/);
      expect(stop.narration?.en).toMatch(/^narration\/highlights\/[\w-]+\.en\.ogg$/);
    }
  });

  it('English tour text is plain ASCII plus ’ “ ” – — (Noto Sans draws all of it)', () => {
    for (const tour of tours) {
      for (const { text, lang, path: where } of tourTexts(tour)) {
        if (lang === 'en') expect(text, `${tour.id} ${where}`).toMatch(/^[\x20-\x7e’“”–—]+$/u);
      }
    }
  });
});

describe('narration files', () => {
  const referenced = tours.flatMap((t) => t.stops.flatMap((s) => [s.narration?.zh, s.narration?.en])).filter((f): f is string => !!f);

  it('every file a tour names exists under public/ and is Ogg Opus', () => {
    expect(referenced.length).toBeGreaterThanOrEqual(14);
    for (const file of referenced) {
      const head = readFileSync(path.join(publicDir, file)).subarray(0, 64);
      expect(head.subarray(0, 4).toString('latin1'), file).toBe('OggS');
      expect(head.includes(Buffer.from('OpusHead')), file).toBe(true);
    }
  });

  it('are small (mono, low bitrate) and none is left over unused', () => {
    const dir = path.join(publicDir, 'narration');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(publicDir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
    expect(files.sort()).toEqual([...new Set(referenced)].sort());
    const sizes = files.map((f) => statSync(path.join(publicDir, f)).size);
    for (const [i, size] of sizes.entries()) expect(size, files[i]).toBeLessThan(64 * 1024);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`[tours] ${files.length} narration files, ${(total / 1024).toFixed(1)} KiB`);
    expect(total).toBeLessThan(400 * 1024);
  });

  it('a tour naming a missing narration file fails the check with its file:line', () => {
    const c = copy();
    rmSync(path.join(c.pub, 'narration/highlights/2022.en.ogg'));
    const { exhibit: ex, tours: ts, issues } = checkScenesDir(c.scenes, c.pub);
    expect(ex).toBeUndefined();
    expect(ts).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(formatIssue(issues[0]!)).toMatch(
      /scenes\/tours\/highlights\.yaml:\d+:\d+ stops\[2\]\.narration\.en: narration file "narration\/highlights\/2022\.en\.ogg" does not exist under .*public\//,
    );
  });
});

describe('tour checks', () => {
  const ctx = { milestoneIds: milestones.map((m) => m.id), milestonesFile: 'scenes/milestones.yaml' };
  const tourText = (body: string) => `id: t\ntitle: { zh: 导览, en: Tour }\nstops:\n${body}`;
  const check = (body: string, name = 't') => checkTours([{ file: `scenes/tours/${name}.yaml`, text: tourText(body), name }], ctx);

  it('accepts a minimal tour and fills in the standing spot’s defaults', () => {
    const { tours: ts, issues } = check(
      '  - milestone: "2022"\n    dwellSeconds: 2.5\n    standingSpot: { sideM: -0.5 }\n    caption: { zh: 共识, en: Consensus }\n',
    );
    expect(issues).toEqual([]);
    expect(ts![0]!.stops[0]).toEqual({
      milestone: '2022',
      dwellSeconds: 2.5,
      standingSpot: { backM: 0, sideM: -0.5 },
      caption: { zh: '共识', en: 'Consensus' },
    });
  });

  it('suggests the era a year belongs to, and the full name of a shortened field', () => {
    const unknown = check('  - milestone: "2023"\n    dwellSeconds: 5\n    caption: { zh: 共识, en: Consensus }\n').issues;
    expect(unknown[0]!.message).toContain(
      'no milestone "2023" in scenes/milestones.yaml; known: 2020-2021, 2022, 2023-2024, 2025, 2026-onward',
    );
    expect(unknown[0]!.hint).toContain('did you mean "2023-2024"?');
    const short = check('  - milestone: "2022"\n    dwell: 5\n    caption: { zh: 共识, en: Consensus }\n').issues;
    expect(short.find((i) => i.path === 'stops[0].dwell')!.hint).toContain('did you mean `dwellSeconds`?');
  });

  it('hints at writing a guide line, not at copying the seed', () => {
    const { issues } = check('  - milestone: "2022"\n    dwellSeconds: 5\n    caption: { en: Consensus }\n');
    expect(issues.map((i) => i.path)).toEqual(['stops[0].caption.zh']);
    expect(issues[0]!.hint).toContain('guide line');
    expect(issues[0]!.hint).not.toContain('seed');
  });

  it('does not check milestone ids when scenes/milestones.yaml is broken', () => {
    const { issues } = checkTours(
      [
        {
          file: 't.yaml',
          text: tourText('  - milestone: "1999"\n    dwellSeconds: 5\n    caption: { zh: 共识, en: Consensus }\n'),
          name: 't',
        },
      ],
      { milestoneIds: undefined },
    );
    expect(issues).toEqual([]);
  });

  it('reports a duplicate id on the file whose name does not match it', () => {
    const body = '  - milestone: "2022"\n    dwellSeconds: 5\n    caption: { zh: 共识, en: Consensus }\n';
    const { issues } = checkTours(
      [
        { file: 'scenes/tours/a.yaml', text: tourText(body), name: 'a' },
        { file: 'scenes/tours/t.yaml', text: tourText(body), name: 't' },
      ],
      ctx,
    );
    expect(issues.every((i) => i.file === 'scenes/tours/a.yaml')).toBe(true);
    expect(issues.map((i) => i.message)).toEqual([
      'tour id "t" does not match its file name (expected "a")',
      'duplicate tour id "t": already used by scenes/tours/t.yaml:1',
    ]);
  });

  it('a scenes directory without tours/ has no tours', () => {
    const c = copy();
    rmSync(path.join(c.scenes, 'tours'), { recursive: true });
    // The kiosk's attract tour names a tour; without tours the kiosk plays none (its prompt only).
    const exhibitFile = path.join(c.scenes, 'exhibit.yaml');
    writeFileSync(exhibitFile, readFileSync(exhibitFile, 'utf8').replace(/^ {2}attractTour: .*\n/m, ''));
    expect(loadScenesFromDir(c.scenes, c.pub).tours).toEqual([]);
  });

  it('knows its files for the dev server', () => {
    expect(isTourFile(path.join(scenes, 'tours', 'new.yaml'), scenes)).toBe(true);
    expect(isTourFile(path.join(scenes, 'milestones.yaml'), scenes)).toBe(false);
    expect(isTourFile(path.join(scenes, 'tours', 'notes.txt'), scenes)).toBe(false);
    expect(readTourSources(scenes).map((s) => s.name)).toEqual(tours.map((t) => t.id));
  });
});

describe('tours in the build', () => {
  it('virtual:exhibit exports the validated tours', () => {
    expect(virtualTours).toEqual(tours);
  });

  it('every character of the tours is in the SC subsets; English tour text in the Latin ones', () => {
    const perFace = faceCharacters(exhibit, tours);
    const without = faceCharacters(exhibit);
    const sc = new Set<string>();
    for (const tour of tours as Tour[]) {
      for (const { text, lang } of tourTexts(tour)) {
        for (const ch of text) {
          sc.add(ch);
          expect(perFace.scRegular.chars.has(ch), ch).toBe(true);
          expect(perFace.scBold.chars.has(ch), ch).toBe(true);
          if (lang === 'en') {
            expect(perFace.latinRegular.chars.has(ch), ch).toBe(true);
            expect(perFace.latinBold.chars.has(ch), ch).toBe(true);
          }
        }
      }
    }
    // The tours bring characters of their own (e.g. 欢, 迎) that the milestones do not use.
    expect([...sc].some((ch) => !without.scRegular.chars.has(ch))).toBe(true);
  });

  it('fails the build naming a tour character Noto Sans lacks, and where it is', { timeout: 60_000 }, async () => {
    const c = copy();
    const file = path.join(c.scenes, 'tours', 'highlights.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"2022: the first global', '"2022: the first 元 global'));
    await expect(buildExhibit(c.scenes, false, c.pub)).rejects.toThrow(
      /no glyph in Noto Sans Regular[^]*"元" U\+5143 in .*scenes\/tours\/highlights\.yaml stops\[2\]\.caption\.en/,
    );
  });
});

describe('tours in the dev server', () => {
  // Waits for the file watcher twice (up to 10 s each), like fonts.plugin.test.ts.
  it('a tour edit reloads the page; a broken tour shows as an overlay error', { timeout: 30_000 }, async () => {
    const c = copy();
    const app = path.dirname(c.scenes);
    writeFileSync(path.join(app, 'index.html'), '<!doctype html><script type="module" src="/main.ts"></script>\n');
    writeFileSync(path.join(app, 'main.ts'), "import { tours } from 'virtual:exhibit';\nconsole.log(tours.length);\n");
    const { server } = await startPluginDevServer(app, [exhibitPlugin()]);
    try {
      const first = await server.environments.client.transformRequest('virtual:exhibit');
      expect(first!.code).toContain('export const tours = [{"id":"highlights"');
      const sent = spyOnHotSend(server);
      const file = path.join(c.scenes, 'tours', 'highlights.yaml');
      const yaml = readFileSync(file, 'utf8');
      // The watcher may still be scanning a fresh server's files and miss a first edit: edit again until it reports.
      let edits = 0;
      const editUntil = (text: string, type: string) =>
        vi.waitFor(
          () => {
            if (!sent.mock.calls.some(([p]) => p?.type === type)) writeFileSync(file, `${text}# edit ${++edits}\n`);
            expect(sent).toHaveBeenCalledWith(expect.objectContaining({ type }));
          },
          { timeout: 10_000, interval: 400 },
        );

      await editUntil(yaml.replace('milestone: "2022"', 'milestone: "2030"'), 'error');
      const payload = sent.mock.calls.find(([p]) => p?.type === 'error')![0] as { err: { message: string } };
      expect(payload.err.message).toMatch(/scenes\/tours\/highlights\.yaml:\d+:\d+ stops\[2\]\.milestone: no milestone "2030"/);

      sent.mockClear();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await editUntil(yaml.replace('gather pace', 'pick up speed'), 'full-reload');
      const again = await server.environments.client.transformRequest('virtual:exhibit');
      expect(again!.code).toContain('pick up speed');
    } finally {
      await server.close();
    }
  });
});
