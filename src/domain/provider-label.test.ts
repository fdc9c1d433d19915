import { describe, expect, it } from 'vitest';
import { providerLabel } from './provider-label.js';

describe('providerLabel', () => {
  it('names the department after the organisation, with an en dash', () => {
    expect(
      providerLabel({
        providerName: 'Dienstverlener kmo-portefeuille',
        departmentName: 'Departement Opleidingen',
      }),
    ).toBe('Dienstverlener kmo-portefeuille – Departement Opleidingen');
  });

  it('is the organisation alone for the head office', () => {
    expect(providerLabel({ providerName: 'Adviesbureau Noord', departmentName: null })).toBe(
      'Adviesbureau Noord',
    );
    expect(providerLabel({ providerName: 'Adviesbureau Noord' })).toBe('Adviesbureau Noord');
    expect(providerLabel({ providerName: 'Adviesbureau Noord', departmentName: '  ' })).toBe(
      'Adviesbureau Noord',
    );
  });
});
