// A generated visit log for the operator page's scale checks (the e2e test and the bench).
import type { Page } from 'playwright-core';

/** Writes `n` visits into the kiosk's IndexedDB log (the same database and store the kiosk uses). */
export async function seedVisits(page: Page, n: number, ids: readonly string[]): Promise<void> {
  await page.evaluate(
    async ([count, ids]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('iamm-kiosk', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('visits', { keyPath: 'id' });
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const t0 = Date.UTC(2026, 10, 1);
      for (let start = 0; start < count; start += 5_000) {
        const tx = db.transaction('visits', 'readwrite');
        const store = tx.objectStore('visits');
        for (let i = start; i < Math.min(count, start + 5_000); i++) {
          const seen = ids.slice(0, 1 + (i % ids.length));
          const at = new Date(t0 + i * 60_000).toISOString();
          store.put({
            id: `gen${i}`,
            startedAt: at,
            endedAt: at,
            endedBy: 'idle',
            dwell: Object.fromEntries(seen.map((id) => [id, 10])),
            seen,
            languages: [i % 2 ? 'en' : 'zh'],
            tours: [],
          });
        }
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    [n, ids] as const,
  );
}
