import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENE_FILES, loadExhibitFromDir, sceneFilePaths } from '../../build/load-scenes.ts';
import { SceneError, formatIssue, parseExhibit, parseSceneFile } from '../../src/content/parse.ts';
import { ExhibitFile, UI_KEYS } from '../../src/content/schema.ts';
import { readFileSync } from 'node:fs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scenes = path.join(root, 'scenes');
const read = (name: string) => readFileSync(path.join(scenes, name), 'utf8');

describe('the real scene files', () => {
  it('load without error', () => {
    const { exhibit, content } = loadExhibitFromDir(scenes);
    expect(content.milestones.map((m) => m.id)).toEqual(['2020-2021', '2022', '2023-2024', '2025', '2026-onward']);
    expect(content.milestones.map((m) => m.number)).toEqual([1, 2, 3, 4, 5]);
    expect(content.milestones.map((m) => [m.start, m.end])).toEqual([
      [2020, 2021],
      [2022, 2022],
      [2023, 2024],
      [2025, 2025],
      [2026, null],
    ]);
    expect(Object.keys(exhibit.ui).sort()).toEqual([...UI_KEYS].sort());
    expect(exhibit.defaultLanguage).toBe('both');
  });

  it('have five distinct accent colours', () => {
    const { content } = loadExhibitFromDir(scenes);
    expect(new Set(content.milestones.map((m) => m.accent.toLowerCase())).size).toBe(5);
  });

  it('number the English list of 2025 and bullet everything else', () => {
    const { content } = loadExhibitFromDir(scenes);
    const styles = Object.fromEntries(content.milestones.map((m) => [m.id, m.listStyle]));
    expect(styles['2025']).toEqual({ zh: 'bullet', en: 'number' });
    expect(styles['2023-2024']).toEqual({ zh: 'bullet', en: 'bullet' });
    expect(content.milestones.map((m) => m.items.length)).toEqual([0, 0, 4, 3, 4]);
  });

  it('start with the yaml-language-server schema line', () => {
    for (const name of SCENE_FILES) {
      const schema = name.replace('.yaml', '.schema.json');
      expect(read(name).split('\n')[0]).toBe(`# yaml-language-server: $schema=./schema/${schema}`);
    }
  });

  it('are listed in SCENE_FILES for watching', () => {
    expect(sceneFilePaths(scenes)).toEqual([path.join(scenes, 'exhibit.yaml'), path.join(scenes, 'milestones.yaml')]);
  });

  it('name files relative to the working directory in errors', () => {
    const dir = path.relative(process.cwd(), scenes).split(path.sep).join('/');
    const r = (() => {
      try {
        parseExhibit({
          exhibit: { file: `${dir}/exhibit.yaml`, text: read('exhibit.yaml') },
          milestones: { file: `${dir}/milestones.yaml`, text: read('milestones.yaml').replace('number: 3', 'number: 7') },
        });
      } catch (e) {
        return e;
      }
    })();
    expect(r).toBeInstanceOf(SceneError);
    expect((r as SceneError).message).toMatch(/milestones\.yaml:\d+:\d+ milestones\[2\]\.number: number 7 is out of sequence/);
  });
});

describe('parseSceneFile', () => {
  it('returns the data with defaults filled in', () => {
    const data = parseSceneFile(ExhibitFile, read('exhibit.yaml'), 'scenes/exhibit.yaml');
    expect(data.corridor.metresPerYear).toBe(4);
  });

  it('throws a SceneError listing every issue with file:line:column, path, message and hint', () => {
    const text = read('exhibit.yaml')
      .replace('defaultLanguage: both', 'defaultLanguage: fr')
      .replace('  metresPerYear: 4', '  metresPerYear: "4"')
      .replace(/ {2}onward:\n {4}zh: 以后\n {4}en: onward\n/, '');
    let err: unknown;
    try {
      parseSceneFile(ExhibitFile, text, 'scenes/exhibit.yaml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SceneError);
    const { issues, message } = err as SceneError;
    expect(issues.map((i) => i.path)).toEqual(['defaultLanguage', 'corridor.metresPerYear', 'ui.onward']);
    const lines = text.split('\n');
    expect(lines[issues[0]!.line - 1]).toContain('defaultLanguage: fr');
    expect(issues[0]!.column).toBe('defaultLanguage: '.length + 1);
    expect(lines[issues[1]!.line - 1]).toContain('metresPerYear: "4"');
    expect(issues[1]!.hint).toContain('without quotes');
    // A missing key is reported on the line of its parent map's key.
    expect(lines[issues[2]!.line - 1]).toBe('ui:');
    for (const issue of issues) expect(message).toContain(formatIssue(issue));
    expect(message).toMatch(
      /^scenes\/exhibit\.yaml:\d+:18 defaultLanguage: "fr" is not one of: zh, en, both \(fix: use one of: zh, en, both\)$/m,
    );
  });
});
