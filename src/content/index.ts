// The content layer for the browser side: schema and pure parsing. (load.ts is node-only; import it directly.)
export * from './schema.ts';
export { SceneError, checkExhibit, formatIssue, formatPath, parseExhibit, parseSceneFile } from './parse.ts';
export type { ExhibitSources, PathSegment, SceneIssue, SceneSource } from './parse.ts';
