import { describe, expect, it } from 'vitest';
import { auditListSearch, parseAuditListQuery } from './audit.admin.filters.js';

const choices = { entityTypes: ['mail', 'registration'], actions: ['mail.resend', 'registration.approve'] };

describe('parseAuditListQuery', () => {
  it('reads every filter, the page and the chain check', () => {
    expect(
      parseAuditListQuery(
        {
          persoon: ' Sofie ',
          object: 'registration',
          objectId: '12',
          actie: 'registration.approve',
          van: '5 3 2026',
          tot: '31/03/2026',
          pagina: '3',
          keten: 'controleren',
        },
        choices,
      ),
    ).toEqual({
      filters: {
        actorContains: 'Sofie',
        entityType: 'registration',
        entityId: '12',
        action: 'registration.approve',
        from: '2026-03-05',
        to: '2026-03-31',
      },
      page: 3,
      verifyChain: true,
      values: {
        persoon: 'Sofie',
        object: 'registration',
        objectId: '12',
        actie: 'registration.approve',
        van: '5 3 2026',
        tot: '31/03/2026',
      },
      errors: {},
    });
  });

  it('refuses what is not in the lists, impossible dates and a period that ends before it starts', () => {
    const query = parseAuditListQuery(
      { object: 'geheim', actie: 'x.y', van: '31/02/2026', pagina: '-1', keten: 'ja' },
      choices,
    );
    expect(query.filters).toEqual({});
    expect(query.page).toBe(1);
    expect(query.verifyChain).toBe(false);
    expect(query.errors).toEqual({
      object: 'Kies een soort object uit de lijst.',
      actie: 'Kies een actie uit de lijst.',
      van: 'Vul een geldige datum in, bijvoorbeeld 05/03/2026.',
    });

    const backwards = parseAuditListQuery({ van: '05/03/2026', tot: '04/03/2026' }, choices);
    expect(backwards.filters).toEqual({ from: '2026-03-05' });
    expect(backwards.errors).toEqual({ tot: 'De datum "tot en met" mag niet vóór de datum "van" liggen.' });
  });
});

describe('auditListSearch', () => {
  it('keeps what was typed and leaves out the defaults', () => {
    const values = { persoon: 'Sofie', object: '', objectId: '', actie: '', van: '', tot: '' };
    expect(auditListSearch(values)).toBe('?persoon=Sofie');
    expect(auditListSearch(values, { page: 2, verifyChain: true })).toBe(
      '?persoon=Sofie&pagina=2&keten=controleren',
    );
    expect(auditListSearch({ ...values, persoon: '' }, { page: 1 })).toBe('');
  });
});
