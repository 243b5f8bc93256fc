import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// One direction of imports: ingest -> model -> assess -> report. model is the
// leaf; the pure layers never import the edges (commands, github, rerun runner).
const edges = ['**/commands/**', '**/github/**', '**/cli.ts', '**/cli/**', '**/action.ts'];
const layer = (files, patterns) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: patterns,
            message: 'Imports go ingest -> model -> assess -> report; I/O stays at the edges.',
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      '.bench/',
      '__tests__/fixtures/',
      'examples/**/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  layer(['src/model/**'], ['../*', '!../model/**', ...edges]),
  layer(['src/ingest/**'], ['**/assess/**', '**/report/**', '**/rerun/**', ...edges]),
  layer(['src/assess/**'], ['**/ingest/**', '**/report/**', '**/rerun/**', ...edges]),
  layer(['src/report/**'], ['**/ingest/**', '**/rerun/**', ...edges]),
);
