import { apiTokenStatusLabels, type ApiTokenStatus } from '../../domain/api-token.js';
import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { paths } from '../../paths.js';
import type { ApiTokenRow } from './api-token.repository.js';

export const apiTokenColumns = [
  { key: 'naam', label: 'Naam', rowHeader: true },
  { key: 'bereik', label: 'Bereik' },
  { key: 'aangemaakt', label: 'Aangemaakt' },
  { key: 'vervalt', label: 'Vervaldatum' },
  { key: 'gebruikt', label: 'Laatst gebruikt' },
  { key: 'status', label: 'Status' },
  { key: 'actie', label: 'Actie' },
] as const;

const statusColours: Record<ApiTokenStatus, string> = { active: 'green', expired: 'grey', revoked: 'red' };

/** What a token may see: the whole organisation, or one department. */
export const scopeLabel = (row: Pick<ApiTokenRow, 'departmentName'>) =>
  row.departmentName === null ? 'Alle departementen' : `Departement ${row.departmentName}`;

export function presentApiTokenRows(rows: (ApiTokenRow & { status: ApiTokenStatus })[]) {
  return rows.map((row) => ({
    cells: {
      naam: row.name,
      bereik: scopeLabel(row),
      aangemaakt: formatDateTimeInBrussels(row.createdAt),
      vervalt: formatDate(row.expiresOn),
      gebruikt: row.lastUsedAt ? formatDateTimeInBrussels(row.lastUsedAt) : 'Nog niet gebruikt',
      status: apiTokenStatusLabels[row.status],
      // Only an active token can be revoked: an expired or revoked one gives no access any more.
      actie: row.status === 'active' ? 'Intrekken' : '–',
    },
    links: row.status === 'active' ? { actie: paths.provider.revokeApiToken(row.id) } : {},
    linkHints: { actie: `: token ${row.name}` },
    tags: { status: statusColours[row.status] },
  }));
}
