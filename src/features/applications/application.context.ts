import type { Knex } from 'knex';
import { yearOf, type IsoDate } from '../../domain/dates.js';
import { ForbiddenError } from '../../domain/errors.js';
import type { Answers } from '../../wizard/wizard.js';
import { normaliseRegistrationNumber } from './application.answers.js';
import type { ApplicationRepository } from './application.repository.js';
import type { ApplicationContext } from './application.wizard.js';
import { loadRuleParameters, subsidyUsedInYear } from './ceiling.queries.js';

/**
 * Everything the wizard's pages check against, read with one handle: the
 * request's pool, or the submit's transaction (after the company row is
 * locked) so the final check sees the database as the project is written.
 */
export async function loadApplicationContext(
  repository: ApplicationRepository,
  db: Knex | Knex.Transaction,
  companyId: number,
  answers: Answers,
  today: IsoDate,
): Promise<ApplicationContext> {
  const year = yearOf(today);
  const number = normaliseRegistrationNumber(answers.registrationNumber);
  // One after another: `db` may be a transaction, whose one connection runs one query at a time
  // (pg deprecates queuing a query on a busy client).
  const company = await repository.company(companyId, db);
  const size = await repository.confirmedSize(companyId, year, db);
  const rules = await loadRuleParameters(db);
  const ceilingUsedCents = await subsidyUsedInYear(db, companyId, year);
  const naceCodes = await repository.naceCodes(db);
  const registration = number ? await repository.registrationByNumber(number, db) : undefined;
  // The onboarding gate (company-readiness.ts) sends a company without an eligible size elsewhere first.
  if (size !== 'klein' && size !== 'middelgroot') {
    throw new ForbiddenError(
      'Bevestig eerst de grootte van uw onderneming: enkel kleine en middelgrote ondernemingen kunnen steun aanvragen.',
    );
  }
  return {
    companyId,
    companyName: company.name,
    enterpriseNumber: company.enterpriseNumber,
    companyNaceCode: company.naceCode,
    today,
    size,
    rules,
    ceilingUsedCents,
    naceCodes: new Map(naceCodes.map((nace) => [nace.code, nace])),
    registration,
  };
}
