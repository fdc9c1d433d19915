import { formatIban, formatStructuredCommunication, normaliseBic } from '../../domain/belgian-identifiers.js';
import { daysBetween, formatDate, type IsoDate } from '../../domain/dates.js';
import { formatEuro, formatEuroInText } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { paths } from '../../paths.js';
import type { DepositFacts } from './deposit-instructions.queries.js';
import { epcPayload } from './payment-qr.js';
import { providerLabel } from '../../domain/provider-label.js';

/** An amount inside a sentence: a no-break space keeps `€` and the number on one line. */
const euroInText = formatEuroInText;

/** An IBAN inside a sentence: its groups stay on one line. */
function ibanInText(iban: string): string {
  return formatIban(iban).replace(/ /g, '\u00a0');
}

/** Who receives the deposits (configuration: PAYMENT_INSTITUTION_*). */
export interface PaymentInstitution {
  name: string;
  address: string;
  iban: string;
  bic: string;
}

export interface SummaryRow {
  key: string;
  value: string | string[];
}

/** A transfer value the page offers to copy: what lands on the clipboard, and what it is called. */
export interface TransferRow extends SummaryRow {
  copy?: { value: string; label: string };
}

/** A message in place of the instructions: why there is nothing (more) to deposit. */
export interface Notice {
  heading: string;
  paragraphs: string[];
}

/**
 * Where a project stands with its deposit:
 * - payable: Bevestigd and the deadline not passed — the only state that shows instructions;
 * - overdue: still Bevestigd, but the deadline passed (the nightly run will make it Vervallen);
 * - received: the own contribution is in the wallet;
 * - cancelled, lapsed: ProjectGeannuleerd, Vervallen without a deposit;
 * - closed: any other status without a deposit (not expected, but never asks to pay).
 */
export type DepositState = 'payable' | 'overdue' | 'received' | 'cancelled' | 'lapsed' | 'closed';

export function depositStateOf(facts: DepositFacts, today: IsoDate): DepositState {
  if (facts.status === 'Bevestigd' && facts.deposit === null) {
    return daysBetween(today, facts.depositDeadline) >= 0 ? 'payable' : 'overdue';
  }
  if (facts.deposit !== null) return 'received';
  if (facts.status === 'ProjectGeannuleerd') return 'cancelled';
  if (facts.status === 'Vervallen') return 'lapsed';
  return 'closed';
}

/** `nog 12 dagen`, `nog 1 dag`, `vandaag is de laatste dag`, `verstreken`. */
export function daysLeftText(deadline: IsoDate, today: IsoDate): string {
  const days = daysBetween(today, deadline);
  if (days > 1) return `nog ${days} dagen`;
  if (days === 1) return 'nog 1 dag';
  if (days === 0) return 'vandaag is de laatste dag';
  return 'verstreken';
}

/** `op 05/12/2026`, or nothing when the day is unknown. */
function onDay(date: IsoDate | null): string {
  return date ? ` op ${formatDate(date)}` : '';
}

const refundSentence = 'Een storting die toch nog binnenkomt, wordt automatisch teruggestort.';

/** Why there is nothing to deposit, for every state but `payable`. */
function noticeOf(facts: DepositFacts, state: Exclude<DepositState, 'payable'>): Notice {
  const deadline = formatDate(facts.depositDeadline);
  switch (state) {
    case 'overdue':
      return {
        heading: 'De uiterste stortingsdatum is verstreken',
        paragraphs: [
          `Uw eigen bijdrage moest uiterlijk op ${deadline} binnen zijn. We hebben ze niet ontvangen: het project vervalt en de subsidie gaat verloren.`,
          `Stort niets meer. ${refundSentence}`,
        ],
      };
    case 'cancelled':
      return {
        heading: 'Dit project is geannuleerd',
        paragraphs: [
          `Het project werd${onDay(facts.statusSince)} geannuleerd. U hoeft niets te storten.`,
          refundSentence,
        ],
      };
    case 'lapsed':
      return {
        heading: 'Dit project is vervallen',
        paragraphs: [
          `Uw eigen bijdrage was niet binnen op de uiterste stortingsdatum (${deadline}). Het project is${onDay(facts.statusSince)} vervallen en de subsidie is verloren.`,
          `Stort niets meer. ${refundSentence}`,
        ],
      };
    case 'closed':
      return {
        heading: 'Er is niets te storten',
        paragraphs: [
          `Dit project heeft de status ${projectStatusLabels[facts.status]} en wacht niet op een storting.`,
        ],
      };
    case 'received': {
      const deposit = facts.deposit as NonNullable<DepositFacts['deposit']>;
      const paragraphs = [
        `Uw eigen bijdrage van ${euroInText(deposit.amountCents)} werd ontvangen op ${formatDate(deposit.bookedOn)}. U hoeft niets meer te storten.`,
      ];
      switch (facts.status) {
        case 'Lopend':
          paragraphs.push(
            'Het project loopt. Betaal uw dienstverlener vanuit uw portefeuille zodra de dienstverlening geleverd is.',
          );
          break;
        case 'Afgewerkt':
          paragraphs.push('Het project is afgewerkt: uw dienstverlener is betaald.');
          break;
        case 'StopzettingAangevraagd':
          paragraphs.push(
            `De dienstverlener vroeg${onDay(facts.statusSince)} de stopzetting van het project aan. Het Agentschap Innoveren & Ondernemen beslist daarover.`,
          );
          break;
        case 'Stopgezet':
          paragraphs.push(
            facts.refund
              ? `Het project werd${onDay(facts.statusSince)} stopgezet. Het niet gebruikte deel van uw eigen bijdrage (${euroInText(facts.refund.amountCents)}) werd op ${formatDate(facts.refund.bookedOn)} aan u teruggestort.`
              : `Het project werd${onDay(facts.statusSince)} stopgezet.`,
          );
          break;
        default:
          paragraphs.push(`Het project heeft de status ${projectStatusLabels[facts.status]}.`);
      }
      return { heading: 'Uw eigen bijdrage werd ontvangen', paragraphs };
    }
  }
}

/** The values of a bank transfer, as the user copies them. */
export function transferValues(facts: DepositFacts, institution: PaymentInstitution) {
  return {
    deadline: formatDate(facts.depositDeadline),
    beneficiary: institution.name,
    beneficiaryAddress: institution.address,
    iban: formatIban(institution.iban),
    bic: normaliseBic(institution.bic),
    amount: formatEuro(facts.ownContributionCents),
    communication: formatStructuredCommunication(facts.structuredCommunication),
  };
}

/**
 * The SEPA payment QR code of a deposit: its EPC text, and the alternative text
 * that says what scanning it fills in (the values stay on the page as text too).
 */
export function paymentQr(facts: DepositFacts, institution: PaymentInstitution) {
  const transfer = transferValues(facts, institution);
  return {
    payload: epcPayload({
      beneficiary: institution.name,
      iban: institution.iban,
      bic: institution.bic,
      amountCents: facts.ownContributionCents,
      structuredCommunication: facts.structuredCommunication,
    }),
    alt: `QR-code voor uw overschrijving: ${transfer.amount} aan ${transfer.beneficiary}, rekening ${transfer.iban}, gestructureerde mededeling ${transfer.communication}`,
  };
}

/** What goes wrong when the transfer is not exactly right or not on time: on the page and in the PDF. */
export function depositWarnings(facts: DepositFacts): string[] {
  const deadline = formatDate(facts.depositDeadline);
  return [
    'Vermeld de gestructureerde mededeling exact zoals hierboven en stort exact het vermelde bedrag. Zonder deze mededeling of met een ander bedrag wordt uw storting geweigerd en teruggestort.',
    `Uw eigen bijdrage moet uiterlijk op ${deadline} op de rekening staan. Houd rekening met de tijd die een overschrijving nodig heeft. Komt ze niet op tijd binnen, dan vervalt het project (status Vervallen) en verliest u de subsidie.`,
  ];
}

/** Step 5: the deposit instructions, or why there is nothing (more) to deposit. */
export function presentDepositInstructions(
  facts: DepositFacts,
  options: { today: IsoDate; paymentInstitution: PaymentInstitution },
) {
  const state = depositStateOf(facts, options.today);
  const payable = state === 'payable';
  const transfer = transferValues(facts, options.paymentInstitution);
  const transferRows: TransferRow[] = [
    {
      key: 'Uiterste stortingsdatum',
      value: [transfer.deadline, daysLeftText(facts.depositDeadline, options.today)],
    },
    { key: 'Begunstigde', value: [transfer.beneficiary, transfer.beneficiaryAddress] },
    {
      key: 'Rekeningnummer (IBAN)',
      value: transfer.iban,
      copy: { value: transfer.iban.replace(/ /g, ''), label: 'het rekeningnummer' },
    },
    { key: 'BIC', value: transfer.bic },
    { key: 'Te storten bedrag', value: transfer.amount },
    {
      key: 'Gestructureerde mededeling',
      value: transfer.communication,
      copy: { value: transfer.communication, label: 'de gestructureerde mededeling' },
    },
  ];
  const projectRows: SummaryRow[] = [
    { key: 'Projectnummer', value: facts.projectNumber },
    { key: 'Project', value: facts.title },
  ];
  return {
    title: 'Stap 5 van 6: Storting van uw eigen bijdrage',
    heading: 'Storting van uw eigen bijdrage',
    state,
    payable,
    projectRows,
    transferRows: payable ? transferRows : [],
    warnings: payable ? depositWarnings(facts) : [],
    ownContribution: euroInText(facts.ownContributionCents),
    subsidy: euroInText(facts.subsidyCents),
    projectAmount: euroInText(facts.projectAmountCents),
    notice: payable ? null : noticeOf(facts, state),
    paymentQr: payable ? paymentQr(facts, options.paymentInstitution) : null,
    pdfHref: payable ? paths.company.depositInstructionsPdf(facts.projectNumber) : null,
    nextStepsHref: paths.company.nextSteps(facts.projectNumber),
    projectHref: paths.company.project(facts.projectNumber),
    walletHref: paths.company.wallet(),
  };
}

export type StepState = 'done' | 'current' | 'upcoming' | 'missed' | 'not-applicable';

const stepStateTags: Record<StepState, { text: string; colour: string }> = {
  done: { text: 'Gedaan', colour: 'green' },
  current: { text: 'Nu aan de beurt', colour: 'yellow' },
  upcoming: { text: 'Nog niet', colour: 'grey' },
  missed: { text: 'Niet gelukt', colour: 'red' },
  'not-applicable': { text: 'Niet meer van toepassing', colour: 'grey' },
};

export interface TimelineStep {
  number: number;
  heading: string;
  state: StepState;
  tag: { text: string; colour: string };
  paragraphs: string[];
  /** A link that helps with this step, if any. */
  link: { href: string; text: string } | null;
}

function step(
  number: number,
  heading: string,
  state: StepState,
  paragraphs: string[],
  link: TimelineStep['link'] = null,
): TimelineStep {
  return { number, heading, state, tag: stepStateTags[state], paragraphs, link };
}

/** The project is over before its money went the whole way: no step is still to do. */
const endedStatuses = new Set(['ProjectGeannuleerd', 'Vervallen', 'Stopgezet']);

/** Step 6: deposit → subsidy → payment of the provider, with this project's figures and dates. */
export function presentNextSteps(
  facts: DepositFacts,
  options: { today: IsoDate; paymentInstitution: PaymentInstitution },
) {
  const { today, paymentInstitution } = options;
  const state = depositStateOf(facts, today);
  const ended = endedStatuses.has(facts.status);
  const provider = providerLabel(facts);
  const ownContribution = euroInText(facts.ownContributionCents);
  const subsidy = euroInText(facts.subsidyCents);
  const projectAmount = euroInText(facts.projectAmountCents);
  const deadline = formatDate(facts.depositDeadline);
  const { completionDeadline } = facts;
  const completionText = completionDeadline
    ? `uiterlijk op ${formatDate(completionDeadline)}`
    : 'binnen de termijn van de kmo-portefeuille';

  const depositStep = (() => {
    const heading = 'Stort uw eigen bijdrage';
    if (facts.deposit) {
      return step(1, heading, 'done', [
        `Uw eigen bijdrage van ${euroInText(facts.deposit.amountCents)} werd ontvangen op ${formatDate(facts.deposit.bookedOn)}.`,
      ]);
    }
    if (state === 'payable') {
      return step(
        1,
        heading,
        'current',
        [
          `Stort ${ownContribution} uiterlijk op ${deadline} (${daysLeftText(facts.depositDeadline, today)}) op rekening ${ibanInText(paymentInstitution.iban)} van ${paymentInstitution.name}, met de gestructureerde mededeling ${formatStructuredCommunication(facts.structuredCommunication)}.`,
          'Zonder deze mededeling of met een ander bedrag wordt uw storting geweigerd en teruggestort. Komt uw eigen bijdrage niet op tijd binnen, dan vervalt het project en verliest u de subsidie.',
        ],
        {
          href: paths.company.depositInstructions(facts.projectNumber),
          text: 'Bekijk de stortingsinstructies',
        },
      );
    }
    if (state === 'overdue' || state === 'lapsed') {
      return step(1, heading, 'missed', [
        `Uw eigen bijdrage van ${ownContribution} was niet binnen op de uiterste stortingsdatum (${deadline}).`,
      ]);
    }
    return step(1, heading, 'not-applicable', ['U hoeft niets te storten.']);
  })();

  const subsidyStep = (() => {
    const heading = 'De Vlaamse overheid voegt de subsidie toe';
    if (facts.subsidy) {
      return step(2, heading, 'done', [
        `De subsidie van ${euroInText(facts.subsidy.amountCents)} werd op ${formatDate(facts.subsidy.bookedOn)} aan uw portefeuille toegevoegd.`,
      ]);
    }
    if (ended || state === 'overdue' || state === 'closed') {
      return step(2, heading, 'not-applicable', [`De subsidie van ${subsidy} wordt niet toegekend.`]);
    }
    return step(2, heading, facts.deposit ? 'current' : 'upcoming', [
      `Zodra uw eigen bijdrage binnen is, voegt de Vlaamse overheid de subsidie van ${subsidy} toe aan uw portefeuille. Samen is dat het projectbedrag van ${projectAmount}.`,
    ]);
  })();

  const paymentStep = (() => {
    const heading = 'Betaal uw dienstverlener vanuit uw portefeuille';
    const paid = facts.payments ? euroInText(facts.payments.amountCents) : null;
    if (facts.status === 'Afgewerkt') {
      return step(3, heading, 'done', [
        `U betaalde ${paid ?? euroInText(0)} aan ${provider}. Het project is afgewerkt.`,
      ]);
    }
    if (ended) {
      return step(3, heading, 'not-applicable', [
        paid
          ? `U betaalde ${paid} aan ${provider} voor het project eindigde.`
          : `Er gebeurt geen betaling aan ${provider}.`,
      ]);
    }
    const paragraphs = [
      `Als ${provider} de dienstverlening geleverd heeft, betaalt u hun factuur vanuit uw portefeuille: in totaal hoogstens het projectbedrag van ${projectAmount}. De btw betaalt u rechtstreeks aan de dienstverlener, buiten de portefeuille.`,
      `De dienstverlening moet afgewerkt en betaald zijn ${completionText}.`,
    ];
    if (paid) {
      paragraphs.push(
        `U betaalde al ${paid}; voor dit project staat nog ${euroInText(facts.balanceCents)} in uw portefeuille.`,
      );
    }
    const stopRequested = facts.status === 'StopzettingAangevraagd';
    if (stopRequested) {
      paragraphs.push('Het agentschap beslist eerst over de aangevraagde stopzetting.');
    }
    return step(3, heading, facts.deposit && !stopRequested ? 'current' : 'upcoming', paragraphs);
  })();

  return {
    title: 'Stap 6 van 6: Volgende stappen',
    heading: 'Volgende stappen',
    projectRows: [
      { key: 'Projectnummer', value: facts.projectNumber },
      { key: 'Project', value: facts.title },
      { key: 'Status', value: projectStatusLabels[facts.status] },
    ] satisfies SummaryRow[],
    notice: state === 'payable' || state === 'received' ? endNotice(facts) : noticeOf(facts, state),
    steps: [depositStep, subsidyStep, paymentStep],
    completionDeadline: completionDeadline ? formatDate(completionDeadline) : null,
    depositInstructionsHref: paths.company.depositInstructions(facts.projectNumber),
    walletHref: paths.company.wallet(),
    projectHref: paths.company.project(facts.projectNumber),
  };
}

/** After the deposit, only a stop changes the road ahead. */
function endNotice(facts: DepositFacts): Notice | null {
  if (facts.status === 'StopzettingAangevraagd' || facts.status === 'Stopgezet') {
    const notice = noticeOf(facts, 'received');
    return { heading: projectStatusLabels[facts.status], paragraphs: notice.paragraphs.slice(1) };
  }
  return null;
}
