// Where the kiosk keeps its visit log: IndexedDB on the device (one database, one object store keyed by the
// visit's id). A tiny promise wrapper over the plain API; the factory is passed in, so unit tests use
// fake-indexeddb. Nothing here is sent anywhere.
import { expiredVisits, isVisit, type Retention, type Visit } from './visitLog.ts';

export const VISIT_DB = 'iamm-kiosk';
/**
 * localStorage key holding the latest state of the visit in progress. localStorage writes are synchronous, so
 * the last seconds before a reload are kept even when the page is gone before IndexedDB's write lands; the next
 * kiosk page moves the record into IndexedDB.
 */
export const PENDING_VISIT_KEY = 'iamm.kiosk.pendingVisit';
const DB_VERSION = 1;
const VISITS = 'visits';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

export class VisitStore {
  private constructor(private readonly db: IDBDatabase) {}

  static open(factory: IDBFactory, name = VISIT_DB): Promise<VisitStore> {
    return new Promise((resolve, reject) => {
      const r = factory.open(name, DB_VERSION);
      r.onupgradeneeded = () => {
        if (!r.result.objectStoreNames.contains(VISITS)) r.result.createObjectStore(VISITS, { keyPath: 'id' });
      };
      r.onsuccess = () => resolve(new VisitStore(r.result));
      r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
      r.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
  }

  /** Writes (or overwrites) one visit. */
  async put(visit: Visit): Promise<void> {
    const tx = this.db.transaction(VISITS, 'readwrite');
    tx.objectStore(VISITS).put(visit);
    await done(tx);
  }

  /** Every well-formed visit, oldest first (records that are not visits are skipped). */
  async all(): Promise<Visit[]> {
    const tx = this.db.transaction(VISITS, 'readonly');
    const rows = await request(tx.objectStore(VISITS).getAll());
    // ISO times and ids compare as plain strings (no locale rules: fast enough for a log of 50,000 visits).
    const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
    return rows.filter(isVisit).sort((a, b) => cmp(a.startedAt, b.startedAt) || cmp(a.id, b.id));
  }

  /**
   * Visits still marked open from an earlier page (a reload or a closed tab cut them short) are closed as
   * ended by reload, at the last time they were written. Returns how many were closed.
   */
  async closeOpenVisits(): Promise<number> {
    const open = (await this.all()).filter((v) => v.endedBy === 'open');
    for (const v of open) await this.put({ ...v, endedBy: 'reload' });
    return open.length;
  }

  /** Moves a visit left in `pending` (see PENDING_VISIT_KEY) into the store; the pending copy is the newer. */
  async adoptPending(pending: unknown): Promise<boolean> {
    if (!isVisit(pending)) return false;
    await this.put(pending);
    return true;
  }

  /** Deletes the visits `retention` no longer keeps (see expiredVisits); returns how many were deleted. */
  async prune(retention: Retention | undefined, nowMs: number): Promise<number> {
    if (!retention) return 0;
    const ids = expiredVisits(await this.all(), retention, nowMs);
    if (ids.length === 0) return 0;
    const tx = this.db.transaction(VISITS, 'readwrite');
    const visits = tx.objectStore(VISITS);
    for (const id of ids) visits.delete(id);
    await done(tx);
    return ids.length;
  }

  /** How many records the log holds. */
  async count(): Promise<number> {
    const tx = this.db.transaction(VISITS, 'readonly');
    return request(tx.objectStore(VISITS).count());
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(VISITS, 'readwrite');
    tx.objectStore(VISITS).clear();
    await done(tx);
  }

  close(): void {
    this.db.close();
  }
}
