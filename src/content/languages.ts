// The language choices, without zod: the page imports these at run time (the zod schemas stay build-time and server-side).
export const LANGUAGES = ['zh', 'en', 'both'] as const;
export type Language = (typeof LANGUAGES)[number];
