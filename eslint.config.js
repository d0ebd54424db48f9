// ESLint (flat config): typescript-eslint's recommended rules and React's hooks rules, for every TypeScript file.
// Formatting is Prettier's (.prettierrc.json); `npm run lint` runs both and `npm test` runs `npm run lint` first.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_ONLY = { group: ['node:*', '**/build/*', '**/server/*', '**/scripts/*'], message: 'browser code: no Node-only modules' };
const NOT_UI = { group: ['**/ui/*'], message: 'the scene draws from state; it never imports the DOM UI' };
const PURE = [
  { group: ['react', 'react-dom', 'react-dom/*', '@react-three/*', 'three', 'three/*'], message: 'pure module: no React or three here' },
  { group: ['**/scene/*', '**/ui/*', '**/app/App.tsx', '**/*.tsx'], message: 'pure module: it must not depend on drawing or page code' },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/', 'public/', 'scenes/schema/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The two hooks rules. The React Compiler's rules (immutability, refs, set-state-in-effect) are not used: this
      // code does not go through the compiler, and R3F's idiom — mutating three.js objects and per-frame refs in
      // useFrame, never React state — is what they forbid.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The dependency rule (README, "How it is built"). Browser code never imports Node-only code; pure modules —
    // content, layout, text, the store, each feature's core (its .ts files) — never import React, R3F or three, nor
    // drawing or page code; the scene draws from state and never imports the DOM UI. (Flat config: the last block
    // that matches a file sets the rule, so each block repeats the browser patterns.)
    files: ['src/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_ONLY] }] },
  },
  {
    files: ['src/content/**', 'src/layout/**', 'src/text/**', 'src/state/store.ts', 'src/state/navigation.ts', 'src/features/**/*.ts'],
    ignores: ['src/features/**/use*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_ONLY, ...PURE] }] },
  },
  {
    files: ['src/scene/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_ONLY, NOT_UI] }] },
  },
  {
    // The page says nothing on the console but warnings; scripts, the server and the tests report on it.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
);
