import { formatEnterpriseNumber } from './belgian-identifiers.js';
import { formatDate, formatDateTimeInBrussels } from './dates.js';
import { formatEuro } from './money.js';

/**
 * The formatters every template reaches as `locals.format`, so that a view
 * receives raw values and writes them the Belgian way itself, one way for all
 * pages: `format.enterpriseNumber('0123456749')` → `0123.456.749`,
 * `format.euro(123456)` → `€ 1.234,56`, `format.date('2026-11-05')` → `05/11/2026`,
 * `format.dateTime(instant)` → `05/11/2026 14:07` (Brussels time).
 */
export const viewFormat = {
  enterpriseNumber: formatEnterpriseNumber,
  euro: formatEuro,
  date: formatDate,
  dateTime: formatDateTimeInBrussels,
} as const;
