import type { Knex } from 'knex';

/**
 * A confirmed size that the company's own figures contradict (300 FTE on
 * "klein") is flagged and must be confirmed again, against those figures
 * (domain/company-size.ts). The figures the company saw when it confirmed
 * anyway are kept here; when a figure changes afterwards, it confirms again.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('company_size_confirmations', (table) => {
    table.text('figures_acknowledged');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('company_size_confirmations', (table) => {
    table.dropColumn('figures_acknowledged');
  });
}
