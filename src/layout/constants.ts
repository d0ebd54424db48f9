// Physical constants of the corridor, each named once with its unit.
// Scene settings a curator may change (metres per year, panel size) live in scenes/exhibit.yaml instead.

/** Eye height of a standing adult; the desktop camera and the VR seated mode use it. */
export const EYE_HEIGHT_M = 1.6;
/** Open floor before the first year, where the visitor starts under the entrance banner. */
export const ENTRANCE_LENGTH_M = 6;
/** Where the visitor starts, measured from the corridor's mouth (z = 0) towards the first year. */
export const START_Z_M = 1;
/** The entrance banner hangs across the corridor here, ahead of the start and before the first year. */
export const BANNER_Z_M = -3.5;
/** The finale after the last era: one stretch per step of the closing progression, then open floor before the closing wall. */
export const FINALE_STEP_M = 2.5;
export const FINALE_END_M = 3;
/** Open floor after the last era before the closing wall when there is no finale (no closing progression); the importer's walk estimate. */
export const EXIT_LENGTH_M = 4;
/** Where a VR visitor stands at the finale: this far from the closing wall, looking at it. */
export const FINALE_STANDING_M = 4;
/** Panels hang this far in front of the wall. */
export const PANEL_WALL_GAP_M = 0.06;
/** Top edge of a panel above the floor; taller content grows the panel downwards. */
export const PANEL_TOP_M = 2.55;
/** A panel never reaches lower than this, so nothing is read at knee height. */
export const PANEL_MIN_BOTTOM_M = 0.35;
/** Distance from a panel to its standing spot. */
export const STANDING_DISTANCE_M = 1.9;
/** The visitor keeps this far from the walls (the body, not the eyes, would touch them first). */
export const WALL_CLEARANCE_M = 0.35;

/** Panel typography, in metres of cap-to-descender em size. */
export const PANEL_PADDING_M = 0.12;
export const COLUMN_GUTTER_M = 0.1;
export const YEARS_FONT_M = 0.2;
export const HEADING_FONT_M = 0.066;
export const BODY_FONT_M = 0.05;
export const LIST_INDENT_M = 0.06;
export const PARAGRAPH_GAP_M = 0.035;
export const HEADING_GAP_M = 0.05;
/** Line height as a multiple of the font size; CJK wants more room than Latin. */
export const LINE_HEIGHT = 1.42;
/** Height of the coloured era bar on top of every panel. */
export const ACCENT_BAR_M = 0.05;

/** Floor markings. */
export const ERA_YEAR_FONT_M = 0.42;
export const TICK_YEAR_FONT_M = 0.16;
export const TICK_LENGTH_M = 0.5;

/** The frame around every panel (lit up when the panel is focused), beyond its plate. */
export const PANEL_FRAME_M = 0.035;
/** Plate thickness: a panel's face sits this far in front of its centre. */
export const PLATE_DEPTH_M = 0.03;
/** Length of corridor per bucket of the pointer's panel hit test (src/layout/panelHits.ts), metres. */
export const PANEL_HIT_CELL_M = 2;

/** Zone architecture: portals at the ends of each era, ribs across the ceiling and down the walls in between. */
export const PORTAL_COLUMN_M = 0.32;
export const PORTAL_LINTEL_M = 0.5;
export const RIB_SPACING_M = 1;
export const RIB_WIDTH_M = 0.09;
export const RIB_DEPTH_M = 0.07;
/** The cove of coloured light along the top of each wall. */
export const COVE_HEIGHT_M = 0.12;
/** Each era's years, large on the wall opposite its panel. */
export const WALL_YEAR_FONT_M = 0.62;
export const WALL_YEAR_CENTRE_M = 2.45;
/** The step names on the finale's portals. */
export const STEP_FONT_M = 0.15;

/** Desktop framing: the camera's usual vertical field of view, the widest it may open to on a narrow screen. */
export const BASE_FOV_DEG = 62;
export const MAX_FOV_DEG = 100;
/** Space kept between a framed panel and the edge of the free part of the screen, CSS pixels. */
export const FRAME_MARGIN_PX = 10;
/** The nearest a framed visitor stands to a panel. */
export const MIN_FRAMING_DISTANCE_M = 1.4;
/** Panel text smaller than this on screen (em size, CSS pixels) is offered as a reader card. */
export const MIN_TEXT_PX = 12;

/** Walking speed on the desktop (metres per second) and look sensitivity (radians per pixel). */
export const WALK_SPEED_MPS = 2.2;
export const LOOK_RADIANS_PER_PX = 0.004;
/** The glide to a milestone's standing spot. */
export const GLIDE_SECONDS = 1.1;

/** The VR interface (src/layout/menu.ts): the wrist menu and the caption board. */
/** Width of the wrist menu. */
export const WRIST_MENU_WIDTH_M = 0.36;
/** The wrist menu floats this far out of the left palm, towards the eyes. */
export const WRIST_MENU_LIFT_M = 0.07;
/** Button labels and era years on the wrist menu (read at about 0.45 m: about 1.9°). */
export const WRIST_LABEL_FONT_M = 0.015;
export const WRIST_ERA_FONT_M = 0.012;
/** The caption board: hints, a tour's stop and caption, a guide's countdown, in the chosen language(s). */
export const BOARD_HINT_FONT_M = 0.045;
/** Caption type on the board by caption size (read at about 2.3 m: about 1.1°, 1.4° and 1.7°). */
export const BOARD_CAPTION_FONT_M = { small: 0.045, medium: 0.055, large: 0.068 } as const;
/** The board hangs this far above the focused panel's top edge, leaning out towards the visitor. */
export const BOARD_GAP_M = 0.08;
export const BOARD_TILT_RAD = 0.35;
/** Room left under the ceiling above the board. */
export const BOARD_CEILING_CLEARANCE_M = 0.04;
/** At the entrance (no panel focused) the board stands ahead of the start, low, below the line of sight. */
export const BOARD_ENTRANCE_AHEAD_M = 1.7;
export const BOARD_ENTRANCE_TOP_M = 1.25;
export const BOARD_ENTRANCE_WIDTH_M = 1.7;
export const BOARD_ENTRANCE_TILT_RAD = -0.6;
/**
 * The wrist menu opens when the left palm faces the eyes within WRIST_OPEN_PALM_DEG and the visitor looks at it
 * (the hand within WRIST_OPEN_GAZE_DEG of the view's centre, nearer than WRIST_REACH_M); it closes only past the
 * wider CLOSE angles, so it does not flicker at the edge.
 */
export const WRIST_OPEN_PALM_DEG = 50;
export const WRIST_CLOSE_PALM_DEG = 70;
export const WRIST_OPEN_GAZE_DEG = 40;
export const WRIST_CLOSE_GAZE_DEG = 55;
export const WRIST_REACH_M = 0.8;

/** Time scales (src/layout/scale.ts): a milestone's bay when the corridor is `compressed` or `even`, in metres. */
export const DEFAULT_BAY_M = 6;
/** compressed: empty years beyond this become a break. */
export const DEFAULT_MAX_GAP_YEARS = 10;
/** compressed: the length of corridor a break takes, in metres. */
export const BREAK_M = 3;
/** The most year ticks the floor line gets; longer spans tick every 2, 5, 10 … years. */
export const MAX_YEAR_TICKS = 200;
/** A corridor a visitor walks end to end in this many seconds at WALK_SPEED_MPS is "walkable" (the importer's choice of scale). */
export const WALKABLE_SECONDS = 180;
/** The name of an imported timeline's era, written on the floor where its first milestone's bay begins. */
export const ERA_NAME_FONT_M = 0.22;
/** The shortest bay an `even` corridor gets (a panel is 2.6 m wide; neighbours hang on opposite walls). */
export const MIN_BAY_M = 3.2;

/** A panel's picture (src/layout/panel.ts): at most this tall, in metres; its caption and credit in this type size. */
export const PICTURE_MAX_HEIGHT_M = 0.9;
export const CAPTION_FONT_M = 0.038;
/** The proportions assumed for a picture whose size the build has not measured (width / height). */
export const PICTURE_DEFAULT_ASPECT = 4 / 3;

/**
 * What the first view holds, beyond the first panel (metres along the corridor): its texts are typeset and their glyphs
 * built first, so the entrance and the first era read before the rest of the corridor's glyphs exist.
 */
export const FIRST_VIEW_MARGIN_M = 2;

// ── A live guide's highlight (src/scene/GuideHighlight.tsx) ──
/** Margin of the highlight around the highlighted text or picture, metres. */
export const HIGHLIGHT_PAD_M = 0.014;
/** Width of the highlight's dark-gold border, metres. */
export const HIGHLIGHT_BORDER_M = 0.007;
/** How far in front of the plate's face the highlight lies, metres: under the text (lifted 4 mm), over the plate. */
export const HIGHLIGHT_LIFT_M = 0.0015;
/** The off-view marker: an arrow this far in front of the eyes, metres… */
export const HIGHLIGHT_MARKER_DISTANCE_M = 0.9;
/** …this far from the centre of the view towards the highlight, metres… */
export const HIGHLIGHT_MARKER_OFFSET_M = 0.3;
/** …this long, metres… */
export const HIGHLIGHT_MARKER_LENGTH_M = 0.07;
/** …shown while the highlight is more than this angle from where the visitor looks, radians (about 25°). */
export const HIGHLIGHT_IN_VIEW_RAD = 0.44;

/** A panel's video (src/layout/panel.ts) takes the picture's place; its proportions until the file says (width / height). */
export const VIDEO_DEFAULT_ASPECT = 16 / 9;
/**
 * A panel's 3D model (src/layout/media.ts) stands in a band the panel keeps clear for it, under its picture or video
 * and above its text, MODEL_STANDOFF_M out from the panel's face (clear of it as it turns); its largest side is
 * MODEL_SIZE_M.
 */
export const MODEL_SIZE_M = 0.42;
export const MODEL_STANDOFF_M = 0.32;
/** A model turns this fast while the visitor is at its milestone (never under reduced motion), radians per second. */
export const MODEL_TURN_RAD_PER_S = 0.35;

/**
 * The corridor's fog (src/scene/Scene.tsx): far panels fade into the background from FOG_NEAR_M and are drawn in the
 * background colour at FOG_FAR_M (metres of view depth). Text further than that is not drawn at all in a long
 * corridor (src/layout/textReach.ts): a body line there is under two pixels high on a headset, and fogged.
 */
export const FOG_NEAR_M = 20;
export const FOG_FAR_M = 52;
