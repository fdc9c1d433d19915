/**
 * Small readers of the rendered HTML, so that tests assert on what a user
 * reads (text without tags and entities) rather than on markup details.
 */
import { expect } from 'vitest';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, code: string) => {
    if (code.startsWith('#x') || code.startsWith('#X'))
      return String.fromCodePoint(parseInt(code.slice(2), 16));
    if (code.startsWith('#')) return String.fromCodePoint(parseInt(code.slice(1), 10));
    return entities[code.toLowerCase()] ?? whole;
  });
}

/** The text a user reads in a piece of HTML: no tags, entities decoded, whitespace collapsed. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The messages listed in the error summary at the top of the page, with the field each links to. */
export function errorSummaryOf(html: string): { field: string; message: string }[] {
  const summary = /<div class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0];
  if (!summary) return [];
  return [...summary.matchAll(/<li><a href="#([^"]+)">([\s\S]*?)<\/a><\/li>/g)].map((match) => ({
    field: match[1] ?? '',
    message: textOf(match[2] ?? ''),
  }));
}

/** The message shown beside one field (without the visually hidden "Fout:"), or undefined. */
export function fieldErrorOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<p class="error-message" id="${id}-fout">([\\s\\S]*?)</p>`).exec(html);
  return match ? textOf(match[1] ?? '').replace(/^Fout:\s*/, '') : undefined;
}

/** The value attribute of the input with this name (decoded), or undefined when there is no such input. */
export function inputValueOf(html: string, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0];
  if (!input) return undefined;
  return decodeEntities(/\bvalue="([^"]*)"/.exec(input)?.[1] ?? '');
}

/** The label text of the field with this id. */
export function labelOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<label[^>]*\\bfor="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  return match ? textOf(match[1] ?? '') : undefined;
}

/** The texts of the flash messages ("Ter info: …", "Gelukt: …"). */
export function flashTextsOf(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([\s\S]*?)<\/p>/g)].map((match) => textOf(match[1] ?? ''));
}

/** The document title. */
export function titleOf(html: string): string {
  return textOf(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
}

/** The first h1 of the page. */
export function headingOf(html: string): string {
  return textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
}

/** How EJS writes a text into the page (`<%= %>`). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

/**
 * A refused form as the GET after the redirect shows it: the title starts
 * with "Fout: " (and `title`, when given), the message is in the error
 * summary, linked to the field, and beside the field.
 */
export function expectFieldError(html: string, field: string, message: string, title = ''): void {
  const shown = escapeHtml(message);
  expect(html).toContain(`<title>Fout: ${title}`);
  expect(html).toContain(`<li><a href="#${field}">${shown}</a></li>`);
  expect(html).toContain(
    `<p class="error-message" id="${field}-fout"><span class="visually-hidden">Fout:</span> ${shown}</p>`,
  );
}

/** The href (entities decoded) of the first link whose text is `linkText`, or undefined. */
export function hrefOf(html: string, linkText: string): string | undefined {
  const links = [...html.matchAll(/<a [^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)];
  const link = links.find((match) => textOf(match[2] ?? '') === linkText);
  return link ? decodeEntities(link[1] ?? '') : undefined;
}

/** Each row of a page's (first) table body, as one line of text. */
export function bodyRowsOf(html: string): string[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => textOf(row[1] ?? ''));
}
