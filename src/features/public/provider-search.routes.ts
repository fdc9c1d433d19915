import { Router } from 'express';
import type { Clock } from '../../clock.js';
import { formatAddress, formatMunicipalityLine, formatStreetLine } from '../../domain/address.js';
import { NotFoundError } from '../../domain/errors.js';
import { formatEnterpriseNumber } from '../../domain/belgian-identifiers.js';
import { parseRowId } from '../admin/admin-search.js';
import { formatDate } from '../../domain/dates.js';
import { serviceLabels, services, type Service } from '../../domain/subsidy-terms.js';
import { themes } from '../../domain/themes.js';
import { paths } from '../../paths.js';
import { normaliseRegistrationNumber } from '../applications/application.answers.js';
import type {
  ProviderSearchCriteria,
  ProviderSearchQueries,
  PublicProvider,
} from './provider-search.queries.js';
import { providerLabel } from '../../domain/provider-label.js';
import { pageWindow, parsePageNumber } from '../../domain/pagination.js';

const PAGE_SIZE = 20;

const themeLabel = new Map(themes.map((theme) => [theme.code, theme.label]));

const single = (value: unknown): string => (typeof value === 'string' ? value.trim().slice(0, 100) : '');

/**
 * "Zoek een dienstverlener" (DOMAIN.md §8): registered providers by name,
 * registration number, service, theme and municipality, without signing in.
 * A GET form: every search is a URL that can be bookmarked and shared.
 */
export function providerSearchRoutes(deps: {
  clock: Clock;
  providerSearchQueries: ProviderSearchQueries;
}): Router {
  const router = Router();
  const { clock, providerSearchQueries: queries } = deps;

  router.get(paths.public.findProvider(), async (req, res) => {
    const values = {
      naam: single(req.query.naam),
      nummer: single(req.query.nummer),
      dienst: single(req.query.dienst),
      thema: single(req.query.thema),
      gemeente: single(req.query.gemeente),
    };
    const errors: Record<string, string> = {};
    const number = values.nummer ? normaliseRegistrationNumber(values.nummer) : undefined;
    if (values.nummer && !number) {
      errors.nummer = 'Een registratienummer ziet eruit als DV.O218724 (opleiding) of DV.A218723 (advies).';
    }
    const criteria: ProviderSearchCriteria = {
      name: values.naam || undefined,
      registrationNumber: number,
      service: (services as readonly string[]).includes(values.dienst)
        ? (values.dienst as Service)
        : undefined,
      theme: themeLabel.has(values.thema) ? values.thema : undefined,
      municipality: values.gemeente || undefined,
    };
    const today = clock.today();
    const searched = Object.values(values).some((value) => value !== '');
    const valid = Object.keys(errors).length === 0;
    const requested = parsePageNumber(single(req.query.pagina));
    let result = valid
      ? await queries.search(criteria, today, { offset: (requested - 1) * PAGE_SIZE, limit: PAGE_SIZE })
      : { total: 0, rows: [], suggestion: undefined };
    const { page, pageCount, offset } = pageWindow(result.total, requested, PAGE_SIZE);
    if (valid && offset !== (requested - 1) * PAGE_SIZE) {
      // Past the last page: the last page instead.
      result = await queries.search(criteria, today, { offset, limit: PAGE_SIZE });
    }
    const { total, rows, suggestion } = result;

    const searchHref = (searched: Record<string, string>, target = 1) => {
      const query = new URLSearchParams(Object.entries(searched).filter(([, value]) => value !== ''));
      if (target > 1) query.set('pagina', String(target));
      const text = query.toString();
      return `${paths.public.findProvider()}${text ? `?${text}` : ''}`;
    };
    const hrefFor = (target: number) => searchHref(values, target);
    const suggested = suggestion
      ? {
          text: [suggestion.name, suggestion.municipality].filter(Boolean).join(' in '),
          href: searchHref({
            ...values,
            naam: suggestion.name ?? values.naam,
            gemeente: suggestion.municipality ?? values.gemeente,
          }),
        }
      : undefined;

    res.render('public/provider-search', {
      title: 'Zoek een dienstverlener',
      values,
      errors,
      searched,
      total,
      serviceItems: services.map((service) => ({ value: service, label: serviceLabels[service] })),
      themeItems: themes.map((theme) => ({ value: theme.code, label: theme.label })),
      suggestion: suggested,
      results: rows.map((row) => ({
        name: providerLabel(row),
        href: paths.public.provider(row.providerId),
        registrationNumber: row.registrationNumber,
        service: serviceLabels[row.service],
        validUntil: formatDate(row.validUntil),
        enterpriseNumber: row.enterpriseNumber,
        address: formatMunicipalityLine(row),
        establishments: row.establishments.filter((place) => place !== formatMunicipalityLine(row)),
        expertise: row.expertise.map((code) => themeLabel.get(code) ?? code),
        contactEmail: row.contactEmail,
        contactPhone: row.contactPhone,
      })),
      pagination: { page, pageCount, hrefFor },
    });
  });

  // After the search: "zoeken" is no id (parseRowId takes digits only).
  router.get(paths.public.provider(':id'), async (req, res) => {
    const id = parseRowId(req.params.id);
    const provider = id === undefined ? undefined : await queries.publicProvider(id, clock.today());
    if (!provider) throw new NotFoundError('Deze dienstverlener is niet geregistreerd.');
    res.render('public/provider', {
      title: provider.legalName,
      provider: presentPublicProvider(provider),
      searchHref: paths.public.findProvider(),
    });
  });

  return router;
}

/** The public page's view-model: Belgian formats, Dutch labels; only what PublicProvider holds. */
function presentPublicProvider(provider: PublicProvider) {
  return {
    name: provider.legalName,
    data: [
      { key: 'Ondernemingsnummer', value: formatEnterpriseNumber(provider.enterpriseNumber) },
      { key: 'Rechtsvorm', value: provider.legalForm },
      { key: 'Zetel', value: [formatStreetLine(provider), formatMunicipalityLine(provider)] },
      { key: 'E-mail', value: provider.contactEmail },
      { key: 'Telefoon', value: provider.contactPhone },
    ],
    contactEmail: provider.contactEmail,
    presentation: provider.presentation.trim(),
    registrations: provider.registrations.map((registration) => ({
      cells: {
        service: serviceLabels[registration.service],
        number: registration.number,
        level: registration.departmentName ?? 'Hele organisatie',
        validFrom: formatDate(registration.validFrom),
        validUntil: formatDate(registration.validUntil),
      },
    })),
    expertise: provider.expertise.map((code) => themeLabel.get(code) ?? code),
    establishments: provider.establishments.map((establishment) => formatAddress(establishment)),
  };
}
