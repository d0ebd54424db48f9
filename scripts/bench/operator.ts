// The operator page with a 50,000-visit log: scripting time from unlocking to the figures on screen, as the
// browser's own performance timeline reports it (CDP Performance.getMetrics: ScriptDuration, TaskDuration).
//   npx tsx scripts/bench/operator.ts   (serves dist/ itself)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExhibitFromDir } from '../../build/load-scenes.ts';
import { createServer } from '../../server/app.ts';
import { launchBrowser, openPage, waitForReady } from '../../tests/e2e/harness.ts';
import { seedVisits } from '../../tests/e2e/visit-log.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VISITS = 50_000;

export async function measure(ctx: { baseUrl: string; chromiumPath?: string }) {
  const exhibit = loadExhibitFromDir(path.join(ROOT, 'scenes'));
  const pin = exhibit.exhibit.kiosk?.operatorPin;
  if (!pin) return [];
  const browser = await launchBrowser();
  try {
    const o = await openPage(browser, '/?operator&lang=en', { baseUrl: ctx.baseUrl });
    await waitForReady(o.page);
    await seedVisits(
      o.page,
      VISITS,
      exhibit.content.milestones.map((m) => m.id),
    );
    await o.page.reload({ waitUntil: 'load' });
    const cdp = await o.page.context().newCDPSession(o.page);
    await cdp.send('Performance.enable');
    const metric = async (): Promise<Record<string, number>> =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    await o.page.getByLabel(/PIN/).fill(pin);
    const before = await metric();
    const t0 = Date.now();
    await o.page.getByRole('button', { name: /Unlock/ }).click();
    await o.page.locator('.operator-visits strong', { hasText: String(VISITS) }).waitFor({ timeout: 60_000 });
    const wallMs = Date.now() - t0;
    const after = await metric();
    await o.close();
    const scriptMs = ((after.ScriptDuration ?? 0) - (before.ScriptDuration ?? 0)) * 1000;
    const taskMs = ((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000;
    return [
      { figure: `Operator page, ${VISITS} visits: scripting time to figures shown`, value: Math.round(scriptMs), unit: 'ms', budget: '< 1000', pass: scriptMs < 1000 },
      { figure: `Operator page, ${VISITS} visits: main-thread task time`, value: Math.round(taskMs), unit: 'ms' },
      { figure: `Operator page, ${VISITS} visits: wall time to figures shown`, value: wallMs, unit: 'ms' },
    ];
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const server = await createServer({ root: path.join(ROOT, 'dist'), port: 0, host: '127.0.0.1' });
  try {
    console.table(await measure({ baseUrl: server.url }));
  } finally {
    await server.close();
  }
}
