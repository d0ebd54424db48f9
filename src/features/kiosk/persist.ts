// Asking the browser to keep the exhibit's data. The visit log (IndexedDB) and the offline copy (Cache Storage) are
// "best effort" storage: under storage pressure a browser may delete them without a word. A kiosk and an installed
// exhibit ask for persistent storage; the operator page shows whether it was granted and how much is used.
// Pure apart from the StorageManager passed in (navigator.storage, or a fake in tests).

export interface StorageManagerLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

/** Asks for persistent storage once; true / false as the browser answers, null where it cannot be asked. */
export async function requestPersistence(storage: StorageManagerLike | undefined): Promise<boolean | null> {
  if (!storage?.persist) return null;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return null;
  }
}

export interface StorageFigures {
  /** Whether the browser promised to keep the data; null: it cannot say. */
  persisted: boolean | null;
  /** Bytes this origin uses, and may use; null: unknown. */
  usage: number | null;
  quota: number | null;
}

export async function storageFigures(storage: StorageManagerLike | undefined): Promise<StorageFigures> {
  const out: StorageFigures = { persisted: null, usage: null, quota: null };
  if (!storage) return out;
  try {
    if (storage.persisted) out.persisted = await storage.persisted();
  } catch {
    // unknown
  }
  try {
    const e = storage.estimate ? await storage.estimate() : undefined;
    out.usage = typeof e?.usage === 'number' ? e.usage : null;
    out.quota = typeof e?.quota === 'number' ? e.quota : null;
  } catch {
    // unknown
  }
  return out;
}

/** "12.3 MB" (decimal megabytes, one decimal). */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
