import type { Knex } from 'knex';

/**
 * The agency adds rule values from the portal: each row records who added it
 * (the reference data of the decrees has no author). The registration's
 * validity becomes a dated rule like the others, with the value it has had
 * since the 2016 decree: 5 years, 2 for a conditional registration.
 * Self-contained on purpose: a migration inserts the same rows forever.
 */

const DECREE_2016_REGISTRATION =
  'Besluit van de Vlaamse Regering van 26 februari 2016 (kmo-portefeuille), van kracht op 1 april 2016: ' +
  'een dienstverlener wordt geregistreerd voor 5 jaar; een startende dienstverlener zonder voorgeschiedenis ' +
  'voorwaardelijk voor 2 jaar, waarna het auditbureau over de verlenging beslist.';

/** [key, valid_from, value, note]; exported for the unit tests that read the reference data. */
export const registrationValidityParameters: readonly [string, string, number, string][] = [
  ['registration_validity_years', '2016-04-01', 5, DECREE_2016_REGISTRATION],
  ['conditional_registration_validity_years', '2016-04-01', 2, DECREE_2016_REGISTRATION],
];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rule_parameters', (table) => {
    // The agency staff member's person id and name at the time; null for the reference data.
    table.integer('created_by_id');
    table.text('created_by_label');
  });
  await knex('rule_parameters').insert(
    registrationValidityParameters.map(([key, validFrom, value, note]) => ({
      key,
      valid_from: validFrom,
      value,
      note,
    })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('rule_parameters')
    .whereIn(
      'key',
      registrationValidityParameters.map(([key]) => key),
    )
    .delete();
  await knex.schema.alterTable('rule_parameters', (table) => {
    table.dropColumn('created_by_label');
    table.dropColumn('created_by_id');
  });
}
