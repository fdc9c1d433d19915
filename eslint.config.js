import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'coverage/', 'dist/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      // Type information from the TypeScript language service, per tsconfig.json.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Tests read supertest's `response.body` and knex rows, which their libraries type as `any`;
    // expect() checks their values at run time. The other type-checked rules (promises above all) hold.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Integration and browser files share one module graph per worker (vitest.config.ts: isolate: false).
    // That is safe only while no file changes a module or the environment for the files after it.
    files: ['test/integration/**/*.ts', 'test/e2e/**/*.ts', 'test/support/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['mock', 'doMock', 'stubEnv', 'stubGlobal', 'spyOn', 'useFakeTimers'].map((property) => ({
          object: 'vi',
          property,
          message:
            'Test files share modules (isolate: false): use a real service or a test app option instead.',
        })),
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "AssignmentExpression > MemberExpression[object.object.name='process'][object.property.name='env']",
          message:
            'Test files share one process (isolate: false): pass settings to createTestApp({ environment }).',
        },
      ],
    },
  },
  {
    // Plain JavaScript (the browser scripts, this file) is outside tsconfig.json: no type information.
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
