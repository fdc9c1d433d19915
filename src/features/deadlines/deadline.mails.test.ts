import { describe, expect, it } from 'vitest';
import {
  applicationReminderToPerson,
  depositReminderToCompany,
  depositReminderToProvider,
  lapseNoticeToCompany,
  paymentReminderToCompany,
  type ProjectMailFacts,
} from './deadline.mails.js';

const project: ProjectMailFacts = {
  projectNumber: '2026KMO004855',
  title: 'Opleiding cyberveiligheid',
  companyName: 'Bakkerij Peeters bv',
  companyEnterpriseNumber: '0765432146',
  providerName: 'Dienstverlener kmo-portefeuille',
  departmentName: 'Opleidingen',
  depositDeadline: '2026-11-30',
  ownContributionCents: 119_835,
  subsidyCents: 98_049,
  structuredCommunication: '123456789002',
  balanceCents: 150_000,
};
const institution = {
  name: 'Pluxee Belgium nv',
  address: 'Vorstlaan 165, 1160 Oudergem',
  iban: 'BE68539007547034',
  bic: 'bbrubebb',
};
const settings = { publicUrl: 'https://www.kmo-portefeuille.be', today: '2026-11-23' };

describe('the deposit reminder to the company', () => {
  const mail = depositReminderToCompany(project, institution, settings);

  it('names the project and the deadline in the subject', () => {
    expect(mail.subject).toBe(
      'Herinnering: stort uw eigen bijdrage voor project 2026KMO004855 uiterlijk op 30/11/2026',
    );
  });

  it('gives everything a transfer needs, in Belgian formats', () => {
    const lines = mail.text.split('\n');
    expect(lines).toContain('Begunstigde: Pluxee Belgium nv, Vorstlaan 165, 1160 Oudergem');
    expect(lines).toContain('Rekeningnummer (IBAN): BE68 5390 0754 7034');
    expect(lines).toContain('BIC: BBRUBEBB');
    expect(lines).toContain('Bedrag: € 1.198,35');
    expect(lines).toContain('Gestructureerde mededeling: +++123/4567/89002+++');
    expect(mail.text).toContain('Stort € 1.198,35 uiterlijk op 30/11/2026 (nog 7 dagen).');
    expect(mail.text).toContain('verliest u de subsidie van € 980,49');
    expect(lines).toContain(
      'Bekijk de stortingsinstructies: https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855/storting',
    );
  });
});

describe('the other mails', () => {
  it('tell the provider its client has not deposited, with a link to the project', () => {
    const mail = depositReminderToProvider(project, settings);
    expect(mail.text).toContain('Beste Dienstverlener kmo-portefeuille – Opleidingen,');
    expect(mail.text).toContain('Onderneming: Bakkerij Peeters bv (0765.432.146)');
    expect(mail.text).toContain('https://www.kmo-portefeuille.be/dienstverlener/projecten/2026KMO004855');
  });

  it('tell the company the balance to pay and where', () => {
    const mail = paymentReminderToCompany(project, '2026-12-31', { ...settings, today: '2026-12-17' });
    expect(mail.subject).toBe(
      'Herinnering: betaal uw dienstverlener voor project 2026KMO004855 uiterlijk op 31/12/2026',
    );
    expect(mail.text).toContain('Saldo: € 1.500,00');
    expect(mail.text).toContain('afgewerkt en betaald zijn uiterlijk op 31/12/2026 (nog 14 dagen)');
    expect(mail.text).toContain(
      'Betaal uw dienstverlener: https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855/betalen',
    );
  });

  it('tell the company its project lapsed and not to deposit any more', () => {
    const mail = lapseNoticeToCompany(project, { ...settings, today: '2026-12-01' });
    expect(mail.subject).toBe('Uw project 2026KMO004855 is vervallen');
    expect(mail.text).toContain('was niet binnen op de uiterste stortingsdatum (30/11/2026)');
    expect(mail.text).toContain('Stort niets meer.');
  });

  it('tell the person until when the application can be submitted', () => {
    const draft = {
      firstName: 'Tine',
      companyName: 'Bakkerij Peeters bv',
      title: '',
      startDate: '2026-11-26',
      lastApplicationDate: '2026-12-10',
    };
    const mail = applicationReminderToPerson(draft, { ...settings, today: '2026-12-09' });
    expect(mail.text).toContain('Uw aanvraag is nog niet ingediend; u kunt ze indienen tot 10/12/2026.');
    expect(mail.text).toContain(
      'U kunt steun aanvragen tot 14 kalenderdagen na de start van de dienstverlening. Morgen (10/12/2026) is de laatste dag',
    );
    expect(mail.text).not.toContain('Project:');
    expect(mail.text).toContain('https://www.kmo-portefeuille.be/onderneming/aanvraag');
    expect(applicationReminderToPerson({ ...draft, title: 'Boekhouding' }, settings).text).toContain(
      'Project: Boekhouding',
    );
  });
});
