import { describe, expect, it } from 'vitest';
import { actionLabel, detailLines, entityHref } from './audit.admin.presenter.js';

describe('detailLines', () => {
  it('writes a change as old → new and a fact as its value, the Belgian way', () => {
    expect(
      detailLines(
        {
          postcode: { old: '1000', new: '1210' },
          box: { old: null, new: '3' },
          balanceCents: { old: 119835, new: 0 },
          verified: { old: false, new: true },
          invoiceDate: '2026-03-05',
          capacities: ['agency', 'provider'],
        },
        'establishment',
      ),
    ).toEqual([
      'Postcode: 1000 → 1210',
      'Bus: (leeg) → 3',
      'Saldo: € 1.198,35 → € 0,00',
      'Geverifieerd: nee → ja',
      'Factuurdatum: 05/03/2026',
      'Hoedanigheden: agency, provider',
    ]);
  });

  it("writes a rule's values in the rule's own unit, with the rule by its name", () => {
    expect(
      detailLines(
        { key: 'subsidy_rate_bp.klein', validFrom: '2027-01-01', oldValue: 3000, newValue: 3250 },
        'rule_parameter',
      ),
    ).toEqual([
      'Regel: Steunpercentage kleine onderneming',
      'Geldig vanaf: 01/01/2027',
      'Oude waarde: 30 %',
      'Nieuwe waarde: 32,5 %',
    ]);
    expect(
      detailLines(
        { key: 'yearly_ceiling_cents.klein', oldValue: 750000, newValue: 800000 },
        'rule_parameter',
      ),
    ).toEqual([
      'Regel: Steunplafond per kalenderjaar, opleiding en advies samen, kleine onderneming',
      'Oude waarde: € 7.500,00',
      'Nieuwe waarde: € 8.000,00',
    ]);
  });

  it('names a status by its label for registrations and projects', () => {
    expect(detailLines({ status: { old: 'A', new: 'G' } }, 'registration')).toEqual([
      'Status: Aangevraagd (A) → Goedgekeurd (G)',
    ]);
    expect(detailLines({ status: { old: 'Bevestigd', new: 'ProjectGeannuleerd' } }, 'project')).toEqual([
      'Status: Bevestigd → Project geannuleerd',
    ]);
  });

  it('never shows a secret, only the markers the services write', () => {
    expect(
      detailLines(
        {
          password: '$argon2id$v=19$m=65536,t=3,p=4$abc',
          passwordHash: 'gewijzigd',
          token: 'abc',
          nested: { secret: 's3cr3t', login: 'jan' },
        },
        'provider_account',
      ),
    ).toEqual([
      'Wachtwoord: (niet getoond)',
      'passwordHash: (niet getoond)',
      'token: (niet getoond)',
      'nested: secret: (niet getoond); Login: jan',
    ]);
    expect(detailLines({ password: 'gewijzigd' }, 'provider_account')).toEqual(['Wachtwoord: gewijzigd']);
  });
});

describe('labels and links', () => {
  it('says an action in Dutch, or shows its code', () => {
    expect(actionLabel('registration.approve')).toBe('Registratie goedgekeurd');
    expect(actionLabel('rule_parameter.create')).toBe('rule_parameter.create');
  });

  it("links to the agency page of a registration, a mail, a report, or a project's sheet by its number", () => {
    const row = (entityType: string, entityId: string, projectNumber: string | null = null) => ({
      entityType,
      entityId,
      projectNumber,
    });
    expect(entityHref(row('registration', '12'))).toBe('/beheer/registraties/12');
    expect(entityHref(row('mail', '4'))).toBe('/beheer/mails/4');
    expect(entityHref(row('project_report', '7'))).toBe('/beheer/meldingen/7');
    expect(entityHref(row('project', '4', '2026KMO000123'))).toBe('/beheer/projecten/2026KMO000123');
    // A project row whose project is gone (or never was) links nowhere.
    expect(entityHref(row('project', '4'))).toBeUndefined();
    expect(entityHref(row('registration', '../x'))).toBeUndefined();
  });
});
