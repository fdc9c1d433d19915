import type { Knex } from 'knex';

/**
 * Where a mail to a company goes: its own address when it has one, otherwise
 * each of its representatives' (blank addresses left out). One rule for every
 * mail about a project: an application, a reaction, a deadline.
 */
export async function companyMailAddresses(
  db: Knex | Knex.Transaction,
  companyId: number,
  companyEmail?: string | null,
): Promise<string[]> {
  const own =
    companyEmail !== undefined
      ? companyEmail
      : ((await db('companies').where({ id: companyId }).first<{ email: string | null }>('email'))?.email ??
        null);
  if (own?.trim()) return [own.trim()];
  const rows = (await db('company_representatives as cr')
    .join('persons as pe', 'pe.id', 'cr.person_id')
    .where('cr.company_id', companyId)
    .whereNotNull('pe.email')
    .whereRaw("btrim(pe.email) <> ''")
    .distinct('pe.email as email')
    .orderBy('email')) as { email: string }[];
  return rows.map((row) => row.email.trim());
}
