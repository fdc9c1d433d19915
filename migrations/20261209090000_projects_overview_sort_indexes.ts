import type { Knex } from 'knex';

/**
 * Every view of the providers' overview as fast as the default one (issue 22;
 * the plans are in docs/PERFORMANCE.md).
 *
 * - `projects.company_name_folded`: the company's name as the overview
 *   filters and sorts it (accents removed, lower case, as `foldedColumn` in
 *   src/db/name-search.ts writes it). Copied from `companies` by a trigger
 *   when a project is written, and rewritten on every project of a company
 *   whose name changes, so it cannot drift. With it the company filter and
 *   the company sort read the projects' own indexes: no join, and no folding
 *   of 20,000 names per search (the trigram index on companies found them,
 *   but rechecking each one through unaccent cost 60 ms).
 * - The covering index of the overview carries it too, so "company contains …"
 *   is checked on the index entries of the provider's period alone.
 * - One index per other sort column, (provider, column, id) with the period's
 *   date and the department alongside: the page's ids are read from it in
 *   order, the first 50 that fall in the period, instead of sorting all of a
 *   large provider's projects for every page.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table projects add column company_name_folded text');
  await knex.raw(`
    update projects pr set company_name_folded = lower(public.f_unaccent(c.name))
      from companies c where c.id = pr.company_id`);
  await knex.raw('alter table projects alter column company_name_folded set not null');
  await knex.raw(`
    create function projects_copy_company_name() returns trigger
      language plpgsql as $$
      begin
        new.company_name_folded := (select lower(public.f_unaccent(c.name)) from companies c where c.id = new.company_id);
        return new;
      end $$`);
  await knex.raw(`
    create trigger projects_company_name_folded
      before insert or update of company_id on projects
      for each row execute function projects_copy_company_name()`);
  await knex.raw(`
    create function companies_rename_in_projects() returns trigger
      language plpgsql as $$
      begin
        update projects set company_name_folded = lower(public.f_unaccent(new.name)) where company_id = new.id;
        return null;
      end $$`);
  await knex.raw(`
    create trigger companies_name_in_projects
      after update of name on companies
      for each row when (old.name is distinct from new.name)
      execute function companies_rename_in_projects()`);

  await knex.raw('drop index projects_provider_list_idx');
  await knex.raw(`
    create index projects_provider_list_idx on projects (provider_id, application_date desc, id desc)
      include (company_id, project_amount_cents, project_number, service, status, verified, company_name_folded)`);
  for (const [index, column] of sortIndexes) {
    await knex.raw(
      `create index ?? on projects (provider_id, ??, id) include (application_date, department_id)`,
      [index, column],
    );
  }
}

const sortIndexes = [
  ['projects_provider_number_idx', 'project_number'],
  ['projects_provider_company_idx', 'company_name_folded'],
  ['projects_provider_amount_idx', 'project_amount_cents'],
  ['projects_provider_service_idx', 'service'],
  ['projects_provider_status_idx', 'status'],
  ['projects_provider_verified_idx', 'verified'],
] as const;

export async function down(knex: Knex): Promise<void> {
  for (const [index] of sortIndexes) await knex.raw('drop index ??', [index]);
  await knex.raw('drop index projects_provider_list_idx');
  await knex.raw(`
    create index projects_provider_list_idx on projects (provider_id, application_date desc, id desc)
      include (company_id, project_amount_cents, project_number, service, status, verified)`);
  await knex.raw('drop trigger companies_name_in_projects on companies');
  await knex.raw('drop function companies_rename_in_projects()');
  await knex.raw('drop trigger projects_company_name_folded on projects');
  await knex.raw('drop function projects_copy_company_name()');
  await knex.raw('alter table projects drop column company_name_folded');
}
