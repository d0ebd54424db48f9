// The installed app's icons, drawn at build time from the favicon's design (public/favicon.svg: three panels under a
// gold beam on the page colour) with pngjs, so no binary is committed and the colours follow src/theme.ts.
// - icon-<size>.png: rounded square, for launchers that show the icon as is;
// - maskable-512.png: full bleed, the drawing inside the central 80 % circle that every mask keeps.
// PNG encoding with pngjs is deterministic: the same input gives the same bytes, so `npm run build` stays reproducible.
import { PNG } from 'pngjs';
import type { Plugin } from 'vite';
import { THEME } from '../src/theme.ts';

export interface PwaIcon {
  /** Path under the output directory. */
  file: string;
  size: number;
  purpose: 'any' | 'maskable';
}

export const PWA_ICONS: readonly PwaIcon[] = [
  { file: 'icons/icon-192.png', size: 192, purpose: 'any' },
  { file: 'icons/icon-512.png', size: 512, purpose: 'any' },
  { file: 'icons/maskable-512.png', size: 512, purpose: 'maskable' },
];

type Rgb = readonly [number, number, number];
const rgb = (hex: string): Rgb => {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/** The favicon's drawing in its own 32-unit square: [x, y, width, height, colour]. */
const SHAPES: ReadonlyArray<readonly [number, number, number, number, string]> = [
  [5, 9, 6, 14, THEME.panel],
  [13, 9, 6, 14, THEME.panel],
  [21, 9, 6, 14, THEME.panel],
  [5, 9, 22, 2, THEME.focus],
];
const UNITS = 32;
/** Corner radius of the plain icon, in favicon units (as the favicon's rx). */
const CORNER = 6;
/** The maskable icon's drawing fits in the safe zone: a centred circle of 80 % of the width. */
const MASKABLE_SCALE = 0.62;

/** Renders one icon as PNG bytes. Each pixel is sampled 4×4 times, so edges are smooth. */
export function renderIcon(size: number, purpose: PwaIcon['purpose']): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const bg = rgb(THEME.background);
  const shapes = SHAPES.map(([x, y, w, h, c]) => ({ x, y, w, h, c: rgb(c) }));
  const scale = purpose === 'maskable' ? MASKABLE_SCALE : 1;
  const SS = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          // Sample position in favicon units, drawing scaled about the centre.
          const fx = ((px + (sx + 0.5) / SS) / size) * UNITS;
          const fy = ((py + (sy + 0.5) / SS) / size) * UNITS;
          if (purpose === 'any' && !insideRoundedSquare(fx, fy)) continue;
          const ux = (fx - UNITS / 2) / scale + UNITS / 2;
          const uy = (fy - UNITS / 2) / scale + UNITS / 2;
          let c: Rgb = bg;
          for (const s of shapes) if (ux >= s.x && ux < s.x + s.w && uy >= s.y && uy < s.y + s.h) c = s.c;
          r += c[0];
          g += c[1];
          b += c[2];
          a += 255;
        }
      }
      const n = SS * SS;
      const i = (py * size + px) * 4;
      // Premultiplied sums back to straight alpha.
      png.data[i] = a ? Math.round((r * 255) / a) : 0;
      png.data[i + 1] = a ? Math.round((g * 255) / a) : 0;
      png.data[i + 2] = a ? Math.round((b * 255) / a) : 0;
      png.data[i + 3] = Math.round(a / n);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

function insideRoundedSquare(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, CORNER), UNITS - CORNER);
  const cy = Math.min(Math.max(y, CORNER), UNITS - CORNER);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2;
}

/** Emits PWA_ICONS into the build (before vite-plugin-pwa writes the manifest and lists the precache). */
export function pwaIconsPlugin(): Plugin {
  return {
    name: 'iamm-pwa-icons',
    apply: 'build',
    generateBundle() {
      for (const icon of PWA_ICONS) {
        this.emitFile({ type: 'asset', fileName: icon.file, source: renderIcon(icon.size, icon.purpose) });
      }
    },
  };
}
