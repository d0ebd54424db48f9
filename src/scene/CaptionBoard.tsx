// The caption board in VR: first-visit hints, a guided tour's stop and caption and a live guide's countdown, hung
// above the focused panel (src/layout/menu.ts decides where), so nothing of the interface covers a panel's text.
// Not drawn while it has nothing to say. Two draw calls: its plate and one text batch.
import { useLayoutEffect, useMemo } from 'react';
import { BoxGeometry, MeshBasicMaterial } from 'three';
import type { Exhibit } from '../content/schema.ts';
import type { CorridorLayout } from '../layout/corridor.ts';
import { captionBoardLayout, captionBoardPose, captionBoardWidth, HINT_KEYS, type BoardLayout, type BoardPose } from '../layout/menu.ts';
import type { Fonts } from '../layout/panel.ts';
import type { Face } from '../text/faces.ts';
import { THEME } from '../theme.ts';
import { useExhibit } from '../state/context.tsx';
import type { ExhibitState } from '../state/store.ts';
import { TextBatch, type PlacedText } from './Texts.tsx';

const PLATE_DEPTH_M = 0.01;
/** The object name the inspector (src/app/testHooks.ts) finds the board by. */
export const CAPTION_BOARD_NAME = 'caption-board';

/** The board's text and where it hangs, from the store: the one derivation the component and the inspector share. */
export function captionBoard(
  s: Pick<
    ExhibitState,
    | 'language'
    | 'hintsDone'
    | 'tour'
    | 'guideCountdown'
    | 'captionSize'
    | 'focusedId'
    | 'guideHeld'
    | 'sharingView'
    | 'guiding'
    | 'guidePointed'
  >,
  exhibit: Exhibit,
  corridor: CorridorLayout,
  metrics: Fonts,
): { layout: BoardLayout; pose: BoardPose } | null {
  const hints = HINT_KEYS.filter((k) => !s.hintsDone.includes(k));
  const width = captionBoardWidth(corridor, s.focusedId);
  const layout = captionBoardLayout(exhibit, s.language, hints, metrics, width, {
    tour: s.tour,
    countdown: s.guideCountdown,
    captionSize: s.captionSize,
    held: s.guideHeld,
    sharing: s.sharingView,
    pointHint: s.guiding && !s.guidePointed,
  });
  return layout ? { layout, pose: captionBoardPose(corridor, s.focusedId, layout.height) } : null;
}

export function CaptionBoard({
  exhibit,
  corridor,
  fonts,
  metrics,
}: {
  exhibit: Exhibit;
  corridor: CorridorLayout;
  fonts: Record<Face, string>;
  metrics: Fonts;
}) {
  const language = useExhibit((s) => s.language);
  const hintsDone = useExhibit((s) => s.hintsDone);
  const tour = useExhibit((s) => s.tour);
  const guideCountdown = useExhibit((s) => s.guideCountdown);
  const captionSize = useExhibit((s) => s.captionSize);
  const focusedId = useExhibit((s) => s.focusedId);
  const guideHeld = useExhibit((s) => s.guideHeld);
  const sharingView = useExhibit((s) => s.sharingView);
  const guiding = useExhibit((s) => s.guiding);
  const guidePointed = useExhibit((s) => s.guidePointed);
  const board = useMemo(
    () =>
      captionBoard(
        { language, hintsDone, tour, guideCountdown, captionSize, focusedId, guideHeld, sharingView, guiding, guidePointed },
        exhibit,
        corridor,
        metrics,
      ),
    [
      language,
      hintsDone,
      tour,
      guideCountdown,
      captionSize,
      focusedId,
      guideHeld,
      sharingView,
      guiding,
      guidePointed,
      exhibit,
      corridor,
      metrics,
    ],
  );
  const geometry = useMemo(() => new BoxGeometry(1, 1, 1), []);
  const material = useMemo(() => new MeshBasicMaterial({ color: THEME.background }), []);
  useLayoutEffect(
    () => () => {
      geometry.dispose();
      material.dispose();
    },
    [geometry, material],
  );
  const texts = useMemo<PlacedText[]>(
    () =>
      (board?.layout.blocks ?? []).map((b) => ({
        key: b.key,
        text: b.text,
        face: b.face,
        fontSize: b.fontSize,
        colour: THEME.textOnDark,
        align: b.align,
        position: [b.x, b.y, PLATE_DEPTH_M / 2 + 0.003],
        rotation: [0, 0, 0],
      })),
    [board],
  );
  if (!board) return null;
  const { layout, pose } = board;
  return (
    // The group is the board's top edge; the plate and the text hang below it.
    <group name={CAPTION_BOARD_NAME} position={pose.position as [number, number, number]} rotation={[pose.tilt, pose.yaw, 0, 'YXZ']}>
      <mesh
        geometry={geometry}
        material={material}
        position={[0, -layout.height / 2, 0]}
        scale={[layout.width, layout.height, PLATE_DEPTH_M]}
      />
      <TextBatch texts={texts} fonts={fonts} />
    </group>
  );
}
