import type { Knex } from 'knex';

/**
 * Where a mail to a provider about its project or registration goes: the head
 * office's contact address, and the department's as well when the project or
 * registration is a department's (one mail each; the same address twice, in
 * any case, once). One rule for every mail to a provider: an application, a
 * decision, a deposit, a payment, a stop, a report, a deadline.
 */
export function providerRecipients(headOfficeEmail: string, departmentEmail?: string | null): string[] {
  const addresses = [headOfficeEmail, departmentEmail ?? '']
    .map((address) => address.trim())
    .filter((address) => address !== '');
  return addresses.filter(
    (address, index) =>
      addresses.findIndex((other) => other.toLowerCase() === address.toLowerCase()) === index,
  );
}

/** The provider's recipients (see `providerRecipients`) read by provider and department id. */
export async function providerMailAddresses(
  db: Knex | Knex.Transaction,
  providerId: number,
  departmentId: number | null,
): Promise<string[]> {
  const row = await db('provider_organisations as p')
    .leftJoin('departments as d', function joinDepartment() {
      this.on('d.provider_id', 'p.id').andOnVal('d.id', departmentId ?? -1);
    })
    .where('p.id', providerId)
    .first<{ headOfficeEmail: string; departmentEmail: string | null } | undefined>({
      headOfficeEmail: 'p.contact_email',
      departmentEmail: 'd.contact_email',
    });
  if (!row) throw new Error(`provider ${providerId} vanished`);
  return providerRecipients(row.headOfficeEmail, row.departmentEmail);
}
