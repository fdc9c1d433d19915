import type { Knex } from 'knex';
import { expect } from 'vitest';
import { DEMO_ONBOARDING_COMPANY } from '../../../seeds/demo.js';
import { DEMO_NEW_ENTREPRENEUR } from '../../../seeds/demo-people.js';
import { yearOf } from '../../../src/domain/dates.js';
import type { TestApp } from '../../support/app.js';
import { csrfTokenOf, newAgent, signInWithSaml, type Agent } from '../../support/session.js';
import { TEST_TODAY } from '../../support/clock.js';

/** The calendar year the app confirms sizes for: the year of the test app's clock. */
export const thisYear = () => yearOf(TEST_TODAY);

export const sizePath = '/onderneming/grootte';
export const detailsPath = '/onderneming/gegevens';
export const applicationPath = '/onderneming/aanvraag';

export async function onboardingCompany(db: Knex) {
  const row = await db('companies')
    .where({ enterprise_number: DEMO_ONBOARDING_COMPANY.enterpriseNumber })
    .first();
  if (!row) throw new Error('the demo data has no onboarding company');
  return row;
}

export async function newEntrepreneurId(db: Knex): Promise<number> {
  const row = await db('persons')
    .where({ national_register_number: DEMO_NEW_ENTREPRENEUR.nationalRegisterNumber })
    .first('id');
  if (!row) throw new Error('the demo data has no new entrepreneur');
  return row.id as number;
}

/** Puts the onboarding company back as seeded: no size confirmation, no bank account, turnover or NACE code. */
export async function resetOnboardingCompany(db: Knex): Promise<number> {
  const company = await onboardingCompany(db);
  await db('company_size_confirmations').where({ company_id: company.id }).delete();
  // Each test counts the audit rows of its own changes: those after this point of the chain
  // (the audit log is append-only, so earlier rows stay).
  auditChainStart.set(db, await lastChainSeq(db));
  await db('companies').where({ id: company.id }).update({
    iban: null,
    bic: null,
    nace_code: null,
    turnover_cents: null,
    employees_fte: DEMO_ONBOARDING_COMPANY.employeesFte,
    balance_total_cents: DEMO_ONBOARDING_COMPANY.balanceTotalCents,
    proposed_size: DEMO_ONBOARDING_COMPANY.proposedSize,
  });
  return company.id as number;
}

/** Lotte Vermeulen, signed in through the development IdP for her only company. */
export async function newEntrepreneur(testApp: TestApp): Promise<Agent> {
  const agent = newAgent(testApp.app);
  const response = await signInWithSaml(agent, testApp.container, 'new-entrepreneur');
  expect(response.status).toBe(303);
  return agent;
}

export async function post(agent: Agent, path: string, body: Record<string, string>, tokenFrom = sizePath) {
  const token = await csrfTokenOf(agent, tokenFrom);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...body });
}

/** Per test database: the audit log's last chain position when the company was last reset. */
const auditChainStart = new WeakMap<Knex, number>();

async function lastChainSeq(db: Knex): Promise<number> {
  const row = await db('audit_log').max<{ max: string | null }>('chain_seq as max').first();
  return Number(row?.max ?? 0);
}

/** The company's audit rows of this action written since resetOnboardingCompany. */
export async function auditRows(db: Knex, action: string, companyId: number) {
  return db('audit_log')
    .where({ action, entity_type: 'company', entity_id: String(companyId) })
    .where('chain_seq', '>', auditChainStart.get(db) ?? 0)
    .orderBy('chain_seq');
}

/** The details a complete form posts, with what each becomes in the database (DOMAIN.md §6: cents, FTE). */
export const completeDetails = {
  iban: 'BE68 5390 0754 7034',
  bic: 'bbru bebb',
  turnover: '1.250.000,00',
  employeesFte: '7,5',
  naceCode: '31.090',
};
