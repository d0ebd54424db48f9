// The live-guide server under load (scripts/guide-load.ts): N simulated followers on loopback, the guide sends gotos,
// fan-out latency from the guide's send to each follower's receipt, and lost messages. Bounded in time; no browser.
import { formatGuideLoadTable, GUIDE_LOAD_TARGET, runGuideLoad } from '../guide-load.ts';
import { type BenchContext, type Figure, figure, round, SectionFailure, type SectionResult } from './common.ts';

/** The load's own time budget; the runner allows this section a little more. */
export const GUIDE_BUDGET_MS = 85_000;

export async function measure(ctx: Pick<BenchContext, 'log'>): Promise<SectionResult> {
  const result = await runGuideLoad({ budgetMs: GUIDE_BUDGET_MS });
  const details = { guideLoad: result };
  ctx.log(formatGuideLoadTable(result));
  if (result.error) throw new SectionFailure(result.error, { figures: [], details });
  const figures: Figure[] = [];
  for (const r of result.rows) {
    const target = r.followers === GUIDE_LOAD_TARGET.followers;
    const key = `guide${r.followers}`;
    figures.push(
      figure(`${key}P50Ms`, `guide fan-out p50, ${r.followers} followers`, round(r.p50Ms), 'ms'),
      figure(`${key}P95Ms`, `guide fan-out p95, ${r.followers} followers`, round(r.p95Ms), 'ms', target ? GUIDE_LOAD_TARGET.p95Ms : undefined),
      figure(`${key}MaxMs`, `guide fan-out max, ${r.followers} followers`, round(r.maxMs), 'ms'),
      figure(
        `${key}Lost`,
        `guide messages lost, ${r.followers} followers (of ${r.expected})`,
        r.lost,
        'messages',
        target ? GUIDE_LOAD_TARGET.lost : undefined,
      ),
    );
  }
  return { figures, details };
}
