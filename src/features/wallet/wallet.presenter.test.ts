import { describe, expect, it } from 'vitest';
import type { ProjectStatus } from '../../domain/project-status.js';
import type { ProjectDetail } from '../projects/project.queries.js';
import {
  factsOfDetail,
  parseWalletQuery,
  presentActions,
  presentCeiling,
  presentLedger,
  companyPayoutText,
  agencyPayoutText,
  presentWalletList,
  presentWalletProject,
  presentWalletRow,
  walletHref,
} from './wallet.presenter.js';
import type { LedgerEntry, WalletRow } from './wallet.queries.js';

const today = '2026-11-23';

let nextId = 1;
function row(status: ProjectStatus, changes: Partial<WalletRow> = {}): WalletRow {
  const id = nextId++;
  return {
    id,
    projectNumber: `2026KMO${String(100_000 + id)}`,
    title: `Opleiding ${id}`,
    providerName: 'Dienstverlener kmo-portefeuille',
    departmentName: null,
    applicationDate: '2026-11-10',
    depositDeadline: '2026-12-10',
    status,
    projectAmountCents: 100_000,
    ownContributionCents: 70_000,
    subsidyCents: 30_000,
    depositedCents: 0,
    lastDepositOn: null,
    paidCents: 0,
    balanceCents: 0,
    ...changes,
  };
}

describe('the wallet links and query', () => {
  it('builds the list links with the page and the filter, ending at the list', () => {
    expect(walletHref()).toBe('/onderneming#projecten');
    expect(walletHref({ page: 1 })).toBe('/onderneming#projecten');
    expect(walletHref({ page: 3 })).toBe('/onderneming?pagina=3#projecten');
    expect(walletHref({ page: 2, onlyActions: true })).toBe('/onderneming?toon=actie&pagina=2#projecten');
  });

  it('reads the page and the filter, falling back to page 1 and every project', () => {
    expect(parseWalletQuery({ pagina: '4', toon: 'actie' })).toEqual({ page: 4, onlyActions: true });
    expect(parseWalletQuery({ pagina: '0' })).toEqual({ page: 1, onlyActions: false });
    expect(parseWalletQuery({ pagina: '-2', toon: 'alles' })).toEqual({ page: 1, onlyActions: false });
    expect(parseWalletQuery({ pagina: ['2', '3'] })).toEqual({ page: 1, onlyActions: false });
    // A page beyond the last is the last one (the query clamps it); a number too long to be a page is page 1.
    expect(parseWalletQuery({ pagina: '9999999' })).toEqual({ page: 9_999_999, onlyActions: false });
    expect(parseWalletQuery({ pagina: '99999999999' })).toEqual({ page: 1, onlyActions: false });
  });
});

describe('presentCeiling', () => {
  it('shows what was granted, what is left and the ceiling', () => {
    const ceiling = presentCeiling({
      year: 2026,
      size: 'klein',
      confirmed: true,
      ceilingCents: 750_000,
      usedCents: 123_456,
    });
    expect(ceiling.rows).toEqual([
      { key: 'Al toegekend', value: '€ 1.234,56' },
      { key: 'Nog beschikbaar', value: '€ 6.265,44' },
      { key: 'Steunplafond', value: '€ 7.500,00' },
    ]);
    expect(ceiling.summary).toBe(
      'U kreeg in 2026 al € 1.234,56 subsidie toegekend. Er blijft nog € 6.265,44 over van het plafond van € 7.500,00 voor een kleine onderneming.',
    );
    expect(ceiling.sizeNote).toBeUndefined();
  });

  it('never shows a negative amount left, and says when the size is only proposed', () => {
    const ceiling = presentCeiling({
      year: 2026,
      size: 'middelgroot',
      confirmed: false,
      ceilingCents: 750_000,
      usedCents: 760_000,
    });
    expect(ceiling.rows[1]).toEqual({ key: 'Nog beschikbaar', value: '€ 0,00' });
    expect(ceiling.usedCents).toBe(750_000);
    expect(ceiling.sizeNote).toContain('voorgestelde grootte (middelgrote onderneming)');
  });
});

describe('presentActions', () => {
  it('lists deposits due with the days left and balances to pay, each with its link', () => {
    const deposit = row('Bevestigd', { depositDeadline: '2026-11-24' });
    const payment = row('Lopend', {
      depositedCents: 70_000,
      balanceCents: 40_000,
      departmentName: 'Departement Opleidingen',
      applicationDate: '2025-06-01',
    });
    const actions = presentActions([deposit, payment], today, () => '2026-12-31');
    expect(actions.any).toBe(true);
    expect(actions.deposits).toEqual([
      {
        projectNumber: deposit.projectNumber,
        title: deposit.title,
        href: `/onderneming/projecten/${deposit.projectNumber}`,
        instructionsHref: `/onderneming/projecten/${deposit.projectNumber}/storting`,
        overdue: false,
        text: 'Stort € 700,00 uiterlijk op 24/11/2026 (nog 1 dag).',
      },
    ]);
    expect(actions.payments).toEqual([
      {
        projectNumber: payment.projectNumber,
        title: payment.title,
        href: `/onderneming/projecten/${payment.projectNumber}`,
        payHref: `/onderneming/projecten/${payment.projectNumber}/betalen`,
        text: 'Nog € 400,00 te betalen aan Dienstverlener kmo-portefeuille – Departement Opleidingen (uiterlijk op 31/12/2026).',
      },
    ]);
  });

  it('shows five of each kind and counts the rest', () => {
    const rows = Array.from({ length: 7 }, () => row('Lopend', { balanceCents: 100 }));
    const actions = presentActions(rows, today, () => undefined);
    expect(actions.payments).toHaveLength(5);
    expect(actions.paymentCount).toBe(7);
    expect(actions.morePayments).toBe(2);
    expect(actions.payments[0]?.text).toBe('Nog € 1,00 te betalen aan Dienstverlener kmo-portefeuille.');
    expect(actions.allHref).toBe('/onderneming?toon=actie#projecten');
  });

  it('has nothing to do for finished, cancelled or lapsed projects', () => {
    const actions = presentActions(
      [row('Afgewerkt'), row('ProjectGeannuleerd'), row('Vervallen'), row('Lopend', { balanceCents: 0 })],
      today,
      () => undefined,
    );
    expect(actions.any).toBe(false);
  });
});

describe('presentWalletRow and presentWalletList', () => {
  it('shows every column of a project, the number linking to its detail, and the next step', () => {
    const project = row('Bevestigd', { depositDeadline: '2026-11-30', title: 'Excel' });
    expect(presentWalletRow(project, today)).toEqual({
      cells: {
        projectnummer: project.projectNumber,
        dienstverlener: 'Dienstverlener kmo-portefeuille',
        aanvraagdatum: '10/11/2026',
        status: 'Bevestigd',
        projectbedrag: '€ 1.000,00',
        eigenBijdrage: '€ 700,00',
        subsidie: '€ 300,00',
        storting: '€ 700,00 te storten uiterlijk op 30/11/2026 (nog 7 dagen)',
        saldo: '€ 0,00',
        volgendeStap: 'Storten',
      },
      notes: { projectnummer: 'Excel' },
      links: {
        projectnummer: `/onderneming/projecten/${project.projectNumber}`,
        volgendeStap: `/onderneming/projecten/${project.projectNumber}/storting`,
      },
      linkHints: { volgendeStap: `project ${project.projectNumber}` },
      tags: { status: 'blue' },
    });
  });

  it('counts the projects and offers the other view', () => {
    const list = presentWalletList({ rows: [], total: 21, page: 2, pageCount: 2 }, false, today);
    expect(list.countText).toBe('21 projecten in totaal');
    expect(list.hrefFor(1)).toBe('/onderneming#projecten');
    expect(list.switchHref).toBe('/onderneming?toon=actie#projecten');
    const actions = presentWalletList({ rows: [], total: 1, page: 1, pageCount: 1 }, true, today);
    expect(actions.countText).toBe('1 project waarvoor u nog iets moet doen');
    expect(actions.switchHref).toBe('/onderneming#projecten');
  });
});

const entries: LedgerEntry[] = [
  {
    id: 1,
    kind: 'eigen_bijdrage',
    amountCents: 70_000,
    bookedOn: '2026-11-12',
    reference: null,
    invoiceNumber: null,
    invoiceDate: null,
    payout: null,
  },
  {
    id: 2,
    kind: 'subsidie',
    amountCents: 30_000,
    bookedOn: '2026-11-12',
    reference: null,
    invoiceNumber: null,
    invoiceDate: null,
    payout: null,
  },
  {
    id: 3,
    kind: 'betaling_dienstverlener',
    amountCents: -25_000,
    bookedOn: '2026-11-20',
    reference: 'Betaling aan de dienstverlener',
    invoiceNumber: 'F-7',
    invoiceDate: '2026-11-18',
    payout: { batchId: 4, executedOn: '2026-11-23' },
  },
];

function detail(status: ProjectStatus): ProjectDetail {
  return {
    id: 9,
    projectNumber: '2026KMO123456',
    status,
    verified: false,
    service: 'opleiding',
    title: 'Excel',
    trainingKind: 'extern',
    subtheme: 'it.software',
    hours: 7,
    applicationDate: '2026-11-10',
    agreementDate: '2026-11-01',
    startDate: '2026-11-15',
    depositDeadline: '2026-12-10',
    projectAmountCents: 100_000,
    ownContributionCents: 70_000,
    subsidyCents: 30_000,
    companyName: 'Testonderneming_C',
    companyEnterpriseNumber: '0876543270',
    providerName: 'Dienstverlener kmo-portefeuille',
    departmentId: null,
    departmentName: null,
    registrationNumber: 'DV.O218724',
    participants: [],
    ledger: {
      depositedCents: 70_000,
      subsidyCents: 30_000,
      paidCents: 25_000,
      refundedCents: 0,
      balanceCents: 75_000,
    },
    history: [],
  };
}

describe('the project detail', () => {
  it('lists the ledger movements with the invoice of each payment, signed amounts', () => {
    expect(presentLedger(entries).map((entry) => entry.cells)).toEqual([
      {
        datum: '12/11/2026',
        omschrijving: 'Storting eigen bijdrage',
        factuur: '',
        bedrag: '€ 700,00',
        uitbetaling: '',
      },
      {
        datum: '12/11/2026',
        omschrijving: 'Subsidie Vlaamse overheid',
        factuur: '',
        bedrag: '€ 300,00',
        uitbetaling: '',
      },
      {
        datum: '20/11/2026',
        omschrijving: 'Betaling aan de dienstverlener',
        factuur: 'F-7 van 18/11/2026',
        bedrag: '€ -250,00',
        uitbetaling: 'Uitbetaald op 23/11/2026',
      },
    ]);
  });

  it('says where a transfer stands, simply for the company and with its batch for the agency', () => {
    expect(companyPayoutText(null)).toBe('');
    expect(companyPayoutText({ batchId: null, executedOn: null })).toBe('In afwachting van uitbetaling');
    expect(companyPayoutText({ batchId: 3, executedOn: null })).toBe('In afwachting van uitbetaling');
    expect(agencyPayoutText({ batchId: null, executedOn: null })).toBe('In afwachting van uitbetaling');
    expect(agencyPayoutText({ batchId: 3, executedOn: null })).toBe('In batch 3, nog niet uitgevoerd');
    expect(agencyPayoutText({ batchId: 3, executedOn: '2026-12-08' })).toBe(
      'Uitbetaald in batch 3 op 08/12/2026',
    );
  });

  it('sums the facts from the ledger', () => {
    expect(factsOfDetail(detail('Lopend'), entries)).toMatchObject({
      depositedCents: 70_000,
      lastDepositOn: '2026-11-12',
      balanceCents: 75_000,
    });
  });

  it('offers payment while Lopend with a balance, cancelling while Bevestigd without deposit', () => {
    const running = presentWalletProject(detail('Lopend'), entries, today, '2027-12-31');
    expect(running.payment).toEqual({
      text: 'Er staat nog € 750,00 op de portefeuille voor dit project. Betaal uw dienstverlener zodra u zijn factuur hebt, uiterlijk op 31/12/2027.',
      payHref: '/onderneming/projecten/2026KMO123456/betalen',
    });
    expect(running.cancelHref).toBeUndefined();
    expect(running.deposit).toBeUndefined();
    expect(running.sheetHref).toBe('/onderneming/projecten/2026KMO123456/projectfiche.pdf');

    const confirmed = presentWalletProject(detail('Bevestigd'), [], today, '2027-12-31');
    expect(confirmed.payment).toBeUndefined();
    expect(confirmed.cancelHref).toBe('/onderneming/projecten/2026KMO123456/annuleren');
    expect(confirmed.deposit).toEqual({
      text: 'Stort € 700,00 uiterlijk op 10/12/2026 (nog 17 dagen). Zonder tijdige storting vervalt het project en verliest u de subsidie.',
      instructionsHref: '/onderneming/projecten/2026KMO123456/storting',
    });

    const paidUp = presentWalletProject(detail('Afgewerkt'), entries, today, '2027-12-31');
    expect(paidUp.payment).toBeUndefined();
    expect(paidUp.cancelHref).toBeUndefined();
  });
});
