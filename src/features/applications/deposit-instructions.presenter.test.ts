import { describe, expect, it } from 'vitest';
import {
  daysLeftText,
  depositStateOf,
  presentDepositInstructions,
  presentNextSteps,
  type PaymentInstitution,
} from './deposit-instructions.presenter.js';
import type { DepositFacts } from './deposit-instructions.queries.js';

const institution: PaymentInstitution = {
  name: 'Pluxee Belgium nv',
  address: 'Vorstlaan 165, 1160 Oudergem',
  iban: 'BE68539007547034',
  bic: 'BBRUBEBB',
};

const today = '2026-11-23';

/** A project applied for on 05/11/2026: deposit by 05/12/2026, € 1.198,35 own contribution. */
function facts(overrides: Partial<DepositFacts> = {}): DepositFacts {
  return {
    projectNumber: '2026KMO900001',
    title: 'Opleiding veilig werken met cloudsoftware',
    status: 'Bevestigd',
    companyName: 'Testonderneming_A en B',
    providerName: 'Dienstverlener kmo-portefeuille',
    departmentName: null,
    applicationDate: '2026-11-05',
    depositDeadline: '2026-12-05',
    projectAmountCents: 171_193,
    ownContributionCents: 119_835,
    subsidyCents: 51_358,
    structuredCommunication: '123456789002',
    deposit: null,
    subsidy: null,
    payments: null,
    refund: null,
    balanceCents: 0,
    statusSince: '2026-11-05',
    completionDeadline: '2027-12-31',
    ...overrides,
  };
}

const received = {
  deposit: { amountCents: 119_835, bookedOn: '2026-11-10' },
  subsidy: { amountCents: 51_358, bookedOn: '2026-11-10' },
  balanceCents: 171_193,
};

/**
 * A sentence as the page shows it: amounts and IBANs in running text keep
 * together with no-break spaces (`€ 1.198,35`, `BE68 5390 0754 7034`).
 */
const prose = (text: string) =>
  text.replace(/€ /g, '€\u00a0').replace(/BE68 5390 0754 7034/g, 'BE68\u00a05390\u00a00754\u00a07034');

const valueOf = (rows: { key: string; value: string | string[] }[], key: string) =>
  rows.find((row) => row.key === key)?.value;

describe('daysLeftText', () => {
  it('counts the calendar days to the deadline, one day in the singular', () => {
    expect(daysLeftText('2026-12-05', today)).toBe('nog 12 dagen');
    expect(daysLeftText('2026-11-25', today)).toBe('nog 2 dagen');
    expect(daysLeftText('2026-11-24', today)).toBe('nog 1 dag');
  });

  it('says the deadline is today, and that it passed the day after', () => {
    expect(daysLeftText('2026-11-23', today)).toBe('vandaag is de laatste dag');
    expect(daysLeftText('2026-11-22', today)).toBe('verstreken');
    expect(daysLeftText('2026-01-01', today)).toBe('verstreken');
  });

  it('counts across a year end and a leap day', () => {
    expect(daysLeftText('2027-01-05', '2026-12-30')).toBe('nog 6 dagen');
    expect(daysLeftText('2028-03-01', '2028-02-28')).toBe('nog 2 dagen');
  });
});

describe('depositStateOf', () => {
  it('asks to deposit only for a Bevestigd project up to and including its deadline', () => {
    expect(depositStateOf(facts(), today)).toBe('payable');
    expect(depositStateOf(facts({ depositDeadline: today }), today)).toBe('payable');
    expect(depositStateOf(facts({ depositDeadline: '2026-11-22' }), today)).toBe('overdue');
  });

  it('knows a received deposit, a cancelled and a lapsed project', () => {
    for (const status of ['Lopend', 'Afgewerkt', 'StopzettingAangevraagd', 'Stopgezet'] as const) {
      expect(depositStateOf(facts({ status, ...received }), today)).toBe('received');
    }
    expect(depositStateOf(facts({ status: 'ProjectGeannuleerd' }), today)).toBe('cancelled');
    expect(depositStateOf(facts({ status: 'Vervallen' }), today)).toBe('lapsed');
    // A status past the deposit without a deposit on the ledger never asks to pay.
    expect(depositStateOf(facts({ status: 'Lopend' }), today)).toBe('closed');
  });
});

describe('presentDepositInstructions', () => {
  it('gives every value of the transfer on its own row, formatted as a bank wants it', () => {
    const page = presentDepositInstructions(facts(), { today, paymentInstitution: institution });
    expect(page.payable).toBe(true);
    expect(page.title).toBe('Stap 5 van 6: Storting van uw eigen bijdrage');
    expect(page.projectRows).toEqual([
      { key: 'Projectnummer', value: '2026KMO900001' },
      { key: 'Project', value: 'Opleiding veilig werken met cloudsoftware' },
    ]);
    expect(page.transferRows).toEqual([
      { key: 'Uiterste stortingsdatum', value: ['05/12/2026', 'nog 12 dagen'] },
      { key: 'Begunstigde', value: ['Pluxee Belgium nv', 'Vorstlaan 165, 1160 Oudergem'] },
      {
        key: 'Rekeningnummer (IBAN)',
        value: 'BE68 5390 0754 7034',
        copy: { value: 'BE68539007547034', label: 'het rekeningnummer' },
      },
      { key: 'BIC', value: 'BBRUBEBB' },
      { key: 'Te storten bedrag', value: '€ 1.198,35' },
      {
        key: 'Gestructureerde mededeling',
        value: '+++123/4567/89002+++',
        copy: { value: '+++123/4567/89002+++', label: 'de gestructureerde mededeling' },
      },
    ]);
    expect(page.paymentQr).toEqual({
      payload: 'BCD\n002\n1\nSCT\nBBRUBEBB\nPluxee Belgium nv\nBE68539007547034\nEUR1198.35\n\n123456789002',
      alt: 'QR-code voor uw overschrijving: € 1.198,35 aan Pluxee Belgium nv, rekening BE68 5390 0754 7034, gestructureerde mededeling +++123/4567/89002+++',
    });
    expect(page.warnings.join(' ')).toContain('geweigerd en teruggestort');
    expect(page.warnings.join(' ')).toContain('uiterlijk op 05/12/2026');
    expect(page.warnings.join(' ')).toContain('verliest u de subsidie');
    expect(page.notice).toBeNull();
    expect(page.pdfHref).toBe('/onderneming/projecten/2026KMO900001/stortingsinstructies.pdf');
    expect(page.nextStepsHref).toBe('/onderneming/projecten/2026KMO900001/volgende-stappen');
  });

  it('groups an IBAN given with spaces or in lower case by four, and a BIC in capitals', () => {
    const page = presentDepositInstructions(facts(), {
      today,
      paymentInstitution: { ...institution, iban: 'be68 5390 0754 7034', bic: 'bbru bebb' },
    });
    expect(valueOf(page.transferRows, 'Rekeningnummer (IBAN)')).toBe('BE68 5390 0754 7034');
    expect(valueOf(page.transferRows, 'BIC')).toBe('BBRUBEBB');
    const foreign = presentDepositInstructions(facts(), {
      today,
      paymentInstitution: { ...institution, iban: 'NL91ABNA0417164300' },
    });
    expect(valueOf(foreign.transferRows, 'Rekeningnummer (IBAN)')).toBe('NL91 ABNA 0417 1643 00');
  });

  it('still gives the instructions on the last day, saying it is today', () => {
    const page = presentDepositInstructions(facts({ depositDeadline: today }), {
      today,
      paymentInstitution: institution,
    });
    expect(page.payable).toBe(true);
    expect(valueOf(page.transferRows, 'Uiterste stortingsdatum')).toEqual([
      '23/11/2026',
      'vandaag is de laatste dag',
    ]);
  });

  it('gives no instructions once the deadline passed', () => {
    const page = presentDepositInstructions(facts({ depositDeadline: '2026-11-22' }), {
      today,
      paymentInstitution: institution,
    });
    expect(page.payable).toBe(false);
    expect(page.transferRows).toEqual([]);
    expect(page.paymentQr).toBeNull();
    expect(page.warnings).toEqual([]);
    expect(page.pdfHref).toBeNull();
    expect(page.notice?.heading).toBe('De uiterste stortingsdatum is verstreken');
    expect(page.notice?.paragraphs.join(' ')).toContain('uiterlijk op 22/11/2026');
    expect(page.notice?.paragraphs.join(' ')).toContain('Stort niets meer.');
  });

  it('says when the own contribution was received instead of asking for it', () => {
    const page = presentDepositInstructions(facts({ status: 'Lopend', ...received }), {
      today,
      paymentInstitution: institution,
    });
    expect(page.payable).toBe(false);
    expect(page.transferRows).toEqual([]);
    expect(page.notice?.heading).toBe('Uw eigen bijdrage werd ontvangen');
    expect(page.notice?.paragraphs[0]).toBe(
      prose('Uw eigen bijdrage van € 1.198,35 werd ontvangen op 10/11/2026. U hoeft niets meer te storten.'),
    );
  });

  it('names the refund of a stopped project', () => {
    const page = presentDepositInstructions(
      facts({
        status: 'Stopgezet',
        ...received,
        refund: { amountCents: 80_000, bookedOn: '2026-11-20' },
        statusSince: '2026-11-20',
      }),
      { today, paymentInstitution: institution },
    );
    expect(page.notice?.paragraphs[1]).toBe(
      prose(
        'Het project werd op 20/11/2026 stopgezet. Het niet gebruikte deel van uw eigen bijdrage (€ 800,00) werd op 20/11/2026 aan u teruggestort.',
      ),
    );
  });

  it('tells a cancelled or lapsed project not to deposit', () => {
    const cancelled = presentDepositInstructions(
      facts({ status: 'ProjectGeannuleerd', statusSince: '2026-11-12' }),
      { today, paymentInstitution: institution },
    );
    expect(cancelled.payable).toBe(false);
    expect(cancelled.notice?.paragraphs[0]).toBe(
      'Het project werd op 12/11/2026 geannuleerd. U hoeft niets te storten.',
    );
    const lapsed = presentDepositInstructions(
      facts({ status: 'Vervallen', depositDeadline: '2026-11-20', statusSince: '2026-11-21' }),
      { today, paymentInstitution: institution },
    );
    expect(lapsed.payable).toBe(false);
    expect(lapsed.notice?.paragraphs[0]).toBe(
      'Uw eigen bijdrage was niet binnen op de uiterste stortingsdatum (20/11/2026). Het project is op 21/11/2026 vervallen en de subsidie is verloren.',
    );
  });
});

describe('amounts and accounts in running text', () => {
  it('never break between the euro sign and the number, nor inside an IBAN', () => {
    const page = presentNextSteps(facts(), { today, paymentInstitution: institution });
    const sentence = page.steps[0]?.paragraphs[0] ?? '';
    expect(sentence).toContain('Stort €\u00a01.198,35 uiterlijk');
    expect(sentence).toContain('op rekening BE68\u00a05390\u00a00754\u00a07034 van');
    // The rows to copy keep ordinary spaces.
    const rows = presentDepositInstructions(facts(), { today, paymentInstitution: institution }).transferRows;
    expect(valueOf(rows, 'Te storten bedrag')).toBe('€ 1.198,35');
  });
});

describe('presentNextSteps', () => {
  const statesOf = (page: ReturnType<typeof presentNextSteps>) => page.steps.map((step) => step.state);

  it('personalises deposit, subsidy and payment for a project that waits for its deposit', () => {
    const page = presentNextSteps(facts(), { today, paymentInstitution: institution });
    expect(page.title).toBe('Stap 6 van 6: Volgende stappen');
    expect(statesOf(page)).toEqual(['current', 'upcoming', 'upcoming']);
    const [deposit, subsidy, payment] = page.steps;
    expect(deposit?.paragraphs[0]).toBe(
      prose(
        'Stort € 1.198,35 uiterlijk op 05/12/2026 (nog 12 dagen) op rekening BE68 5390 0754 7034 van Pluxee Belgium nv, met de gestructureerde mededeling +++123/4567/89002+++.',
      ),
    );
    expect(deposit?.link?.href).toBe('/onderneming/projecten/2026KMO900001/storting');
    expect(subsidy?.paragraphs[0]).toBe(
      prose(
        'Zodra uw eigen bijdrage binnen is, voegt de Vlaamse overheid de subsidie van € 513,58 toe aan uw portefeuille. Samen is dat het projectbedrag van € 1.711,93.',
      ),
    );
    expect(payment?.paragraphs[1]).toBe(
      'De dienstverlening moet afgewerkt en betaald zijn uiterlijk op 31/12/2027.',
    );
    expect(page.completionDeadline).toBe('31/12/2027');
    expect(page.notice).toBeNull();
  });

  it('marks the deposit and the subsidy done once they are on the ledger', () => {
    const page = presentNextSteps(facts({ status: 'Lopend', ...received }), {
      today,
      paymentInstitution: institution,
    });
    expect(statesOf(page)).toEqual(['done', 'done', 'current']);
    expect(page.steps[0]?.paragraphs[0]).toBe(
      prose('Uw eigen bijdrage van € 1.198,35 werd ontvangen op 10/11/2026.'),
    );
    expect(page.steps[1]?.paragraphs[0]).toBe(
      prose('De subsidie van € 513,58 werd op 10/11/2026 aan uw portefeuille toegevoegd.'),
    );
    expect(page.steps.map((step) => step.tag.text)).toEqual(['Gedaan', 'Gedaan', 'Nu aan de beurt']);
  });

  it('shows what is paid and what is left while the project runs', () => {
    const page = presentNextSteps(
      facts({
        status: 'Lopend',
        ...received,
        payments: { amountCents: 50_000, bookedOn: '2026-11-20' },
        balanceCents: 121_193,
      }),
      { today, paymentInstitution: institution },
    );
    expect(page.steps[2]?.paragraphs).toContain(
      prose('U betaalde al € 500,00; voor dit project staat nog € 1.211,93 in uw portefeuille.'),
    );
  });

  it('marks every step done for a finished project', () => {
    const page = presentNextSteps(
      facts({
        status: 'Afgewerkt',
        ...received,
        payments: { amountCents: 171_193, bookedOn: '2026-11-21' },
      }),
      { today, paymentInstitution: institution },
    );
    expect(statesOf(page)).toEqual(['done', 'done', 'done']);
    expect(page.steps[2]?.paragraphs[0]).toBe(
      prose('U betaalde € 1.711,93 aan Dienstverlener kmo-portefeuille. Het project is afgewerkt.'),
    );
  });

  it('shows the missed deposit of a lapsed project and nothing still to do', () => {
    const page = presentNextSteps(facts({ status: 'Vervallen', depositDeadline: '2026-11-20' }), {
      today,
      paymentInstitution: institution,
    });
    expect(statesOf(page)).toEqual(['missed', 'not-applicable', 'not-applicable']);
    expect(page.notice?.heading).toBe('Dit project is vervallen');
  });

  it('shows nothing still to do for a cancelled project, and the stop for a stopped one', () => {
    expect(
      statesOf(
        presentNextSteps(facts({ status: 'ProjectGeannuleerd' }), { today, paymentInstitution: institution }),
      ),
    ).toEqual(['not-applicable', 'not-applicable', 'not-applicable']);
    const stopped = presentNextSteps(
      facts({ status: 'Stopgezet', ...received, refund: { amountCents: 119_835, bookedOn: '2026-11-20' } }),
      { today, paymentInstitution: institution },
    );
    expect(statesOf(stopped)).toEqual(['done', 'done', 'not-applicable']);
    expect(stopped.notice?.heading).toBe('Stopgezet');
  });

  it('says the payment waits while a stop is requested', () => {
    const page = presentNextSteps(facts({ status: 'StopzettingAangevraagd', ...received }), {
      today,
      paymentInstitution: institution,
    });
    expect(statesOf(page)).toEqual(['done', 'done', 'upcoming']);
    expect(page.notice?.heading).toBe('Stopzetting aangevraagd');
  });
});
