// Every file in tests/fixtures/broken/ is a small, complete scene file with one problem. Its first
// line says where the problem must be reported:  # expect: <line> <path or -> <part of the message>
// It is parsed together with the real, valid other scene file. A tour fixture (tour.<case>.yaml) is
// checked with the real tours, against the real milestones and public/, as if its file name were <case>.yaml.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsUnder, loadExhibitFromDir, readTourSources } from '../../build/load-scenes.ts';
import { SceneError, checkExhibit, formatIssue, parseExhibit, type ExhibitSources, type SceneIssue } from '../../src/content/parse.ts';
import { checkTours, parseTours, type TourContext } from '../../src/content/tours.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const brokenDir = path.join(root, 'tests/fixtures/broken');
const real = (name: string) => ({ file: `scenes/${name}`, text: readFileSync(path.join(root, 'scenes', name), 'utf8') });

const fixtures = readdirSync(brokenDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => {
    const text = readFileSync(path.join(brokenDir, name), 'utf8');
    const m = /^# expect: (\d+) (\S+) (.+)$/.exec(text.split('\n')[0]!);
    if (!m) throw new Error(`${name}: first line must be "# expect: <line> <path> <message part>"`);
    const kind = name.split('.')[0] as 'exhibit' | 'milestones' | 'tour';
    return { name, kind, text, line: Number(m[1]), path: m[2] === '-' ? '' : m[2]!, message: m[3]! };
  });

const tourContext: TourContext = {
  milestoneIds: loadExhibitFromDir(path.join(root, 'scenes')).content.milestones.map((m) => m.id),
  milestonesFile: 'scenes/milestones.yaml',
  narrationExists: existsUnder(path.join(root, 'public')),
};
const realTours = () => readTourSources(path.join(root, 'scenes'));

describe('broken scene files', () => {
  it('cover at least 12 cases of the exhibit and milestones files and 6 of tours', () => {
    expect(fixtures.filter((f) => f.kind !== 'tour').length).toBeGreaterThanOrEqual(12);
    expect(fixtures.filter((f) => f.kind === 'tour').length).toBeGreaterThanOrEqual(6);
    expect(new Set(fixtures.map((f) => f.kind))).toEqual(new Set(['exhibit', 'milestones', 'tour']));
  });

  /** The problem is reported in the broken file only, at the expected line and path, with a hint. */
  function expectReported(issues: readonly SceneIssue[], file: string, line: number, issuePath: string, message: string): void {
    const report = issues.map(formatIssue).join('\n');
    for (const issue of issues) expect(issue.file, report).toBe(file);
    const match = issues.find((i) => i.line === line && i.path === issuePath && i.message.includes(message));
    expect(match, `expected ${line} ${issuePath || '-'} "${message}" in:\n${report}`).toBeDefined();
    expect(match!.hint.length).toBeGreaterThan(10);
    expect(match!.column).toBeGreaterThanOrEqual(1);
  }

  it.each(fixtures)('$name', ({ name, kind, text, line, path: issuePath, message }) => {
    const file = `tests/fixtures/broken/${name}`;
    if (kind === 'tour') {
      const sources = [...realTours(), { file, text, name: name.replace(/^tour\.|\.yaml$/g, '') }];
      const { tours, issues } = checkTours(sources, tourContext);
      expect(tours).toBeUndefined();
      expectReported(issues, file, line, issuePath, message);
      expect(() => parseTours(sources, tourContext)).toThrow(`${file}:${line}:`);
      return;
    }
    const sources: ExhibitSources = {
      exhibit: real('exhibit.yaml'),
      milestones: real('milestones.yaml'),
      tourIds: realTours().map((t) => t.name),
    };
    sources[kind] = { file, text };
    const { exhibit, issues } = checkExhibit(sources);
    expect(exhibit).toBeUndefined();
    expectReported(issues, file, line, issuePath, message);

    expect(() => parseExhibit(sources)).toThrow(SceneError);
    expect(() => parseExhibit(sources)).toThrow(`${file}:${line}:`);
  });

  it('collects every problem, not just the first', () => {
    const text = readFileSync(path.join(root, 'scenes/milestones.yaml'), 'utf8')
      .replace('    number: 2\n', '    number: 9\n')
      .replace('accent: "#fbbf24"', 'accent: "#fbbf2"')
      .replace('      zh: 构建全球元宇宙医学生态\n', '')
      .replace('  - id: "2022"', '  - id: "2022"\n    year: 2022');
    const { issues } = checkExhibit({ exhibit: real('exhibit.yaml'), milestones: { file: 'scenes/milestones.yaml', text } });
    expect(issues.map((i) => i.path)).toEqual([
      'milestones[1].year',
      'milestones[1].number',
      'milestones[3].accent',
      'milestones[4].title.zh',
    ]);
    expect(issues[0]!.hint).toContain('id, number, start, end, label, title, accent');
    expect(issues[3]!.hint).toBe('add a `zh:` line with the Chinese text from the seed');
  });

  it('suggests the closest allowed field for a typo', () => {
    const f = fixtures.find((x) => x.name === 'milestones.unknown-field.yaml')!;
    const { issues } = checkExhibit({ exhibit: real('exhibit.yaml'), milestones: { file: 'm.yaml', text: f.text } });
    expect(issues.find((i) => i.path.endsWith('titel'))!.hint).toContain('did you mean `title`?');
  });
});
