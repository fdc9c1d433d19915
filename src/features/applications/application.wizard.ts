import { z } from 'zod';
import {
  adviceOnlyCybersecurityHint,
  amountAndThemeRefusals,
  completionDeadline,
  earliestStartDate,
  projectRefusals,
} from '../../domain/application-rules.js';
import { formatDate, type IsoDate } from '../../domain/dates.js';
import { formatBasisPoints, formatEuro, formatEuroInText } from '../../domain/money.js';
import { registrationStatusLabels } from '../../domain/registration-status.js';
import type { EligibleCompanySize, RuleParameterRow } from '../../domain/rule-parameters.js';
import {
  serviceLabels,
  services,
  trainingKindLabels,
  trainingKinds,
  type Service,
} from '../../domain/subsidy-terms.js';
import {
  calculateSubsidy,
  minimumProjectAmountCents,
  yearlyCeilingCents,
  type SubsidyCalculation,
} from '../../domain/subsidy.js';
import { findSubtheme, themes } from '../../domain/themes.js';
import type { Answers, Wizard } from '../../wizard/wizard.js';
import {
  centsOf,
  dateMessage,
  dateOf,
  hoursMessage,
  hoursOf,
  listOf,
  MAX_PARTICIPANTS,
  normaliseNaceCode,
  normaliseRegistrationNumber,
  participantCountOf,
  serviceOf,
  titleOf,
  trainingKindOf,
} from './application.answers.js';
import {
  selectableRegistrationStatuses,
  type NaceCode,
  type RegistrationChoice,
} from './application.repository.js';
import { providerLabel } from '../../domain/provider-label.js';

/** What the pages need from the database, loaded per request (application.routes.ts). */
export interface ApplicationContext {
  companyId: number;
  companyName: string;
  enterpriseNumber: string;
  companyNaceCode: string | null;
  /** The application date: today in Brussels. */
  today: IsoDate;
  size: EligibleCompanySize;
  rules: readonly RuleParameterRow[];
  /** Subsidy of the company's other projects this calendar year. */
  ceilingUsedCents: number;
  naceCodes: ReadonlyMap<string, NaceCode>;
  /** The registration whose number the answers (or the posted form) give, when it exists. */
  registration?: RegistrationChoice;
}

export const APPLICATION_WIZARD = 'aanvraag';

/** The longest first or last name of a participant. */
const MAX_NAME_LENGTH = 100;

/** A refinement whose message depends on what is wrong with the value (undefined: nothing). */
const explained =
  (message: (value: string) => string | undefined) => (value: string, refinement: z.RefinementCtx) => {
    const problem = message(value);
    if (problem) refinement.addIssue({ code: 'custom', message: problem });
  };

const required = (message: string) => z.string({ error: message }).trim().min(1, message);

/** The project page's fields, in form order (the error summary follows it). */
export const projectFields = [
  'service',
  'title',
  'trainingKind',
  'subtheme',
  'participantCount',
  'hours',
  'agreementDate',
  'startDate',
  'businessPurpose',
  'registrationCost',
  'eligibleCosts',
] as const;

/** The calculation for what the project page shows: as typed, before anything is saved. */
export function calculationFor(context: ApplicationContext, values: Answers): SubsidyCalculation | undefined {
  const service = serviceOf(values);
  const amount = centsOf(values.eligibleCosts);
  const subtheme = typeof values.subtheme === 'string' ? values.subtheme : '';
  if (!service || amount === undefined) return undefined;
  return calculateSubsidy(context.rules, {
    size: context.size,
    service,
    subtheme,
    projectAmountCents: amount,
    applicationDate: context.today,
    ceilingUsedCents: context.ceilingUsedCents,
  });
}

/** The figures as the page and the live script show them. */
export function presentCalculation(context: ApplicationContext, values: Answers) {
  const calculation = calculationFor(context, values);
  const ceilingLeft = calculation?.ceilingLeftBeforeCents ?? ceilingLeftCents(context);
  return {
    complete: calculation !== undefined,
    projectAmount: calculation ? formatEuro(calculation.projectAmountCents) : '–',
    ownContribution: calculation ? formatEuro(calculation.ownContributionCents) : '–',
    subsidy: calculation ? formatEuro(calculation.subsidyCents) : '–',
    rate: calculation ? formatBasisPoints(calculation.rateBp) : '–',
    increasedRate: calculation?.increasedRate ?? false,
    ceilingLeft: formatEuro(ceilingLeft),
    capped: calculation?.cappedByCeiling ?? false,
    note: calculationNote(context, calculation),
    warnings: calculationWarnings(context, values),
  };
}

/**
 * What "Volgende" would refuse for the service, subtheme and amount typed so
 * far (under the minimum, advice outside cybersecurity), in the submit's own
 * words: the live calculation shows it while the user types. A courtesy only;
 * the page's schema refuses the same.
 */
export function calculationWarnings(context: ApplicationContext, values: Answers): string[] {
  const service = serviceOf(values);
  if (!service) return [];
  const subtheme = typeof values.subtheme === 'string' ? values.subtheme.trim() : '';
  const amount = centsOf(values.eligibleCosts);
  return amountAndThemeRefusals(context.rules, {
    applicationDate: context.today,
    service,
    subtheme: findSubtheme(subtheme) ? subtheme : undefined,
    eligibleCostsCents: amount !== undefined && amount > 0 ? amount : undefined,
  }).map((refusal) => refusal.message);
}

function ceilingLeftCents(context: ApplicationContext): number {
  return Math.max(
    0,
    yearlyCeilingCents(context.rules, context.size, context.today) - context.ceilingUsedCents,
  );
}

function calculationNote(context: ApplicationContext, calculation: SubsidyCalculation | undefined): string {
  if (!calculation) return 'Kies de dienst en vul de subsidiabele kosten in om de steun te berekenen.';
  if (calculation.ceilingLeftBeforeCents === 0) {
    return `Uw steunplafond voor ${calculation.year} is opgebruikt: een nieuwe aanvraag levert dit jaar geen steun meer op.`;
  }
  if (calculation.cappedByCeiling) {
    return `De steun is beperkt tot wat er over is van uw steunplafond voor ${calculation.year} (${formatEuro(calculation.ceilingLeftBeforeCents)}). Zonder plafond was dat ${formatEuro(calculation.subsidyByRateCents)}.`;
  }
  const kind = calculation.increasedRate ? 'verhoogd steunpercentage' : 'steunpercentage';
  return `${formatBasisPoints(calculation.rateBp)} ${kind} voor een ${context.size === 'klein' ? 'kleine' : 'middelgrote'} onderneming, afgerond naar beneden op de cent.`;
}

function subthemeLabel(code: unknown): string {
  const found = typeof code === 'string' ? findSubtheme(code) : undefined;
  return found ? `${found.theme.label} – ${found.label}` : '–';
}

export function registrationLabel(registration: RegistrationChoice): string {
  return providerLabel(registration);
}

/** Why this registration cannot be chosen for the service on the date, or undefined. */
export function registrationRefusal(
  registration: RegistrationChoice | undefined,
  number: string,
  service: Service | undefined,
  date: IsoDate,
): string | undefined {
  if (!registration) {
    return `Er is geen registratie met nummer ${number}. Controleer het nummer of zoek de dienstverlener op naam.`;
  }
  if (service && registration.service !== service) {
    return `Registratie ${number} is een registratie voor ${serviceLabels[registration.service].toLowerCase()}; uw project is ${service === 'opleiding' ? 'een opleiding' : 'een advies'}. Kies een dienstverlener die voor ${serviceLabels[service].toLowerCase()} geregistreerd is.`;
  }
  const valid =
    selectableRegistrationStatuses.includes(registration.status) &&
    registration.validFrom !== null &&
    registration.validUntil !== null &&
    registration.validFrom <= date &&
    date <= registration.validUntil;
  if (!valid) {
    return `Registratie ${number} van ${registrationLabel(registration)} is vandaag niet geldig (status: ${registrationStatusLabels[registration.status]}${registration.validUntil ? `, vervaldag ${formatDate(registration.validUntil)}` : ''}). U kunt enkel een goedgekeurde registratie kiezen.`;
  }
  return undefined;
}

/** Registered providers for a service on a date whose name contains the text. */
export type ProviderSearch = (
  service: Service,
  text: string,
  date: IsoDate,
) => Promise<{ rows: RegistrationChoice[]; more: boolean }>;

/**
 * The wizard's pages. The routes give it the provider search of step 3; the
 * submit's final check uses it without (only the schemas matter there).
 */
export function createApplicationWizard(search?: ProviderSearch): Wizard<ApplicationContext> {
  return {
    name: APPLICATION_WIZARD,
    stepCount: 6,
    pages: [
      {
        slug: 'activiteit',
        title: 'Wat is de hoofdactiviteit van uw onderneming?',
        view: 'company/applications/wizard/activity',
        stepNumber: 1,
        fields: ['naceCode'],
        schema: (_answers, context) =>
          z.object({
            naceCode: required('Vul de NACE-BEL-code van uw hoofdactiviteit in.')
              .transform(normaliseNaceCode)
              .refine(
                (code) => /^[0-9]{5}$/.test(code),
                'Een NACE-BEL-code heeft 5 cijfers, bijvoorbeeld 43222.',
              )
              .refine(
                (code) => !/^[0-9]{5}$/.test(code) || context.naceCodes.has(code),
                'Deze NACE-BEL-code kennen we niet. Kies de code uit de lijst, bijvoorbeeld 43222.',
              )
              .refine(
                (code) => context.naceCodes.get(code)?.eligible !== false,
                'Ondernemingen met als hoofdactiviteit primaire landbouw, visserij of aquacultuur komen niet in aanmerking voor de kmo-portefeuille.',
              ),
          }),
        viewModel: (_answers, context, shown) => ({
          naceValue: typeof shown.naceCode === 'string' ? shown.naceCode : (context.companyNaceCode ?? ''),
          naceOptions: [...context.naceCodes.values()]
            .filter((nace) => nace.eligible)
            .map((nace) => ({ value: nace.code, label: `${nace.code} – ${nace.label}` })),
        }),
        summary: (answers, context) => {
          const code = normaliseNaceCode(answers.naceCode);
          const nace = context.naceCodes.get(code);
          return [{ key: 'Hoofdactiviteit (NACE-BEL)', value: nace ? `${code} – ${nace.label}` : code }];
        },
      },
      {
        slug: 'project',
        title: 'Over het project',
        view: 'company/applications/wizard/project',
        stepNumber: 2,
        recalculable: true,
        fields: projectFields,
        schema: (_answers, context) =>
          z
            .object({
              service: z.enum(services, { error: 'Kies opleiding of advies.' }),
              title: required('Vul de titel van het project in.').max(
                200,
                'De titel heeft hoogstens 200 tekens.',
              ),
              trainingKind: z.string().optional(),
              subtheme: required('Kies het thema en subthema van het project.').refine(
                (code) => findSubtheme(code) !== undefined,
                'Kies het thema en subthema van het project.',
              ),
              participantCount: z.string().optional(),
              hours: required('Vul het aantal uren in.').superRefine(explained(hoursMessage)),
              agreementDate: required('Vul de datum van de overeenkomst in.').superRefine(
                explained((date) =>
                  dateMessage(
                    date,
                    'Vul de datum van de overeenkomst in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
                  ),
                ),
              ),
              startDate: required('Vul de startdatum van de dienstverlening in.').superRefine(
                explained((date) =>
                  dateMessage(date, 'Vul de startdatum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.'),
                ),
              ),
              businessPurpose: z.literal('ja', {
                error: 'Bevestig dat het project dient voor de huidige of toekomstige bedrijfsvoering.',
              }),
              registrationCost: required('Vul de inschrijvingskost in.').refine(
                (amount) => (centsOf(amount) ?? 0) > 0,
                'Vul de inschrijvingskost in als een bedrag groter dan 0, bijvoorbeeld 1.250,00.',
              ),
              eligibleCosts: required('Vul de subsidiabele kosten in.').refine(
                (amount) => (centsOf(amount) ?? 0) > 0,
                'Vul de subsidiabele kosten in als een bedrag groter dan 0, bijvoorbeeld 1.000,00.',
              ),
            })
            .superRefine((values, refinement) => {
              const problem = (path: string, message: string) =>
                refinement.addIssue({ code: 'custom', path: [path], message });
              if (values.service === 'opleiding') {
                if (!(trainingKinds as readonly string[]).includes(values.trainingKind ?? '')) {
                  problem('trainingKind', 'Kies de soort opleiding.');
                }
                if (participantCountOf(values.participantCount) === undefined) {
                  problem(
                    'participantCount',
                    `Vul het aantal deelnemers in, een geheel getal van 1 tot ${MAX_PARTICIPANTS}.`,
                  );
                }
              }
              const agreementDate = dateOf(values.agreementDate);
              const startDate = dateOf(values.startDate);
              const registrationCostCents = centsOf(values.registrationCost);
              const eligibleCostsCents = centsOf(values.eligibleCosts);
              if (!agreementDate || !startDate || !registrationCostCents || !eligibleCostsCents) return;
              if (!findSubtheme(values.subtheme)) return;
              const fieldOf = {
                agreementDate: 'agreementDate',
                startDate: 'startDate',
                eligibleCostsCents: 'eligibleCosts',
                registrationCostCents: 'registrationCost',
                subtheme: 'subtheme',
                service: 'service',
                applicationDate: 'startDate',
              } as const;
              for (const refusal of projectRefusals(context.rules, {
                applicationDate: context.today,
                service: values.service,
                subtheme: values.subtheme,
                agreementDate,
                startDate,
                registrationCostCents,
                eligibleCostsCents,
              })) {
                problem(fieldOf[refusal.field], refusal.message);
              }
              const calculation = calculationFor(context, values);
              if (calculation && calculation.ceilingLeftBeforeCents === 0) {
                problem(
                  'eligibleCosts',
                  `Uw steunplafond voor ${calculation.year} (${formatEuro(calculation.ceilingCents)}) is opgebruikt. Een aanvraag levert dit jaar geen steun meer op; vanaf 01/01/${calculation.year + 1} kan het opnieuw.`,
                );
              }
            }),
        viewModel: (_answers, context, shown) => ({
          serviceItems: services.map((service) => ({
            value: service,
            label: serviceLabels[service],
            hint:
              service === 'advies' ? adviceOnlyCybersecurityHint(context.rules, context.today) : undefined,
          })),
          subthemeHint: [
            'Cybersecurity, en voor opleidingen ook energie-efficiëntie, krijgen een hoger steunpercentage.',
            adviceOnlyCybersecurityHint(context.rules, context.today),
          ]
            .filter(Boolean)
            .join(' '),
          trainingKindItems: trainingKinds.map((kind) => ({ value: kind, label: trainingKindLabels[kind] })),
          subthemeItems: themes.map((theme) => ({
            group: theme.label,
            items: theme.subthemes.map((subtheme) => ({ value: subtheme.code, label: subtheme.label })),
          })),
          earliestStart: formatDate(earliestStartDate(context.rules, context.today)),
          completion: formatDate(completionDeadline(context.rules, context.today)),
          minimumTraining: formatEuroInText(
            minimumProjectAmountCents(context.rules, 'opleiding', context.today),
          ),
          minimumAdvice: formatEuroInText(minimumProjectAmountCents(context.rules, 'advies', context.today)),
          today: formatDate(context.today),
          calculation: presentCalculation(context, shown),
          scripts: ['/js/live-calculation.js'],
        }),
        summary: (answers) => {
          const service = serviceOf(answers);
          const kind = trainingKindOf(answers);
          return [
            { key: 'Dienst', value: service ? serviceLabels[service] : '–' },
            { key: 'Titel', value: titleOf(answers) },
            ...(service === 'opleiding'
              ? [
                  { key: 'Soort opleiding', value: kind ? trainingKindLabels[kind] : '–' },
                  {
                    key: 'Aantal deelnemers',
                    value: String(participantCountOf(answers.participantCount) ?? '–'),
                  },
                ]
              : []),
            { key: 'Thema en subthema', value: subthemeLabel(answers.subtheme) },
            { key: 'Aantal uren', value: String(hoursOf(answers.hours) ?? '–').replace('.', ',') },
            { key: 'Datum van de overeenkomst', value: formatDate(dateOf(answers.agreementDate) ?? '') },
            { key: 'Startdatum van de dienstverlening', value: formatDate(dateOf(answers.startDate) ?? '') },
            { key: 'Dient de bedrijfsvoering', value: 'Ja' },
            { key: 'Inschrijvingskost', value: formatEuro(centsOf(answers.registrationCost) ?? 0) },
            {
              key: 'Subsidiabele kosten (excl. btw)',
              value: formatEuro(centsOf(answers.eligibleCosts) ?? 0),
            },
          ];
        },
      },
      {
        slug: 'deelnemers',
        title: 'Wie volgt de opleiding?',
        view: 'company/applications/wizard/participants',
        stepNumber: 2,
        fields: ['firstName', 'lastName'],
        skip: (answers) => serviceOf(answers) !== 'opleiding',
        schema: (answers) => {
          const count = participantCountOf(answers.participantCount) ?? 0;
          const names = z.unknown().transform(listOf).pipe(z.array(z.string().trim()));
          // Each message names its participant and its field (`lastName-2`), the id the summary links to.
          return z.object({ firstName: names, lastName: names }).superRefine((values, refinement) => {
            for (let index = 0; index < count; index++) {
              const position = index + 1;
              for (const [field, label] of [
                ['firstName', 'voornaam'],
                ['lastName', 'achternaam'],
              ] as const) {
                const name = values[field][index] ?? '';
                const message = !name
                  ? `Vul de ${label} van deelnemer ${position} in.`
                  : name.length > MAX_NAME_LENGTH
                    ? `De ${label} van deelnemer ${position} heeft hoogstens ${MAX_NAME_LENGTH} tekens; u typte er ${name.length}.`
                    : undefined;
                if (message) refinement.addIssue({ code: 'custom', path: [`${field}-${position}`], message });
              }
            }
            const filled = values.firstName.filter((name, index) => name || values.lastName[index]).length;
            if (filled > count) {
              refinement.addIssue({
                code: 'custom',
                path: ['firstName-1'],
                message: `U gaf ${count} deelnemers op. Pas het aantal aan in de vorige stap om er meer te vermelden.`,
              });
            }
          });
        },
        viewModel: (answers, _context, shown) => {
          const count = participantCountOf(answers.participantCount) ?? 0;
          const firstNames = listOf(shown.firstName);
          const lastNames = listOf(shown.lastName);
          return {
            participants: Array.from({ length: count }, (_value, index) => ({
              position: index + 1,
              firstName: firstNames[index] ?? '',
              lastName: lastNames[index] ?? '',
            })),
          };
        },
        summary: (answers) => {
          const count = participantCountOf(answers.participantCount) ?? 0;
          const firstNames = listOf(answers.firstName);
          const lastNames = listOf(answers.lastName);
          return [
            {
              key: 'Deelnemers',
              value: Array.from(
                { length: count },
                (_value, index) => `${(firstNames[index] ?? '').trim()} ${(lastNames[index] ?? '').trim()}`,
              ),
            },
          ];
        },
      },
      {
        slug: 'dienstverlener',
        title: 'Welke dienstverlener kiest u?',
        view: 'company/applications/wizard/provider',
        stepNumber: 3,
        fields: ['registrationNumber'],
        schema: (answers, context) =>
          z.object({
            registrationNumber: required(
              'Vul het registratienummer van de dienstverlener in, of zoek op naam.',
            )
              .transform((value, transform) => {
                const number = normaliseRegistrationNumber(value);
                if (!number) {
                  transform.addIssue({
                    code: 'custom',
                    message:
                      'Een registratienummer ziet eruit als DV.O218724 (opleiding) of DV.A218723 (advies).',
                  });
                  return z.NEVER;
                }
                return number;
              })
              .superRefine((number, refinement) => {
                const refusal = registrationRefusal(
                  context.registration?.number === number ? context.registration : undefined,
                  number,
                  serviceOf(answers),
                  context.today,
                );
                if (refusal) refinement.addIssue({ code: 'custom', message: refusal });
              }),
          }),
        viewModel: async (answers, context, shown, query) => {
          const service = serviceOf(answers);
          const text = typeof query.zoek === 'string' ? query.zoek.trim().slice(0, 100) : '';
          const found =
            service && search && text.length >= 2 ? await search(service, text, context.today) : undefined;
          const chosen =
            context.registration &&
            context.registration.number === normaliseRegistrationNumber(shown.registrationNumber)
              ? context.registration
              : undefined;
          return {
            serviceLabel: service ? serviceLabels[service].toLowerCase() : '',
            search: text,
            tooShort: text.length === 1,
            results: found?.rows.map((registration) => ({
              number: registration.number,
              label: registrationLabel(registration),
              enterpriseNumber: registration.providerEnterpriseNumber,
              municipality: registration.municipality,
              validUntil: registration.validUntil ? formatDate(registration.validUntil) : '',
            })),
            more: found?.more ?? false,
            chosen:
              chosen && !registrationRefusal(chosen, chosen.number, service, context.today)
                ? { number: chosen.number, label: registrationLabel(chosen) }
                : undefined,
          };
        },
        summary: (_answers, context) =>
          context.registration
            ? [
                { key: 'Dienstverlener', value: registrationLabel(context.registration) },
                { key: 'Registratienummer', value: context.registration.number },
              ]
            : [],
      },
    ],
  };
}

/** For checks only (no search). */
export const applicationWizard = createApplicationWizard();

/** The page keys of the error summary that the participants page renders as separate fields. */
export const participantFieldIds = (count: number) =>
  Array.from({ length: count }, (_value, index) => [
    `firstName-${index + 1}`,
    `lastName-${index + 1}`,
  ]).flat();
