import type { Knex } from 'knex';

/**
 * Indexes for the providers' projects overview and its CSV export on a large
 * table (issue 5; the measurements are in docs/PERFORMANCE.md).
 *
 * - The overview's key (provider, newest first) again, now carrying the
 *   columns the list shows. A large provider's projects lie scattered among
 *   everyone else's, so reading them from the table costs a page per project;
 *   with this index the page, a sort on another column (amount, status …), the
 *   count with a company filter and the export read the index alone. The
 *   narrow projects_provider_date_idx stays: the plain count of the default
 *   view reads it in half the time.
 * - A trigram index on the company name serves "company contains …"
 *   (`ilike '%…%'`), which no b-tree index can. pg_trgm ships with PostgreSQL
 *   (also in the embedded server and the postgres:17 image) and is a trusted
 *   extension: the database's owner may create it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create index projects_provider_list_idx on projects (provider_id, application_date desc, id desc)
      include (company_id, project_amount_cents, project_number, service, status, verified)`);
  await knex.raw('create extension if not exists pg_trgm');
  await knex.raw('create index companies_name_trgm_idx on companies using gin (name gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index companies_name_trgm_idx');
  await knex.raw('drop extension if exists pg_trgm');
  await knex.raw('drop index projects_provider_list_idx');
}
