import type { Knex } from 'knex';
import { normaliseLogin } from './login-name.js';
import type { LoginThrottle } from './login-throttle.js';
import {
  decoyPasswordHash,
  generateOneTimePassword,
  hashPassword,
  passwordPolicyProblem,
  verifyPassword,
} from './password.js';
import type { Principal } from './principal.js';
import { composeMail } from '../infra/mail/mail-composer.js';
import { enqueueMail } from '../infra/mail/outbox.js';
import { paths } from '../paths.js';
import { recordAudit } from '../db/audit-log.js';
import type { ProviderAccountRepository } from './provider-account.repository.js';

export type LoginResult =
  | { outcome: 'signed-in'; principal: Extract<Principal, { kind: 'provider' }> }
  | { outcome: 'refused' }
  | { outcome: 'throttled'; secondsToWait: number };

export interface CredentialsChange {
  newLogin: string;
  oldPassword: string;
  newPassword: string;
  newPasswordRepeated: string;
}

export type ChangeResult =
  { outcome: 'changed'; login: string } | { outcome: 'invalid'; errors: Record<string, string> };

/** Head-office sign-in with login and password, the login change and the forgotten-login mail. */
export class ProviderLoginService {
  constructor(
    private readonly db: Knex,
    private readonly accounts: ProviderAccountRepository,
    private readonly throttle: LoginThrottle,
    private readonly options: { publicUrl: string; onMailQueued: () => void },
  ) {}

  async signIn(loginInput: string, password: string, ip: string): Promise<LoginResult> {
    const login = normaliseLogin(loginInput);
    const secondsToWait = await this.throttle.secondsToWait(login, ip);
    if (secondsToWait > 0) return { outcome: 'throttled', secondsToWait };

    const account = login ? await this.accounts.findByLogin(login) : undefined;
    // An unknown login costs as much time as a wrong password: the answer reveals nothing.
    const valid = await verifyPassword(account?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!account || !valid) {
      await this.throttle.recordFailure(login, ip);
      return { outcome: 'refused' };
    }
    await this.throttle.recordSuccess(login);
    await this.accounts.recordLogin(account.id);
    return {
      outcome: 'signed-in',
      principal: {
        kind: 'provider',
        accountId: account.id,
        providerId: account.providerId,
        displayName: account.providerName,
        mustChangePassword: account.mustChangePassword,
      },
    };
  }

  async currentLogin(accountId: number): Promise<string> {
    const account = await this.accounts.findById(accountId);
    if (!account) throw new Error(`account ${accountId} vanished`);
    return account.login;
  }

  /** Checks every field, then changes login and password in one transaction with an audit row. */
  async changeCredentials(
    principal: Extract<Principal, { kind: 'provider'; accountId: number }>,
    change: CredentialsChange,
    requestId?: string,
  ): Promise<ChangeResult> {
    return this.db.transaction(async (trx) => {
      const account = await this.accounts.findForUpdate(trx, principal.accountId);
      if (!account) throw new Error(`account ${principal.accountId} vanished`);
      const errors: Record<string, string> = {};
      const newLogin = normaliseLogin(change.newLogin);

      if (newLogin === '') errors.newLogin = 'Vul uw nieuwe login in.';
      else if (!/^[a-z0-9][a-z0-9._@-]{5,63}$/.test(newLogin))
        errors.newLogin =
          'Een login heeft 6 tot 64 tekens: letters, cijfers, punt, koppelteken, liggend streepje of @, en begint met een letter of cijfer.';
      else if (/^[01][0-9]{9}$/.test(newLogin) && newLogin !== account.enterpriseNumber)
        errors.newLogin =
          'Een ondernemingsnummer kan enkel de login zijn van de organisatie zelf. Kies een andere login.';
      else if (await this.accounts.loginTaken(trx, newLogin, account.id))
        errors.newLogin = 'Deze login is al in gebruik. Kies een andere.';

      if (change.oldPassword === '') errors.oldPassword = 'Vul uw huidige wachtwoord in.';
      else if (!(await verifyPassword(account.passwordHash, change.oldPassword)))
        errors.oldPassword = 'Uw huidige wachtwoord is niet juist.';

      const policyProblem = passwordPolicyProblem(change.newPassword, newLogin || account.login);
      if (change.newPassword === '') errors.newPassword = 'Vul een nieuw wachtwoord in.';
      else if (policyProblem) errors.newPassword = policyProblem;
      else if (change.newPassword === change.oldPassword)
        errors.newPassword = 'Uw nieuwe wachtwoord moet verschillen van uw huidige wachtwoord.';

      if (change.newPasswordRepeated === '') errors.newPasswordRepeated = 'Herhaal uw nieuwe wachtwoord.';
      else if (change.newPasswordRepeated !== change.newPassword)
        errors.newPasswordRepeated = 'De twee nieuwe wachtwoorden zijn niet gelijk.';

      if (Object.keys(errors).length > 0) return { outcome: 'invalid', errors };

      await this.accounts.updateCredentials(trx, account.id, {
        login: newLogin,
        passwordHash: await hashPassword(change.newPassword),
        mustChangePassword: false,
      });
      await recordAudit(trx, {
        actor: { type: 'provider', id: account.id, label: account.providerName },
        action: 'provider_account.change_login',
        entityType: 'provider_account',
        entityId: account.id,
        details: { login: { old: account.login, new: newLogin }, password: 'gewijzigd' },
        requestId,
      });
      return { outcome: 'changed', login: newLogin };
    });
  }

  /**
   * Mails a new one-time combination when the enterprise number and the
   * e-mail address on file match; does nothing otherwise. The caller answers
   * the same either way.
   */
  async resetForgottenLogin(
    enterpriseNumberInput: string,
    emailInput: string,
    requestId?: string,
  ): Promise<void> {
    const enterpriseNumber = normaliseLogin(enterpriseNumberInput);
    const email = emailInput.trim().toLowerCase();
    const queued = await this.db.transaction(async (trx) => {
      const account = await this.accounts.findByEnterpriseNumber(trx, enterpriseNumber);
      if (!account || account.contactEmail.trim().toLowerCase() !== email) return false;
      const oneTimePassword = generateOneTimePassword();
      await this.accounts.updateCredentials(trx, account.id, {
        login: account.enterpriseNumber,
        passwordHash: await hashPassword(oneTimePassword),
        mustChangePassword: true,
      });
      await recordAudit(trx, {
        actor: { type: 'anonymous', id: null, label: 'Login vergeten' },
        action: 'provider_account.reset_login',
        entityType: 'provider_account',
        entityId: account.id,
        details: { login: { old: account.login, new: account.enterpriseNumber }, password: 'eenmalig' },
        requestId,
      });
      await enqueueMail(trx, {
        to: account.contactEmail,
        ...composeMail('forgotten-login', {
          providerName: account.providerName,
          enterpriseNumber: account.enterpriseNumber,
          oneTimePassword,
          loginUrl: `${this.options.publicUrl}${paths.provider.login()}`,
        }),
      });
      return true;
    });
    if (queued) this.options.onMailQueued();
  }
}
