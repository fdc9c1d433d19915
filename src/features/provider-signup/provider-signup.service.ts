import type { Knex } from 'knex';
import { generateOneTimePassword, hashPassword } from '../../auth/password.js';
import { composeMail } from '../../infra/mail/mail-composer.js';
import { enqueueMail } from '../../infra/mail/outbox.js';
import { paths } from '../../paths.js';
import { recordAudit } from '../../db/audit-log.js';
import type { ProviderSignupForm } from './provider-signup.schemas.js';
import { isUniqueViolation, providerConstraints, type ProviderRepository } from './provider.repository.js';

export type SignUpResult =
  | { outcome: 'signed-up'; providerId: number; email: string; login: string }
  | { outcome: 'already-signed-up' }
  | { outcome: 'login-taken' };

/**
 * Provider sign-up (DOMAIN.md §1): the organisation, its head-office account
 * with a one-time password, the audit row and the mail with the login, all in
 * one transaction.
 */
export class ProviderSignupService {
  constructor(
    private readonly db: Knex,
    private readonly providers: ProviderRepository,
    private readonly options: { publicUrl: string; onMailQueued: () => void },
  ) {}

  async signUp(form: ProviderSignupForm, requestId?: string): Promise<SignUpResult> {
    // Answers a repeated sign-up without hashing; the unique index decides under a race.
    if (await this.providers.enterpriseNumberTaken(form.enterpriseNumber)) {
      return { outcome: 'already-signed-up' };
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const login = form.enterpriseNumber;
    try {
      const providerId = await this.db.transaction(async (trx) => {
        const id = await this.providers.insertOrganisation(trx, {
          enterpriseNumber: form.enterpriseNumber,
          legalName: form.legalName,
          legalForm: form.legalForm,
          street: form.street,
          houseNumber: form.houseNumber,
          box: form.box,
          postcode: form.postcode,
          municipality: form.municipality,
          contactName: form.contactName,
          contactEmail: form.email,
          contactPhone: form.phone,
          iban: form.iban,
          bic: form.bic,
          expertise: form.expertise,
          presentation: form.presentation,
        });
        const accountId = await this.providers.insertAccount(trx, { providerId: id, login, passwordHash });
        await recordAudit(trx, {
          actor: { type: 'anonymous', id: null, label: form.contactName },
          action: 'provider_organisation.sign_up',
          entityType: 'provider_organisation',
          entityId: id,
          details: {
            enterpriseNumber: form.enterpriseNumber,
            legalName: form.legalName,
            accountId,
            login,
            password: 'eenmalig',
          },
          requestId,
        });
        await enqueueMail(trx, {
          to: form.email,
          ...composeMail('provider-signup', {
            contactName: form.contactName,
            legalName: form.legalName,
            enterpriseNumber: form.enterpriseNumber,
            oneTimePassword,
            loginUrl: `${this.options.publicUrl}${paths.provider.login()}`,
          }),
        });
        return id;
      });
      this.options.onMailQueued();
      return { outcome: 'signed-up', providerId, email: form.email, login };
    } catch (error) {
      if (isUniqueViolation(error, providerConstraints.enterpriseNumber)) {
        return { outcome: 'already-signed-up' };
      }
      if (isUniqueViolation(error, providerConstraints.login)) return { outcome: 'login-taken' };
      throw error;
    }
  }
}
