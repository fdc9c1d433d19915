import type { Knex } from 'knex';
import { normaliseLogin } from './login-name.js';
import type { LoginThrottle } from './login-throttle.js';
import { createHash, randomBytes } from 'node:crypto';
import { decoyPasswordHash, hashPassword, passwordPolicyProblem, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import { composeMail } from '../infra/mail/mail-composer.js';
import { enqueueMail } from '../infra/mail/outbox.js';
import { paths } from '../paths.js';
import { recordAudit } from '../db/audit-log.js';
import type { LoginReset, ProviderAccountRepository } from './provider-account.repository.js';
import type { Clock } from '../clock.js';
import { normaliseEnterpriseNumber } from '../domain/belgian-identifiers.js';

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
  | { outcome: 'changed'; login: string; passwordChanged: boolean }
  | { outcome: 'invalid'; errors: Record<string, string> };

/** Head-office sign-in with login and password, the login change and the forgotten-login mail. */
export class ProviderLoginService {
  constructor(
    private readonly db: Knex,
    private readonly accounts: ProviderAccountRepository,
    private readonly throttle: LoginThrottle,
    private readonly options: { publicUrl: string; onMailQueued: () => void; clock: Clock },
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
    context: { requestId?: string; sessionId?: string } = {},
  ): Promise<ChangeResult> {
    return this.db.transaction(async (trx) => {
      const account = await this.accounts.findForUpdate(trx, principal.accountId);
      if (!account) throw new Error(`account ${principal.accountId} vanished`);
      const errors: Record<string, string> = {};
      const newLogin = normaliseLogin(change.newLogin);

      if (newLogin === '') errors.newLogin = 'Vul uw nieuwe login in.';
      else if (newLogin.length > 64 || !/^[a-z0-9][a-z0-9._@-]{5,63}$/.test(newLogin))
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

      // Only a new login, both password fields left empty, keeps the password: unless a
      // one-time password must be replaced, or the login stays (then nothing would change).
      const loginOnly =
        !account.mustChangePassword &&
        newLogin !== '' &&
        newLogin !== normaliseLogin(account.login) &&
        change.newPassword === '' &&
        change.newPasswordRepeated === '';
      if (!loginOnly) {
        const policyProblem = passwordPolicyProblem(change.newPassword, newLogin || account.login);
        if (change.newPassword === '') errors.newPassword = 'Vul een nieuw wachtwoord in.';
        else if (policyProblem) errors.newPassword = policyProblem;
        else if (change.newPassword === change.oldPassword)
          errors.newPassword = 'Uw nieuwe wachtwoord moet verschillen van uw huidige wachtwoord.';

        if (change.newPasswordRepeated === '') errors.newPasswordRepeated = 'Herhaal uw nieuwe wachtwoord.';
        else if (change.newPasswordRepeated !== change.newPassword)
          errors.newPasswordRepeated = 'De twee nieuwe wachtwoorden zijn niet gelijk.';
      }

      if (Object.keys(errors).length > 0) return { outcome: 'invalid', errors };

      await this.accounts.updateCredentials(trx, account.id, {
        login: newLogin,
        passwordHash: loginOnly ? account.passwordHash : await hashPassword(change.newPassword),
        mustChangePassword: false,
      });
      // Whoever else holds a session of this account (a stolen one too) must sign in anew.
      const endedSessions = await this.accounts.endSessions(trx, account.id, context.sessionId);
      await recordAudit(trx, {
        actor: { type: 'provider', id: account.id, label: account.providerName },
        action: 'provider_account.change_login',
        entityType: 'provider_account',
        entityId: account.id,
        details: {
          login: { old: account.login, new: newLogin },
          password: loginOnly ? 'ongewijzigd' : 'gewijzigd',
          endedSessions,
        },
        requestId: context.requestId,
      });
      return { outcome: 'changed', login: newLogin, passwordChanged: !loginOnly };
    });
  }

  /**
   * Forgotten login: when the enterprise number and the contact address on file
   * match, mails a single-use link (valid an hour, only its hash stored) to that
   * address; nothing about the account changes until the link is used. Does
   * nothing otherwise. The caller answers the same either way, after the same time.
   */
  async requestLoginReset(
    enterpriseNumberInput: string,
    emailInput: string,
    requestId?: string,
  ): Promise<void> {
    const enterpriseNumber = normaliseEnterpriseNumber(enterpriseNumberInput) ?? '';
    const email = emailInput.trim().toLowerCase();
    // Made whether or not it is used: both answers cost the same work.
    const token = randomBytes(32).toString('base64url');
    const tokenHash = hashToken(token);
    const queued = await this.db.transaction(async (trx) => {
      const account = await this.accounts.findByEnterpriseNumber(trx, enterpriseNumber);
      if (!account || account.contactEmail.trim().toLowerCase() !== email) return false;
      await this.accounts.createLoginReset(trx, {
        accountId: account.id,
        tokenHash,
        expiresAt: new Date(this.options.clock.now().getTime() + LOGIN_RESET_VALID_MS),
      });
      await recordAudit(trx, {
        actor: { type: 'anonymous', id: null, label: 'Login vergeten' },
        action: 'provider_account.request_login_reset',
        entityType: 'provider_account',
        entityId: account.id,
        details: { mailedTo: account.contactEmail },
        requestId,
      });
      await enqueueMail(trx, {
        to: account.contactEmail,
        ...composeMail('forgotten-login', {
          providerName: account.providerName,
          login: account.login,
          resetUrl: `${this.options.publicUrl}${paths.provider.loginReset(token)}`,
        }),
      });
      return true;
    });
    if (queued) this.options.onMailQueued();
  }

  /** What a forgotten-login link opens: the account's login, or why the link no longer works. */
  async loginResetState(token: string): Promise<LoginResetState> {
    const reset = await this.accounts.findLoginReset(this.db, hashToken(token));
    const refusal = this.refusalOf(reset);
    if (refusal || !reset) return { outcome: refusal ?? 'unknown' };
    const account = await this.accounts.findById(reset.accountId);
    if (!account) return { outcome: 'unknown' };
    return { outcome: 'valid', login: account.login, providerName: account.providerName };
  }

  /**
   * Sets the new password chosen through a forgotten-login link, spends the
   * link (and any other open one), ends every session of the account, with an
   * audit row: one transaction.
   */
  async completeLoginReset(
    token: string,
    form: { newPassword: string; newPasswordRepeated: string },
    requestId?: string,
  ): Promise<LoginResetResult> {
    return this.db.transaction(async (trx) => {
      const reset = await this.accounts.findLoginReset(trx, hashToken(token), { forUpdate: true });
      const refusal = this.refusalOf(reset);
      if (refusal || !reset) return { outcome: refusal ?? 'unknown' };
      const account = await this.accounts.findForUpdate(trx, reset.accountId);
      if (!account) return { outcome: 'unknown' };

      const errors: Record<string, string> = {};
      const policyProblem = passwordPolicyProblem(form.newPassword, account.login);
      if (form.newPassword === '') errors.newPassword = 'Vul een nieuw wachtwoord in.';
      else if (policyProblem) errors.newPassword = policyProblem;
      if (form.newPasswordRepeated === '') errors.newPasswordRepeated = 'Herhaal uw nieuwe wachtwoord.';
      else if (form.newPasswordRepeated !== form.newPassword)
        errors.newPasswordRepeated = 'De twee nieuwe wachtwoorden zijn niet gelijk.';
      if (Object.keys(errors).length > 0) return { outcome: 'invalid', errors };

      await this.accounts.updatePassword(trx, account.id, await hashPassword(form.newPassword));
      await this.accounts.spendLoginResets(trx, account.id);
      const endedSessions = await this.accounts.endSessions(trx, account.id);
      await recordAudit(trx, {
        actor: { type: 'anonymous', id: null, label: 'Login vergeten' },
        action: 'provider_account.reset_login',
        entityType: 'provider_account',
        entityId: account.id,
        details: { password: 'gewijzigd', endedSessions },
        requestId,
      });
      return { outcome: 'reset', login: account.login };
    });
  }

  private refusalOf(reset: LoginReset | undefined): 'unknown' | 'used' | 'expired' | undefined {
    if (!reset) return 'unknown';
    if (reset.usedAt) return 'used';
    if (new Date(reset.expiresAt).getTime() <= this.options.clock.now().getTime()) return 'expired';
    return undefined;
  }
}

/** A forgotten-login link is valid for one hour. */
export const LOGIN_RESET_VALID_MS = 60 * 60 * 1000;

/** Only the SHA-256 of a link's token is stored: the table alone opens no account. */
function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type LoginResetState =
  { outcome: 'valid'; login: string; providerName: string } | { outcome: 'unknown' | 'used' | 'expired' };

export type LoginResetResult =
  | { outcome: 'reset'; login: string }
  | { outcome: 'invalid'; errors: Record<string, string> }
  | { outcome: 'unknown' | 'used' | 'expired' };
