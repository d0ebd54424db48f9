// The one safe way to the browser's local and session storage. Private mode, a full disk or a storage the browser
// refuses must never break the exhibit: a read that fails is "nothing stored", a write that fails is "not kept".

export type StorageArea = 'local' | 'session';

function area(which: StorageArea): Storage | null {
  try {
    return which === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    return null;
  }
}

/** The stored string, or null when there is none or storage cannot be read. */
export function readItem(key: string, which: StorageArea = 'local'): string | null {
  try {
    return area(which)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** The stored JSON value, or null when there is none, it is not JSON, or storage cannot be read. */
export function readJson(key: string, which: StorageArea = 'local'): unknown {
  const raw = readItem(key, which);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

/** Stores a string; false when it could not be kept. */
export function writeItem(key: string, value: string, which: StorageArea = 'local'): boolean {
  try {
    const s = area(which);
    if (!s) return false;
    s.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Stores a value as JSON; false when it could not be kept. */
export function writeJson(key: string, value: unknown, which: StorageArea = 'local'): boolean {
  return writeItem(key, JSON.stringify(value), which);
}

export function removeItem(key: string, which: StorageArea = 'local'): void {
  try {
    area(which)?.removeItem(key);
  } catch {
    // Nothing to do: it will be overwritten or ignored next time.
  }
}
