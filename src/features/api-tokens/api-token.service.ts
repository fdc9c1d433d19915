import type { Knex } from 'knex';
import { actorOf, type Principal } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { recordAudit } from '../../db/audit-log.js';
import {
  apiTokenPattern,
  apiTokenStatus,
  hashApiToken,
  newApiToken,
  type ApiTokenStatus,
} from '../../domain/api-token.js';
import { NotFoundError } from '../../domain/errors.js';
import type { ApiTokenRepository, ApiTokenRow } from './api-token.repository.js';
import { apiTokenMessages, type ApiTokenForm } from './api-token.schemas.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

export type CreateOutcome =
  | { outcome: 'created'; id: number; token: string; row: ApiTokenRow }
  | { outcome: 'invalid'; errors: Partial<Record<keyof ApiTokenForm, string>> };

export type RevokeOutcome = { outcome: 'revoked'; name: string } | { outcome: 'refused'; message: string };

/** Who calls the API: the token's provider, and its department when the token is scoped to one. */
export interface ApiCaller {
  tokenId: number;
  tokenName: string;
  providerId: number;
  departmentId: number | null;
}

/** Why a bearer token is refused (each a 401 with its own detail). */
export type ApiTokenRefusal = 'missing' | 'malformed' | 'unknown' | 'expired' | 'revoked';

/**
 * Personal access tokens of the API: the head office creates them (shown once,
 * stored as a hash) and revokes them; the API authenticates a bearer token to
 * its caller and records its use.
 */
export class ApiTokenService {
  constructor(
    private readonly db: Knex,
    private readonly tokens: ApiTokenRepository,
    private readonly clock: Clock,
  ) {}

  async list(principal: HeadOffice): Promise<(ApiTokenRow & { status: ApiTokenStatus })[]> {
    const today = this.clock.today();
    return (await this.tokens.list(principal.providerId)).map((row) => ({
      ...row,
      status: apiTokenStatus(row, today),
    }));
  }

  departments(principal: HeadOffice) {
    return this.tokens.departments(principal.providerId);
  }

  async find(principal: HeadOffice, id: number): Promise<ApiTokenRow & { status: ApiTokenStatus }> {
    const row = await this.tokens.find(principal.providerId, id);
    if (!row) throw new NotFoundError(apiTokenMessages.gone);
    return { ...row, status: apiTokenStatus(row, this.clock.today()) };
  }

  /** Creates a token with its audit row (never the token itself); the token is returned once. */
  async create(principal: HeadOffice, form: ApiTokenForm, requestId?: string): Promise<CreateOutcome> {
    return this.db.transaction(async (trx): Promise<CreateOutcome> => {
      await this.tokens.lockProvider(trx, principal.providerId);
      if (form.departmentId !== null) {
        const departments = await this.tokens.departments(principal.providerId);
        if (!departments.some((department) => department.id === form.departmentId))
          return { outcome: 'invalid', errors: { departmentId: apiTokenMessages.departmentUnknown } };
      }
      if (await this.tokens.activeNameTaken(trx, principal.providerId, form.name, this.clock.today()))
        return { outcome: 'invalid', errors: { name: apiTokenMessages.nameTaken } };
      const token = newApiToken();
      const actor = actorOf(principal);
      const id = await this.tokens.insert(trx, {
        providerId: principal.providerId,
        departmentId: form.departmentId,
        name: form.name,
        tokenHash: hashApiToken(token),
        createdBy: actor.label,
        createdAt: this.clock.now(),
        expiresOn: form.expiresOn,
      });
      await recordAudit(trx, {
        actor,
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: id,
        details: { name: form.name, departmentId: form.departmentId, expiresOn: form.expiresOn },
        requestId,
      });
      const row = await this.tokens.find(principal.providerId, id, trx);
      if (!row) throw new Error('api token not found after insert');
      return { outcome: 'created', id, token, row };
    });
  }

  /**
   * Revokes an active token once; a second revocation, or one of a token that
   * has expired (it gives no access any more), is refused and changes nothing.
   */
  async revoke(principal: HeadOffice, id: number, requestId?: string): Promise<RevokeOutcome> {
    return this.db.transaction(async (trx): Promise<RevokeOutcome> => {
      const row = await this.tokens.find(principal.providerId, id, trx, true);
      if (!row) throw new NotFoundError(apiTokenMessages.gone);
      if (row.revokedAt !== null) return { outcome: 'refused', message: apiTokenMessages.alreadyRevoked };
      if (apiTokenStatus(row, this.clock.today()) === 'expired') {
        return { outcome: 'refused', message: apiTokenMessages.alreadyExpired };
      }
      const actor = actorOf(principal);
      await this.tokens.revoke(trx, id, this.clock.now(), actor.label);
      await recordAudit(trx, {
        actor,
        action: 'api_token.revoked',
        entityType: 'api_token',
        entityId: id,
        details: { name: row.name },
        requestId,
      });
      return { outcome: 'revoked', name: row.name };
    });
  }

  /** The caller an `Authorization` header names, or why it is refused. */
  async authenticate(
    authorization: string | undefined,
  ): Promise<{ caller: ApiCaller } | { refusal: ApiTokenRefusal }> {
    if (authorization === undefined || authorization.trim() === '') return { refusal: 'missing' };
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    const token = match?.[1];
    if (!token || !apiTokenPattern.test(token)) return { refusal: 'malformed' };
    const row = await this.tokens.findByHash(hashApiToken(token));
    if (!row) return { refusal: 'unknown' };
    const status = apiTokenStatus(row, this.clock.today());
    if (status !== 'active') return { refusal: status };
    return {
      caller: {
        tokenId: row.id,
        tokenName: row.name,
        providerId: row.providerId,
        departmentId: row.departmentId,
      },
    };
  }

  /** Notes the token's use (at most once a minute). */
  touch(caller: ApiCaller): Promise<void> {
    return this.tokens.touch(caller.tokenId, this.clock.now());
  }
}
