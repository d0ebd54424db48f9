// The language choices, without zod: the page imports these at run time (the zod schemas stay build-time and server-side).
// An exhibit names its languages in scenes/exhibit.yaml (`languages: [zh, en]`); the visitor picks one of them, or
// 'both' when there are two (side by side).

/** A language choice: a language tag of the exhibit ("zh", "en", "fr"…), or 'both'. */
export type Language = string;

/** What the language switch offers for an exhibit in `languages`: each of them, and 'both' when there are two. */
export function languageChoices(languages: readonly string[]): string[] {
  return languages.length === 2 ? [...languages, 'both'] : [...languages];
}

/** IAMM's choices (the exhibit in zh and en). */
export const LANGUAGES: readonly string[] = languageChoices(['zh', 'en']);

/** The languages of an exhibit that does not name them (`languages:` absent): IAMM's. */
export const DEFAULT_LANGUAGES: readonly string[] = ['zh', 'en'];

/** The exhibit's languages in reading order: `languages:` of exhibit.yaml, or IAMM's [zh, en]. */
export function languagesOf(exhibit: { exhibit: { languages?: readonly string[] | undefined } }): readonly string[] {
  return exhibit.exhibit.languages ?? DEFAULT_LANGUAGES;
}
