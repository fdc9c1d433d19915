import { describe, expect, it } from 'vitest';
import {
  canRefundToPayer,
  matchDeposit,
  type DepositCredit,
  type DepositProject,
} from './deposit-matching.js';

const project = (changes: Partial<DepositProject> = {}): DepositProject => ({
  projectNumber: '2026KMO000123',
  status: 'Bevestigd',
  depositDeadline: '2026-11-30',
  ownContributionCents: 119_835,
  depositBooked: false,
  ...changes,
});
const credit = (changes: Partial<DepositCredit> = {}): DepositCredit => ({
  amountCents: 119_835,
  bookingDate: '2026-11-20',
  structuredCommunication: '123456789002',
  ...changes,
});
const reasonOf = (c: DepositCredit, p: DepositProject | undefined) => {
  const match = matchDeposit(c, p);
  return match.outcome === 'book' ? 'book' : match.reason;
};

describe('matchDeposit', () => {
  it('books the exact own contribution of a Bevestigd project before its deadline', () => {
    expect(matchDeposit(credit(), project())).toEqual({ outcome: 'book' });
  });

  it('books on the deadline day itself, and not one day later', () => {
    expect(reasonOf(credit({ bookingDate: '2026-11-30' }), project())).toBe('book');
    const late = matchDeposit(credit({ bookingDate: '2026-12-01' }), project());
    expect(late).toEqual({
      outcome: 'exception',
      reason: 'after_deadline',
      text: 'De storting kwam binnen op 01/12/2026, na de uiterste stortingsdatum van project 2026KMO000123 (30/11/2026).',
    });
  });

  it('refuses one cent more or less as the wrong amount', () => {
    expect(reasonOf(credit({ amountCents: 119_834 }), project())).toBe('wrong_amount');
    const more = matchDeposit(credit({ amountCents: 119_836 }), project());
    expect(more).toEqual({
      outcome: 'exception',
      reason: 'wrong_amount',
      text: 'Het bedrag (€ 1.198,36) is niet de eigen bijdrage van project 2026KMO000123 (€ 1.198,35).',
    });
  });

  it('names a credit without a structured communication', () => {
    expect(reasonOf(credit({ structuredCommunication: null }), project())).toBe('no_communication');
  });

  it('names a communication no project carries', () => {
    expect(reasonOf(credit(), undefined)).toBe('unknown_communication');
  });

  it('refuses annulled, lapsed and projects past their deposit', () => {
    expect(reasonOf(credit(), project({ status: 'ProjectGeannuleerd' }))).toBe('project_annulled');
    expect(reasonOf(credit(), project({ status: 'Vervallen' }))).toBe('project_lapsed');
    expect(reasonOf(credit(), project({ status: 'Afgewerkt' }))).toBe('project_not_awaiting_deposit');
    expect(reasonOf(credit(), project({ status: 'Stopgezet' }))).toBe('project_not_awaiting_deposit');
    const running = matchDeposit(credit(), project({ status: 'StopzettingAangevraagd' }));
    expect(running).toMatchObject({
      reason: 'project_not_awaiting_deposit',
      text: 'Project 2026KMO000123 heeft de status "Stopzetting aangevraagd" en wacht niet op een storting.',
    });
  });

  it('calls a second deposit on a paid project paid twice, whatever its status', () => {
    expect(reasonOf(credit(), project({ depositBooked: true }))).toBe('already_paid');
    expect(reasonOf(credit(), project({ depositBooked: true, status: 'Lopend' }))).toBe('already_paid');
  });

  it('checks the status before the date and the date before the amount', () => {
    const late = credit({ bookingDate: '2026-12-05', amountCents: 100 });
    expect(reasonOf(late, project({ status: 'Vervallen' }))).toBe('project_lapsed');
    expect(reasonOf(late, project())).toBe('after_deadline');
  });

  it('refuses to match a debit', () => {
    expect(() => matchDeposit(credit({ amountCents: -5 }), project())).toThrow(RangeError);
  });
});

describe('canRefundToPayer', () => {
  it("refunds only to a valid IBAN of the payer's", () => {
    expect(canRefundToPayer('BE71096123456769')).toBe(true);
    expect(canRefundToPayer('NL91ABNA0417164300')).toBe(true);
    expect(canRefundToPayer(null)).toBe(false);
    expect(canRefundToPayer('')).toBe(false);
    // One digit off: the check digits no longer match.
    expect(canRefundToPayer('BE71096123456768')).toBe(false);
    expect(canRefundToPayer('0961234567')).toBe(false);
  });
});
