// ESLint 9 flat config: typescript-eslint with type information over src/,
// test/ and benchmarks/ (the benchmarks' .mjs through benchmarks/tsconfig.json).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'benchmarks/.data/', 'test/fixtures/', 'test/instrument/claude-agent-sdk/recorded/', 'examples/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          // Files outside every tsconfig: this one and the reliability tests' child scripts.
          allowDefaultProject: ['eslint.config.js', 'test/reliability/children/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits hides its failure; a promise where a callback
      // returning void is expected is never awaited at all.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // The live handles, the sink and the exporters' shutdown (bound through
      // the SDK's BindOnceFuture) are closures or bound explicitly: calling
      // them detached is part of their contract, which this rule cannot see.
      '@typescript-eslint/unbound-method': 'off',
      // Promise-returning methods (SpanExporter.shutdown, forceFlush, ...) are
      // async on purpose even without an await: a throw becomes a rejection,
      // which is how the exporter contract reports failure.
      '@typescript-eslint/require-await': 'off',
      // Terminal output is cleaned of control characters on purpose.
      'no-control-regex': 'off',
      // Same convention as the compiler's noUnusedLocals/noUnusedParameters:
      // a leading underscore marks a deliberately unused name.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Rethrowing or rejecting with what was caught (unknown) keeps the original error.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true, allowThrowingAny: false }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    files: ['test/**'],
    rules: {
      // Vitest's asymmetric matchers (expect.any, expect.objectContaining, ...)
      // are typed \`any\`; every use inside toEqual would be flagged.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Tests format attribute values with String() for names and messages on
      // purpose; src/ keeps the rule.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // Plain JavaScript without annotations: values from JSON and the
    // untyped parts are `any` by design there, so the no-unsafe-* family
    // would flag every use; the compiler still checks the typed calls.
    files: ['**/*.mjs', '**/*.js'],
    rules: {
      // Plain JavaScript run by Node: the compiler resolves the benchmarks'
      // names (checkJs), and ESLint does not know Node's globals.
      'no-undef': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
