import type { Knex } from 'knex';

/**
 * Audit actions follow one convention from here on: `<entity type>.<verb>` in
 * English snake_case. Rows written before keep their meaning under the new name.
 */
const renamed: Record<string, string> = {
  'aanmelden-saml': 'person.sign_in',
  'login-wijzigen': 'provider_account.change_login',
  'login-vergeten': 'provider_account.reset_login',
  'vestiging-toevoegen': 'establishment.create',
  'vestiging-wijzigen': 'establishment.update',
  'project.verified': 'project.verify',
  'gegevens-wijzigen': 'provider_organisation.update',
  'aanmelden-dienstverlener': 'provider_organisation.sign_up',
  'departement-toevoegen': 'department.create',
  'grootte-bevestigen': 'company.confirm_size',
  'ondernemingsgegevens-aanvullen': 'company.complete_details',
};

export async function up(knex: Knex): Promise<void> {
  for (const [oldName, newName] of Object.entries(renamed)) {
    await knex('audit_log').where({ action: oldName }).update({ action: newName });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const [oldName, newName] of Object.entries(renamed)) {
    await knex('audit_log').where({ action: newName }).update({ action: oldName });
  }
}
