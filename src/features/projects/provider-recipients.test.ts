import { describe, expect, it } from 'vitest';
import { providerRecipients } from './provider-recipients.js';

describe('providerRecipients', () => {
  it("is the head office's address for the head office's own project", () => {
    expect(providerRecipients('info@provider.test', null)).toEqual(['info@provider.test']);
    expect(providerRecipients('info@provider.test')).toEqual(['info@provider.test']);
  });

  it("is the head office and the department for a department's project", () => {
    expect(providerRecipients('info@provider.test', 'training@provider.test')).toEqual([
      'info@provider.test',
      'training@provider.test',
    ]);
  });

  it('names an address once, whatever its case, and leaves blanks and spaces out', () => {
    expect(providerRecipients('Info@Provider.test', ' info@provider.test ')).toEqual(['Info@Provider.test']);
    expect(providerRecipients(' info@provider.test', '  ')).toEqual(['info@provider.test']);
  });
});
