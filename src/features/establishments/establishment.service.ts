import type { Knex } from 'knex';
import type { Principal } from '../../auth/principal.js';
import type { Address } from '../../domain/address.js';
import { NotFoundError } from '../../domain/errors.js';
import { actorOf } from '../../auth/principal.js';
import { recordAudit } from '../../db/audit-log.js';
import { fieldChanges } from '../audit/field-changes.js';
import type { Establishment, EstablishmentRepository } from './establishment.repository.js';

type HeadOffice = Extract<Principal, { kind: 'provider' }>;

export type ChangeOutcome = { outcome: 'changed' } | { outcome: 'unchanged' };

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

  async add(principal: HeadOffice, address: Address, requestId?: string): Promise<number> {
    return this.db.transaction(async (trx) => {
      const id = await this.establishments.insert(trx, principal.providerId, address);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'establishment.create',
        entityType: 'establishment',
        entityId: id,
        details: fieldChanges(null, { ...address }),
        requestId,
      });
      return id;
    });
  }

  /** Changes the address; no update and no audit row when nothing differs. */
  async change(
    principal: HeadOffice,
    id: number,
    address: Address,
    requestId?: string,
  ): Promise<ChangeOutcome> {
    return this.db.transaction(async (trx) => {
      const current = await this.establishments.findForUpdate(trx, principal.providerId, id);
      if (!current) throw new NotFoundError(notFoundMessage);
      const changes = fieldChanges(addressOf(current), { ...address });
      if (Object.keys(changes).length === 0) return { outcome: 'unchanged' };
      await this.establishments.update(trx, principal.providerId, id, address);
      await recordAudit(trx, {
        actor: actorOf(principal),
        action: 'establishment.update',
        entityType: 'establishment',
        entityId: id,
        details: changes,
        requestId,
      });
      return { outcome: 'changed' };
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
