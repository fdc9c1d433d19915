import type { Knex } from 'knex';
import * as createProviderTables from './20261123100000_create_provider_tables.js';
import * as createPeopleAndCompanies from './20261123100100_create_people_and_companies.js';
import * as createRegistrationTables from './20261123100200_create_registration_tables.js';
import * as createProjectTables from './20261123100300_create_project_tables.js';
import * as createSystemTables from './20261123100400_create_system_tables.js';
import * as insertReferenceData from './20261123100500_insert_reference_data.js';
import * as createRateLimits from './20261123110000_create_rate_limits.js';
import * as createWizardDrafts from './20261123120000_create_wizard_drafts.js';
import * as createProjectReports from './20261123130000_create_project_reports.js';
import * as addProjectsOverviewIndexes from './20261123140000_add_projects_overview_indexes.js';
import * as createApplicationNumbering from './20261123150000_create_application_numbering.js';
import * as createDeadlineReminders from './20261123160000_create_deadline_reminders.js';
import * as renameAuditActions from './20261206100000_rename_audit_actions.js';
import * as createProjectReportNotes from './20261207110000_create_project_report_notes.js';
import * as addProjectsAgencySearchIndex from './20261207120000_add_projects_agency_search_index.js';
import * as addRuleParameterAuthors from './20261207130000_add_rule_parameter_authors.js';
import * as chainAuditLog from './20261207140000_chain_audit_log.js';
import * as addRegistrationFile from './20261207150000_add_registration_file.js';
import * as createPayouts from './20261207210000_create_payouts.js';
import * as createBankStatements from './20261207220000_create_bank_statements.js';
import * as allowManualResolution from './20261207230000_allow_manual_resolution.js';
import * as createBankStatementImports from './20261208010000_create_bank_statement_imports.js';
import * as hardenSamlRequests from './20261208020000_harden_saml_requests.js';
import * as createProviderLoginResets from './20261208030000_create_provider_login_resets.js';
import * as createDepartmentInvitations from './20261208040000_create_department_invitations.js';
import * as addRenewalReminders from './20261208060000_add_renewal_reminders.js';
import * as foldNamesForSearch from './20261208080000_fold_names_for_search.js';
import * as uniqueEstablishmentAddress from './20261208090000_unique_establishment_address.js';
import * as addSizeFiguresAcknowledged from './20261208091700_add_size_figures_acknowledged.js';
import * as projectsOverviewSortIndexes from './20261209090000_projects_overview_sort_indexes.js';
import * as createApiTokens from './20261209100000_create_api_tokens.js';
import * as createSearchWords from './20261209110000_create_search_words.js';
import * as chainAuditLogAtCommit from './20261209120000_chain_audit_log_at_commit.js';
import * as countProjectsPerProviderYear from './20261210090000_count_projects_per_provider_year.js';

/**
 * Every migration, in order. knex cannot discover .ts files under vitest, so
 * they are listed here; a new migration is added at the end, a landed one is
 * never edited.
 */
const migrations: Record<string, Knex.Migration> = {
  '20261123100000_create_provider_tables': createProviderTables,
  '20261123100100_create_people_and_companies': createPeopleAndCompanies,
  '20261123100200_create_registration_tables': createRegistrationTables,
  '20261123100300_create_project_tables': createProjectTables,
  '20261123100400_create_system_tables': createSystemTables,
  '20261123100500_insert_reference_data': insertReferenceData,
  '20261123110000_create_rate_limits': createRateLimits,
  '20261123120000_create_wizard_drafts': createWizardDrafts,
  '20261123130000_create_project_reports': createProjectReports,
  '20261123140000_add_projects_overview_indexes': addProjectsOverviewIndexes,
  '20261123150000_create_application_numbering': createApplicationNumbering,
  '20261123160000_create_deadline_reminders': createDeadlineReminders,
  '20261206100000_rename_audit_actions': renameAuditActions,
  '20261207110000_create_project_report_notes': createProjectReportNotes,
  '20261207120000_add_projects_agency_search_index': addProjectsAgencySearchIndex,
  '20261207130000_add_rule_parameter_authors': addRuleParameterAuthors,
  '20261207140000_chain_audit_log': chainAuditLog,
  '20261207150000_add_registration_file': addRegistrationFile,
  '20261207210000_create_payouts': createPayouts,
  '20261207220000_create_bank_statements': createBankStatements,
  '20261207230000_allow_manual_resolution': allowManualResolution,
  '20261208010000_create_bank_statement_imports': createBankStatementImports,
  '20261208020000_harden_saml_requests': hardenSamlRequests,
  '20261208030000_create_provider_login_resets': createProviderLoginResets,
  '20261208040000_create_department_invitations': createDepartmentInvitations,
  '20261208060000_add_renewal_reminders': addRenewalReminders,
  '20261208080000_fold_names_for_search': foldNamesForSearch,
  '20261208090000_unique_establishment_address': uniqueEstablishmentAddress,
  '20261208091700_add_size_figures_acknowledged': addSizeFiguresAcknowledged,
  '20261209090000_projects_overview_sort_indexes': projectsOverviewSortIndexes,
  '20261209100000_create_api_tokens': createApiTokens,
  '20261209110000_create_search_words': createSearchWords,
  '20261209120000_chain_audit_log_at_commit': chainAuditLogAtCommit,
  '20261210090000_count_projects_per_provider_year': countProjectsPerProviderYear,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(Object.keys(migrations)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const migration = migrations[name];
    return migration ? Promise.resolve(migration) : Promise.reject(new Error(`Unknown migration ${name}`));
  },
};
