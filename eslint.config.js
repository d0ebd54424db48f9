// ESLint (flat config): typescript-eslint's recommended rules and React's hooks rules, for every TypeScript file.
// Formatting is Prettier's (.prettierrc.json); `npm run lint` runs both and `npm test` runs `npm run lint` first.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
    // The page says nothing on the console but warnings; scripts, the server and the tests report on it.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
);
