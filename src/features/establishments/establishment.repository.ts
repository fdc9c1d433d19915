import type { Knex } from 'knex';
import type { Address } from '../../domain/address.js';

export interface Establishment extends Address {
  id: number;
}

const columns = {
  id: 'id',
  street: 'street',
  houseNumber: 'house_number',
  box: 'box',
  postcode: 'postcode',
  municipality: 'municipality',
};

function toRow(address: Address) {
  return {
    street: address.street,
    house_number: address.houseNumber,
    box: address.box,
    postcode: address.postcode,
    municipality: address.municipality,
  };
}

/** The unique index that keeps one establishment per address and provider (migration 20261208090000). */
export const SAME_ADDRESS_INDEX = 'establishments_provider_address_key';

/** A column as the index compares it: spaces folded to one, trimmed, lower case. */
const normalised = (column: string) => `lower(btrim(regexp_replace(${column}, '\\s+', ' ', 'g')))`;

/**
 * A provider's establishments (vestigingen). Every query is scoped by the
 * provider, so another provider's establishment is simply not found.
 */
export class EstablishmentRepository {
  constructor(private readonly db: Knex) {}

  async listForProvider(providerId: number): Promise<Establishment[]> {
    return this.db('establishments')
      .where({ provider_id: providerId })
      .orderBy([
        { column: 'postcode' },
        { column: 'municipality' },
        { column: 'street' },
        { column: 'house_number' },
        { column: 'id' },
      ])
      .select(columns);
  }

  async findForProvider(providerId: number, id: number): Promise<Establishment | undefined> {
    return this.db('establishments').where({ provider_id: providerId, id }).first(columns);
  }

  async findForUpdate(
    trx: Knex.Transaction,
    providerId: number,
    id: number,
  ): Promise<Establishment | undefined> {
    return trx('establishments').where({ provider_id: providerId, id }).forUpdate().first(columns);
  }

  /** The head office's own address (maatschappelijke zetel), shown above the establishments. */
  async headOfficeAddress(providerId: number): Promise<Address | undefined> {
    return this.db('provider_organisations').where({ id: providerId }).first({
      street: 'street',
      houseNumber: 'house_number',
      box: 'box',
      postcode: 'postcode',
      municipality: 'municipality',
    });
  }

  /**
   * The provider's establishment at this address, compared as the unique index
   * compares (street, number, box, postcode; case and spaces aside), other
   * than `exceptId` (the one being changed).
   */
  async findSameAddress(
    trx: Knex.Transaction,
    providerId: number,
    address: Address,
    exceptId?: number,
  ): Promise<Establishment | undefined> {
    const query = trx('establishments')
      .where({ provider_id: providerId, postcode: address.postcode })
      .whereRaw(`${normalised('street')} = ${normalised('?')}`, [address.street])
      .whereRaw(`${normalised('house_number')} = ${normalised('?')}`, [address.houseNumber])
      .whereRaw(`coalesce(${normalised('box')}, '') = coalesce(${normalised('?::text')}, '')`, [
        address.box ?? null,
      ]);
    if (exceptId !== undefined) query.whereNot({ id: exceptId });
    return query.first(columns);
  }

  async insert(trx: Knex.Transaction, providerId: number, address: Address): Promise<number> {
    const [row] = await trx('establishments')
      .insert({ provider_id: providerId, ...toRow(address) })
      .returning<{ id: number }[]>('id');
    if (!row) throw new Error('insert into establishments returned nothing');
    return row.id;
  }

  async update(trx: Knex.Transaction, providerId: number, id: number, address: Address): Promise<void> {
    await trx('establishments')
      .where({ provider_id: providerId, id })
      .update({ ...toRow(address), updated_at: trx.fn.now() });
  }
}
