// The bench's output: the table on stdout and the results file (bench/results.json by default).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Figure, round } from './common.ts';

/** Everything one run measured, held by the runner and passed here. */
export interface Run {
  startedAt: number;
  /** The ids of the sections asked for. */
  sections: string[];
  environment: Record<string, unknown>;
  figures: Figure[];
  errors: Array<{ section: string; message: string }>;
  details: Record<string, unknown>;
}

export function newRun(sections: string[]): Run {
  const environment = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
  };
  return { startedAt: Date.now(), sections, environment, figures: [], errors: [], details: {} };
}

export function writeResults(file: string, run: Run, status: 'complete' | 'incomplete' | 'timed out'): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = {
    generatedAt: new Date().toISOString(),
    status,
    durationS: Math.round((Date.now() - run.startedAt) / 100) / 10,
    sections: run.sections,
    environment: run.environment,
    figures: run.figures,
    errors: run.errors,
    details: run.details,
  };
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
}

export function printTable(run: Run): void {
  const fmt = (v: number | null): string => (v === null || Number.isNaN(v) ? '—' : String(round(v, v >= 100 ? 1 : 3)));
  const rows = run.figures.map((f) => [
    f.label,
    fmt(f.value),
    f.unit,
    f.budget !== undefined ? `≤ ${f.budget}` : (f.budgetText ?? ''),
    f.pass === null ? (f.budget === undefined && f.budgetText === undefined ? 'info' : 'n/a') : f.pass ? 'pass' : 'FAIL',
  ]);
  const head = ['Figure', 'Value', 'Unit', 'Budget', 'Result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log('\n' + line(head));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const notes = run.figures.filter((f) => f.note);
  if (notes.length) {
    console.log('\nNotes:');
    for (const f of notes) console.log(`  ${f.label}: ${f.note}`);
  }
  for (const e of run.errors) console.log(`\nNot measured (${e.section}): ${e.message}`);
}
