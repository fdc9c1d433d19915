import { expect } from 'vitest';
import type { Container } from '../../../src/container.js';
import type { Knex } from 'knex';
import { attributesOf, csrfTokenIn, newAgent, startSamlSignIn, type Agent } from '../../support/session.js';
import type { Express } from 'express';
import type { IsoDate } from '../../../src/domain/dates.js';
import { dmy, plusDays } from '../../support/format.js';

/**
 * A fresh enterprise of our own for each application test: confirmed size,
 * complete data, no projects, so the yearly ceiling starts untouched and the
 * expected figures follow from DOMAIN.md alone. Its representative signs in
 * through SAML with the entrepreneur role for it.
 */
export interface TestCompany {
  id: number;
  enterpriseNumber: string;
  name: string;
  email: string | null;
  personId: number;
  agent: Agent;
}

let sequence = 0;

/** A valid enterprise number: 0 + 7 digits + mod-97 check digits. */
export function enterpriseNumber(serial: number): string {
  const firstEight = `0${String(serial).padStart(7, '0')}`;
  return `${firstEight}${String(97 - (Number(firstEight) % 97)).padStart(2, '0')}`;
}

/** A valid national register number for someone born 01/01/1980 with this serial (1 … 997). */
function nationalRegisterNumber(serial: number): string {
  const base = `800101${String(serial).padStart(3, '0')}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
}

export async function createTestCompany(
  db: Knex,
  app: Express,
  container: Container,
  options: { size?: 'klein' | 'middelgroot' | 'groot'; year: number; email?: string | null },
): Promise<TestCompany> {
  sequence += 1;
  const serial = 3_000_000 + sequence;
  const number = enterpriseNumber(serial);
  const name = `Testbedrijf ${sequence} bv`;
  const email = options.email === undefined ? `info${sequence}@testbedrijf.test` : options.email;
  const [company] = await db('companies')
    .insert({
      enterprise_number: number,
      name,
      legal_form: 'BV',
      street: 'Kerkstraat',
      house_number: String(sequence),
      postcode: '9000',
      municipality: 'Gent',
      iban: 'BE71096123456769',
      bic: 'GKCCBEBB',
      nace_code: '62010',
      turnover_cents: 120_000_000,
      balance_total_cents: 80_000_000,
      employees_fte: 8,
      proposed_size: options.size ?? 'klein',
      email,
    })
    .returning<{ id: number }[]>('id');
  if (!company) throw new Error('company insert returned no row');
  await db('company_size_confirmations').insert({
    company_id: company.id,
    year: options.year,
    size: options.size ?? 'klein',
  });

  const agent = newAgent(app);
  const person = {
    nationalRegisterNumber: nationalRegisterNumber(100 + sequence),
    firstName: 'Tine',
    lastName: `Tester${sequence}`,
    email: `tine${sequence}@testbedrijf.test`,
    roles: [`KMO-Ondernemer:${number}`],
  };
  const flow = await startSamlSignIn(agent, container);
  const response = await flow.post(flow.responseFor(attributesOf(person)));
  expect(response.status).toBe(303);
  const row = await db('persons')
    .where({ national_register_number: person.nationalRegisterNumber })
    .first<{ id: number }>('id');
  if (!row) throw new Error('person not created by the sign-in');
  return { id: company.id, enterpriseNumber: number, name, email, personId: row.id, agent };
}

/** GETs a page (following nothing) and posts a form to it with the page's CSRF token. */
export async function postForm(agent: Agent, path: string, fields: Record<string, string | string[]>) {
  const page = await agent.get(path);
  expect(page.status, `GET ${path}`).toBe(200);
  return agent
    .post(path)
    .type('form')
    .send(formBody({ _csrf: csrfTokenIn(page.text), ...fields }));
}

/** A urlencoded body with repeated keys for lists (firstName=a&firstName=b), as browsers send. */
export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of [value].flat()) body.append(name, item);
  }
  return body.toString();
}

/** Starts a fresh application draft (`/onderneming/aanvraag?nieuw`); returns its base path, e.g. `/onderneming/aanvraag/<uuid>`. */
export async function startDraft(agent: Agent): Promise<string> {
  const start = await agent.get('/onderneming/aanvraag?nieuw');
  const draft = /^(\/onderneming\/aanvraag\/[0-9a-f-]{36})\/[a-z]+$/.exec(
    String(start.headers.location),
  )?.[1];
  if (!draft) throw new Error(`the wizard did not start: ${start.status} ${String(start.headers.location)}`);
  return draft;
}

/**
 * The wizard's "project" step for a small training of two participants:
 * € 1.000,00 eligible of a € 1.200,00 registration cost, agreed 10 days and
 * started 3 days before `today`. `overrides` changes single answers.
 */
export function trainingProject(
  today: IsoDate,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    service: 'opleiding',
    title: 'Opleiding welzijn op het werk',
    trainingKind: 'extern',
    subtheme: 'hr.welzijn',
    participantCount: '2',
    hours: '7,5',
    agreementDate: dmy(plusDays(today, -10)),
    startDate: dmy(plusDays(today, -3)),
    businessPurpose: 'ja',
    registrationCost: '1.200,00',
    eligibleCosts: '1.000,00',
    ...overrides,
  };
}
