import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import type { Address } from '../../domain/address.js';
import { NotFoundError } from '../../domain/errors.js';
import { actorOf } from '../../auth/principal.js';
import { recordAudit } from '../../db/audit-log.js';
import { fieldChanges } from '../audit/field-changes.js';
import {
  SAME_ADDRESS_INDEX,
  type Establishment,
  type EstablishmentRepository,
} from './establishment.repository.js';
import { isUniqueViolation } from '../provider-signup/provider.repository.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

/** The provider already has an establishment at the address given: nothing was saved. */
export type SameAddress = { outcome: 'same-address'; existing: Establishment };
export type AddOutcome = { outcome: 'added'; id: number } | SameAddress;
export type ChangeOutcome = { outcome: 'changed' } | { outcome: 'unchanged' } | SameAddress;

const notFoundMessage = 'Deze vestiging bestaat niet of hoort niet bij uw organisatie.';

/** The head office's establishments: list, add and change, each change with an audit row. */
export class EstablishmentService {
  constructor(
    private readonly db: Knex,
    private readonly establishments: EstablishmentRepository,
  ) {}

  async overview(principal: HeadOffice): Promise<{ headOffice: Address; establishments: Establishment[] }> {
    const [headOffice, establishments] = await Promise.all([
      this.establishments.headOfficeAddress(principal.providerId),
      this.establishments.listForProvider(principal.providerId),
    ]);
    if (!headOffice) throw new Error(`provider ${principal.providerId} vanished`);
    return { headOffice, establishments };
  }

  /** The provider's own establishment; another provider's id is not found (404). */
  async get(principal: HeadOffice, id: number): Promise<Establishment> {
    const establishment = await this.establishments.findForProvider(principal.providerId, id);
    if (!establishment) throw new NotFoundError(notFoundMessage);
    return establishment;
  }

  /**
   * Adds an establishment, unless the provider already has one at this address
   * (the form says so; the unique index catches two simultaneous adds).
   */
  async add(principal: HeadOffice, address: Address, requestId?: string): Promise<AddOutcome> {
    return this.sameAddressAware(principal, address, undefined, async (trx) => {
      const id = await this.establishments.insert(trx, principal.providerId, address);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'establishment.create',
        entityType: 'establishment',
        entityId: id,
        details: fieldChanges(null, { ...address }),
        requestId,
      });
      return { outcome: 'added', id };
    });
  }

  /**
   * Runs `work` in a transaction unless another establishment of the provider
   * has this address: checked first, and the index's violation (a concurrent
   * add or change that got there first) gives the same answer.
   */
  private async sameAddressAware<T>(
    principal: HeadOffice,
    address: Address,
    exceptId: number | undefined,
    work: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T | SameAddress> {
    try {
      return await this.db.transaction(async (trx) => {
        const existing = await this.establishments.findSameAddress(
          trx,
          principal.providerId,
          address,
          exceptId,
        );
        if (existing) return { outcome: 'same-address', existing } as const;
        return work(trx);
      });
    } catch (error) {
      if (!isUniqueViolation(error, SAME_ADDRESS_INDEX)) throw error;
      const existing = await this.db.transaction((trx) =>
        this.establishments.findSameAddress(trx, principal.providerId, address, exceptId),
      );
      if (!existing) throw error;
      return { outcome: 'same-address', existing };
    }
  }

  /** Changes the address; no update and no audit row when nothing differs. */
  async change(
    principal: HeadOffice,
    id: number,
    address: Address,
    requestId?: string,
  ): Promise<ChangeOutcome> {
    const current = await this.establishments.findForProvider(principal.providerId, id);
    if (!current) throw new NotFoundError(notFoundMessage);
    return this.sameAddressAware(principal, address, id, async (trx) => {
      const locked = await this.establishments.findForUpdate(trx, principal.providerId, id);
      if (!locked) throw new NotFoundError(notFoundMessage);
      const changes = fieldChanges(addressOf(locked), { ...address });
      if (Object.keys(changes).length === 0) return { outcome: 'unchanged' } as const;
      await this.establishments.update(trx, principal.providerId, id, address);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'establishment.update',
        entityType: 'establishment',
        entityId: id,
        details: changes,
        requestId,
      });
      return { outcome: 'changed' } as const;
    });
  }
}

function addressOf(establishment: Establishment): Address {
  return {
    street: establishment.street,
    houseNumber: establishment.houseNumber,
    box: establishment.box,
    postcode: establishment.postcode,
    municipality: establishment.municipality,
  };
}
