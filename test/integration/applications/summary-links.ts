import { expect } from 'vitest';
import { errorSummaryOf, fieldErrorOf } from '../../support/html.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every link of the page's error summary goes to a field of the same page: its
 * href is the id of an input, select or textarea; that field shows the same
 * message beside it and is marked invalid — `aria-invalid="true"` on a text
 * field or select, and for radios and checkboxes (whose first option the link
 * targets) the fieldset described by the message. Returns the summary.
 */
export function expectSummaryLinksToInvalidFields(html: string) {
  const summary = errorSummaryOf(html);
  expect(summary.length, 'the page has an error summary').toBeGreaterThan(0);
  for (const { field, message } of summary) {
    const tags = [
      ...html.matchAll(
        new RegExp(`<(input|select|textarea)\\b[^>]*\\bid="${escapeRegExp(field)}"[^>]*>`, 'g'),
      ),
    ];
    expect(tags, `exactly one field with id "${field}" for "${message}"`).toHaveLength(1);
    const tag = tags[0]?.[0] ?? '';
    expect(fieldErrorOf(html, field), `the message beside #${field}`).toBe(message);
    const type = /\btype="([^"]+)"/.exec(tag)?.[1];
    if (type === 'radio' || type === 'checkbox') {
      const fieldset = new RegExp(
        `<fieldset[^>]*aria-describedby="[^"]*\\b${escapeRegExp(field)}-fout\\b[^"]*"[^>]*>(?:(?!</fieldset>)[\\s\\S])*\\bid="${escapeRegExp(field)}"`,
      );
      expect(html, `the fieldset of #${field} is described by its message`).toMatch(fieldset);
    } else {
      expect(tag, `#${field} is marked invalid`).toContain('aria-invalid="true"');
      expect(tag, `#${field} is described by its message`).toMatch(
        new RegExp(`aria-describedby="[^"]*\\b${escapeRegExp(field)}-fout\\b`),
      );
    }
  }
  return summary;
}
