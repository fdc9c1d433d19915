import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { figuresFingerprint, sizeContradiction, type SizeContradiction } from '../../domain/company-size.js';
import { yearOf, type IsoDate } from '../../domain/dates.js';
import type { CompanySize } from '../../domain/subsidy-terms.js';
import { actorOf } from '../../auth/principal.js';
import { recordAudit } from '../../db/audit-log.js';
import { fieldChanges, type FieldChanges } from '../audit/field-changes.js';
import { fteForDatabase } from './company-figures.js';
import type { NaceCode } from './company-details.js';
import type {
  CompanyOnboardingRepository,
  CompanyRecord,
  DetailsColumns,
  SizeConfirmation,
} from './company-onboarding.repository.js';
import type { DetailsForm } from './company-onboarding.schemas.js';
import {
  nextOnboardingStep,
  onboardingNotice,
  type OnboardingNotice,
  type OnboardingStep,
} from './company-readiness.js';

type Entrepreneur = Extract<Principal, { kind: 'entrepreneur' }>;

/** What the size page shows: the company, its size this year, and the year before. */
export interface SizeOverview {
  year: number;
  company: CompanyRecord;
  confirmation: SizeConfirmation | undefined;
  previous: SizeConfirmation | undefined;
}

export type SizeConfirmationResult =
  | { outcome: 'confirmed' | 'changed' | 'unchanged'; size: CompanySize; year: number }
  /** The company's figures contradict the size and the company did not confirm it against them: nothing saved. */
  | { outcome: 'contradicted'; size: CompanySize; year: number; contradiction: SizeContradiction }
  /** The first application of the year fixed the size in the meantime. */
  | { outcome: 'locked'; size: CompanySize; year: number };

export type DetailsResult = { outcome: 'changed'; changes: FieldChanges } | { outcome: 'unchanged' };

/**
 * The company's onboarding (DOMAIN.md §5): the size confirmed per calendar
 * year (Brussels) until the first application of that year locks it, and the
 * completion of the company data. Each change is one transaction with an
 * audit row.
 */
export class CompanyOnboardingService {
  constructor(
    private readonly db: Knex,
    private readonly repository: CompanyOnboardingRepository,
    private readonly clock: Clock,
  ) {}

  /** Today in Brussels: the calendar year of a size confirmation. */
  today(): IsoDate {
    return this.clock.today();
  }

  async nextStep(companyId: number): Promise<OnboardingStep | undefined> {
    return nextOnboardingStep(this.repository, companyId, this.today());
  }

  /** What the wallet shows while the company is not ready to apply (undefined when it is). */
  async notice(companyId: number): Promise<OnboardingNotice | undefined> {
    return onboardingNotice(this.repository, companyId, this.today());
  }

  async sizeOverview(principal: Entrepreneur): Promise<SizeOverview> {
    const year = yearOf(this.today());
    const [company, confirmation, previous] = await Promise.all([
      this.repository.company(principal.companyId),
      this.repository.confirmation(principal.companyId, year),
      this.repository.previousConfirmation(principal.companyId, year),
    ]);
    return { year, company, confirmation, previous };
  }

  async company(principal: Entrepreneur): Promise<CompanyRecord> {
    return this.repository.company(principal.companyId);
  }

  naceCode(code: string): Promise<NaceCode | undefined> {
    return this.repository.naceCode(code);
  }

  /**
   * Confirms (or changes) the size for this calendar year. Refused once the
   * year's first application locked it; the same size again changes nothing.
   * A size the company's own figures contradict (domain/company-size.ts) is
   * only saved when the company confirms it against those figures
   * (`figuresChecked`), which are kept with it; otherwise nothing is saved.
   */
  async confirmSize(
    principal: Entrepreneur,
    size: CompanySize,
    options: { figuresChecked?: boolean; requestId?: string } = {},
  ): Promise<SizeConfirmationResult> {
    const year = yearOf(this.today());
    return this.db.transaction(async (trx) => {
      const company = await this.repository.companyForUpdate(trx, principal.companyId);
      const current = await this.repository.confirmation(principal.companyId, year, trx);
      if (current?.lockedAt) return { outcome: 'locked', size: current.size, year };
      const contradiction = sizeContradiction(size, company);
      if (contradiction && !options.figuresChecked)
        return { outcome: 'contradicted', size, year, contradiction };
      const acknowledgedFigures = contradiction ? figuresFingerprint(company) : null;
      if (current?.size === size && (!contradiction || current.acknowledgedFigures === acknowledgedFigures))
        return { outcome: 'unchanged', size, year };
      if (current) {
        const changed = await this.repository.changeConfirmation(
          trx,
          principal.companyId,
          year,
          size,
          principal.personId,
          acknowledgedFigures,
        );
        if (!changed) return { outcome: 'locked', size: current.size, year };
      } else {
        await this.repository.insertConfirmation(
          trx,
          principal.companyId,
          year,
          size,
          principal.personId,
          acknowledgedFigures,
        );
      }
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'company.confirm_size',
        entityType: 'company',
        entityId: principal.companyId,
        details: {
          year,
          size: { old: current?.size ?? null, new: size },
          ...(acknowledgedFigures ? { confirmedAgainstFigures: acknowledgedFigures } : {}),
        },
        requestId: options.requestId,
      });
      return { outcome: current && current.size !== size ? 'changed' : 'confirmed', size, year };
    });
  }

  /**
   * Saves the company data in one transaction with one audit row holding
   * `{ field: { old, new } }` for the changed fields only; nothing when nothing changed.
   */
  async completeDetails(
    principal: Entrepreneur,
    form: DetailsForm,
    requestId?: string,
  ): Promise<DetailsResult> {
    return this.db.transaction(async (trx) => {
      const current = await this.repository.companyForUpdate(trx, principal.companyId);
      const next: DetailsColumns = {
        iban: form.iban,
        bic: form.bic === '' ? null : form.bic,
        turnoverCents: form.turnover,
        employeesFteTenths: form.employeesFte,
        naceCode: form.naceCode,
      };
      const changes = fieldChanges(auditedDetails(current), auditedDetails(next));
      if (Object.keys(changes).length === 0) return { outcome: 'unchanged' };
      await this.repository.updateDetails(trx, principal.companyId, next);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'company.complete_details',
        entityType: 'company',
        entityId: principal.companyId,
        details: changes,
        requestId,
      });
      return { outcome: 'changed', changes };
    });
  }
}

/** The details as the audit log records them: cents as numbers, staff as the column writes it (`'14.5'`). */
function auditedDetails(details: {
  iban: string | null;
  bic: string | null;
  turnoverCents: number | undefined;
  employeesFteTenths: number | undefined;
  naceCode: string | null;
}) {
  return {
    iban: details.iban,
    bic: details.bic === '' ? null : details.bic,
    turnoverCents: details.turnoverCents ?? null,
    employeesFte:
      details.employeesFteTenths === undefined ? null : fteForDatabase(details.employeesFteTenths),
    naceCode: details.naceCode,
  };
}
