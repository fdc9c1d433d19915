import { describe, expect, it } from 'vitest';
import { checkLedger, ledgerSums, type LedgerEntryFacts } from './ledger.js';

// € 1.000,00 at 30 %: € 700,00 own contribution, € 300,00 subsidy.
const project = { ownContributionCents: 70_000, subsidyCents: 30_000 };
const deposit: LedgerEntryFacts[] = [
  { kind: 'eigen_bijdrage', amountCents: 70_000 },
  { kind: 'subsidie', amountCents: 30_000 },
];
const reasonsOf = (check: ReturnType<typeof checkLedger>) => (check.balanced ? [] : check.reasons);

describe('ledgerSums', () => {
  it('sums each kind as a positive figure and the balance as the plain sum', () => {
    expect(
      ledgerSums([
        ...deposit,
        { kind: 'betaling_dienstverlener', amountCents: -40_000 },
        { kind: 'terugbetaling', amountCents: -42_000 },
        { kind: 'subsidie_terug', amountCents: -18_000 },
      ]),
    ).toEqual({
      depositedCents: 70_000,
      subsidyCents: 30_000,
      paidCents: 40_000,
      refundedCents: 42_000,
      subsidyReturnedCents: 18_000,
      balanceCents: 0,
    });
  });
});

describe('checkLedger', () => {
  it('wants nothing booked on a Bevestigd project', () => {
    expect(checkLedger({ ...project, status: 'Bevestigd' }, [])).toMatchObject({
      balanced: true,
      expectedBalanceCents: 0,
    });
    expect(reasonsOf(checkLedger({ ...project, status: 'Bevestigd' }, deposit))).toEqual([
      'Het project is bevestigd en wacht op de eigen bijdrage: er hoort nog niets geboekt te zijn, maar er staan 2 boekingen op de rekening.',
    ]);
  });

  it('wants a balance of zero and no payment on a lapsed or annulled project', () => {
    expect(checkLedger({ ...project, status: 'Vervallen' }, []).balanced).toBe(true);
    expect(checkLedger({ ...project, status: 'ProjectGeannuleerd' }, []).balanced).toBe(true);
    expect(reasonsOf(checkLedger({ ...project, status: 'Vervallen' }, deposit.slice(0, 1)))).toEqual([
      'Het project heeft de status "Vervallen": het saldo moet € 0,00 zijn, maar is € 700,00.',
    ]);
  });

  it('wants the full deposit and subsidy on a running project, and the balance what is not paid yet', () => {
    const paid = [...deposit, { kind: 'betaling_dienstverlener', amountCents: -25_050 }];
    expect(checkLedger({ ...project, status: 'Lopend' }, paid)).toMatchObject({
      balanced: true,
      expectedBalanceCents: 74_950,
    });
    expect(checkLedger({ ...project, status: 'StopzettingAangevraagd' }, deposit).balanced).toBe(true);
    expect(reasonsOf(checkLedger({ ...project, status: 'Lopend' }, deposit.slice(1)))).toContain(
      'De geboekte eigen bijdrage (€ 0,00) verschilt van de eigen bijdrage van het project (€ 700,00).',
    );
  });

  it('refuses a refund on a running project: refunds come with the settlement', () => {
    expect(
      reasonsOf(
        checkLedger({ ...project, status: 'Lopend' }, [
          ...deposit,
          { kind: 'terugbetaling', amountCents: -1_000 },
        ]),
      ),
    ).toContain(
      'Het project heeft de status "Lopend" maar er werd al € 10,00 terugbetaald en € 0,00 subsidie teruggeboekt: dat gebeurt pas bij de afrekening.',
    );
  });

  it('wants a settled project at exactly zero', () => {
    const settled = [
      ...deposit,
      { kind: 'betaling_dienstverlener', amountCents: -40_000 },
      { kind: 'terugbetaling', amountCents: -42_000 },
      { kind: 'subsidie_terug', amountCents: -18_000 },
    ];
    expect(checkLedger({ ...project, status: 'Stopgezet' }, settled).balanced).toBe(true);
    expect(checkLedger({ ...project, status: 'Afgewerkt' }, settled).balanced).toBe(true);
    expect(reasonsOf(checkLedger({ ...project, status: 'Afgewerkt' }, settled.slice(0, 4)))).toEqual([
      'Het project heeft de status "Afgewerkt" en is afgerekend: het saldo moet € 0,00 zijn, maar is € 180,00.',
    ]);
  });

  it('never refunds more than came in, and never goes below zero', () => {
    const reasons = reasonsOf(
      checkLedger({ ...project, status: 'Afgewerkt' }, [
        ...deposit,
        { kind: 'terugbetaling', amountCents: -80_000 },
        { kind: 'subsidie_terug', amountCents: -30_000 },
      ]),
    );
    expect(reasons).toContain(
      'Er werd € 800,00 terugbetaald aan de onderneming, meer dan de € 700,00 eigen bijdrage die binnenkwam.',
    );
    expect(reasons).toContain('Het saldo is negatief (€ -100,00): er ging meer uit dan er binnenkwam.');
  });

  it('names an entry of an unknown kind or with the wrong sign', () => {
    const reasons = reasonsOf(
      checkLedger({ ...project, status: 'Lopend' }, [
        ...deposit,
        { kind: 'cadeau', amountCents: -1 },
        { kind: 'betaling_dienstverlener', amountCents: 500 },
      ]),
    );
    expect(reasons).toContain('Boeking van een onbekende soort "cadeau".');
    expect(reasons).toContain(
      'Boeking betaling_dienstverlener van € 5,00 moet negatief zijn (geld van de rekening).',
    );
  });
});
