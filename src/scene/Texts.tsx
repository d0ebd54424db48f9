// Every word in the corridor, drawn in one draw call (a troika BatchedText holding every text, all faces).
// Lines arrive pre-broken from src/layout (our own CJK line-break rule); troika only draws them
// (whiteSpace nowrap: it must never wrap them again).
import { extend, useThree, type ThreeElement } from '@react-three/fiber';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Color, type Group } from 'three';
import { Text as TroikaText } from 'troika-three-text';
import { type CorridorLayout, inFirstView, type Sign, type Vec3 } from '../layout/corridor.ts';
import { LINE_HEIGHT, PLATE_DEPTH_M } from '../layout/constants.ts';
import { splitIntoStretches, stretchInReach, textStretches, type TextStretches } from '../layout/textReach.ts';
import type { TextBlock } from '../layout/panel.ts';
import type { Face } from '../text/faces.ts';
import { THEME } from '../theme.ts';
import { whenGpuDone } from './gpuDone.ts';
import { StableBatchedText } from './StableBatchedText.ts';

// The batch repacks its members' data only when one changed (see StableBatchedText), not for each eye of each frame.
extend({ BatchedText: StableBatchedText, TroikaText });

declare module '@react-three/fiber' {
  interface ThreeElements {
    batchedText: ThreeElement<typeof StableBatchedText>;
    troikaText: ThreeElement<typeof TroikaText>;
  }
}

/** A text run placed in the world. */
export interface PlacedText {
  key: string;
  text: string;
  face: Face;
  fontSize: number;
  colour: string;
  align: 'left' | 'center';
  position: Vec3;
  rotation: Vec3;
  /** Emphasised words in another colour: troika's colorRanges (character index → colour, as batchedTextColour's hex). */
  colorRanges?: Record<number, number>;
}

/**
 * troika's BatchedText packs each member's colour as `color.getHex()` (sRGB) but its shader uses the value as
 * linear, so colours come out too light under three's colour management. Handing it a colour whose sRGB hex
 * *is* the linear value of the colour we want cancels that out, so text is drawn in exactly the theme colour.
 */
export function batchedTextColour(hex: string): Color {
  return new Color(hex).convertSRGBToLinear();
}

/** Lift text off its plate so it never z-fights. */
const TEXT_LIFT_M = 0.004;

/** Local (x, y, z) on a sign or panel with yaw `yaw` at `origin`, to world coordinates. */
function toWorld(origin: Vec3, yaw: number, x: number, y: number, z: number): Vec3 {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [origin[0] + x * c + z * s, origin[1] + y, origin[2] - x * s + z * c];
}

/** troika colour ranges that draw a block's emphasised spans in `emphasis` and the rest in `colour` (pure; exported for tests). */
export function emphasisRanges(b: Pick<TextBlock, 'emphasis'>, colour: string, emphasis: string): Record<number, number> | undefined {
  if (!b.emphasis?.length) return undefined;
  const base = batchedTextColour(colour).getHex();
  const accent = batchedTextColour(emphasis).getHex();
  const out: Record<number, number> = { 0: base };
  for (const [start, end] of b.emphasis) {
    out[start] = accent;
    out[end] = base;
  }
  return out;
}

function placeOn(origin: Vec3, yaw: number, height: number, b: TextBlock, colour: string, emphasis?: string): PlacedText {
  const colorRanges = emphasis ? emphasisRanges(b, colour, emphasis) : undefined;
  return {
    ...(colorRanges ? { colorRanges } : {}),
    key: b.key,
    text: b.text,
    face: b.face,
    fontSize: b.fontSize,
    colour,
    align: b.align,
    position: toWorld(origin, yaw, b.x, b.y + height / 2, PLATE_DEPTH_M / 2 + TEXT_LIFT_M),
    rotation: [0, yaw, 0],
  };
}

function signTexts(sign: Sign, colourOf: (b: TextBlock) => string): PlacedText[] {
  return sign.blocks.map((b) => placeOn(sign.position, sign.yaw, sign.height, b, colourOf(b)));
}

/** Where every text of the corridor goes, with its colour. */
export function placeTexts(layout: CorridorLayout): PlacedText[] {
  const out: PlacedText[] = [];
  for (const slot of layout.slots) {
    for (const b of slot.text.blocks) {
      const colour = b.role === 'years' || b.role === 'marker' ? slot.accentText : THEME.text;
      // Emphasised words are drawn in the era's accent colour (the one font, the one batch: no bold face to load).
      out.push(placeOn(slot.position, slot.yaw, slot.height, b, colour, slot.accentText));
    }
  }
  out.push(...signTexts(layout.banner, (b) => (b.role === 'title' ? THEME.text : THEME.textMuted)));
  out.push(...signTexts(layout.closing, () => THEME.text));
  for (const w of layout.wallLabels) {
    out.push({
      key: w.key,
      text: w.text,
      face: w.face,
      fontSize: w.fontSize,
      colour: w.colour,
      align: 'center',
      position: w.position,
      rotation: [0, w.yaw, 0],
    });
  }
  for (const f of layout.floorLabels) {
    out.push({
      key: f.key,
      text: f.text,
      face: f.face,
      fontSize: f.fontSize,
      colour: f.colour || THEME.textOnDarkMuted,
      align: 'center',
      position: [f.x, 0.006, f.z],
      rotation: [-Math.PI / 2, 0, 0],
    });
  }
  return out;
}

/**
 * Texts in one troika BatchedText: one draw call for all of them. Each member keeps its own font; troika keeps
 * one glyph atlas for all fonts of the same SDF glyph size, which is what one batch needs.
 * `onDrawn` fires each time the members have synced and the GPU has finished drawing them.
 */
export function TextBatch({ texts, fonts, onDrawn }: { texts: readonly PlacedText[]; fonts: Record<Face, string>; onDrawn?: () => void }) {
  const ref = useRef<StableBatchedText>(null);
  const invalidate = useThree((s) => s.invalidate);
  const gl = useThree((s) => s.gl);
  // React has just set the members' props (text, place, colour): the batch repacks them in the next frame only.
  useLayoutEffect(() => ref.current?.membersChanged(), [texts, fonts]);
  useEffect(() => {
    const batch = ref.current;
    if (!batch) return;
    let live = true;
    const synced = (): void => {
      invalidate();
      // A sync started later is still under way (members changed again meanwhile): report when that one completes.
      if (!onDrawn || batch.syncing) return;
      // R3F's frame was requested first, so by this callback it has been issued; then wait for the GPU.
      requestAnimationFrame(() => {
        void whenGpuDone(gl.getContext()).then(() => live && onDrawn());
      });
    };
    batch.addEventListener('synccomplete', synced);
    // Sync now rather than when the batch is next drawn: a batch out of reach (a long corridor's far stretch) is not
    // drawn, yet its glyphs are built and it reports. Members that needed nothing (the same words again): drawn as is.
    batch.sync();
    if (!batch.syncing) synced();
    return () => {
      live = false;
      batch.removeEventListener('synccomplete', synced);
    };
  }, [texts, invalidate, onDrawn, gl]);
  return (
    // Text is never a pointer target (panels and buttons are): the XR pointers skip the batch and its hundreds of
    // members instead of visiting each one every frame.
    <batchedText ref={ref} font={fonts.scRegular} frustumCulled={false} pointerEvents="none" intersectChildren={false}>
      {texts.map((t) => (
        <troikaText
          key={t.key}
          text={t.text}
          font={fonts[t.face]}
          fontSize={t.fontSize}
          color={batchedTextColour(t.colour)}
          colorRanges={t.colorRanges ?? null}
          anchorX={t.align}
          anchorY="top"
          textAlign={t.align}
          lineHeight={LINE_HEIGHT}
          whiteSpace="nowrap"
          position={t.position as [number, number, number]}
          rotation={t.rotation as [number, number, number]}
        />
      ))}
    </batchedText>
  );
}

/**
 * placeTexts, once per layout: a layout is made once per language (src/layout/layouts.ts), so switching back to a
 * language hands the batch the very texts it had, and their unchanged props are not applied again member by member.
 */
const placed = new WeakMap<CorridorLayout, PlacedText[]>();
function placedTextsOf(layout: CorridorLayout): PlacedText[] {
  let texts = placed.get(layout);
  if (!texts) {
    texts = placeTexts(layout);
    placed.set(layout, texts);
  }
  return texts;
}

/** What a step of the text's build makes readable when it is drawn. */
export type TextMark = 'entrance' | 'firstView' | 'all';

/** One step of the text's build: the texts in the batch once it is taken, and what is readable when they are drawn. */
export interface TextStage {
  texts: readonly PlacedText[];
  marks: readonly TextMark[];
}

/**
 * The order the corridor's words are built in (pure; exported for tests): the entrance banner (what a visitor who
 * starts at the entrance reads first); then the rest of the first view (the entrance and the first era,
 * inFirstView); then everything. Each step holds the one before (troika builds only the new glyphs); a step that
 * adds nothing merges into the one before. A visitor who starts deep-linked at a milestone has no banner step:
 * their first view is what they face.
 */
export function textStages(layout: CorridorLayout, all: readonly PlacedText[], fromZ?: number): TextStage[] {
  const atEntrance = fromZ === undefined || fromZ === layout.start.position[2];
  const bannerKeys = new Set(atEntrance ? layout.banner.blocks.map((b) => b.key) : []);
  const inBanner = (t: PlacedText): boolean => bannerKeys.has(t.key);
  const first = (t: PlacedText): boolean => inBanner(t) || inFirstView(layout, t.position[2], fromZ);
  const steps: [TextMark, readonly PlacedText[]][] = [
    ['entrance', all.filter(atEntrance ? inBanner : first)],
    ['firstView', all.filter(first)],
    ['all', all],
  ];
  const stages: { texts: readonly PlacedText[]; marks: TextMark[] }[] = [];
  let pending: TextMark[] = [];
  for (const [mark, texts] of steps) {
    const last = stages[stages.length - 1];
    if (texts.length === 0) pending.push(mark);
    else if (last && texts.length <= last.texts.length) last.marks.push(mark);
    else {
      stages.push({ texts, marks: [...pending, mark] });
      pending = [];
    }
  }
  // No text at all: one step that is drawn at once.
  return stages.length ? stages : [{ texts: all, marks: pending }];
}

/**
 * The words of each step of the build, split into the corridor's stretches (src/layout/textReach.ts; pure, exported
 * for tests). A stretch a step adds nothing to is the same array as in the step before, so its batch sees no change.
 */
export function stagesByStretch(stretches: TextStretches, stages: readonly TextStage[]): (readonly PlacedText[])[][] {
  const out: (readonly PlacedText[])[][] = [];
  for (const stage of stages) out.push(splitIntoStretches(stretches, stage.texts, out[out.length - 1]));
  return out;
}

/**
 * Every word in the corridor, built in steps (textStages): the entrance banner first, so troika typesets it and
 * builds only its glyphs; once it is drawn, the rest of the first view joins; once that is drawn, everything else,
 * whose glyphs are built while the visitor reads. `onEntranceDrawn` and `onFirstDrawn` fire when those steps are
 * drawn; `onDrawn` once everything is (and again after each change, e.g. a language switch).
 *
 * One batch (one draw call) holds them all, unless the corridor is long (textReach): then one batch per stretch,
 * and only the stretches within reach of the eyes are drawn. A step is drawn once every batch it changed is.
 */
export function Texts({
  layout,
  fonts,
  onDrawn,
  onFirstDrawn,
  onEntranceDrawn,
  fromZ,
}: {
  layout: CorridorLayout;
  fonts: Record<Face, string>;
  onDrawn: () => void;
  onFirstDrawn?: () => void;
  onEntranceDrawn?: () => void;
  /** Where along the corridor the visitor's first view is (default: the entrance). */
  fromZ?: number;
}) {
  const all = useMemo(() => placedTextsOf(layout), [layout]);
  const stages = useMemo(() => textStages(layout, all, fromZ), [all, layout, fromZ]);
  const stretches = useMemo(() => textStretches(layout), [layout]);
  const byStretch = useMemo(() => stagesByStretch(stretches, stages), [stretches, stages]);
  // Infinity once every step has been taken: later layouts (a language switch) go into the batches whole.
  const [step, setStep] = useState(0);
  const at = Math.min(step, stages.length - 1);
  const stage = stages[at]!;
  const parts = byStretch[at]!;
  const drawn = useCallback(() => {
    for (const mark of stage.marks) {
      if (mark === 'entrance') onEntranceDrawn?.();
      else if (mark === 'firstView') onFirstDrawn?.();
    }
    setStep(at === stages.length - 1 ? Number.POSITIVE_INFINITY : at + 1);
    if (at === stages.length - 1) onDrawn();
  }, [stage, at, stages.length, onDrawn, onFirstDrawn, onEntranceDrawn]);

  // The batches this step changed, not yet drawn; the step is drawn when the last of them is.
  const waiting = useRef(new Set<number>());
  const built = useRef<readonly (readonly PlacedText[])[]>([]);
  const stepDrawn = useRef(drawn);
  useLayoutEffect(() => void (stepDrawn.current = drawn), [drawn]);
  useLayoutEffect(() => {
    const before = built.current;
    if (parts === before) return; // the same step again (React's StrictMode runs an effect twice)
    built.current = parts;
    waiting.current = new Set(parts.flatMap((texts, i) => (texts.length > 0 && texts !== before[i] ? [i] : [])));
    // A step that changed no batch (a corridor without words) is drawn already.
    if (waiting.current.size === 0) stepDrawn.current();
  }, [parts]);
  const count = parts.length;
  const batchDrawn = useMemo(
    () =>
      Array.from({ length: count }, (_, i) => () => {
        if (!waiting.current.delete(i) || waiting.current.size > 0) return;
        stepDrawn.current();
      }),
    [count],
  );

  const groups = useRef<(Group | null)[]>([]);
  return (
    <>
      {parts.map((texts, i) =>
        texts.length === 0 ? null : (
          <group key={i} ref={(g) => void (groups.current[i] = g)}>
            <TextBatch texts={texts} fonts={fonts} onDrawn={batchDrawn[i]} />
          </group>
        ),
      )}
      {stretches.count > 1 && <InReach stretches={stretches} groups={groups} />}
    </>
  );
}

/**
 * Before each render, with the camera where it is drawn from: only the stretches within reach of the eyes are drawn
 * (a few numbers compared). Hooked on the scene's onBeforeRender, which three calls once the camera's matrices are
 * final (in VR: the headset's pose of this very frame) and before it decides what is visible: a useFrame callback can
 * run before the one that moves the camera, and a jump (reduced motion) would then be drawn from where it started.
 */
function InReach({ stretches, groups }: { stretches: TextStretches; groups: { current: readonly (Group | null)[] } }) {
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    const before = scene.onBeforeRender;
    // three calls a scene's onBeforeRender with (renderer, scene, camera, render target); its types are a mesh's.
    scene.onBeforeRender = function (...args) {
      const z = args[2].matrixWorld.elements[14]!;
      const all = groups.current;
      for (let i = 0; i < all.length; i++) {
        const g = all[i];
        if (g) g.visible = stretchInReach(stretches, i, z);
      }
      before.apply(this, args);
    };
    // Nothing else in the app hooks the scene's onBeforeRender: the one before is put back as it was.
    return () => void (scene.onBeforeRender = before);
  }, [scene, stretches, groups]);
  return null;
}
