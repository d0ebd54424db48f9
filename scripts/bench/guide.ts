// The live-guide server under load (scripts/guide-load.ts): N simulated followers on loopback (25, 100, 200, 1000 on
// one process, then 1000 over two processes sharing a throwaway Redis), the guide sends gotos; fan-out latency from the
// guide's send to each follower's receipt, lost messages, memory and CPU per follower. Bounded in time; no browser.
import { formatGuideLoadTable, GUIDE_LOAD_TARGET, guideLoadRows } from '../guide-load.ts';
import { type BenchContext, type Figure, figure, round, SectionFailure, type SectionResult } from './common.ts';

/** The load's own time budget (guideLoadRows plans its runs to end by then); the runner allows a little more. */
export const GUIDE_BUDGET_MS = 150_000;

export async function measure(ctx: Pick<BenchContext, 'log'>): Promise<SectionResult> {
  const result = await guideLoadRows();
  const details = { guideLoad: result };
  ctx.log(formatGuideLoadTable(result));
  if (result.error) throw new SectionFailure(result.error, { figures: [], details });
  const figures: Figure[] = [];
  for (const r of result.rows) {
    const target = r.followers === GUIDE_LOAD_TARGET.followers;
    // One process keeps the keys of earlier runs (guide200P95Ms…); two processes + Redis get their own.
    const key = r.processes > 1 ? `guide${r.followers}x${r.processes}` : `guide${r.followers}`;
    const who = r.processes > 1 ? `${r.followers} followers, ${r.processes} processes + Redis` : `${r.followers} followers`;
    figures.push(
      figure(`${key}P50Ms`, `guide fan-out p50, ${who}`, round(r.p50Ms), 'ms'),
      figure(`${key}P95Ms`, `guide fan-out p95, ${who}`, round(r.p95Ms), 'ms', target ? GUIDE_LOAD_TARGET.p95Ms : undefined),
      figure(`${key}MaxMs`, `guide fan-out max, ${who}`, round(r.maxMs), 'ms'),
      figure(`${key}Lost`, `guide messages lost, ${who} (of ${r.expected})`, r.lost, 'messages', target ? GUIDE_LOAD_TARGET.lost : undefined),
    );
    if (target) {
      figures.push(
        figure(`${key}HeapPerFollowerKB`, `guide server heap per connected follower, ${who}`, round(r.heapPerFollowerBytes / 1024), 'KB'),
        figure(`${key}ServerCpuMsPerGoto`, `guide server CPU per goto, ${who}`, round(r.serverCpuMsPerGoto), 'ms'),
      );
    }
  }
  return { figures, details };
}
