// Moving between milestones and reading deep links (the navigation slice's rules). Pure.
import type { Milestone } from '../content/schema.ts';

type Era = Pick<Milestone, 'id' | 'start' | 'end'>;

/** The id `delta` steps from `current` (clamped at the ends). From nowhere (the entrance), "next" is the first. */
export function stepId(ids: readonly string[], current: string | null, delta: number): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return delta > 0 ? (ids[0] ?? null) : null;
  return ids[Math.min(ids.length - 1, Math.max(0, at + delta))] ?? null;
}

/**
 * The milestone a URL hash points at: an id ("#2023-2024", "#2026-onward") or a year inside an era
 * ("#2023" opens 2023–2024, "#2030" the open-ended era), or the finale ("#finale") when `finaleId` is given.
 * Anything else: null.
 */
export function resolveHash(hash: string, eras: readonly Era[], finaleId: string | null = null): string | null {
  let key = hash.replace(/^#/, '').trim();
  try {
    key = decodeURIComponent(key);
  } catch {
    return null;
  }
  if (key.length === 0 || key.length > 32) return null;
  if (finaleId !== null && key === finaleId) return finaleId;
  const exact = eras.find((e) => e.id === key);
  if (exact) return exact.id;
  if (!/^\d{4}$/.test(key)) return null;
  const year = Number(key);
  const hit = eras.find((e) => year >= e.start && (e.end === null || year <= e.end));
  return hit ? hit.id : null;
}
