import { describe, expect, it } from 'vitest';
import { auditBureauLabel } from './audit-bureaus.js';

describe('auditBureauLabel', () => {
  it('names the chosen bureau', () => {
    expect(auditBureauLabel('privaat', 'Kiwa Belgium')).toBe('Kiwa Belgium');
  });

  it('needs none for a public provider, whatever is stored', () => {
    expect(auditBureauLabel('publiek', null)).toBe('Niet nodig (publieke dienstverlener)');
  });

  it('says a private provider has not chosen one yet, rather than that it needs none', () => {
    expect(auditBureauLabel('privaat', null)).toBe('Nog niet gekozen');
    expect(auditBureauLabel('sectorfonds', undefined)).toBe('Nog niet gekozen');
  });
});
