import { formatMunicipalityLine, formatStreetLine } from '../../domain/address.js';
import {
  formatEnterpriseNumber,
  formatIban,
  isValidIban,
  normaliseIban,
} from '../../domain/belgian-identifiers.js';
import { formatDate, todayInBrussels } from '../../domain/dates.js';
import { formatAmountInput, formatEuro } from '../../domain/money.js';
import { companySizeLabels, companySizes, type CompanySize } from '../../domain/subsidy-terms.js';
import { sizeContradiction, type SizeContradiction } from '../../domain/company-size.js';
import { formatFte, formatFteInput, sizeFromFigures, smeThresholds } from './company-figures.js';
import {
  detailsFields,
  detailsToComplete,
  excludedActivityMessage,
  type DetailsField,
} from './company-details.js';
import type { CompanyRecord } from './company-onboarding.repository.js';
import { detailsMessages } from './company-onboarding.schemas.js';
import type { SizeOverview } from './company-onboarding.service.js';

/** "kleine onderneming", as it reads inside a sentence. */
export function sizeInSentence(size: CompanySize): string {
  return companySizeLabels[size].toLowerCase();
}

/** The calendar date in Brussels of a stored instant. */
const dateOf = (instant: Date) => formatDate(todayInBrussels(instant));

/** The three sizes with the EU definition in plain Dutch (DOMAIN.md §6), for the radios. */
export const sizeItems: { value: CompanySize; label: string; hint: string }[] = companySizes.map((size) => ({
  value: size,
  label: companySizeLabels[size],
  hint: {
    klein:
      'Minder dan 50 werknemers (voltijdse equivalenten) en een jaaromzet of een balanstotaal van hoogstens € 10 miljoen.',
    middelgroot:
      'Minder dan 250 werknemers en een jaaromzet van hoogstens € 50 miljoen of een balanstotaal van hoogstens € 43 miljoen.',
    groot:
      '250 werknemers of meer, of zowel een jaaromzet boven € 50 miljoen als een balanstotaal boven € 43 miljoen. Een grote onderneming kan geen kmo-portefeuille gebruiken.',
  }[size],
}));

const unknown = 'Niet bekend';

/** The official figures the proposed size rests on. */
export function figureRows(company: CompanyRecord) {
  return [
    {
      key: 'Werknemers (voltijdse equivalenten)',
      value: company.employeesFteTenths === undefined ? unknown : formatFte(company.employeesFteTenths),
    },
    {
      key: 'Jaaromzet',
      value: company.turnoverCents === undefined ? unknown : formatEuro(company.turnoverCents),
    },
    {
      key: 'Balanstotaal',
      value: company.balanceTotalCents === undefined ? unknown : formatEuro(company.balanceTotalCents),
    },
  ];
}

/** The size proposed from official data; from the figures when no proposal was delivered. */
export function proposalText(company: CompanyRecord): string {
  if (company.proposedSize)
    return `Volgens de officiële gegevens is ${company.name} een ${sizeInSentence(company.proposedSize)}.`;
  const fromFigures = sizeFromFigures(company);
  if (fromFigures)
    return `Volgens de cijfers die wij kennen, is ${company.name} een ${sizeInSentence(fromFigures)}.`;
  return 'Uit de gegevens die wij kennen, kunnen wij de grootte van uw onderneming niet afleiden. Bepaal ze zelf met de definitie hieronder.';
}

export type SizePageView = 'size' | 'large' | 'size-locked';

/** The size page: the form, the explanation for a large company, or the locked size. */
export function presentSizePage(overview: SizeOverview) {
  const { year, company, confirmation, previous } = overview;
  const view: SizePageView = confirmation?.lockedAt
    ? 'size-locked'
    : confirmation?.size === 'groot'
      ? 'large'
      : 'size';
  return {
    view,
    title:
      view === 'large'
        ? 'Een grote onderneming kan geen kmo-portefeuille gebruiken'
        : `Grootte van uw onderneming in ${year}`,
    year,
    companyName: company.name,
    proposal: proposalText(company),
    figures: figureRows(company),
    confirmedSize: confirmation?.size,
    confirmationText: confirmation
      ? `U hebt op ${dateOf(confirmation.confirmedAt)} bevestigd dat ${company.name} in ${year} een ${sizeInSentence(confirmation.size)} is.`
      : undefined,
    previousText:
      !confirmation && previous
        ? `In ${previous.year} bevestigde u dat ${company.name} een ${sizeInSentence(previous.size)} was. Kijk na of dat in ${year} nog zo is.`
        : undefined,
    lockedRows: confirmation?.lockedAt
      ? [
          { key: 'Jaar', value: String(year) },
          { key: 'Grootte', value: companySizeLabels[confirmation.size] },
          { key: 'Bevestigd op', value: dateOf(confirmation.confirmedAt) },
          { key: 'Vastgelegd op', value: dateOf(confirmation.lockedAt) },
        ]
      : undefined,
  };
}

/** Labels of the fields inside a sentence ("Nog aan te vullen: …"), and for the flash. */
export const detailsFieldLabels: Record<DetailsField, string> = {
  iban: 'rekeningnummer (IBAN)',
  bic: 'BIC',
  turnover: 'jaaromzet',
  employeesFte: 'aantal werknemers',
  naceCode: 'hoofdactiviteit (NACE-BEL-code)',
};

/** The data the company cannot change here: from the Crossroads Bank for Enterprises. */
export function fixedRows(company: CompanyRecord) {
  return [
    { key: 'Naam', value: company.name },
    { key: 'Ondernemingsnummer', value: formatEnterpriseNumber(company.enterpriseNumber) },
    { key: 'Rechtsvorm', value: company.legalForm },
    { key: 'Adres', value: [formatStreetLine(company), formatMunicipalityLine(company)] },
  ];
}

/** The values the form starts from: what is known, the IBAN in groups of four. */
export function detailsFormValues(company: CompanyRecord): Record<DetailsField, string> {
  const iban = company.iban ?? '';
  return {
    iban: normaliseIban(iban) && isValidIban(iban) ? formatIban(iban) : iban,
    bic: company.bic ?? '',
    turnover: company.turnoverCents === undefined ? '' : formatAmountInput(company.turnoverCents),
    employeesFte: company.employeesFteTenths === undefined ? '' : formatFteInput(company.employeesFteTenths),
    naceCode: company.naceCode ?? '',
  };
}

/** The details page: fixed data, what is still missing, and a warning about a stored main activity that cannot apply. */
export function presentDetailsPage(company: CompanyRecord) {
  const missing = detailsToComplete(company);
  const storedActivityProblem =
    company.naceCode === null
      ? undefined
      : company.nace === undefined
        ? detailsMessages.naceUnknown(company.naceCode)
        : company.nace.eligible
          ? undefined
          : `${excludedActivityMessage(company.nace)} Is dit niet uw hoofdactiviteit, vul dan de juiste code in.`;
  return {
    fixedRows: fixedRows(company),
    missingText:
      missing.length > 0
        ? `Nog aan te vullen of te verbeteren: ${missing.map((field) => detailsFieldLabels[field]).join(', ')}.`
        : undefined,
    storedActivityProblem,
    naceHint:
      'De code van de activiteit met de grootste omzet, zoals in de Kruispuntbank van Ondernemingen: vijf cijfers, bijvoorbeeld 62010.' +
      (company.nace ? ` Nu bekend: ${company.nace.code} – ${company.nace.label}.` : ''),
  };
}

/** Field messages in the order of the form, so the error summary follows the page. */
export function inFormOrder(errors: Record<string, string>): Record<string, string> {
  const ordered: Record<string, string> = {};
  for (const field of detailsFields) if (errors[field]) ordered[field] = errors[field];
  for (const [field, message] of Object.entries(errors)) ordered[field] ??= message;
  return ordered;
}

/** "De gegevens van uw onderneming zijn bewaard: jaaromzet, BIC." */
export function savedText(changedFields: string[]): string {
  const labels: Record<string, string> = {
    ...detailsFieldLabels,
    turnoverCents: detailsFieldLabels.turnover,
  };
  return `De gegevens van uw onderneming zijn bewaard. Gewijzigd: ${changedFields.map((field) => labels[field] ?? field).join(', ')}.`;
}

/** The name of the field whose checkbox confirms a size the figures contradict. */
export const FIGURES_CHECKED = 'figuresChecked';

/**
 * Why the company's figures contradict a size, in plain Dutch: which figure
 * breaks which limit, and what the figures make of the company.
 */
export function contradictionText(company: CompanyRecord, contradiction: SizeContradiction): string {
  const size = contradiction.size;
  const limits = smeThresholds[size];
  const reasons: string[] = [];
  if (contradiction.staff && company.employeesFteTenths !== undefined) {
    reasons.push(
      `${formatFte(company.employeesFteTenths)} werknemers (voltijdse equivalenten), terwijl een ${sizeInSentence(size)} er minder dan ${limits.employeesBelowFte} heeft`,
    );
  }
  if (contradiction.money && company.turnoverCents !== undefined && company.balanceTotalCents !== undefined) {
    reasons.push(
      `een jaaromzet van ${formatEuro(company.turnoverCents)} en een balanstotaal van ${formatEuro(company.balanceTotalCents)}, terwijl bij een ${sizeInSentence(size)} de jaaromzet hoogstens ${formatEuro(limits.turnoverCents)} of het balanstotaal hoogstens ${formatEuro(limits.balanceTotalCents)} is`,
    );
  }
  return `De cijfers van ${company.name} passen niet bij een ${sizeInSentence(size)}: ${reasons.join('; en ')}. Volgens die cijfers is ${company.name} een ${sizeInSentence(contradiction.figuresSize)}.`;
}

/** The refusal when a contradicted size is confirmed without the checkbox. */
export function contradictionMessage(contradiction: SizeContradiction): string {
  return `De cijfers van uw onderneming passen niet bij een ${sizeInSentence(contradiction.size)}. Kies de grootte die bij de cijfers past, of bevestig dat u de cijfers nagekeken hebt en uw onderneming toch een ${sizeInSentence(contradiction.size)} is.`;
}

/**
 * What the size page shows about a contradiction: for the size the company
 * just chose (after a refusal) or else for its confirmed size when that is
 * flagged; undefined when the figures contradict neither.
 */
export function presentContradiction(
  company: CompanyRecord,
  year: number,
  size: CompanySize | undefined,
  flagged: boolean,
) {
  const contradiction = size ? sizeContradiction(size, company) : undefined;
  if (!contradiction) return undefined;
  return {
    flagged,
    text: contradictionText(company, contradiction),
    checkboxLegend: 'De cijfers nagekeken',
    checkboxLabel: `Ik heb de cijfers nagekeken: ${company.name} is in ${year} toch een ${sizeInSentence(contradiction.size)}.`,
    checkboxHint:
      'Bijvoorbeeld omdat de cijfers verouderd zijn, of omdat een onderneming pas van grootte verandert als ze twee boekjaren na elkaar boven de grens blijft.',
  };
}
