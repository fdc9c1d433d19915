import { z } from 'zod';
import { auditBureauLabel, auditBureaus } from '../../domain/audit-bureaus.js';
import {
  openRequestStatuses,
  registrationStatusLabels,
  type RegistrationStatus,
} from '../../domain/registration-status.js';
import {
  registrationBasisLabels,
  serviceLabels,
  services,
  type RegistrationBasis,
  type Service,
} from '../../domain/subsidy-terms.js';
import { adviceOnlyCybersecurityHint } from '../../domain/application-rules.js';
import type { IsoDate } from '../../domain/dates.js';
import type { RuleParameterRow } from '../../domain/rule-parameters.js';
import type { Answers, Wizard } from '../../wizard/wizard.js';
import type { ProviderIdentity } from './registration.pdf.js';

export interface RegistrationWizardContext {
  providerId: number;
  provider: ProviderIdentity;
  /** The head office may request for the organisation; a department user only for its departments. */
  headOfficeAllowed: boolean;
  departments: { id: number; name: string }[];
  existing: { departmentId: number | null; service: Service; status: RegistrationStatus }[];
  /** The dated rule parameters and today's date, for the hints that follow the rules in force. */
  rules: readonly RuleParameterRow[];
  today: IsoDate;
}

export const HEAD_OFFICE_LEVEL = 'MZ';

/** The bases a provider may give per service: sector funds and public providers give training only. */
export const basesByService: Record<Service, readonly RegistrationBasis[]> = {
  opleiding: ['privaat', 'kennisinstelling', 'sectorfonds', 'publiek'],
  advies: ['privaat', 'kennisinstelling'],
};

export function departmentIdOfLevel(level: unknown): number | null {
  if (typeof level !== 'string' || level === HEAD_OFFICE_LEVEL) return null;
  const id = Number(level.replace(/^dep-/, ''));
  return Number.isSafeInteger(id) ? id : null;
}

export function levelLabel(level: unknown, context: RegistrationWizardContext): string {
  if (level === HEAD_OFFICE_LEVEL) return levelLabelOf(null, context.provider.legalName);
  const department = context.departments.find((candidate) => candidate.id === departmentIdOfLevel(level));
  return department ? levelLabelOf(department.name, context.provider.legalName) : '–';
}

/** A registration's level as the request and its declaration on honour write it. */
export function levelLabelOf(departmentName: string | null, legalName: string): string {
  return departmentName === null
    ? `Volledige organisatie (maatschappelijke zetel): ${legalName}`
    : `Departement: ${departmentName}`;
}

/** Why a new request for this service at this level cannot be made, or undefined. */
export function blockingRegistration(
  answers: Answers,
  context: RegistrationWizardContext,
  service: Service,
): string | undefined {
  const departmentId = departmentIdOfLevel(answers.level);
  const atLevel = context.existing.filter(
    (registration) => registration.departmentId === departmentId && registration.service === service,
  );
  const open = atLevel.find((registration) => openRequestStatuses.includes(registration.status));
  if (open) {
    return `Er loopt al een aanvraag voor ${serviceLabels[service].toLowerCase()} op dit niveau (status "${registrationStatusLabels[open.status]}"). Wacht de beslissing af.`;
  }
  const active = atLevel.find((registration) => registration.status === 'G' || registration.status === 'S');
  if (active) {
    return `U bent op dit niveau al geregistreerd voor ${serviceLabels[service].toLowerCase()}. Vraag vóór de vervaldag een verlenging aan op de pagina van die registratie.`;
  }
  return undefined;
}

const choose = (message: string) => z.string({ error: message }).min(1, message);

export const registrationWizard: Wizard<RegistrationWizardContext> = {
  name: 'registratie',
  pages: [
    {
      slug: 'niveau',
      title: 'Voor wie vraagt u de registratie aan?',
      view: 'provider/registrations/wizard/level',
      fields: ['level'],
      schema: (_answers, context) =>
        z.object({
          level: choose('Kies voor wie u de registratie aanvraagt.').refine(
            (level) =>
              (level === HEAD_OFFICE_LEVEL && context.headOfficeAllowed) ||
              context.departments.some((department) => `dep-${department.id}` === level),
            'Kies voor wie u de registratie aanvraagt.',
          ),
        }),
      viewModel: (_answers, context) => ({
        items: [
          ...(context.headOfficeAllowed
            ? [
                {
                  value: HEAD_OFFICE_LEVEL,
                  label: 'De volledige organisatie',
                  hint: `Maatschappelijke zetel: ${context.provider.legalName}`,
                },
              ]
            : []),
          ...context.departments.map((department) => ({
            value: `dep-${department.id}`,
            label: department.name,
            hint: 'Departement',
          })),
        ],
      }),
      summary: (answers, context) => [{ key: 'Niveau', value: levelLabel(answers.level, context) }],
    },
    {
      slug: 'dienst',
      title: 'Voor welke dienst vraagt u de registratie aan?',
      view: 'provider/registrations/wizard/service',
      fields: ['service'],
      schema: (answers, context) =>
        z.object({
          service: z
            .enum(services, { error: 'Kies opleiding of advies.' })
            .superRefine((service, refinement) => {
              const blocking = blockingRegistration(answers, context, service);
              if (blocking) refinement.addIssue({ code: 'custom', message: blocking });
            }),
        }),
      viewModel: (_answers, context) => ({
        items: services.map((service) => ({
          value: service,
          label: serviceLabels[service],
          hint: service === 'advies' ? adviceOnlyCybersecurityHint(context.rules, context.today) : undefined,
        })),
      }),
      summary: (answers) => [{ key: 'Dienst', value: serviceLabels[answers.service as Service] }],
    },
    {
      slug: 'basis',
      title: 'Op welke basis vraagt u de registratie aan?',
      view: 'provider/registrations/wizard/basis',
      fields: ['basis', 'auditBureau'],
      schema: (answers) => {
        const allowed = basesByService[answers.service as Service] ?? [];
        return z
          .object({
            basis: z
              .string({ error: 'Kies de basis van uw registratie.' })
              .refine(
                (basis) => (allowed as readonly string[]).includes(basis),
                'Kies de basis van uw registratie.',
              ),
            auditBureau: z.string().optional(),
          })
          .superRefine((values, refinement) => {
            if (
              values.basis !== 'publiek' &&
              !(auditBureaus as readonly string[]).includes(values.auditBureau ?? '')
            ) {
              refinement.addIssue({
                code: 'custom',
                path: ['auditBureau'],
                message: 'Kies het auditbureau dat uw organisatie auditeert volgens de kmo-portefeuillenorm.',
              });
            }
          });
      },
      viewModel: (answers) => ({
        items: (basesByService[answers.service as Service] ?? []).map((basis) => ({
          value: basis,
          label: registrationBasisLabels[basis],
          hint:
            basis === 'publiek'
              ? 'Scholen en andere publieke dienstverleners hebben geen audit nodig.'
              : undefined,
        })),
        auditBureaus: auditBureaus.map((bureau) => ({ value: bureau, label: bureau })),
      }),
      summary: (answers) => [
        { key: 'Basis', value: registrationBasisLabels[answers.basis as RegistrationBasis] },
        {
          key: 'Auditbureau',
          value: auditBureauLabel(String(answers.basis), answers.auditBureau as string | undefined),
        },
      ],
    },
    {
      slug: 'verklaring-op-eer',
      title: 'Verklaring op eer',
      view: 'provider/registrations/wizard/declaration',
      fields: ['declaration'],
      schema: () =>
        z.object({
          declaration: z.literal('ja', {
            error: 'Bevestig dat u de ondertekende verklaring op eer oplaadt bij uw registratie.',
          }),
        }),
      summary: () => [{ key: 'Verklaring op eer', value: 'Wordt ondertekend opgeladen bij de registratie' }],
    },
  ],
};
