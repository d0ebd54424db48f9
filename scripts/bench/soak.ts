// The kiosk left alone (scripts/soak.ts): attract tour loops, a visitor, the idle reset, over and over for
// ctx.soakMinutes; the used JS heap after a forced GC at the end against after the first minute, and the same without
// V8's code (heap snapshots).
import { formatSoak, runSoak } from '../soak.ts';
import { type BenchContext, figure, median, type SectionResult } from './common.ts';

export const BUDGET = { heapRatio: 1.05 };

export async function measure(ctx: Pick<BenchContext, 'browser' | 'baseUrl' | 'soakMinutes' | 'log'>): Promise<SectionResult> {
  const minutes = ctx.soakMinutes;
  const result = await runSoak(ctx.browser, { baseUrl: ctx.baseUrl, minutes, view: '3d', splitCode: true, log: ctx.log });
  const { requests, ...kept } = result;
  ctx.log(formatSoak(result));
  const figures = [
    figure('soakCycles', `kiosk soak: cycles in ${minutes} min (tour loop + visitor + idle reset)`, result.cycles.length, 'cycles'),
    figure(
      'soakFailedCycles',
      'kiosk soak: cycles not back at the start state, or with errors',
      result.cycles.filter((c) => c.problems.length > 0).length,
      'cycles',
      0,
    ),
    figure('soakPageErrors', 'kiosk soak: uncaught page errors', result.pageErrors.length, 'errors', 0),
    figure('soakHeapEarlyMB', `JS heap after GC at ${result.heapEarlyAtS ?? '?'} s`, result.heapEarlyMB, 'MB'),
    figure('soakHeapEndMB', `JS heap after GC after ${Math.round(result.durationS / 60)} min`, result.heapEndMB, 'MB'),
    figure(
      'soakFramesPerCycle',
      'kiosk soak: frames drawn per cycle, median (software GL here)',
      median(result.cycles.map((c) => c.frames).filter((f): f is number => f !== null)),
      'frames',
    ),
    figure('soakHeapRatio', `JS heap ${Math.round(result.durationS / 60)} min / 1 min (kiosk loop)`, result.heapRatio, '×', BUDGET.heapRatio),
    figure(
      'soakCodeGrowthMB',
      "kiosk soak: growth of V8's code in the heap (compiled code, bytecode, feedback; heap snapshots)",
      result.codeEarlyMB === null || result.codeEndMB === null ? null : Math.round((result.codeEndMB - result.codeEarlyMB) * 100) / 100,
      'MB',
    ),
    figure(
      'soakRestRatio',
      `JS heap without V8's code, ${Math.round(result.durationS / 60)} min / 1 min (the exhibit's objects)`,
      result.restRatio,
      '×',
    ),
  ];
  return { figures, details: { soak: { ...kept, requestCount: requests.length } } };
}
