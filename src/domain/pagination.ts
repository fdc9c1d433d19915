/**
 * The arithmetic of a paged list: which page of `total` rows to show when a
 * page was asked for, and where its rows start. A list has at least one page
 * (an empty list shows its empty first page); a page before the first shows
 * the first, one beyond the last shows the last.
 */
export interface PageWindow {
  /** The page shown (1-based). */
  page: number;
  pageCount: number;
  /** How many rows come before the page shown. */
  offset: number;
}

export function pageWindow(total: number, requested: number, perPage: number): PageWindow {
  const pageCount = Math.max(Math.ceil(total / perPage), 1);
  const asked = Number.isSafeInteger(requested) ? requested : 1;
  const page = Math.min(Math.max(asked, 1), pageCount);
  return { page, pageCount, offset: (page - 1) * perPage };
}

/** `?pagina=` as written in a URL: a positive whole number, anything else is page 1. */
export function parsePageNumber(text: string): number {
  return /^[1-9][0-9]{0,8}$/.test(text.trim()) ? Number(text.trim()) : 1;
}
