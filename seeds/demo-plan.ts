import {
  formatStructuredCommunication,
  structuredCommunicationFromSequence,
} from '../src/domain/belgian-identifiers.js';
import { completionDeadline as completionDeadlineOf } from '../src/domain/application-rules.js';
import { addDays, daysBetween, yearOf, type IsoDate } from '../src/domain/dates.js';
import { applyBasisPoints } from '../src/domain/money.js';
import type { ProjectStatus } from '../src/domain/project-status.js';
import { settleProject, settlementEntries } from '../src/domain/settlement.js';
import {
  minimumProjectAmountKey,
  subsidyRateKey,
  valueInForce,
  yearlyCeilingKey,
  type EligibleCompanySize,
  type RuleParameterKey,
  type RuleParameterRow,
} from '../src/domain/rule-parameters.js';
import type { Service, TrainingKind } from '../src/domain/subsidy-terms.js';
import { CYBERSECURITY, ENERGY_EFFICIENCY } from '../src/domain/themes.js';
import {
  adviceTitles,
  annulReasons,
  cancelReasons,
  lapsedReason,
  participantFirstNames,
  participantLastNames,
  stopConfirmedReason,
  stopReasons,
  stopRefusedReason,
  trainingTitles,
} from './demo-catalogue.js';

/**
 * The demo projects as a plan, before they meet the database: pure and
 * deterministic (a seeded pseudo-random generator, never Math.random), so the
 * same `today` always gives the same projects. seeds/demo.ts inserts the plan.
 */

export type DemoCompanyKey = 'small' | 'medium';
/** Where a project belongs: the demo provider's head office or one of its departments, or the second provider. */
export type DemoUnitKey = 'headOffice' | 'trainingDepartment' | 'adviceDepartment' | 'secondProvider';
export type DemoActor = 'entrepreneur' | 'provider' | 'agency' | 'system';

export interface PlannedHistory {
  from: ProjectStatus | null;
  to: ProjectStatus;
  action: string;
  actor: DemoActor;
  reason: string | null;
  /** A proof document (PDF) goes with the row: a stop request. */
  withProof: boolean;
  at: string;
}

export interface PlannedLedgerEntry {
  kind: 'eigen_bijdrage' | 'subsidie' | 'betaling_dienstverlener' | 'terugbetaling' | 'subsidie_terug';
  amountCents: number;
  bookedOn: IsoDate;
  reference: string | null;
  invoiceNumber: string | null;
  invoiceDate: IsoDate | null;
  at: string;
}

export interface PlannedProject {
  unit: DemoUnitKey;
  company: DemoCompanyKey;
  companySize: EligibleCompanySize;
  service: Service;
  title: string;
  trainingKind: TrainingKind | null;
  subtheme: string;
  hours: number;
  participants: { firstName: string; lastName: string }[];
  agreementDate: IsoDate;
  startDate: IsoDate;
  applicationDate: IsoDate;
  depositDeadline: IsoDate;
  registrationCostCents: number;
  projectAmountCents: number;
  subsidyCents: number;
  ownContributionCents: number;
  subsidyRateBp: number;
  projectNumber: string;
  structuredCommunication: string;
  status: ProjectStatus;
  verifiedAt: string | null;
  createdAt: string;
  updatedAt: string;
  history: PlannedHistory[];
  ledger: PlannedLedgerEntry[];
}

export interface DemoPlan {
  projects: PlannedProject[];
  /** Projects whose amount was lowered, or whose status was changed, to stay under the yearly ceiling. */
  ceilingAdjustments: number;
}

// ---------------------------------------------------------------------------
// Deterministic pseudo-random numbers (mulberry32)

class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    if (max < min) return min;
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

const SEED = 20_261_123;

// ---------------------------------------------------------------------------
// What to generate

interface Slot {
  unitKind: 'demo' | 'second';
  status: ProjectStatus;
  refusedStop: boolean;
  /** Recent projects keep their status even when the yearly ceiling is tight: they get the ceiling first. */
  recent: boolean;
  applicationDate: IsoDate;
}

/** [status, count] per group of projects; the counts are fixed, the dates follow `today`. */
const recentStatuses: [ProjectStatus, number][] = [
  ['Bevestigd', 7],
  ['Lopend', 4],
  ['ProjectGeannuleerd', 2],
  ['StopzettingAangevraagd', 1],
];
const windowStatuses: [ProjectStatus, number][] = [
  ['Afgewerkt', 95],
  ['Lopend', 45],
  ['Vervallen', 16],
  ['ProjectGeannuleerd', 14],
  ['StopzettingAangevraagd', 10],
  ['Stopgezet', 20],
];
const twoYearsBackStatuses: [ProjectStatus, number][] = [
  ['Afgewerkt', 16],
  ['Stopgezet', 2],
  ['Vervallen', 2],
  ['ProjectGeannuleerd', 2],
];
const threeYearsBackStatuses: [ProjectStatus, number][] = [
  ['Afgewerkt', 10],
  ['Stopgezet', 2],
  ['Vervallen', 1],
  ['ProjectGeannuleerd', 1],
];
const secondProviderStatuses: [ProjectStatus, number][] = [
  ['Afgewerkt', 4],
  ['Lopend', 2],
  ['Vervallen', 1],
  ['Stopgezet', 1],
  ['ProjectGeannuleerd', 1],
];
/** Lopend projects of the window whose stop request the agency refused. */
const REFUSED_STOPS = 3;

const expand = (statuses: [ProjectStatus, number][]): ProjectStatus[] =>
  statuses.flatMap(([status, count]) => Array.from({ length: count }, () => status));

/** Statuses whose subsidy counts against the company's yearly ceiling. */
const consumesCeiling = (status: ProjectStatus) => status !== 'Vervallen' && status !== 'ProjectGeannuleerd';

/** Statuses in which the own contribution was deposited. */
const deposited = (status: ProjectStatus) =>
  ['Lopend', 'Afgewerkt', 'StopzettingAangevraagd', 'Stopgezet'].includes(status);

/** Statuses in which the services must have started. */
const started = (status: ProjectStatus) =>
  ['Afgewerkt', 'StopzettingAangevraagd', 'Stopgezet'].includes(status);

// ---------------------------------------------------------------------------

export function buildDemoPlan(today: IsoDate, rules: readonly RuleParameterRow[]): DemoPlan {
  const random = new Random(SEED);
  const year = yearOf(today);
  const windowStart = `${year - 1}-01-01`;
  const windowEnd = addDays(today, -31);
  const windowDays = daysBetween(windowStart, windowEnd);

  const slots: Slot[] = [];
  const addSlots = (
    unitKind: Slot['unitKind'],
    statuses: ProjectStatus[],
    date: () => IsoDate,
    recent = false,
  ) => {
    for (const status of random.shuffle(statuses)) {
      slots.push({ unitKind, status, refusedStop: false, recent, applicationDate: date() });
    }
  };
  addSlots('demo', expand(recentStatuses), () => addDays(today, -random.int(0, 25)), true);
  addSlots('demo', expand(windowStatuses), () => addDays(windowStart, random.int(0, windowDays)));
  addSlots('demo', expand(twoYearsBackStatuses), () => addDays(`${year - 2}-01-01`, random.int(0, 364)));
  addSlots('demo', expand(threeYearsBackStatuses), () => addDays(`${year - 3}-01-01`, random.int(0, 364)));
  addSlots('second', ['Bevestigd'], () => addDays(today, -random.int(0, 25)), true);
  addSlots('second', expand(secondProviderStatuses), () => addDays(windowStart, random.int(0, windowDays)));
  let refused = 0;
  for (const slot of slots) {
    if (refused === REFUSED_STOPS) break;
    if (slot.unitKind === 'demo' && slot.status === 'Lopend' && slot.applicationDate <= windowEnd) {
      slot.refusedStop = true;
      refused++;
    }
  }

  // In date order, so project numbers rise with the date and the ceiling fills up as it would.
  const ordered = slots
    .map((slot, index) => ({ slot, index }))
    .sort((a, b) => a.slot.applicationDate.localeCompare(b.slot.applicationDate) || a.index - b.index)
    .map(({ slot }) => slot);

  const ruleValue = (key: RuleParameterKey, date: IsoDate): number => {
    const value = valueInForce(rules, key, date);
    if (value === undefined) throw new Error(`No rule parameter ${key} in force on ${date}`);
    return value;
  };

  // First pass: who buys what from whom, at list price.
  const drafts = ordered.map((slot) => {
    const applicationDate = slot.applicationDate;
    const company: DemoCompanyKey = random.chance(0.55) ? 'small' : 'medium';
    const companySize: EligibleCompanySize = company === 'small' ? 'klein' : 'middelgroot';
    let unit: DemoUnitKey;
    let service: Service;
    if (slot.unitKind === 'second') {
      unit = 'secondProvider';
      service = 'opleiding';
    } else if (random.chance(0.2)) {
      unit = 'adviceDepartment';
      service = 'advies';
    } else {
      unit = random.chance(0.55) ? 'headOffice' : 'trainingDepartment';
      service = 'opleiding';
    }

    let subtheme: string;
    if (service === 'advies') {
      const adviceOnlyCybersecurity = ruleValue('advice_only_cybersecurity', applicationDate) === 1;
      subtheme =
        adviceOnlyCybersecurity || random.chance(0.25)
          ? CYBERSECURITY
          : random.pick(Object.keys(adviceTitles));
    } else if (unit === 'secondProvider') {
      subtheme = random.pick([
        'logistiek.adr',
        'logistiek.magazijnbeheer',
        'productie.veiligheid',
        'specifiek.eerste-hulp',
      ]);
    } else {
      subtheme = random.pick(Object.keys(trainingTitles));
    }
    const title = random.pick(
      (service === 'advies' ? adviceTitles : trainingTitles)[subtheme] ?? ['Opleiding'],
    );

    let trainingKind: TrainingKind | null = null;
    let participantCount = 0;
    let listPrice: number;
    let hours: number;
    if (service === 'opleiding') {
      const kindRoll = random.next();
      trainingKind = kindRoll < 0.5 ? 'extern' : kindRoll < 0.75 ? 'online' : 'incompany';
      if (trainingKind === 'incompany') {
        participantCount = random.int(3, company === 'small' ? 6 : 10);
        listPrice = random.pick([45_000, 60_000, 75_000, 90_000, 120_000]);
        hours = random.pick([7, 14, 21]);
      } else {
        participantCount = random.int(1, company === 'small' ? 2 : 4);
        listPrice =
          participantCount *
          random.pick([10_500, 11_950, 14_500, 17_500, 19_500, 22_475, 25_000, 29_500, 34_500]);
        hours = random.pick([3, 3.5, 4, 7, 7, 7.5, 14, 21]);
      }
    } else {
      listPrice = random.int(20, company === 'small' ? 60 : 100) * 2_500;
      hours = random.pick([4, 8, 12, 16, 24, 32]);
    }
    const participants = Array.from({ length: participantCount }, () => ({
      firstName: random.pick(participantFirstNames),
      lastName: random.pick(participantLastNames),
    }));

    // The rules in force on the application date.
    const minimum = ruleValue(minimumProjectAmountKey(service), applicationDate);
    const increased =
      subtheme === CYBERSECURITY || (service === 'opleiding' && subtheme === ENERGY_EFFICIENCY);
    const normalRate = ruleValue(subsidyRateKey(companySize), applicationDate);
    const rate = increased
      ? (valueInForce(rules, subsidyRateKey(companySize, true), applicationDate) ?? normalRate)
      : normalRate;
    const ceiling = ruleValue(yearlyCeilingKey(companySize), applicationDate);
    const ceilingKey = `${company}:${yearOf(applicationDate)}`;
    return {
      slot,
      company,
      companySize,
      unit,
      service,
      subtheme,
      title,
      trainingKind,
      participants,
      listPrice,
      hours,
      minimum,
      rate,
      ceiling,
      ceilingKey,
    };
  });

  // Two companies carry a few hundred projects: scale the prices of a company's
  // year down so its subsidies stay under about 90 % of the yearly ceiling.
  const amountAt = (draft: (typeof drafts)[number], factor: number) =>
    Math.max(draft.minimum, Math.round((draft.listPrice * factor) / 100) * 100);
  const priceFactors = new Map<string, number>();
  for (const ceilingKey of new Set(drafts.map((draft) => draft.ceilingKey))) {
    const consuming = drafts.filter(
      (draft) => draft.ceilingKey === ceilingKey && consumesCeiling(draft.slot.status),
    );
    const first = consuming[0];
    if (!first) continue;
    const subsidies = (factor: number) =>
      consuming.reduce((sum, draft) => sum + applyBasisPoints(amountAt(draft, factor), draft.rate), 0);
    const target = 0.9 * first.ceiling;
    let low = 0;
    let high = 1;
    if (subsidies(high) > target) {
      for (let i = 0; i < 30; i++) {
        const middle = (low + high) / 2;
        if (subsidies(middle) > target) high = middle;
        else low = middle;
      }
      priceFactors.set(ceilingKey, low);
    }
  }

  // The yearly ceiling, as a last guard: a project that does not fit gets a
  // smaller amount, or (rarely, when even the minimum does not fit) lapses.
  const usedCeiling = new Map<string, number>();
  let ceilingAdjustments = 0;
  const allotted = new Map<(typeof drafts)[number], { amount: number; status: ProjectStatus }>();
  for (const draft of [...drafts.filter((d) => d.slot.recent), ...drafts.filter((d) => !d.slot.recent)]) {
    let status = draft.slot.status;
    let amount = amountAt(draft, priceFactors.get(draft.ceilingKey) ?? 1);
    if (consumesCeiling(status)) {
      const remaining = draft.ceiling - (usedCeiling.get(draft.ceilingKey) ?? 0);
      if (applyBasisPoints(amount, draft.rate) > remaining) {
        ceilingAdjustments++;
        const fitting = Math.floor((remaining * 10_000) / draft.rate / 100) * 100;
        if (fitting >= draft.minimum) amount = fitting;
        else
          status = daysBetween(draft.slot.applicationDate, today) > 30 ? 'Vervallen' : 'ProjectGeannuleerd';
      }
      if (consumesCeiling(status)) {
        usedCeiling.set(
          draft.ceilingKey,
          (usedCeiling.get(draft.ceilingKey) ?? 0) + applyBasisPoints(amount, draft.rate),
        );
      }
    }
    allotted.set(draft, { amount, status });
  }

  const projectCounters = new Map<number, number>();
  const invoiceCounters = new Map<string, number>();
  const projects: PlannedProject[] = [];

  // Second pass, in date order: dates, numbers, history and ledger.
  for (const draft of drafts) {
    const { slot, company, companySize, unit, service, subtheme, title, trainingKind, participants, hours } =
      draft;
    const { rate } = draft;
    const applicationDate = slot.applicationDate;
    const applicationYear = yearOf(applicationDate);
    const age = daysBetween(applicationDate, today);
    const { amount, status } = allotted.get(draft) ?? { amount: 0, status: slot.status };
    const subsidy = applyBasisPoints(amount, rate);
    const ownContribution = amount - subsidy;
    const registrationCost = amount + (random.chance(0.25) ? random.int(6, 24) * 250 : 0);

    // Dates.
    let startOffset = random.int(-14, 30);
    if (started(status) || slot.refusedStop) startOffset = Math.min(startOffset, age);
    const startDate = addDays(applicationDate, startOffset);
    const agreementDate = addDays(
      startDate < applicationDate ? startDate : applicationDate,
      -random.int(3, 45),
    );
    const depositDeadline = addDays(applicationDate, ruleValue('deposit_deadline_days', applicationDate));
    const completionDeadline = completionDeadlineOf(rules, applicationDate);
    const latest = (date: IsoDate) => (date > today ? today : date);
    const between = (from: IsoDate, to: IsoDate) =>
      addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));

    // Numbers: a national counter per year, with other companies' projects in between.
    const counter =
      (projectCounters.get(applicationYear) ?? random.int(1_000, 3_000)) + random.int(200, 1_500);
    projectCounters.set(applicationYear, counter);
    const sixDigits = String(counter).padStart(6, '0');
    const projectNumber = `${applicationYear}KMO${sixDigits}`;
    const structuredCommunication = structuredCommunicationFromSequence(
      Number(`${applicationYear}${sixDigits}`),
    );

    // Status history and ledger, step by step.
    const clock = new Clock(random, today);
    const history: PlannedHistory[] = [];
    const ledger: PlannedLedgerEntry[] = [];
    const step = (
      from: ProjectStatus | null,
      to: ProjectStatus,
      action: string,
      actor: DemoActor,
      date: IsoDate,
      reason: string | null = null,
      withProof = false,
    ) => history.push({ from, to, action, actor, reason, withProof, at: clock.at(date) });
    const book = (
      kind: PlannedLedgerEntry['kind'],
      amountCents: number,
      date: IsoDate,
      reference: string | null,
      invoice?: { number: string; date: IsoDate },
    ) => {
      if (amountCents === 0) return;
      ledger.push({
        kind,
        amountCents,
        bookedOn: date,
        reference,
        invoiceNumber: invoice?.number ?? null,
        invoiceDate: invoice?.date ?? null,
        at: clock.at(date),
      });
    };
    const invoice = (date: IsoDate) => {
      const key = `${unit === 'secondProvider' ? 'second' : 'demo'}:${yearOf(date)}`;
      const next = (invoiceCounters.get(key) ?? 0) + random.int(1, 9);
      invoiceCounters.set(key, next);
      return {
        number: `F${yearOf(date)}-${String(next).padStart(4, '0')}`,
        date: addDays(date, -random.int(0, 7)),
      };
    };
    const pay = (amountCents: number, date: IsoDate) => {
      const bill = invoice(date);
      book('betaling_dienstverlener', -amountCents, date, 'Betaling aan de dienstverlener', {
        number: bill.number,
        date: bill.date < startDate ? date : bill.date,
      });
    };
    /** A part of the project amount in whole euros, at least 1 euro and leaving at least 1 euro. */
    const part = (min: number, max: number) =>
      Math.min(amount - 100, Math.max(100, Math.round((amount * random.int(min, max)) / 100 / 100) * 100));

    step(null, 'Bevestigd', 'apply', 'entrepreneur', applicationDate);
    if (status === 'ProjectGeannuleerd') {
      const byProvider = random.chance(0.7);
      step(
        'Bevestigd',
        'ProjectGeannuleerd',
        byProvider ? 'annul' : 'cancel',
        byProvider ? 'provider' : 'entrepreneur',
        addDays(applicationDate, random.int(0, Math.min(age, 25))),
        random.pick(byProvider ? annulReasons : cancelReasons),
      );
    } else if (status === 'Vervallen') {
      step('Bevestigd', 'Vervallen', 'lapse', 'system', addDays(depositDeadline, 1), lapsedReason);
    } else if (deposited(status)) {
      const depositDate = addDays(applicationDate, Math.min(random.int(1, 25), age));
      book(
        'eigen_bijdrage',
        ownContribution,
        depositDate,
        formatStructuredCommunication(structuredCommunication),
      );
      book('subsidie', subsidy, depositDate, 'Subsidie Vlaamse overheid');
      step('Bevestigd', 'Lopend', 'receive_deposit', 'system', depositDate);
      const ready = depositDate > startDate ? depositDate : startDate;
      const lastDay = latest(completionDeadline);

      if (status === 'Afgewerkt') {
        const candidate = addDays(ready, random.int(1, 90));
        const finalDate = candidate < lastDay ? candidate : lastDay;
        let paid = 0;
        if (random.chance(0.3)) {
          const first = part(30, 60);
          pay(first, between(ready, finalDate));
          paid = first;
        }
        pay(amount - paid, finalDate);
        step('Lopend', 'Afgewerkt', 'complete', 'system', finalDate);
      } else if (status === 'Lopend') {
        let lastEvent = ready;
        if (ready <= today && random.chance(0.25)) {
          lastEvent = between(ready, today);
          pay(part(30, 60), lastEvent);
        }
        if (slot.refusedStop) {
          const requested = between(lastEvent, today);
          step(
            'Lopend',
            'StopzettingAangevraagd',
            'request_stop',
            'provider',
            requested,
            random.pick(stopReasons),
            true,
          );
          step(
            'StopzettingAangevraagd',
            'Lopend',
            'refuse_stop',
            'agency',
            latest(addDays(requested, random.int(1, 7))),
            stopRefusedReason,
          );
        }
      } else {
        // StopzettingAangevraagd, Stopgezet: maybe a first payment, then the stop request.
        let paid = 0;
        let lastEvent = ready;
        if (random.chance(0.5)) {
          paid = part(20, 60);
          lastEvent = between(ready, latest(addDays(ready, 60)));
          pay(paid, lastEvent);
        }
        const requested = between(lastEvent, latest(addDays(lastEvent, 30)));
        step(
          'Lopend',
          'StopzettingAangevraagd',
          'request_stop',
          'provider',
          requested,
          random.pick(stopReasons),
          true,
        );
        if (status === 'Stopgezet') {
          const confirmed = latest(addDays(requested, random.int(1, 10)));
          // The agency's rule (StopRequestService): the payments split at the project's rate.
          const settlement = settleProject({
            projectAmountCents: amount,
            grantedSubsidyCents: subsidy,
            depositedCents: ownContribution,
            subsidyBookedCents: subsidy,
            paidCents: paid,
          });
          for (const entry of settlementEntries(settlement, 'stop')) {
            book(entry.kind, entry.amountCents, confirmed, entry.reference);
          }
          step(
            'StopzettingAangevraagd',
            'Stopgezet',
            'confirm_stop',
            'agency',
            confirmed,
            stopConfirmedReason,
          );
        }
      }
    }

    const verifiable = status !== 'Vervallen' && status !== 'ProjectGeannuleerd';
    const verifiedAt =
      verifiable && random.chance(0.4)
        ? clock.at(addDays(applicationDate, random.int(0, Math.min(age, 10))))
        : null;
    const lastHistory = history[history.length - 1];
    const firstHistory = history[0];
    if (!firstHistory || !lastHistory)
      throw new Error('a project has at least its application in its history');

    projects.push({
      unit,
      company,
      companySize,
      service,
      title,
      trainingKind,
      subtheme,
      hours,
      participants,
      agreementDate,
      startDate,
      applicationDate,
      depositDeadline,
      registrationCostCents: registrationCost,
      projectAmountCents: amount,
      subsidyCents: subsidy,
      ownContributionCents: ownContribution,
      subsidyRateBp: rate,
      projectNumber,
      structuredCommunication,
      status,
      verifiedAt,
      createdAt: firstHistory.at,
      updatedAt:
        [lastHistory.at, ledger[ledger.length - 1]?.at ?? '', verifiedAt ?? ''].sort().at(-1) ??
        lastHistory.at,
      history,
      ledger,
    });
  }

  return { projects, ceilingAdjustments };
}

/**
 * Timestamps for a project's events: office hours in Brussels, strictly rising
 * within the project, never later in the day than the early morning of `today`.
 */
class Clock {
  private last = '';

  constructor(
    private readonly random: Random,
    private readonly today: IsoDate,
  ) {}

  at(date: IsoDate): string {
    const earliest = date === this.today ? 5 : 8 * 60;
    const latest = date === this.today ? 60 : 18 * 60;
    let minutes = this.random.int(earliest, latest);
    if (this.last.startsWith(date)) minutes = Math.max(minutes, minutesOf(this.last) + 1);
    const stamp = `${date} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
    this.last = stamp > this.last ? stamp : this.last;
    return `${stamp} Europe/Brussels`;
  }
}

function minutesOf(stamp: string): number {
  const [hours = '0', minutes = '0'] = stamp.slice(11, 16).split(':');
  return Number(hours) * 60 + Number(minutes);
}
