// Colours of the exhibit, named once. Text colours are checked against their backgrounds
// for WCAG contrast (>= 4.5:1) in tests/unit/theme.test.ts.
export const THEME = {
  /** Page and corridor fog colour. */
  background: '#0b0f17',
  wall: '#2b3447',
  floor: '#1a2030',
  /** Lighter than the floor: a ceiling that reads as a ceiling, not a black void. */
  ceiling: '#323c52',
  /** The light washing down the walls from the cove (mixed with each era's accent). */
  wallLit: '#47536b',
  /** Architecture (portals, ribs) of the entrance and the finale, and the finale's step-name plates. */
  stone: '#39445a',
  lintel: '#1c2331',
  /** Panel backplate: text is drawn on this. */
  panel: '#f4f1ea',
  /** Main text on panels. */
  text: '#161a22',
  /** Secondary text (list markers, small labels) on panels. */
  textMuted: '#3d4556',
  /** Text drawn straight on the dark floor / walls (era years, ticks, banner). */
  textOnDark: '#eef2f8',
  textOnDarkMuted: '#aab4c5',
  /** The highlight around the focused panel. */
  focus: '#ffd166',
  /** A live guide's highlight under a line of a panel (the panel's text stays readable on it), and its border. */
  highlight: '#fff4cc',
  highlightBorder: '#b07800',
} as const;

/** Relative luminance per WCAG 2.x. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio between two colours, 1..21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Darken (t<0) or lighten (t>0) a colour towards black/white, for era accents used as text on the light panel. */
export function mix(hex: string, towards: string, t: number): string {
  const a = Number.parseInt(hex.slice(1), 16);
  const b = Number.parseInt(towards.slice(1), 16);
  const ch = (s: number): number => {
    const x = (a >> s) & 255;
    const y = (b >> s) & 255;
    return Math.round(x + (y - x) * t);
  };
  return `#${((ch(16) << 16) | (ch(8) << 8) | ch(0)).toString(16).padStart(6, '0')}`;
}

/**
 * The shade of an era's accent that reads as text on the light panel: darkened step by step
 * until it reaches 4.5:1, so curators may pick any accent in scenes/milestones.yaml.
 */
export function accentOnPanel(accent: string): string {
  let c = accent;
  for (let i = 0; i < 20 && contrast(c, THEME.panel) < 4.5; i++) c = mix(accent, '#000000', (i + 1) * 0.05);
  return c;
}

/** The shade of a colour that reads (4.5:1) on a dark background: lightened step by step. */
export function readableOnDark(colour: string, background: string): string {
  let c = colour;
  for (let i = 0; i < 20 && contrast(c, background) < 4.5; i++) c = mix(colour, '#ffffff', (i + 1) * 0.05);
  return c;
}

/** The shade of an era's accent that reads on the dark floor. */
export function accentOnDark(accent: string): string {
  return readableOnDark(accent, THEME.floor);
}
