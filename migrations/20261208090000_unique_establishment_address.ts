import type { Knex } from 'knex';

/**
 * One establishment per address and provider (issue 21). An address is the
 * same when street, house number, box and postcode match after trimming,
 * folding runs of spaces to one and ignoring case: "Kerkstraat 1" and
 * " kerkstraat  1 " are one establishment. The municipality is left out: the
 * postcode already names it, and "Gent" or "Sint-Amandsberg" for one address
 * is no second establishment. The expression is the one
 * EstablishmentRepository.findSameAddress compares with (keep them alike), so the form finds a
 * duplicate before the index does; the index holds under concurrency.
 *
 * Duplicates made before this index are removed first (the oldest row of each
 * address stays): nothing references an establishment, and a duplicate holds
 * no data its twin lacks.
 */
/** The address key of the establishment row under `alias` (no alias: the index's own columns). */
function addressKey(alias = ''): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  const normalised = (name: string) => `lower(btrim(regexp_replace(${column(name)}, '\\s+', ' ', 'g')))`;
  return [
    column('provider_id'),
    normalised('street'),
    normalised('house_number'),
    `coalesce(${normalised('box')}, '')`,
    column('postcode'),
  ].join(', ');
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `delete from establishments e using establishments older
     where older.id < e.id and (${addressKey('older')}) = (${addressKey('e')})`,
  );
  await knex.raw(
    `create unique index establishments_provider_address_key on establishments (${addressKey()})`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists establishments_provider_address_key');
}
