// Id patterns shared by the content schema, the URL parser and the build; zod-free, so the page can use them.

/** A tour id: the file name in scenes/tours/ without .yaml, e.g. "highlights". */
export const TOUR_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The finale's id: in the URL hash (#finale), the strip and navigation, after the last milestone. */
export const FINALE_ID = 'finale';
