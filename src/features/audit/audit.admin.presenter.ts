import type { AuditChainResult } from '../../db/audit-chain.js';
import { describeAuditChain } from '../../db/audit-chain.js';
import { formatDate, formatDateTimeInBrussels, isIsoDate } from '../../domain/dates.js';
import { formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { registrationStatusLabels } from '../../domain/registration-status.js';
import { paths } from '../../paths.js';
import {
  formatRuleParameterValue,
  isRuleParameterKey,
  ruleParameterLabels,
} from '../../domain/rule-parameters.js';
import type { AuditFilterChoices } from './audit.admin.filters.js';
import type { AuditListRow } from './audit.admin.queries.js';

/** The kinds of object in Dutch; a type without a label shows its code. */
const entityTypeLabels: Record<string, string> = {
  api_token: 'API-token',
  bank_movement: 'Bankbeweging',
  bank_statement: 'Rekeninguittreksel',
  bank_statement_import: 'Inlezing van rekeninguittreksels',
  payout_batch: 'Uitbetalingsbatch',
  company: 'Onderneming',
  department: 'Departement',
  establishment: 'Vestiging',
  mail: 'Mail',
  person: 'Persoon',
  project: 'Project',
  project_report: 'Melding',
  provider_account: 'Login dienstverlener',
  provider_organisation: 'Dienstverlener',
  registration: 'Registratie',
  rule_parameter: 'Regel',
};

/** The actions in Dutch; an action without a label shows its code. */
const actionLabels: Record<string, string> = {
  'api_token.created': 'API-token aangemaakt',
  'api_token.revoked': 'API-token ingetrokken',
  'api_token.read': 'Aanvraag via de API',
  'bank_movement.book_anyway': 'Storting toch geboekt',
  'bank_movement.confirm_refund': 'Terugstorting bevestigd',
  'bank_movement.handle_manually': 'Storting handmatig afgehandeld',
  'bank_statement.import': 'Rekeninguittreksel ingelezen',
  'bank_statement_import.retry': 'Mislukte inlezing opnieuw gestart',
  'payout_batch.create': 'Uitbetalingsbatch aangemaakt',
  'payout_batch.execute': 'Uitbetalingsbatch als uitgevoerd gemarkeerd',
  'company.complete_details': 'Ondernemingsgegevens aangevuld',
  'company.confirm_size': 'Grootte bevestigd',
  'department.create': 'Departement toegevoegd',
  'department.update': 'Departement gewijzigd',
  'department.delete': 'Departement verwijderd',
  'department.invite': 'Uitnodiging voor een departement verstuurd',
  'department.invitation_revoke': 'Uitnodiging voor een departement ingetrokken',
  'department.invitation_accept': 'Uitnodiging voor een departement aanvaard',
  'department.member_remove': 'Lid van een departement verwijderd',
  'establishment.create': 'Vestiging toegevoegd',
  'establishment.update': 'Vestiging gewijzigd',
  'mail.resend': 'Mail opnieuw verstuurd',
  'person.sign_in': 'Aangemeld',
  'project.apply': 'Project aangevraagd',
  'project.annul': 'Project geannuleerd door de dienstverlener',
  'project.cancel': 'Project geannuleerd door de onderneming',
  'project.complete': 'Project afgewerkt',
  'project.confirm_stop': 'Stopzetting bevestigd',
  'project.lapse': 'Project vervallen',
  'project.pay_provider': 'Dienstverlener betaald',
  'project.receive_deposit': 'Storting ontvangen',
  'project.refuse_stop': 'Stopzetting geweigerd',
  'project.report': 'Melding gedaan',
  'project.request_stop': 'Stopzetting aangevraagd',
  'project.verify': 'Verificatie gewijzigd',
  'project_report.add_note': 'Notitie bij een melding',
  'project_report.close': 'Melding afgesloten',
  'provider_account.change_login': 'Login gewijzigd',
  'provider_account.request_login_reset': 'Login vergeten: link verstuurd',
  'provider_account.reset_login': 'Login vergeten: nieuw wachtwoord gekozen',
  'provider_organisation.sign_up': 'Dienstverlener ingeschreven',
  'provider_organisation.update': 'Gegevens dienstverlener gewijzigd',
  'registration.approve': 'Registratie goedgekeurd',
  'registration.exclude': 'Registratie uitgesloten',
  'registration.expire': 'Registratie verlopen',
  'registration.lift_suspension': 'Schorsing opgeheven',
  'registration.record_declaration': 'Ontvangst verklaring op eer geregistreerd',
  'registration.refuse': 'Registratie geweigerd',
  'registration.renew': 'Registratie verlengd',
  'registration.request': 'Registratie aangevraagd',
  'registration.request_renewal': 'Verlenging aangevraagd',
  'registration.request_reregistration': 'Herregistratie aangevraagd',
  'registration.stop': 'Registratie gestopt',
  'registration.suspend': 'Registratie geschorst',
  'registration.upload_audit_report': 'Auditrapport opgeladen',
  'registration.upload_declaration': 'Ondertekende verklaring op eer opgeladen',
  'registration.withdraw': 'Aanvraag ingetrokken',
  'rule_parameter.add': 'Nieuwe waarde van een regel',
};

/** The fields of the details in Dutch; a field without a label shows its key. */
const fieldLabels: Record<string, string> = {
  accountId: 'Login-id',
  amountCents: 'Bedrag',
  auditReportDocumentId: 'Auditrapport (document-id)',
  balanceCents: 'Saldo',
  basis: 'Basis',
  bic: 'BIC',
  box: 'Bus',
  capacities: 'Hoedanigheden',
  ceilingFreed: 'Steunplafond opnieuw vrij',
  ceilingUsedBeforeCents: 'Plafond al gebruikt',
  closingNote: 'Slotnotitie',
  contactEmail: 'E-mailadres contact',
  declarationDocumentId: 'Ondertekende verklaring op eer (document-id)',
  declarationReceivedOn: 'Verklaring op eer ontvangen op',
  departmentId: 'Departement-id',
  documentId: 'Document-id',
  employeesFte: 'Werknemers (VTE)',
  enterpriseNumber: 'Ondernemingsnummer',
  expiresOn: 'Vervaldatum',
  filename: 'Bestandsnaam',
  houseNumber: 'Huisnummer',
  iban: 'IBAN',
  key: 'Regel',
  invoiceDate: 'Factuurdatum',
  invoiceNumber: 'Factuurnummer',
  ledgerEntryId: 'Boeking-id',
  legalName: 'Naam',
  login: 'Login',
  method: 'Methode',
  municipality: 'Gemeente',
  name: 'Naam',
  newValue: 'Nieuwe waarde',
  path: 'Pad',
  note: 'Toelichting',
  noteId: 'Notitie-id',
  naceCode: 'NACE-code',
  oldValue: 'Oude waarde',
  ownContributionCents: 'Eigen bijdrage',
  password: 'Wachtwoord',
  postcode: 'Postcode',
  projectAmountCents: 'Projectbedrag',
  projectId: 'Project-id',
  projectNumber: 'Projectnummer',
  rateBp: 'Steunpercentage (basispunten)',
  reason: 'Reden',
  refundCents: 'Terugbetaling eigen bijdrage',
  registration: 'Registratie',
  reportId: 'Melding-id',
  service: 'Dienst',
  sizeBytes: 'Grootte (bytes)',
  size: 'Grootte',
  status: 'Status',
  tokenName: 'Naam van het token',
  stoppedOn: 'Datum stopzetting',
  street: 'Straat',
  subsidyCents: 'Subsidie',
  subsidyReturnCents: 'Subsidie terug naar de overheid',
  text: 'Tekst',
  turnoverCents: 'Omzet',
  validFrom: 'Geldig vanaf',
  verified: 'Geverifieerd',
  year: 'Jaar',
};

/** What the services write under `password` instead of one; anything else under a secret's name is hidden. */
const passwordMarkers = new Set(['gewijzigd', 'eenmalig']);
const SECRET_KEY = /pass(word)?|wachtwoord|hash|secret|token|otp/i;
const HIDDEN = '(niet getoond)';

export function entityTypeLabel(type: string): string {
  return entityTypeLabels[type] ?? type;
}

export function actionLabel(action: string): string {
  return actionLabels[action] ?? action;
}

/** The agency page of an object, where there is one. */
export function entityHref(
  row: Pick<AuditListRow, 'entityType' | 'entityId' | 'projectNumber'>,
): string | undefined {
  const { entityType: type, entityId: id } = row;
  if (!/^[1-9][0-9]*$/.test(id)) return undefined;
  if (type === 'project') return row.projectNumber ? paths.admin.project(row.projectNumber) : undefined;
  if (type === 'registration') return paths.admin.registration(id);
  if (type === 'mail') return paths.admin.mail(id);
  if (type === 'project_report') return paths.admin.report(id);
  if (type === 'bank_movement') return paths.admin.depositException(id);
  if (type === 'bank_statement') return paths.admin.depositStatement(id);
  if (type === 'bank_statement_import') return paths.admin.depositImport(id);
  if (type === 'payout_batch') return paths.admin.payoutBatch(id);
  return undefined;
}

function statusText(entityType: string, value: string): string {
  if (entityType === 'registration' && value in registrationStatusLabels) {
    return `${registrationStatusLabels[value as keyof typeof registrationStatusLabels]} (${value})`;
  }
  if (entityType === 'project' && value in projectStatusLabels) {
    return projectStatusLabels[value as keyof typeof projectStatusLabels];
  }
  return value;
}

/** One value of the details as a reader wants it: euro for cents, dd/mm/jjjj for a date, ja/nee. */
function valueText(key: string, value: unknown, entityType: string): string {
  if (value === null || value === undefined || value === '') return '(leeg)';
  if (
    SECRET_KEY.test(key) &&
    !(key === 'password' && typeof value === 'string' && passwordMarkers.has(value))
  ) {
    return HIDDEN;
  }
  if (typeof value === 'boolean') return value ? 'ja' : 'nee';
  if (typeof value === 'number') {
    return key.endsWith('Cents') && Number.isSafeInteger(value) ? formatEuro(value) : String(value);
  }
  if (typeof value === 'string') {
    if (key === 'status') return statusText(entityType, value);
    return isIsoDate(value) ? formatDate(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => valueText(key, item, entityType)).join(', ');
  return Object.entries(value as Record<string, unknown>)
    .map(
      ([inner, innerValue]) => `${fieldLabels[inner] ?? inner}: ${valueText(inner, innerValue, entityType)}`,
    )
    .join('; ');
}

function isChange(value: unknown): value is { old: unknown; new: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 2 && keys.includes('old') && keys.includes('new');
}

/**
 * The details of an audit row as readable lines: `Postcode: 1000 → 1210` for a
 * change (see field-changes.ts), `Reden: …` for a fact. Secrets are never shown.
 */
export function detailLines(details: Record<string, unknown>, entityType: string): string[] {
  const rule = typeof details.key === 'string' && isRuleParameterKey(details.key) ? details.key : undefined;
  return Object.entries(details).map(([key, value]) => {
    const label = fieldLabels[key] ?? key;
    // A rule's values are in its own unit (basis points, cents, days, …): show them as the rules page does.
    if (rule && key === 'key') return `${label}: ${ruleParameterLabels[rule]}`;
    if (rule && (key === 'oldValue' || key === 'newValue') && typeof value === 'number') {
      return `${label}: ${formatRuleParameterValue(rule, value)}`;
    }
    if (isChange(value)) {
      return `${label}: ${valueText(key, value.old, entityType)} → ${valueText(key, value.new, entityType)}`;
    }
    return `${label}: ${valueText(key, value, entityType)}`;
  });
}

export const auditColumns = [
  { key: 'occurredAt', label: 'Wanneer' },
  { key: 'actor', label: 'Wie' },
  { key: 'action', label: 'Actie', rowHeader: true },
  { key: 'object', label: 'Object' },
  { key: 'details', label: 'Gegevens' },
] as const;

export function presentAuditRows(rows: AuditListRow[]) {
  return rows.map((row) => {
    const href = entityHref(row);
    return {
      cells: {
        occurredAt: formatDateTimeInBrussels(row.occurredAt),
        actor: row.actorLabel,
        action: actionLabel(row.action),
        object: `${entityTypeLabel(row.entityType)} ${row.entityId}`,
        details: detailLines(row.details, row.entityType),
      },
      links: href ? { object: href } : {},
    };
  });
}

export function entityTypeFilterItems(choices: AuditFilterChoices) {
  return choices.entityTypes.map((type) => ({ value: type, label: entityTypeLabel(type) }));
}

export function actionFilterItems(choices: AuditFilterChoices) {
  return choices.actions
    .map((action) => ({
      value: action,
      label: actionLabel(action) === action ? action : `${actionLabel(action)} (${action})`,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'nl'));
}

/** The chain check's result as the page shows it: a success note, or an alert when a link is broken. */
export function presentChainResult(result: AuditChainResult) {
  return {
    label: result.ok ? 'Keten intact' : 'Keten gebroken',
    tone: result.ok ? ('success' as const) : ('warning' as const),
    role: result.ok ? ('status' as const) : ('alert' as const),
    text: describeAuditChain(result),
    lastHash: result.ok ? result.lastHash : undefined,
  };
}

/** `1 auditrij`, `55 auditrijen`: how many rows the filters found. */
export function auditRowCountText(total: number): string {
  return total === 1 ? '1 auditrij' : `${total} auditrijen`;
}
