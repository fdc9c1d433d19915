import { describe, expect, it } from 'vitest';
import { projectStatuses, type ProjectStatus } from '../../domain/project-status.js';
import {
  awaitsDeposit,
  cancelRefusal,
  daysLeftText,
  depositState,
  paymentRefusal,
  type WalletProjectFacts,
} from './wallet-rules.js';

const facts = (status: ProjectStatus, changes: Partial<WalletProjectFacts> = {}): WalletProjectFacts => ({
  status,
  applicationDate: '2026-11-10',
  depositDeadline: '2026-12-10',
  ownContributionCents: 70_000,
  depositedCents: 0,
  lastDepositOn: null,
  balanceCents: 0,
  ...changes,
});

describe('cancelling from the wallet', () => {
  it('is allowed only while Bevestigd', () => {
    const allowed = projectStatuses.filter((status) => cancelRefusal(facts(status)) === undefined);
    expect(allowed).toEqual(['Bevestigd']);
    expect(cancelRefusal(facts('Lopend'))).toBe(
      'Een project met de status "Lopend" kunt u niet annuleren: dat kan alleen zolang het project bevestigd is en u de eigen bijdrage nog niet stortte.',
    );
  });

  it('is refused once (part of) the own contribution was deposited', () => {
    expect(cancelRefusal(facts('Bevestigd', { depositedCents: 1 }))).toContain(
      'U stortte de eigen bijdrage al (of een deel ervan)',
    );
  });
});

describe('paying the provider from the wallet', () => {
  it('is allowed only for a Lopend project with money left', () => {
    const allowed = projectStatuses.filter(
      (status) => paymentRefusal(facts(status, { balanceCents: 10_000 })) === undefined,
    );
    expect(allowed).toEqual(['Lopend']);
    expect(paymentRefusal(facts('Lopend', { balanceCents: 0 }))).toContain('Er staat geen geld meer');
    expect(paymentRefusal(facts('Lopend', { balanceCents: -1 }))).toContain('Er staat geen geld meer');
    expect(paymentRefusal(facts('StopzettingAangevraagd', { balanceCents: 100 }))).toBe(
      'U kunt de dienstverlener alleen betalen voor een lopend project. Dit project heeft de status "Stopzetting aangevraagd".',
    );
  });
});

describe('daysLeftText', () => {
  it('counts the days left, the deadline itself included', () => {
    expect(daysLeftText(0)).toBe('vandaag is de laatste dag');
    expect(daysLeftText(1)).toBe('nog 1 dag');
    expect(daysLeftText(12)).toBe('nog 12 dagen');
    expect(daysLeftText(-1)).toBe('de termijn is verstreken');
  });
});

describe('depositState', () => {
  const today = '2026-11-23';

  it('asks a Bevestigd project for its own contribution by the deadline, with the days left', () => {
    expect(depositState(facts('Bevestigd', { depositDeadline: '2026-11-28' }), today)).toEqual({
      kind: 'due',
      text: '€ 700,00 te storten uiterlijk op 28/11/2026',
      daysLeft: 5,
    });
    expect(depositState(facts('Bevestigd', { depositDeadline: today }), today).daysLeft).toBe(0);
    expect(awaitsDeposit(facts('Bevestigd'))).toBe(true);
  });

  it('says when the deadline passed before the nightly run let the project lapse', () => {
    expect(depositState(facts('Bevestigd', { depositDeadline: '2026-11-22' }), today)).toEqual({
      kind: 'overdue',
      text: 'Niet ontvangen: de termijn liep af op 22/11/2026',
    });
  });

  it('tells when the deposit was received, or how much of it', () => {
    expect(
      depositState(facts('Lopend', { depositedCents: 70_000, lastDepositOn: '2026-11-15' }), today),
    ).toEqual({ kind: 'received', text: 'Ontvangen op 15/11/2026' });
    expect(
      depositState(facts('Bevestigd', { depositedCents: 20_000, lastDepositOn: '2026-11-15' }), today),
    ).toEqual({ kind: 'partial', text: 'Gedeeltelijk ontvangen: € 200,00 van € 700,00' });
    expect(awaitsDeposit(facts('Bevestigd', { depositedCents: 20_000 }))).toBe(false);
  });

  it('names lapsed and cancelled projects', () => {
    expect(depositState(facts('Vervallen'), today)).toEqual({
      kind: 'lapsed',
      text: 'Vervallen: niet tijdig gestort',
    });
    expect(depositState(facts('ProjectGeannuleerd'), today)).toEqual({
      kind: 'not_needed',
      text: 'Niet nodig: geannuleerd',
    });
    expect(awaitsDeposit(facts('Vervallen'))).toBe(false);
  });
});
