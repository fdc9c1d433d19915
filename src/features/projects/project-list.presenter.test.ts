import { describe, expect, it } from 'vitest';
import { formatCount, foundText, periodText } from './project-list.presenter.js';
import { defaultPeriod } from './project-filters.js';

describe('the overview texts', () => {
  it('counts with the nl-BE thousands separator, and one project in the singular', () => {
    expect(foundText(0)).toBe('0 projecten gevonden');
    expect(foundText(1)).toBe('1 project gevonden');
    expect(foundText(2)).toBe('2 projecten gevonden');
    expect(foundText(999)).toBe('999 projecten gevonden');
    expect(foundText(1234)).toBe('1.234 projecten gevonden');
    expect(formatCount(1_234_567)).toBe('1.234.567');
  });

  it('names the period', () => {
    const period = defaultPeriod('2026-11-23');
    expect(periodText(false, period)).toBe('Aanvragen van 2025 en 2026');
    expect(periodText(true, period)).toBe('Alle jaren');
  });
});
