import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../src/auth/password.js';
import { addDays, isIsoDate, yearOf, type IsoDate } from '../src/domain/dates.js';
import type { RuleParameterRow } from '../src/domain/rule-parameters.js';
import { documentHeader, fieldLines, renderPdf } from '../src/infra/pdf/pdf.js';
import {
  DEMO_AGENCY_STAFF,
  DEMO_DEPARTMENT_USER,
  DEMO_ENTREPRENEUR,
  DEMO_NEW_ENTREPRENEUR,
  type DemoPerson,
} from './demo-people.js';
import {
  buildDemoPlan,
  type DemoActor,
  type DemoCompanyKey,
  type DemoUnitKey,
  type PlannedProject,
} from './demo-plan.js';

/**
 * Demo data for development (DESIGN.md "Demo data"): the provider
 * "Dienstverlener kmo-portefeuille" with its head office, establishment, two
 * departments and registrations, a second provider, the demo persons, two
 * companies and a few hundred projects in every status around `today`.
 * Seeds an empty database only; everything goes in one transaction.
 */

export const DEMO_PROVIDER = {
  legalName: 'Dienstverlener kmo-portefeuille',
  enterpriseNumber: '0123456749',
  login: '0123456749',
  password: 'kmo-demo-2026',
  trainingRegistrationNumber: 'DV.O218724',
  trainingDepartmentName: 'Departement Opleidingen',
  trainingDepartmentRegistrationNumber: 'DV.O218721',
  adviceDepartmentName: 'Departement Advies',
  adviceDepartmentRegistrationNumber: 'DV.A218723',
} as const;

/** A second provider, so that every provider-scoped query has something to leave out. */
export const DEMO_SECOND_PROVIDER = {
  legalName: 'Opleidingscentrum Leiestreek',
  enterpriseNumber: '0456789034',
  login: '0456789034',
  password: 'kmo-demo-2026',
  trainingRegistrationNumber: 'DV.O207315',
} as const;

export const DEMO_COMPANIES = {
  small: { name: 'Testonderneming_A en B', enterpriseNumber: '0765432146', size: 'klein' },
  medium: { name: 'Testonderneming_C', enterpriseNumber: '0876543270', size: 'middelgroot' },
} as const;

/**
 * A company new to the portal, represented by DEMO_NEW_ENTREPRENEUR: no size
 * confirmation, and no bank account, turnover or main activity yet. Its
 * proposed size follows from its staff and balance total.
 */
export const DEMO_ONBOARDING_COMPANY = {
  name: 'Vermeulen Interieur',
  enterpriseNumber: '0791827331',
  proposedSize: 'klein',
  employeesFte: 6.5,
  balanceTotalCents: 48_000_000,
} as const;

/** Serialises concurrent seeders (several app processes starting on one empty database). */
const SEED_LOCK = 4_816_202_611;
const CHUNK = 500;

/**
 * `hashPassword` hashes the demo passwords; the portal's own (argon2id at production cost) unless
 * the caller brings another: the test suite's template uses a cheap one of its own.
 */
export async function seedDemoData(
  db: Knex,
  options: { today: string; hashPassword?: (password: string) => Promise<string> },
): Promise<boolean> {
  const { today, hashPassword: hash = hashPassword } = options;
  if (!isIsoDate(today)) throw new RangeError(`today must be a date YYYY-MM-DD, got "${today}"`);
  if (await hasProviders(db)) return false;

  const rules = (await db('rule_parameters').select('key', 'valid_from', 'value')).map(toRuleRow);
  const plan = buildDemoPlan(today, rules);
  const [demoHash, secondHash] = await Promise.all([
    hash(DEMO_PROVIDER.password),
    hash(DEMO_SECOND_PROVIDER.password),
  ]);

  return db.transaction(async (trx) => {
    await trx.raw('select pg_advisory_xact_lock(?)', [SEED_LOCK]);
    if (await hasProviders(trx)) return false;
    await insertDemoData(trx, today, plan.projects, { demoHash, secondHash });
    return true;
  });
}

async function hasProviders(db: Knex): Promise<boolean> {
  return (await db('provider_organisations').first('id')) !== undefined;
}

function toRuleRow(row: {
  key: string;
  valid_from: string | Date;
  value: number | string;
}): RuleParameterRow {
  const validFrom =
    typeof row.valid_from === 'string'
      ? row.valid_from
      : `${row.valid_from.getFullYear()}-${String(row.valid_from.getMonth() + 1).padStart(2, '0')}-${String(row.valid_from.getDate()).padStart(2, '0')}`;
  return { key: row.key, valid_from: validFrom, value: Number(row.value) };
}

async function insertRows(trx: Knex.Transaction, table: string, rows: object[]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await trx(table).insert(rows.slice(start, start + CHUNK));
  }
}

async function insertOne(trx: Knex.Transaction, table: string, row: object): Promise<number> {
  const [inserted] = await trx(table).insert(row).returning<{ id: number }[]>('id');
  if (!inserted) throw new Error(`insert into ${table} returned nothing`);
  return inserted.id;
}

async function insertDemoData(
  trx: Knex.Transaction,
  today: IsoDate,
  projects: PlannedProject[],
  hashes: { demoHash: string; secondHash: string },
): Promise<void> {
  const year = yearOf(today);
  // Registrations valid for five years that cover today and every demo project (back to year − 3).
  const validFrom = `${year - 4}-09-01`;
  const validUntil = `${year + 1}-08-31`;

  // --- Providers -----------------------------------------------------------
  const demoProviderId = await insertOne(trx, 'provider_organisations', {
    enterprise_number: DEMO_PROVIDER.enterpriseNumber,
    legal_name: DEMO_PROVIDER.legalName,
    legal_form: 'BV',
    street: 'Kunstlaan',
    house_number: '56',
    box: null,
    postcode: '1000',
    municipality: 'Brussel',
    contact_name: 'Katrien Wouters',
    contact_email: 'info@dienstverlener-kmo.test',
    contact_phone: '+32 2 123 45 67',
    iban: 'BE71096123456769',
    bic: 'GKCCBEBB',
    presentation:
      'Wij begeleiden kmo’s in Vlaanderen met praktijkgerichte opleidingen en adviestrajecten: ' +
      'digitalisering en cybersecurity, HR, energie, marketing, administratie en strategie.',
    expertise: ['it', 'hr', 'energie', 'marketing', 'administratie', 'strategie'],
  });
  const secondProviderId = await insertOne(trx, 'provider_organisations', {
    enterprise_number: DEMO_SECOND_PROVIDER.enterpriseNumber,
    legal_name: DEMO_SECOND_PROVIDER.legalName,
    legal_form: 'BV',
    street: 'Doorniksesteenweg',
    house_number: '214',
    box: null,
    postcode: '8500',
    municipality: 'Kortrijk',
    contact_name: 'Wim Vandenberghe',
    contact_email: 'info@leiestreek-opleidingen.test',
    contact_phone: '+32 56 12 34 56',
    iban: 'BE36734012345681',
    bic: 'KREDBEBB',
    presentation: 'Veiligheids- en logistieke opleidingen: VCA, ADR, heftruck, eerste hulp.',
    expertise: ['logistiek', 'productie', 'specifiek'],
  });
  await insertRows(trx, 'provider_accounts', [
    {
      provider_id: demoProviderId,
      login: DEMO_PROVIDER.login,
      password_hash: hashes.demoHash,
      must_change_password: false,
      password_changed_at: `${validFrom} 10:00:00 Europe/Brussels`,
    },
    {
      provider_id: secondProviderId,
      login: DEMO_SECOND_PROVIDER.login,
      password_hash: hashes.secondHash,
      must_change_password: false,
      password_changed_at: `${validFrom} 10:00:00 Europe/Brussels`,
    },
  ]);
  await insertRows(trx, 'establishments', [
    {
      provider_id: demoProviderId,
      postcode: '1030',
      municipality: 'Schaarbeek',
      street: 'Koning Albert II-Laan',
      house_number: '30',
      box: '12',
    },
    {
      provider_id: secondProviderId,
      postcode: '8500',
      municipality: 'Kortrijk',
      street: 'Doorniksesteenweg',
      house_number: '214',
      box: null,
    },
  ]);
  const trainingDepartmentId = await insertOne(trx, 'departments', {
    provider_id: demoProviderId,
    name: DEMO_PROVIDER.trainingDepartmentName,
    contact_email: 'opleidingen@dienstverlener-kmo.test',
  });
  const adviceDepartmentId = await insertOne(trx, 'departments', {
    provider_id: demoProviderId,
    name: DEMO_PROVIDER.adviceDepartmentName,
    contact_email: 'advies@dienstverlener-kmo.test',
  });

  // --- People ----------------------------------------------------------------
  const insertPerson = (person: DemoPerson) =>
    insertOne(trx, 'persons', {
      national_register_number: person.nationalRegisterNumber,
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
    });
  const departmentUserId = await insertPerson(DEMO_DEPARTMENT_USER);
  const entrepreneurId = await insertPerson(DEMO_ENTREPRENEUR);
  const agencyStaffId = await insertPerson(DEMO_AGENCY_STAFF);
  await trx('department_users').insert({
    person_id: departmentUserId,
    department_id: trainingDepartmentId,
    granted_at: `${validFrom} 11:00:00 Europe/Brussels`,
  });
  await trx('agency_staff').insert({ person_id: agencyStaffId, role: 'beheerder' });

  // --- Companies -------------------------------------------------------------
  const companyIds: Record<DemoCompanyKey, number> = {
    small: await insertOne(trx, 'companies', {
      enterprise_number: DEMO_COMPANIES.small.enterpriseNumber,
      name: DEMO_COMPANIES.small.name,
      legal_form: 'BV',
      street: 'Brusselsesteenweg',
      house_number: '412',
      box: null,
      postcode: '9050',
      municipality: 'Gentbrugge',
      iban: 'BE48001123456727',
      bic: 'GEBABEBB',
      nace_code: '43222',
      turnover_cents: 235_000_000,
      balance_total_cents: 112_000_000,
      employees_fte: 14.5,
      proposed_size: 'klein',
      email: 'boekhouding@testonderneming-ab.test',
    }),
    medium: await insertOne(trx, 'companies', {
      enterprise_number: DEMO_COMPANIES.medium.enterpriseNumber,
      name: DEMO_COMPANIES.medium.name,
      legal_form: 'NV',
      street: 'Noorderlaan',
      house_number: '118',
      box: 'A',
      postcode: '2030',
      municipality: 'Antwerpen',
      iban: 'BE56363123456788',
      bic: 'BBRUBEBB',
      nace_code: '25620',
      turnover_cents: 2_140_000_000,
      balance_total_cents: 1_280_000_000,
      employees_fte: 96,
      proposed_size: 'middelgroot',
      email: 'administratie@testonderneming-c.test',
    }),
  };
  const companyNace: Record<DemoCompanyKey, string> = { small: '43222', medium: '25620' };
  await insertRows(
    trx,
    'company_representatives',
    Object.values(companyIds).map((companyId) => ({ person_id: entrepreneurId, company_id: companyId })),
  );
  const sizeConfirmations: object[] = [];
  for (const key of ['small', 'medium'] as const) {
    for (let confirmedYear = year - 3; confirmedYear <= year; confirmedYear++) {
      const first = projects.find(
        (project) => project.company === key && yearOf(project.applicationDate) === confirmedYear,
      );
      const confirmedOn = first?.applicationDate ?? `${confirmedYear}-01-02`;
      sizeConfirmations.push({
        company_id: companyIds[key],
        year: confirmedYear,
        size: DEMO_COMPANIES[key].size,
        confirmed_by: entrepreneurId,
        confirmed_at: `${confirmedOn} 08:00:00 Europe/Brussels`,
        locked_at: first ? (first.history[0]?.at ?? null) : null,
      });
    }
  }
  await insertRows(trx, 'company_size_confirmations', sizeConfirmations);

  // A new company that goes through the onboarding first: nothing confirmed, data incomplete.
  const newEntrepreneurId = await insertPerson(DEMO_NEW_ENTREPRENEUR);
  const onboardingCompanyId = await insertOne(trx, 'companies', {
    enterprise_number: DEMO_ONBOARDING_COMPANY.enterpriseNumber,
    name: DEMO_ONBOARDING_COMPANY.name,
    legal_form: 'BV',
    street: 'Diestsestraat',
    house_number: '142',
    box: null,
    postcode: '3000',
    municipality: 'Leuven',
    iban: null,
    bic: null,
    nace_code: null,
    turnover_cents: null,
    balance_total_cents: DEMO_ONBOARDING_COMPANY.balanceTotalCents,
    employees_fte: DEMO_ONBOARDING_COMPANY.employeesFte,
    proposed_size: DEMO_ONBOARDING_COMPANY.proposedSize,
    email: 'info@vermeulen-interieur.test',
  });
  await trx('company_representatives').insert({
    person_id: newEntrepreneurId,
    company_id: onboardingCompanyId,
  });

  // --- Registrations -----------------------------------------------------------
  const requestedAt = `${addDays(validFrom, -41)} 14:20:00 Europe/Brussels`;
  const approvedAt = `${validFrom} 09:30:00 Europe/Brussels`;
  const agencyLabel = `${DEMO_AGENCY_STAFF.firstName} ${DEMO_AGENCY_STAFF.lastName} (VLAIO)`;
  // The file of an approved registration: the paper declaration received a few days after the
  // request, and the audit bureau's report (a small PDF) uploaded by staff.
  const declarationReceivedOn = addDays(validFrom, -36);
  const auditBureau = 'Auditbureau Kwaliteitsnorm bv';
  const auditReport = async (number: string) => {
    const pdf = await renderPdf({ title: `Auditrapport ${number}` }, (doc) => {
      documentHeader(doc, 'Auditrapport kmo-portefeuillenorm');
      fieldLines(doc, [
        ['Registratie', number],
        ['Auditbureau', auditBureau],
        ['Besluit', 'Conform de kmo-portefeuillenorm (demogegevens)'],
      ]);
    });
    return insertOne(trx, 'documents', {
      filename: `auditrapport-${number}.pdf`,
      content_type: 'application/pdf',
      size_bytes: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      content: pdf,
      uploaded_by_type: 'agency',
      uploaded_by_id: agencyStaffId,
      created_at: `${addDays(validFrom, -7)} 10:00:00 Europe/Brussels`,
    });
  };
  const approved = async (
    providerId: number,
    departmentId: number | null,
    service: 'opleiding' | 'advies',
    number: string,
  ) => ({
    provider_id: providerId,
    department_id: departmentId,
    service,
    basis: 'privaat',
    number,
    status: 'G',
    conditional: false,
    audit_bureau: auditBureau,
    valid_from: validFrom,
    valid_until: validUntil,
    requested_at: requestedAt,
    declaration_received_on: declarationReceivedOn,
    declaration_recorded_by: agencyLabel,
    declaration_recorded_at: `${declarationReceivedOn} 11:00:00 Europe/Brussels`,
    audit_report_document_id: await auditReport(number),
    audit_report_uploaded_by: agencyLabel,
    audit_report_uploaded_at: `${addDays(validFrom, -7)} 10:00:00 Europe/Brussels`,
  });
  const registrationIds: Record<DemoUnitKey, number> = {
    headOffice: await insertOne(
      trx,
      'registrations',
      await approved(demoProviderId, null, 'opleiding', DEMO_PROVIDER.trainingRegistrationNumber),
    ),
    trainingDepartment: await insertOne(
      trx,
      'registrations',
      await approved(
        demoProviderId,
        trainingDepartmentId,
        'opleiding',
        DEMO_PROVIDER.trainingDepartmentRegistrationNumber,
      ),
    ),
    adviceDepartment: await insertOne(
      trx,
      'registrations',
      await approved(
        demoProviderId,
        adviceDepartmentId,
        'advies',
        DEMO_PROVIDER.adviceDepartmentRegistrationNumber,
      ),
    ),
    secondProvider: await insertOne(
      trx,
      'registrations',
      await approved(secondProviderId, null, 'opleiding', DEMO_SECOND_PROVIDER.trainingRegistrationNumber),
    ),
  };
  const adviceRequestedAt = `${addDays(today, -12)} 10:05:00 Europe/Brussels`;
  const headOfficeAdviceId = await insertOne(trx, 'registrations', {
    provider_id: demoProviderId,
    department_id: null,
    service: 'advies',
    basis: 'privaat',
    number: null,
    status: 'A',
    requested_at: adviceRequestedAt,
    // Its file is incomplete: the paper declaration arrived, the audit report has not yet.
    declaration_received_on: addDays(today, -5),
    declaration_recorded_by: agencyLabel,
    declaration_recorded_at: `${addDays(today, -5)} 09:15:00 Europe/Brussels`,
  });
  const registrationHistory: object[] = [];
  for (const [unit, registrationId] of Object.entries(registrationIds) as [DemoUnitKey, number][]) {
    const provider = unit === 'secondProvider' ? secondProviderId : demoProviderId;
    const providerLabel =
      unit === 'secondProvider' ? DEMO_SECOND_PROVIDER.legalName : DEMO_PROVIDER.legalName;
    registrationHistory.push(
      {
        registration_id: registrationId,
        from_status: null,
        to_status: 'A',
        action: 'request',
        actor_type: 'provider',
        actor_id: provider,
        actor_label: providerLabel,
        created_at: requestedAt,
      },
      {
        registration_id: registrationId,
        from_status: 'A',
        to_status: 'G',
        action: 'approve',
        actor_type: 'agency_staff',
        actor_id: agencyStaffId,
        actor_label: agencyLabel,
        reason: 'Auditrapport ontvangen en in orde.',
        created_at: approvedAt,
      },
    );
  }
  registrationHistory.push({
    registration_id: headOfficeAdviceId,
    from_status: null,
    to_status: 'A',
    action: 'request',
    actor_type: 'provider',
    actor_id: demoProviderId,
    actor_label: DEMO_PROVIDER.legalName,
    created_at: adviceRequestedAt,
  });
  await insertRows(trx, 'registration_history', registrationHistory);

  // --- Projects ----------------------------------------------------------------
  const departmentIds: Record<DemoUnitKey, number | null> = {
    headOffice: null,
    trainingDepartment: trainingDepartmentId,
    adviceDepartment: adviceDepartmentId,
    secondProvider: null,
  };
  const projectIds = new Map<string, number>();
  for (let start = 0; start < projects.length; start += CHUNK) {
    const inserted: { id: number; project_number: string }[] = await trx('projects')
      .insert(
        projects.slice(start, start + CHUNK).map((project) => ({
          project_number: project.projectNumber,
          company_id: companyIds[project.company],
          provider_id: project.unit === 'secondProvider' ? secondProviderId : demoProviderId,
          department_id: departmentIds[project.unit],
          registration_id: registrationIds[project.unit],
          service: project.service,
          title: project.title,
          training_kind: project.trainingKind,
          subtheme: project.subtheme,
          nace_code: companyNace[project.company],
          company_size: project.companySize,
          hours: project.hours,
          participant_count: project.service === 'opleiding' ? project.participants.length : null,
          agreement_date: project.agreementDate,
          start_date: project.startDate,
          application_date: project.applicationDate,
          deposit_deadline: project.depositDeadline,
          registration_cost_cents: project.registrationCostCents,
          project_amount_cents: project.projectAmountCents,
          subsidy_cents: project.subsidyCents,
          own_contribution_cents: project.ownContributionCents,
          subsidy_rate_bp: project.subsidyRateBp,
          structured_communication: project.structuredCommunication,
          status: project.status,
          verified: project.verifiedAt !== null,
          verified_at: project.verifiedAt,
          created_at: project.createdAt,
          updated_at: project.updatedAt,
        })),
      )
      .returning(['id', 'project_number']);
    for (const row of inserted) projectIds.set(row.project_number, row.id);
  }
  const idOf = (project: PlannedProject) => {
    const id = projectIds.get(project.projectNumber);
    if (id === undefined) throw new Error(`project ${project.projectNumber} was not inserted`);
    return id;
  };

  await insertRows(
    trx,
    'project_participants',
    projects.flatMap((project) =>
      project.participants.map((participant, index) => ({
        project_id: idOf(project),
        position: index + 1,
        first_name: participant.firstName,
        last_name: participant.lastName,
      })),
    ),
  );

  // Proof documents of the stop requests, one small PDF each.
  const proofIds = new Map<string, number>();
  const proofs = projects.filter((project) => project.history.some((step) => step.withProof));
  for (let start = 0; start < proofs.length; start += CHUNK) {
    const inserted: { id: number; filename: string }[] = await trx('documents')
      .insert(
        proofs.slice(start, start + CHUNK).map((project) => {
          const content = proofPdf(project);
          return {
            filename: `bewijs-stopzetting-${project.projectNumber}.pdf`,
            content_type: 'application/pdf',
            size_bytes: content.length,
            sha256: createHash('sha256').update(content).digest('hex'),
            content,
            uploaded_by_type: project.unit === 'trainingDepartment' ? 'department_user' : 'provider',
            uploaded_by_id:
              project.unit === 'trainingDepartment'
                ? departmentUserId
                : project.unit === 'secondProvider'
                  ? secondProviderId
                  : demoProviderId,
            created_at: project.history.find((step) => step.withProof)?.at,
          };
        }),
      )
      .returning(['id', 'filename']);
    for (const row of inserted) proofIds.set(row.filename, row.id);
  }

  const actorOf = (project: PlannedProject, actor: DemoActor) => {
    const companyName = DEMO_COMPANIES[project.company].name;
    switch (actor) {
      case 'entrepreneur':
        return {
          actor_type: 'entrepreneur',
          actor_id: entrepreneurId,
          actor_label: `${DEMO_ENTREPRENEUR.firstName} ${DEMO_ENTREPRENEUR.lastName} (${companyName})`,
        };
      case 'provider':
        if (project.unit === 'trainingDepartment') {
          return {
            actor_type: 'department_user',
            actor_id: departmentUserId,
            actor_label: `${DEMO_DEPARTMENT_USER.firstName} ${DEMO_DEPARTMENT_USER.lastName} (${DEMO_PROVIDER.trainingDepartmentName})`,
          };
        }
        return project.unit === 'secondProvider'
          ? {
              actor_type: 'provider',
              actor_id: secondProviderId,
              actor_label: DEMO_SECOND_PROVIDER.legalName,
            }
          : { actor_type: 'provider', actor_id: demoProviderId, actor_label: DEMO_PROVIDER.legalName };
      case 'agency':
        return { actor_type: 'agency_staff', actor_id: agencyStaffId, actor_label: agencyLabel };
      case 'system':
        return { actor_type: 'system', actor_id: null, actor_label: 'Systeem' };
    }
  };

  await insertRows(
    trx,
    'project_history',
    projects.flatMap((project) =>
      project.history.map((step) => ({
        project_id: idOf(project),
        from_status: step.from,
        to_status: step.to,
        action: step.action,
        ...actorOf(project, step.actor),
        reason: step.reason,
        document_id: step.withProof
          ? (proofIds.get(`bewijs-stopzetting-${project.projectNumber}.pdf`) ?? null)
          : null,
        created_at: step.at,
      })),
    ),
  );

  await insertRows(
    trx,
    'ledger_entries',
    projects.flatMap((project) =>
      project.ledger.map((entry) => ({
        project_id: idOf(project),
        kind: entry.kind,
        amount_cents: entry.amountCents,
        booked_on: entry.bookedOn,
        reference: entry.reference,
        invoice_number: entry.invoiceNumber,
        invoice_date: entry.invoiceDate,
        created_at: entry.at,
      })),
    ),
  );

  // Two reports (meldingen) of the head office on finished projects: one the agency still
  // has to follow up, one it closed; the agency's list and the provider's page show both states.
  const finished = projects.filter(
    (project) => project.unit === 'headOffice' && project.status === 'Afgewerkt',
  );
  const [openReport, closedReport] = finished.slice(-2);
  const reportedAt = (project: PlannedProject) => project.history[project.history.length - 1]?.at ?? null;
  const headOfficeActor = {
    reported_by_type: 'provider',
    reported_by_id: demoProviderId,
    reported_by_label: DEMO_PROVIDER.legalName,
  };
  if (openReport) {
    await insertRows(trx, 'project_reports', [
      {
        project_id: idOf(openReport),
        reason:
          'De opleiding werd na twee van de vijf lesdagen stopgezet, maar de onderneming betaalde het volledige bedrag uit. Graag nazicht.',
        ...headOfficeActor,
        created_at: reportedAt(openReport),
      },
    ]);
  }
  if (closedReport) {
    await insertRows(trx, 'project_reports', [
      {
        project_id: idOf(closedReport),
        reason: 'Het aantal deelnemers op de aanvraag (4) klopt niet: er namen er 3 deel.',
        ...headOfficeActor,
        created_at: reportedAt(closedReport),
        handled_at: trx.raw("?::timestamptz + interval '3 days'", [reportedAt(closedReport)]),
        handled_by_id: agencyStaffId,
        handled_by_label: agencyLabel,
        closing_note:
          'Nagekeken: het projectbedrag hangt niet af van het aantal deelnemers. Er is geen terugvordering nodig.',
      },
    ]);
  }
}

/** A one-page PDF (PDF 1.4, Helvetica, WinAnsi) standing in for the proof a provider uploads with a stop request. */
function proofPdf(project: PlannedProject): Buffer {
  const lines = [
    'Bewijsstuk bij de aanvraag tot stopzetting',
    `Project ${project.projectNumber}: ${project.title}`,
    `Onderneming: ${DEMO_COMPANIES[project.company].name}`,
    `Reden: ${project.history.find((step) => step.withProof)?.reason ?? ''}`,
  ];
  const escape = (text: string) =>
    text.replace(/[\\()]/g, (character) => `\\${character}`).replace(/[’]/g, "'");
  const stream = [
    'BT',
    '/F1 12 Tf',
    '16 TL',
    '56 800 Td',
    ...lines.map((line) => `(${escape(line)}) '`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
