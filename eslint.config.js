import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.tmp/', 'out/', 'dist/', 'test-results/', 'playwright-report/', 'tests/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', performance: 'readonly', URL: 'readonly' },
    },
    rules: {
      // TypeScript checks undefined names itself (and knows DOM/Node globals per file).
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded Rng from native-workers/engine/random.' }],
    },
  },
  {
    files: ['native-workers/engine/**/*.ts'],
    rules: {
      // f(...array) puts every entry on the stack: ~10⁵ entries overflow it (issue 14). Use core/hypot.ts.
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression > SpreadElement', message: 'No spread of arrays into call arguments in the engine (stack overflow on large arrays): use pushAll/hypot from core/hypot.ts or a loop.' },
        { selector: 'NewExpression > SpreadElement', message: 'No spread of arrays into call arguments in the engine (stack overflow on large arrays).' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'electron', 'react', 'react-dom', 'three', '@react-three/*'], message: 'The engine is pure math: no Node, Electron, React or three imports.' },
          ],
        },
      ],
    },
  },
  {
    // Outside the engine, the engine's curated public face (native-workers/engine/index.ts) is the only way in.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'scripts/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'contract/**/*.ts', 'native-workers/**/*.ts'],
    ignores: ['native-workers/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)engine/.+', message: 'Import the engine through native-workers/engine (its index.ts), not a deep path.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'contract/**/*.ts', 'native-workers/**/*.ts'],
    ignores: ['native-workers/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron* and preload/ may import electron.' }],
          patterns: [
            { regex: '(^|/)engine/.+', message: 'Import the engine through native-workers/engine (its index.ts), not a deep path.' },
          ],
        },
      ],
    },
  },
  {
    // The renderer and the contract never compute: they do not import the engine or the workers at all.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only main/electron* and preload/ may import electron.' }],
          patterns: [{ regex: '(^|/)(native-workers|main)(/|$)', message: 'The renderer and the contract talk to the engine only through StudioApi.' }],
        },
      ],
    },
  },
);
