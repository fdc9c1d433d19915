import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistrationRepository } from '../../../src/features/registrations/registration.repository.js';
import { RegistrationService } from '../../../src/features/registrations/registration.service.js';
import type { Actor } from '../../../src/domain/actor.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { pdfText } from '../../support/pdf.js';
import { completeRegistrationFile } from '../../support/registration-file.js';
import { fixedClock } from '../../../src/clock.js';

let testApp: TestApp;
let service: RegistrationService;
const agency: Actor = { type: 'agency', id: null, label: 'Sofie Maes' };

beforeAll(async () => {
  testApp = await createTestApp({ demo: true });
  const { db } = testApp.database;
  // A fixed day: 23 November 2026 at noon in Brussels.
  service = new RegistrationService(db, new RegistrationRepository(db), {
    onMailQueued: () => undefined,
    clock: fixedClock(new Date('2026-11-23T11:00:00Z')),
    publicUrl: testApp.container.config.publicUrl,
  });
});
afterAll(async () => {
  await testApp.close();
});

async function requestedAdviceOfDemoProvider(): Promise<number> {
  const row = await testApp.database
    .db('registrations as r')
    .join('provider_organisations as p', 'p.id', 'r.provider_id')
    .where({ 'p.enterprise_number': '0123456749', 'r.status': 'A', 'r.service': 'advies' })
    .first('r.id');
  return row.id as number;
}

describe("the agency's decisions on a registration", () => {
  it('approves a request: DV.A number, five years, and the certificate mailed as PDF', async () => {
    const id = await requestedAdviceOfDemoProvider();
    // The demo request's file lacks the audit report: the approval waits for it.
    await expect(service.approve(id, { actor: agency, expectedFrom: 'A' })).rejects.toThrow(
      'Goedkeuren kan nog niet: het auditrapport ontbreekt.',
    );
    expect((await testApp.database.db('registrations').where({ id }).first()).status).toBe('A');
    await completeRegistrationFile(testApp.database.db, id);
    const result = await service.approve(id, { actor: agency, expectedFrom: 'A' });
    expect(result).toEqual({ number: 'DV.A218725', validFrom: '2026-11-23', validUntil: '2031-11-22' });
    const row = await testApp.database.db('registrations').where({ id }).first();
    expect(row).toMatchObject({
      status: 'G',
      number: 'DV.A218725',
      valid_from: '2026-11-23',
      valid_until: '2031-11-22',
      conditional: false,
    });

    await testApp.container.mail.flush();
    const mail = testApp.mailbox.list().find((candidate) => candidate.subject.includes('DV.A218725'));
    expect(mail?.subject).toBe('Uw registratie DV.A218725 voor advies is goedgekeurd');
    expect(mail?.to).toEqual(['info@dienstverlener-kmo.test']);
    expect(mail?.text).toContain('Geldig van 23/11/2026 tot en met 22/11/2031');
    const attachment = mail?.attachments[0];
    expect(attachment?.filename).toBe('attest-DV.A218725.pdf');
    const text = await pdfText(attachment?.content ?? Buffer.alloc(0));
    expect(text).toContain('Registratienummer: DV.A218725');
    expect(text).toContain('Dienstverlener: Dienstverlener kmo-portefeuille');
    expect(text).toContain('Ondernemingsnummer: 0123.456.749');
    expect(text).toContain('Geldig van: 23/11/2026');
    expect(text).toContain('Geldig tot en met: 22/11/2031');
  });

  it('renews with the same number, five more years after the current expiry', async () => {
    const { db } = testApp.database;
    const row = await db('registrations').where({ number: 'DV.O207315' }).first();
    await db('registrations').where({ id: row.id }).update({ status: 'G/V', valid_until: '2027-03-31' });
    const result = await service.approve(row.id, { actor: agency, expectedFrom: 'G/V' });
    expect(result).toEqual({ number: 'DV.O207315', validFrom: '2027-04-01', validUntil: '2032-03-31' });
  });

  it('gives a starting provider a conditional registration of two years', async () => {
    const { db } = testApp.database;
    const provider = await db('provider_organisations')
      .where({ enterprise_number: '0456789034' })
      .first('id');
    const [created] = await db('registrations')
      .insert({
        provider_id: provider.id,
        service: 'advies',
        basis: 'privaat',
        audit_bureau: 'SGS Belgium',
        status: 'A',
      })
      .returning('id');
    await completeRegistrationFile(db, created.id);
    const result = await service.approve(created.id, { actor: agency, conditional: true });
    expect(result).toEqual({ number: 'DV.A218726', validFrom: '2026-11-23', validUntil: '2028-11-22' });
    expect((await db('registrations').where({ id: created.id }).first()).conditional).toBe(true);
  });

  it('lets only one of two simultaneous approvals through', async () => {
    const { db } = testApp.database;
    const provider = await db('provider_organisations')
      .where({ enterprise_number: '0456789034' })
      .first('id');
    const department = await db('departments')
      .insert({
        provider_id: provider.id,
        name: 'Gelijktijdig',
        contact_email: 'gelijktijdig@leiestreek.test',
      })
      .returning('id');
    const [created] = await db('registrations')
      .insert({
        provider_id: provider.id,
        department_id: department[0].id,
        service: 'opleiding',
        basis: 'publiek',
        status: 'A',
        // A public provider needs no audit report: the declaration received is enough.
        declaration_received_on: '2026-11-20',
        declaration_recorded_by: 'Sofie Maes',
        declaration_recorded_at: db.fn.now(),
      })
      .returning('id');
    const outcomes = await Promise.allSettled([
      service.approve(created.id, { actor: agency, expectedFrom: 'A' }),
      service.approve(created.id, { actor: agency, expectedFrom: 'A' }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const history = await db('registration_history').where({ registration_id: created.id, to_status: 'G' });
    expect(history).toHaveLength(1);
  });

  it('refuses with a reason, and refuses to decide what the table does not allow', async () => {
    const { db } = testApp.database;
    const provider = await db('provider_organisations')
      .where({ enterprise_number: '0456789034' })
      .first('id');
    const [created] = await db('registrations')
      .insert({
        provider_id: provider.id,
        service: 'opleiding',
        basis: 'privaat',
        audit_bureau: 'Kiwa Belgium',
        status: 'A',
        department_id: null,
      })
      .returning('id');
    await expect(service.agencyDecision(created.id, 'refuse', { actor: agency })).rejects.toThrow(
      'Geef een reden op om deze registratie te weigeren.',
    );
    expect(
      await service.agencyDecision(created.id, 'refuse', {
        actor: agency,
        reason: 'Auditrapport ontbreekt.',
      }),
    ).toBe('N');
    await expect(
      service.agencyDecision(created.id, 'suspend', { actor: agency, reason: 'x' }),
    ).rejects.toThrow('U kunt deze registratie met de status "Geweigerd" niet schorsen.');
  });

  it('lets registrations past their expiry date expire (G → L) in the nightly run', async () => {
    const { db } = testApp.database;
    const row = await db('registrations').where({ number: 'DV.O218721' }).first();
    await db('registrations').where({ id: row.id }).update({ valid_until: '2026-11-22' });
    const expired = await service.expireDue({ type: 'system', id: null, label: 'Systeem' });
    expect(expired).toBeGreaterThanOrEqual(1);
    expect((await db('registrations').where({ id: row.id }).first()).status).toBe('L');
    const history = await db('registration_history').where({ registration_id: row.id, action: 'expire' });
    expect(history).toMatchObject([{ from_status: 'G', to_status: 'L', actor_label: 'Systeem' }]);
  });
});
