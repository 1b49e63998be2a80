// @ts-check
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'dist-*/',
      '.astro/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
    ],
  },
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    files: ['src/sim/**/*.ts'],
    rules: {
      // The simulation is pure and seeded: no global randomness, no DOM.
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'Use the seeded generator in src/sim/random.ts.',
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'self', 'globalThis'],
      'no-restricted-imports': ['error', { patterns: ['three', 'three/*', '../*'] }],
    },
  },
);
