// Lint: type-aware basics plus the import boundaries of DESIGN section 3.
// The boundaries are the point: shared/ stays pure, the renderer reaches the core only through
// the typed API, and the terminal core never touches Electron so it runs in plain Node.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'worker_threads'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', 'renderer/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
          { group: ['**/electron/**', '**/renderer/**', '**/db/**', 'better-sqlite3', 'pg', 'react', 'react-dom'], message: 'shared/ depends on nothing but itself and zod.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The renderer only sees the typed API (window.terminal).' },
          { group: ['**/electron/**', '**/db/**'], message: 'The renderer never imports electron/ or db/ code.' },
          { group: [...nodeBuiltins, 'better-sqlite3', 'pg', 'argon2'], message: 'The renderer runs sandboxed: no Node modules.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          // A regex on the bare specifier: the gitignore-style 'electron/*' also matched relative paths into
          // this repo's own electron/core (e.g. db/ using electron/core/security), which are pure Node.
          { regex: '^electron(/.*)?$', message: 'The terminal core never imports electron: it runs in plain Node too.' },
          { group: ['**/renderer/**', '**/shell/**', '**/preload/**'], message: 'The core does not reach into the shell or the renderer.' },
        ],
      }],
    },
  },
);
