import { paths } from '../../paths.js';
import { parseProjectListQuery, projectListSearch } from './project-filters.js';

/** The query parameter of a project's page that names the overview the user came from. */
export const BACK_PARAMETER = 'terug';

/** The longest `terug` value read; a list URL with every filter filled in stays well below. */
const MAX_BACK_LENGTH = 2000;

/**
 * The overview's view (filters, sort, page) that `terug` names, rebuilt from
 * its query string as the overview itself writes it — or undefined when
 * `terug` is anything but a local URL of the projects overview (another
 * site, another page, `//host`, a backslash, too long). Only the overview's
 * own parameters survive: the way back can never lead elsewhere.
 */
export function projectListHrefFrom(terug: unknown): string | undefined {
  if (typeof terug !== 'string' || terug.length > MAX_BACK_LENGTH) return undefined;
  if (!terug.startsWith('/') || terug.startsWith('//') || terug.includes('\\')) return undefined;
  let url: URL;
  try {
    url = new URL(terug, 'http://portaal.invalid');
  } catch {
    return undefined;
  }
  if (url.origin !== 'http://portaal.invalid' || url.pathname !== paths.provider.projects()) return undefined;
  const query = parseProjectListQuery(Object.fromEntries(url.searchParams));
  return `${paths.provider.projects()}${projectListSearch({ ...query.criteria, values: query.values, page: query.page })}`;
}

/** A project's page, carrying the overview's view (its query string, "" for the default) for the way back. */
export function projectDetailHref(projectNumber: string, listSearch: string): string {
  const detail = paths.provider.project(projectNumber);
  if (listSearch === '') return detail;
  const back = new URLSearchParams({ [BACK_PARAMETER]: `${paths.provider.projects()}${listSearch}` });
  return `${detail}?${back.toString()}`;
}
