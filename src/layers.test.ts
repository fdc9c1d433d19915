import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of ADR 0005, read from the import statements of every source
 * file: a lower layer never imports a higher one, and features never reach
 * the composition root. A new arrow that runs back up fails here.
 */
const srcDir = path.dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** Every local import of a file, as a path relative to src/ (`features/projects/project.queries.ts`). */
function localImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) =>
    path.relative(srcDir, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts'),
  );
}

const importsBySource = new Map(
  sourceFiles(srcDir).map((file) => [path.relative(srcDir, file), localImports(file)] as const),
);

/** `from` may import nothing under any of `forbidden` (folders or files relative to src/). */
function violations(from: (file: string) => boolean, forbidden: string[]): string[] {
  const found: string[] = [];
  for (const [file, imports] of importsBySource) {
    if (!from(file)) continue;
    for (const target of imports) {
      if (forbidden.some((place) => target === place || target.startsWith(`${place}/`)))
        found.push(`${file} -> ${target}`);
    }
  }
  return found;
}

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const higherThanDomain = [
  'db',
  'infra',
  'features',
  'web',
  'auth',
  'dev',
  'jobs',
  'wizard',
  'app.ts',
  'audiences.ts',
  'container.ts',
  'runtime.ts',
  'server.ts',
  'cli.ts',
  'config.ts',
];
/** The entry points (the server and the command line) and what they assemble. */
const compositionRoot = ['app.ts', 'audiences.ts', 'container.ts', 'runtime.ts', 'server.ts', 'cli.ts'];

describe('layers', () => {
  it('finds the source files it checks', () => {
    expect(importsBySource.size).toBeGreaterThan(100);
    expect(importsBySource.get('container.ts')?.length).toBeGreaterThan(10);
  });

  it('domain imports only domain', () => {
    expect(violations(under('domain'), higherThanDomain)).toEqual([]);
  });

  it('db and infra import neither features, web, auth nor the composition root', () => {
    const lower = (file: string) => under('db')(file) || under('infra')(file);
    expect(
      violations(lower, ['features', 'web', 'auth', 'dev', 'jobs', 'wizard', ...compositionRoot]),
    ).toEqual([]);
  });

  it('features, auth, web and jobs never import the composition root', () => {
    const layer = (file: string) =>
      ['features', 'auth', 'web', 'jobs', 'wizard'].some((folder) => under(folder)(file));
    expect(violations(layer, compositionRoot)).toEqual([]);
  });

  it('repositories and queries import nothing from the web layer', () => {
    const dataAccess = (file: string) => /\.(repository|queries)\.ts$/.test(file);
    expect(violations(dataAccess, ['web', 'app.ts', 'audiences.ts'])).toEqual([]);
  });
});
