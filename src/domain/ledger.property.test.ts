import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cancelRefusal, paymentRefusal } from '../features/wallet/wallet-rules.js';
import { checkLedger, ledgerSums, type LedgerEntryFacts } from './ledger.js';
import { reactionRefusal } from './project-reactions.js';
import { projectMachine, type ProjectAction, type ProjectStatus } from './project-status.js';
import { settleProject, settlementEntries, settlementFactsOf, type SettlementCause } from './settlement.js';
import type { ActorKind } from './status-machine.js';
import { findTransition } from './status-machine.js';

/**
 * The ledger balances, whatever happens to a project: random projects go
 * through random sequences of events, each applied with the guards and the
 * arithmetic the services use (the wallet's payment and cancel rules, the
 * provider's reaction rules, the status machine, settleProject and
 * settlementEntries for a confirmed stop and for the end of the payment
 * period). After every step checkLedger must find the ledger balanced, and the
 * ledger must sum to the balance the status implies, computed here on its own:
 * own contribution + subsidy − what the model paid while the project runs,
 * zero before it starts and once it is settled.
 */

type Event =
  | { type: 'deposit' }
  | { type: 'pay'; share: number }
  | { type: 'requestStop' }
  | { type: 'refuseStop' }
  | { type: 'confirmStop' }
  | { type: 'periodEnds' }
  | { type: 'cancel' }
  | { type: 'annul' }
  | { type: 'lapse' };

interface Model {
  status: ProjectStatus;
  ownContributionCents: number;
  subsidyCents: number;
  projectAmountCents: number;
  entries: LedgerEntryFacts[];
  /** What the model paid the provider, kept apart from the ledger. */
  paidCents: number;
}

const projectArbitrary = fc
  .record({
    projectAmountCents: fc.integer({ min: 2, max: 20_000_000 }),
    rateBasisPoints: fc.integer({ min: 1, max: 9_999 }),
  })
  .map(({ projectAmountCents, rateBasisPoints }) => {
    const rounded = Math.round((projectAmountCents * rateBasisPoints) / 10_000);
    const subsidyCents = Math.min(Math.max(rounded, 1), projectAmountCents - 1);
    return { projectAmountCents, subsidyCents, ownContributionCents: projectAmountCents - subsidyCents };
  });

const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Event>({ type: 'deposit' }) },
  {
    weight: 6,
    arbitrary: fc
      .oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1))
      .map((share): Event => ({ type: 'pay', share })),
  },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'requestStop' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'refuseStop' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'confirmStop' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'periodEnds' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'cancel' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'annul' }) },
  { weight: 1, arbitrary: fc.constant<Event>({ type: 'lapse' }) },
);

function move(model: Model, action: ProjectAction, actor: ActorKind): boolean {
  const transition = findTransition(projectMachine, model.status, action, actor);
  if (!transition) return false;
  model.status = transition.to;
  return true;
}

function settle(model: Model, cause: SettlementCause): void {
  const settlement = settleProject(settlementFactsOf(model, ledgerSums(model.entries)));
  model.entries.push(...settlementEntries(settlement, cause));
}

/** Applies an event as the services do; an event the rules refuse changes nothing. */
function apply(model: Model, event: Event): void {
  const sums = ledgerSums(model.entries);
  const facts = {
    status: model.status,
    ownContributionDeposited: sums.depositedCents > 0,
    balanceCents: sums.balanceCents,
    hasOpenReport: false,
  };
  switch (event.type) {
    case 'deposit':
      // A deposit is booked only on a project waiting for it (deposit-matching: exact, in time, once).
      if (model.status !== 'Bevestigd' || sums.depositedCents > 0) return;
      if (!move(model, 'receive_deposit', 'system')) return;
      model.entries.push(
        { kind: 'eigen_bijdrage', amountCents: model.ownContributionCents },
        { kind: 'subsidie', amountCents: model.subsidyCents },
      );
      return;
    case 'pay': {
      if (paymentRefusal({ status: model.status, balanceCents: sums.balanceCents })) return;
      const amount = Math.min(sums.balanceCents, Math.max(1, Math.ceil(sums.balanceCents * event.share)));
      model.entries.push({ kind: 'betaling_dienstverlener', amountCents: -amount });
      model.paidCents += amount;
      // The wallet completes the project with the payment that empties it.
      if (amount === sums.balanceCents) move(model, 'complete', 'company');
      return;
    }
    case 'requestStop':
      if (!reactionRefusal('request_stop', facts)) move(model, 'request_stop', 'provider');
      return;
    case 'refuseStop':
      move(model, 'refuse_stop', 'agency');
      return;
    case 'confirmStop':
      if (findTransition(projectMachine, model.status, 'confirm_stop', 'agency')) {
        settle(model, 'stop');
        move(model, 'confirm_stop', 'agency');
      }
      return;
    case 'periodEnds':
      // The nightly run settles only running projects; a stop request waits for the agency.
      if (model.status === 'Lopend') {
        settle(model, 'period_end');
        move(model, 'complete', 'system');
      }
      return;
    case 'cancel':
      if (!cancelRefusal({ status: model.status, depositedCents: sums.depositedCents })) {
        move(model, 'cancel', 'company');
      }
      return;
    case 'annul':
      if (!reactionRefusal('annul', facts)) move(model, 'annul', 'provider');
      return;
    case 'lapse':
      if (model.status === 'Bevestigd' && sums.depositedCents === 0) move(model, 'lapse', 'system');
      return;
  }
}

/** The balance the status implies, from the model's own bookkeeping. */
function impliedBalance(model: Model): number {
  if (model.status === 'Lopend' || model.status === 'StopzettingAangevraagd') {
    return model.ownContributionCents + model.subsidyCents - model.paidCents;
  }
  return 0;
}

const runs = { numRuns: 400 };

describe('the ledger of a project, over random sequences of events', () => {
  it('balances after every step and sums to the balance its status implies', () => {
    fc.assert(
      fc.property(projectArbitrary, fc.array(eventArbitrary, { maxLength: 30 }), (project, events) => {
        const model: Model = { ...project, status: 'Bevestigd', entries: [], paidCents: 0 };
        for (const event of events) {
          apply(model, event);
          const check = checkLedger(model, model.entries);
          expect(check.balanced ? [] : check.reasons).toEqual([]);
          expect(check.sums.balanceCents).toBe(impliedBalance(model));
          expect(check.expectedBalanceCents).toBe(impliedBalance(model));
          // Never more out than in, per kind.
          expect(check.sums.refundedCents).toBeLessThanOrEqual(check.sums.depositedCents);
          expect(check.sums.subsidyReturnedCents).toBeLessThanOrEqual(check.sums.subsidyCents);
        }
      }),
      runs,
    );
  });

  // A payment of a running project may be any amount within the balance; every other entry is fixed
  // by the project's figures, and once settled a payment changes the zero balance.
  it('notices one cent too much or too little in any entry the figures fix', () => {
    fc.assert(
      fc.property(
        projectArbitrary,
        fc.array(eventArbitrary, { maxLength: 30 }),
        fc.nat(),
        fc.constantFrom(-1, 1),
        (project, events, position, cent) => {
          const model: Model = { ...project, status: 'Bevestigd', entries: [], paidCents: 0 };
          for (const event of events) apply(model, event);
          const running = model.status === 'Lopend' || model.status === 'StopzettingAangevraagd';
          const tampered = model.entries.map((entry) => ({ ...entry }));
          const fixed = tampered.filter((entry) => !running || entry.kind !== 'betaling_dienstverlener');
          const target = fixed[position % Math.max(fixed.length, 1)];
          if (target) target.amountCents += cent;
          else tampered.push({ kind: 'eigen_bijdrage', amountCents: 1 });
          expect(checkLedger(model, tampered).balanced).toBe(false);
        },
      ),
      runs,
    );
  });
});
