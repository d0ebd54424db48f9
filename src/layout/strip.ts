// The timeline strip (wayfinding): every era and the finale in walking order, which one the visitor is at, and
// where each lies along the walk. Pure; the page's strip (src/ui/Strip.tsx) and a VR strip draw it.
import type { Exhibit, Text } from '../content/schema.ts';
import { zonesLayout } from './zones.ts';

export interface StripEntry {
  id: string;
  /** What the entry says: the era's years as the content writes them (2020—2021 / 2020–2021), or "Finale". */
  label: Text;
  /** Language-neutral years ("2020–2021", "2026 →"), '' for the finale. */
  years: string;
  kind: 'era' | 'finale';
  /** The visitor is here (the focused milestone, or the finale). */
  active: boolean;
  /** Where the entry's stretch begins and ends along the walk from the first era to the closing wall, 0..1. */
  from: number;
  to: number;
  /** The era's accent (the finale: its last step's). */
  accent: string;
}

export function stripEntries(exhibit: Exhibit, focusedId: string | null): StripEntry[] {
  const zones = zonesLayout(exhibit);
  const start = zones.eras[0]?.zFrom ?? zones.finale.zFrom;
  const length = start - zones.zFront;
  const at = (z: number): number => (start - z) / length;
  const entries: StripEntry[] = zones.eras.map((e) => ({
    id: e.id,
    label: e.milestone.label,
    years: e.years,
    kind: 'era',
    active: e.id === focusedId,
    from: at(e.zFrom),
    to: at(e.zTo),
    accent: e.accent,
  }));
  const f = zones.finale;
  entries.push({
    id: f.id,
    label: exhibit.exhibit.ui.finale,
    years: '',
    kind: 'finale',
    active: f.id === focusedId,
    from: at(f.zFrom),
    to: 1,
    accent: f.steps[f.steps.length - 1]?.cove ?? f.cove,
  });
  return entries;
}
