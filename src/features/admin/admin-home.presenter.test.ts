import { describe, expect, it } from 'vitest';
import { countText, registrationActionItems } from './admin-home.presenter.js';

describe('the agency home lines', () => {
  it('uses the singular for one and the plural otherwise', () => {
    expect(countText(0, 'melding', 'meldingen')).toBe('0 meldingen');
    expect(countText(1, 'melding', 'meldingen')).toBe('1 melding');
    expect(countText(2, 'melding', 'meldingen')).toBe('2 meldingen');
  });

  it('gives each registration queue its own line, linked to the queue filtered on its status', () => {
    const items = registrationActionItems({ A: 1, 'L/H': 3 });
    expect(items).toEqual([
      {
        text: '1 registratieaanvraag wacht op een beslissing',
        href: '/beheer/registraties?status=A',
        empty: false,
      },
      {
        text: '0 verlengingen wachten op een beslissing',
        href: '/beheer/registraties?status=G%2FV',
        empty: true,
      },
      {
        text: '3 herregistraties wachten op een beslissing',
        href: '/beheer/registraties?status=L%2FH',
        empty: false,
      },
    ]);
  });
});
