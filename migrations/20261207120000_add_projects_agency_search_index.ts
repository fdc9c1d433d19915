import type { Knex } from 'knex';

/**
 * The agency's project search (/beheer/projecten) lists every project, newest
 * application first, 50 a page, and filters on the application date. Without
 * this index each page sorts the whole table; with it the first page reads 50
 * index entries, and a date range reads only its own part.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index projects_application_date_idx on projects (application_date desc, id desc)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index projects_application_date_idx');
}
