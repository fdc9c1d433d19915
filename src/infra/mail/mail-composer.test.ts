import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { composeMail, type ComposedMail } from './mail-composer.js';
import { mailTemplates, type MailData, type MailName } from './mail-templates.js';

const SIGNATURE = '\n\nMet vriendelijke groeten,\nHet team kmo-portefeuille';

const project = {
  projectNumber: '2026KMO004855',
  title: 'Opleiding cyberveiligheid',
  companyName: 'Bakkerij Peeters bv',
  companyEnterpriseNumber: '0765432146',
};
const institution = {
  name: 'Pluxee Belgium nv',
  address: 'Vorstlaan 165, 1160 Oudergem',
  iban: 'BE68539007547034',
  bic: 'bbrubebb',
};
const url = 'https://www.kmo-portefeuille.be/dienstverlener/projecten/2026KMO004855';

/** Sample data for every template (the type makes the list complete), with facts its mail must name. */
const samples: { [Name in MailName]: { data: MailData[Name]; facts: string[] } } = {
  'department-invitation': {
    data: {
      providerName: 'Dienstverlener kmo-portefeuille',
      departmentName: 'Departement Opleidingen',
      invitedBy: 'Katrien Wouters',
      invitationUrl: 'https://www.kmo-portefeuille.be/dienstverlener/uitnodiging/abc',
      expiresAt: new Date('2026-11-25T11:00:00Z'),
    },
    facts: [
      'Katrien Wouters nodigt u uit als gebruiker van Departement Opleidingen van Dienstverlener kmo-portefeuille',
      'https://www.kmo-portefeuille.be/dienstverlener/uitnodiging/abc',
      'geldig tot 25/11/2026 12:00',
      'Gebruikersbeheer van de Vlaamse overheid',
    ],
  },
  'forgotten-login': {
    data: {
      providerName: 'Dienstverlener kmo-portefeuille',
      login: 'kmo-dienstverlener',
      resetUrl: 'https://www.kmo-portefeuille.be/dienstverlener/login-herstellen/Xy7kp2Qm9',
    },
    facts: [
      'Uw login: kmo-dienstverlener',
      'https://www.kmo-portefeuille.be/dienstverlener/login-herstellen/Xy7kp2Qm9',
      'een uur geldig',
      'Beste Dienstverlener kmo-portefeuille,',
    ],
  },
  'provider-signup': {
    data: {
      contactName: 'An Peeters',
      legalName: 'Opleidingen Peeters bv',
      enterpriseNumber: '0123456749',
      oneTimePassword: 'Xy7-kp2-Qm9',
      loginUrl: 'https://www.kmo-portefeuille.be/dienstverlener/login',
    },
    facts: ['Opleidingen Peeters bv', '0123.456.749', 'Xy7-kp2-Qm9'],
  },
  'registration-renewal-reminder': {
    data: {
      recipientName: 'Departement Opleidingen',
      serviceLabel: 'Opleiding',
      registrationNumber: 'DV.O218724',
      validUntil: '2031-05-31',
      daysLeft: 31,
      renewalUrl: 'https://www.kmo-portefeuille.be/dienstverlener/registraties/7/verlengen',
    },
    facts: [
      'Beste Departement Opleidingen,',
      'DV.O218724',
      'Geldig tot en met: 31/05/2031 (nog 31 dagen)',
      'Vraag de verlenging aan',
    ],
  },
  'registration-approved': {
    data: {
      recipientName: 'Opleidingen',
      serviceLabel: 'Opleiding',
      registrationNumber: 'DV.O218724',
      validFrom: '2026-03-01',
      validUntil: '2031-02-28',
      conditional: true,
    },
    facts: ['DV.O218724', 'Geldig van 01/03/2026 tot en met 28/02/2031', 'voorwaardelijke registratie'],
  },
  'registration-requested': {
    data: {
      recipientName: 'Opleidingscentrum Leiestreek',
      serviceLabel: 'Advies',
      registrationUrl: 'https://www.kmo-portefeuille.be/dienstverlener/registraties/12',
      auditExempt: false,
    },
    facts: [
      'Uw aanvraag tot registratie als dienstverlener voor advies in de kmo-portefeuille is ingediend',
      'A – Aangevraagd',
      'https://www.kmo-portefeuille.be/dienstverlener/registraties/12',
      'ondertekende verklaring op eer',
      'auditrapport',
    ],
  },
  'registration-decided': {
    data: {
      recipientName: 'Opleidingen',
      serviceLabel: 'Opleiding',
      registrationNumber: 'DV.O218724',
      decision: 'suspend',
      status: 'S',
      statusLabel: 'Geschorst',
      reason: 'Auditrapport ontbreekt.',
    },
    facts: ['DV.O218724', 'Nieuwe status: S – Geschorst', 'Reden: Auditrapport ontbreekt.'],
  },
  'project-annulled-by-provider': {
    data: {
      companyName: project.companyName,
      providerLabel: 'Dienstverlener kmo-portefeuille – Opleidingen',
      projectNumber: project.projectNumber,
      title: project.title,
      reason: 'De opleiding gaat niet door.',
      projectUrl: url,
    },
    facts: ['2026KMO004855', 'De opleiding gaat niet door.', 'Dienstverlener kmo-portefeuille – Opleidingen'],
  },
  'stop-requested': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      reason: 'De onderneming is failliet.',
      documentFilename: 'vonnis.pdf',
      stopRequestUrl: 'https://www.kmo-portefeuille.be/beheer/stopzettingen/2026KMO004855',
    },
    facts: ['2026KMO004855', '0765.432.146', 'vonnis.pdf', 'De onderneming is failliet.'],
  },
  'stop-confirmed': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      recipient: 'company',
      paidCents: 40_000,
      refundCents: 42_000,
      subsidyReturnCents: 18_000,
      ceilingFreed: true,
      applicationYear: 2026,
      projectUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855',
    },
    facts: [
      '2026KMO004855',
      'Terugbetaling van de eigen bijdrage aan de onderneming: € 420,00',
      'Ongebruikte subsidie terug naar de Vlaamse overheid: € 180,00',
      'opnieuw vrij binnen uw steunplafond van 2026',
    ],
  },
  'project-settled': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      recipient: 'company',
      completionDeadline: '2027-12-31',
      paidCents: 40_000,
      refundCents: 42_000,
      refundIban: 'BE71096123456769',
      subsidyReturnCents: 18_000,
      projectUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855',
    },
    facts: [
      '2026KMO004855',
      'liep af op 31/12/2027',
      '"Afgewerkt"',
      'Terugbetaling van de eigen bijdrage aan de onderneming: € 420,00',
      'Ongebruikte subsidie terug naar de Vlaamse overheid: € 180,00',
      'teruggestort op uw rekening BE71 0961 2345 6769',
    ],
  },
  'stop-refused': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      recipient: 'provider',
      reason: 'Het bewijsstuk toont geen stopzetting.',
      projectUrl: url,
    },
    facts: ['2026KMO004855', 'Reden van de weigering: Het bewijsstuk toont geen stopzetting.', '"Lopend"'],
  },
  'project-reported': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      reason: 'Factuur dubbel betaald.',
      reportUrl: 'https://www.kmo-portefeuille.be/beheer/meldingen/17',
    },
    facts: ['2026KMO004855', '0765.432.146', 'Factuur dubbel betaald.'],
  },
  'project-report-closed': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      reason: 'Factuur dubbel betaald.',
      reportedOn: '2026-11-20',
      closingNote: 'De onderneming betaalde het teveel terug.',
      projectUrl: url,
    },
    facts: [
      '2026KMO004855',
      'Factuur dubbel betaald.',
      '20/11/2026',
      'De onderneming betaalde het teveel terug.',
      'afgesloten',
    ],
  },
  'project-cancelled-by-company': {
    data: { ...project, providerLabel: 'Dienstverlener kmo-portefeuille', reason: '', projectUrl: url },
    facts: ['2026KMO004855', 'Reden: geen reden opgegeven', 'Project geannuleerd'],
  },
  'provider-paid': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      amountCents: 150_000,
      invoiceNumber: 'F2026-0042',
      invoiceDate: '2026-12-01',
      balanceCents: 0,
      completed: true,
      paymentInstitutionName: 'Pluxee Belgium nv',
      providerIban: 'BE68539007547034',
      projectUrl: url,
    },
    facts: ['€ 1.500,00', 'F2026-0042 van 01/12/2026', 'BE68 5390 0754 7034', 'Afgewerkt'],
  },
  'application-approved': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      registrationNumber: 'DV.O218724',
      projectAmountCents: 217_884,
      subsidyCents: 98_049,
      ownContributionCents: 119_835,
      depositDeadline: '2026-11-30',
      completionDeadline: '2027-11-30',
      institution,
      structuredCommunication: '123456789002',
      depositInstructionsUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855/storting',
    },
    facts: ['€ 1.198,35', '+++123/4567/89002+++', 'BE68 5390 0754 7034', '30/11/2026', '30/11/2027'],
  },
  'application-received': {
    data: {
      ...project,
      registrationNumber: 'DV.O218724',
      serviceLabel: 'Opleiding',
      subthemeLabel: 'Digitalisering',
      projectAmountCents: 217_884,
      subsidyCents: 98_049,
      ownContributionCents: 119_835,
      depositDeadline: '2026-11-30',
      projectUrl: url,
    },
    facts: ['Bakkerij Peeters bv (0765.432.146)', 'DV.O218724', '€ 2.178,84', 'Digitalisering'],
  },
  'deposit-reminder-to-company': {
    data: {
      projectNumber: project.projectNumber,
      title: project.title,
      companyName: project.companyName,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      ownContributionCents: 119_835,
      subsidyCents: 98_049,
      depositDeadline: '2026-11-30',
      daysLeft: 7,
      institution,
      structuredCommunication: '123456789002',
      depositInstructionsUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855/storting',
    },
    facts: ['uiterlijk op 30/11/2026 (nog 7 dagen)', 'BBRUBEBB', '+++123/4567/89002+++'],
  },
  'deposit-reminder-to-provider': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      ownContributionCents: 119_835,
      subsidyCents: 98_049,
      depositDeadline: '2026-11-30',
      daysLeft: 1,
      projectUrl: url,
    },
    facts: ['uiterlijk op 30/11/2026 (morgen)', '0765.432.146', '€ 1.198,35'],
  },
  'payment-reminder-to-company': {
    data: {
      projectNumber: project.projectNumber,
      title: project.title,
      companyName: project.companyName,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      balanceCents: 150_000,
      completionDeadline: '2026-12-31',
      daysLeft: 0,
      payProviderUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855/betalen',
    },
    facts: ['uiterlijk vandaag, 31/12/2026', 'Saldo: € 1.500,00'],
  },
  'payment-reminder-to-provider': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      balanceCents: 150_000,
      completionDeadline: '2026-12-31',
      daysLeft: 14,
      projectUrl: url,
    },
    facts: ['uiterlijk op 31/12/2026 (nog 14 dagen)', 'Saldo: € 1.500,00'],
  },
  'deposit-received-to-company': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      depositCents: 119_835,
      subsidyCents: 51_358,
      receivedOn: '2026-11-20',
      projectUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855',
    },
    facts: ['€ 1.198,35 is op 20/11/2026 ontvangen', '€ 513,58 subsidie', '"Lopend"'],
  },
  'deposit-received-to-provider': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      depositCents: 119_835,
      subsidyCents: 51_358,
      receivedOn: '2026-11-20',
      projectUrl: url,
    },
    facts: ['€ 1.198,35', 'ontvangen op 20/11/2026', '€ 513,58', '0765.432.146'],
  },
  'lapse-notice-to-company': {
    data: {
      projectNumber: project.projectNumber,
      title: project.title,
      companyName: project.companyName,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      ownContributionCents: 119_835,
      subsidyCents: 98_049,
      depositDeadline: '2026-11-30',
      projectUrl: 'https://www.kmo-portefeuille.be/onderneming/projecten/2026KMO004855',
    },
    facts: ['(30/11/2026)', '€ 980,49', 'Stort niets meer.'],
  },
  'lapse-notice-to-provider': {
    data: {
      ...project,
      providerLabel: 'Dienstverlener kmo-portefeuille',
      depositDeadline: '2026-11-30',
      projectUrl: url,
    },
    facts: ['2026KMO004855', '0765.432.146', '(30/11/2026)'],
  },
  'application-reminder': {
    data: {
      firstName: 'Tine',
      companyName: 'Bakkerij Peeters bv',
      title: 'Boekhouding',
      startDate: '2026-11-26',
      lastApplicationDate: '2026-12-10',
      applicationDays: 14,
      daysLeft: 3,
      applicationUrl: 'https://www.kmo-portefeuille.be/onderneming/aanvraag',
    },
    facts: ['Project: Boekhouding', 'Over 3 dagen (10/12/2026) is de laatste dag', '14 kalenderdagen'],
  },
};

function compose<Name extends MailName>(name: Name): ComposedMail {
  return composeMail(name, samples[name].data);
}

/** The HTML parsed by a DOM parser, as a mail client reads it. */
function documentOf(html: string) {
  const errors: string[] = [];
  const document = new DOMParser({
    errorHandler: (level: string, message: unknown) => errors.push(`${level}: ${String(message)}`),
  }).parseFromString(html, 'text/html');
  expect(errors).toEqual([]);
  return document;
}

function collapse(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

const names = Object.keys(mailTemplates) as MailName[];

describe.each(names)('the mail %s', (name) => {
  const mail = compose(name);
  const { facts } = samples[name];
  const document = documentOf(mail.html);
  const body = document.getElementsByTagName('body')[0];

  it('has a subject of one line', () => {
    expect(mail.subject).not.toBe('');
    expect(mail.subject).not.toContain('\n');
  });

  it('names its key facts in the text and in the HTML', () => {
    const htmlText = collapse(body?.textContent);
    for (const fact of facts) {
      expect(mail.text).toContain(fact);
      expect(htmlText).toContain(fact);
    }
  });

  it('is a Dutch HTML document headed by its subject', () => {
    expect(mail.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(document.documentElement?.getAttribute('lang')).toBe('nl');
    expect(collapse(document.getElementsByTagName('title')[0]?.textContent)).toBe(mail.subject);
    expect(collapse(document.getElementsByTagName('h1')[0]?.textContent)).toBe(mail.subject);
  });

  it('links as <a> to every address its text names', () => {
    const addresses = mail.text.match(/https:\/\/\S+[^.\s]/g) ?? [];
    const hrefs = Array.from(document.getElementsByTagName('a')).map((link) => link.getAttribute('href'));
    expect(new Set(hrefs)).toEqual(new Set(addresses));
  });

  it('loads nothing from elsewhere', () => {
    for (const tag of ['img', 'link', 'script', 'iframe', 'style']) {
      expect(document.getElementsByTagName(tag).length, tag).toBe(0);
    }
  });

  it('ends with the signature when the template is signed, in both versions', () => {
    const signed = mailTemplates[name].signed;
    expect(mail.text.endsWith(SIGNATURE)).toBe(signed);
    expect(collapse(body?.textContent).endsWith('Met vriendelijke groeten, Het team kmo-portefeuille')).toBe(
      signed,
    );
    expect(mail.text.endsWith('\n')).toBe(false);
  });
});

describe('data in a mail', () => {
  const hostile = '<script>alert("x")</script> & Zonen';
  const mail = composeMail('project-annulled-by-provider', {
    ...samples['project-annulled-by-provider'].data,
    companyName: hostile,
    reason: 'Te laat <b>ingediend</b>',
  });

  it('is escaped in the HTML version', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('Beste &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Zonen,');
    const document = documentOf(mail.html);
    expect(document.getElementsByTagName('script').length).toBe(0);
    expect(collapse(document.getElementsByTagName('p')[0]?.textContent)).toBe(`Beste ${hostile},`);
  });

  it('is written as it is in the plain text and the subject', () => {
    expect(mail.text).toContain(`Beste ${hostile},`);
    expect(mail.text).toContain('Reden: Te laat <b>ingediend</b>');
    const subject = composeMail('application-received', {
      ...samples['application-received'].data,
      companyName: 'Peeters & Zonen',
    }).subject;
    expect(subject).toBe('Nieuwe aanvraag kmo-portefeuille 2026KMO004855 voor Peeters & Zonen');
  });

  it('escapes an address in a link attribute', () => {
    const html = composeMail('forgotten-login', {
      ...samples['forgotten-login'].data,
      resetUrl: 'https://example.be/login?a=1&b="2"',
    }).html;
    expect(html).toContain('<a href="https://example.be/login?a=1&amp;b=&#34;2&#34;">');
  });
});

describe('the stop mails', () => {
  const confirmed = (changes: Partial<MailData['stop-confirmed']>) =>
    composeMail('stop-confirmed', { ...samples['stop-confirmed'].data, ...changes }).text;

  it('tells the company its ceiling stays used when the stop falls after the application year', () => {
    const text = confirmed({ ceilingFreed: false });
    expect(text).toContain('De stopzetting valt na 2026');
    expect(text).toContain('komt niet opnieuw vrij binnen uw steunplafond van 2026.');
  });

  it('tells the provider no payment follows, without the company paragraphs', () => {
    const text = confirmed({ recipient: 'provider' });
    expect(text).toContain('Beste Dienstverlener kmo-portefeuille,');
    expect(text).toContain('Vanuit de kmo-portefeuille volgen geen betalingen meer voor dit project.');
    expect(text).not.toContain('steunplafond');
  });
});

describe('the deadline in a sentence', () => {
  const phrase = (daysLeft: number) =>
    composeMail('deposit-reminder-to-provider', {
      ...samples['deposit-reminder-to-provider'].data,
      daysLeft,
    }).text;

  it('counts the days left, says tomorrow, or today', () => {
    expect(phrase(7)).toContain('De eigen bijdrage moet uiterlijk op 30/11/2026 (nog 7 dagen) binnen zijn.');
    expect(phrase(1)).toContain('De eigen bijdrage moet uiterlijk op 30/11/2026 (morgen) binnen zijn.');
    expect(phrase(0)).toContain('De eigen bijdrage moet uiterlijk vandaag, 30/11/2026 binnen zijn.');
  });
});

describe('the registration mail', () => {
  it('leaves out the conditional paragraph for a normal registration', () => {
    const text = composeMail('registration-approved', {
      ...samples['registration-approved'].data,
      conditional: false,
    }).text;
    expect(text).toBe(
      [
        'Beste Opleidingen,',
        '',
        'Uw registratie als dienstverlener voor opleiding in de kmo-portefeuille is goedgekeurd.',
        '',
        'Registratienummer: DV.O218724',
        'Geldig van 01/03/2026 tot en met 28/02/2031',
        '',
        'U vindt het attest in de bijlage.',
        '',
        'Met vriendelijke groeten,',
        'Het team kmo-portefeuille',
      ].join('\n'),
    );
  });
});
