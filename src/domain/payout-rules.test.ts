import { describe, expect, it } from 'vitest';
import {
  centsToDecimal,
  executionDateProblem,
  isWeekday,
  nextBusinessDay,
  toSepaText,
} from './payout-rules.js';

describe('execution dates', () => {
  it('knows the weekdays', () => {
    // Monday 7 December 2026 … Sunday 13 December 2026.
    expect(['2026-12-07', '2026-12-08', '2026-12-11', '2026-12-12', '2026-12-13'].map(isWeekday)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(isWeekday('1970-01-01')).toBe(true);
    expect(isWeekday('1969-12-28')).toBe(false);
  });

  it('proposes the next weekday after today', () => {
    expect(nextBusinessDay('2026-12-07')).toBe('2026-12-08');
    expect(nextBusinessDay('2026-12-11')).toBe('2026-12-14');
    expect(nextBusinessDay('2026-12-12')).toBe('2026-12-14');
  });

  it('refuses today, the past and weekends', () => {
    expect(executionDateProblem('2026-12-07', '2026-12-07')).toBe('Kies een uitvoeringsdatum na vandaag.');
    expect(executionDateProblem('2026-12-01', '2026-12-07')).toBe('Kies een uitvoeringsdatum na vandaag.');
    expect(executionDateProblem('2026-12-12', '2026-12-07')).toBe(
      'Kies een werkdag (maandag tot vrijdag) als uitvoeringsdatum.',
    );
    expect(executionDateProblem('2028-12-07', '2026-12-07')).toBe(
      'Kies een uitvoeringsdatum binnen het jaar.',
    );
    expect(executionDateProblem('2026-12-08', '2026-12-07')).toBeUndefined();
  });
});

describe('toSepaText', () => {
  it('keeps the basic Latin set and transliterates the rest', () => {
    expect(toSepaText('Café Müller & Zoön', 70)).toBe('Cafe Muller + Zoon');
    expect(toSepaText('Straße Øresund Œuvre', 70)).toBe('Strasse Oresund OEuvre');
    expect(toSepaText('Testonderneming_A en B', 70)).toBe('Testonderneming A en B');
    expect(toSepaText('Factuur “2026/001” — €12; #3', 140)).toBe("Factuur '2026/001' - 12 3");
  });

  it('mends slashes and cuts to the length', () => {
    expect(toSepaText('/abc//def/', 140)).toBe('abc/def');
    expect(toSepaText('a'.repeat(200), 140)).toHaveLength(140);
  });
});

describe('centsToDecimal', () => {
  it('writes two decimals', () => {
    expect(centsToDecimal(123456)).toBe('1234.56');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(centsToDecimal(100)).toBe('1.00');
    expect(() => centsToDecimal(1.5)).toThrow();
  });
});
