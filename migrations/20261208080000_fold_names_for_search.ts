import type { Knex } from 'knex';

/**
 * Searching names that forgive accents, case and typos (issue 21).
 *
 * The database's locale is C: `lower()` and `ilike` fold only ASCII, so "été"
 * never found "Été". `unaccent` (shipped with PostgreSQL, a trusted extension
 * like pg_trgm) removes the accents first; `lower()` then folds the rest.
 * `unaccent()` itself is only STABLE (it reads its dictionary through the
 * search path), so an index cannot use it: `f_unaccent` is the usual IMMUTABLE
 * wrapper that names the function and the dictionary by schema.
 *
 * Each name a search folds gets a trigram index on its folded form, so
 * "contains" (`like '%…%'`) and "looks like" (`<%`, word similarity) read the
 * index instead of every row. The companies' index on the raw name stays for
 * the agency's searches that still use `ilike`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists unaccent with schema public');
  await knex.raw('create extension if not exists pg_trgm with schema public');
  await knex.raw(`
    create function public.f_unaccent(text) returns text
      language sql immutable parallel safe strict
      return public.unaccent('public.unaccent'::regdictionary, $1)`);
  for (const [index, table, column] of foldedIndexes) {
    await knex.raw(`create index ?? on ?? using gin (lower(public.f_unaccent(??)) public.gin_trgm_ops)`, [
      index,
      table,
      column,
    ]);
  }
}

const foldedIndexes = [
  ['companies_name_folded_trgm_idx', 'companies', 'name'],
  ['provider_organisations_legal_name_folded_trgm_idx', 'provider_organisations', 'legal_name'],
  ['provider_organisations_municipality_folded_trgm_idx', 'provider_organisations', 'municipality'],
  ['departments_name_folded_trgm_idx', 'departments', 'name'],
  ['establishments_municipality_folded_trgm_idx', 'establishments', 'municipality'],
] as const;

export async function down(knex: Knex): Promise<void> {
  for (const [index] of foldedIndexes) await knex.raw('drop index ??', [index]);
  await knex.raw('drop function public.f_unaccent(text)');
  await knex.raw('drop extension if exists unaccent');
}
