import { Router } from 'express';
import type { Clock } from '../../clock.js';
import { formatMunicipalityLine } from '../../domain/address.js';
import { formatDate } from '../../domain/dates.js';
import { serviceLabels, services, type Service } from '../../domain/subsidy-terms.js';
import { themes } from '../../domain/themes.js';
import { paths } from '../../paths.js';
import { normaliseRegistrationNumber } from '../applications/application.answers.js';
import type { ProviderSearchCriteria, ProviderSearchQueries } from './provider-search.queries.js';
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
    const total = valid ? await queries.count(criteria, today) : 0;
    const { page, pageCount, offset } = pageWindow(
      total,
      parsePageNumber(single(req.query.pagina)),
      PAGE_SIZE,
    );
    const rows = valid ? await queries.page(criteria, today, { offset, limit: PAGE_SIZE }) : [];

    const hrefFor = (target: number) => {
      const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== ''));
      if (target > 1) query.set('pagina', String(target));
      const text = query.toString();
      return `${paths.public.findProvider()}${text ? `?${text}` : ''}`;
    };

    res.render('public/provider-search', {
      title: 'Zoek een dienstverlener',
      values,
      errors,
      searched,
      total,
      serviceItems: services.map((service) => ({ value: service, label: serviceLabels[service] })),
      themeItems: themes.map((theme) => ({ value: theme.code, label: theme.label })),
      results: rows.map((row) => ({
        name: providerLabel(row),
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

  return router;
}
