import { describe, expect, it } from 'vitest';
import {
  approvalRefusal,
  auditReportRefusal,
  fileChangeRefusal,
  mayCompleteFile,
  parseDeclarationReceivedOn,
  registrationFileState,
  startsNewFile,
  type RegistrationFileFacts,
} from './registration-file.js';

const empty: RegistrationFileFacts = {
  basis: 'privaat',
  declarationReceivedOn: null,
  hasDeclarationDocument: false,
  hasAuditReport: false,
};

describe('registrationFileState', () => {
  it('names both parts missing in an empty private file', () => {
    expect(registrationFileState(empty)).toEqual({
      declaration: 'missing',
      auditReport: 'missing',
      complete: false,
      missing: ['de ondertekende verklaring op eer is nog niet ontvangen', 'het auditrapport ontbreekt'],
    });
  });

  it('takes a recorded date or an uploaded PDF as the declaration received', () => {
    const onPaper = registrationFileState({
      ...empty,
      declarationReceivedOn: '2026-11-10',
      hasAuditReport: true,
    });
    expect(onPaper).toMatchObject({ declaration: 'received_on_paper', complete: true, missing: [] });
    const uploaded = registrationFileState({ ...empty, hasDeclarationDocument: true, hasAuditReport: true });
    expect(uploaded).toMatchObject({ declaration: 'uploaded', complete: true });
    const both = registrationFileState({
      ...empty,
      declarationReceivedOn: '2026-11-10',
      hasDeclarationDocument: true,
    });
    expect(both.declaration).toBe('uploaded');
  });

  it('exempts a public provider from the audit, with or without a report', () => {
    expect(registrationFileState({ ...empty, basis: 'publiek' })).toMatchObject({
      auditReport: 'exempt',
      complete: false,
      missing: ['de ondertekende verklaring op eer is nog niet ontvangen'],
    });
    expect(
      registrationFileState({ ...empty, basis: 'publiek', declarationReceivedOn: '2026-11-10' }).complete,
    ).toBe(true);
  });

  it('asks the audit of every other basis', () => {
    for (const basis of ['privaat', 'kennisinstelling', 'sectorfonds'] as const) {
      expect(registrationFileState({ ...empty, basis, hasDeclarationDocument: true })).toMatchObject({
        auditReport: 'missing',
        complete: false,
      });
    }
  });
});

describe('approvalRefusal', () => {
  it('says what is missing in one sentence', () => {
    expect(approvalRefusal(empty)).toBe(
      'Goedkeuren kan nog niet: de ondertekende verklaring op eer is nog niet ontvangen en het auditrapport ontbreekt.',
    );
    expect(approvalRefusal({ ...empty, declarationReceivedOn: '2026-11-10' })).toBe(
      'Goedkeuren kan nog niet: het auditrapport ontbreekt.',
    );
  });

  it('allows a complete file', () => {
    expect(
      approvalRefusal({ ...empty, declarationReceivedOn: '2026-11-10', hasAuditReport: true }),
    ).toBeUndefined();
    expect(approvalRefusal({ ...empty, basis: 'publiek', hasDeclarationDocument: true })).toBeUndefined();
  });
});

describe('startsNewFile', () => {
  it('asks a new file for a renewal and a re-registration, and keeps it for every other action', () => {
    expect(startsNewFile('request_renewal')).toBe(true);
    expect(startsNewFile('request_reregistration')).toBe(true);
    for (const action of ['approve', 'renew', 'withdraw', 'stop', 'suspend', 'expire']) {
      expect(startsNewFile(action)).toBe(false);
    }
  });
});

describe('who may complete the file, and when', () => {
  it('only while a request awaits the agency: A, G/V and L/H', () => {
    expect(
      ['A', 'G', 'G/V', 'N', 'L', 'L/H', 'S', 'U', 'T'].filter((status) =>
        mayCompleteFile(status as Parameters<typeof mayCompleteFile>[0]),
      ),
    ).toEqual(['A', 'G/V', 'L/H']);
    expect(fileChangeRefusal('G')).toContain('zolang een aanvraag op een beslissing wacht');
    expect(fileChangeRefusal('L/H')).toBeUndefined();
  });

  it('asks no audit report of a public provider', () => {
    expect(auditReportRefusal('publiek')).toBe(
      'Een publieke dienstverlener is vrijgesteld van de audit: er is geen auditrapport nodig.',
    );
    expect(auditReportRefusal('kennisinstelling')).toBeUndefined();
  });
});

describe('parseDeclarationReceivedOn', () => {
  const today = '2026-11-18';

  it('reads dd/mm/jjjj up to today', () => {
    expect(parseDeclarationReceivedOn('18/11/2026', today)).toEqual({ date: '2026-11-18' });
    expect(parseDeclarationReceivedOn(' 3/11/2026 ', today)).toEqual({ date: '2026-11-03' });
  });

  it('refuses an empty field, a date that does not exist and a day after today', () => {
    expect(parseDeclarationReceivedOn('  ', today)).toEqual({
      error: 'Vul de datum in waarop de verklaring op eer ontvangen is.',
    });
    expect(parseDeclarationReceivedOn('31/02/2026', today)).toEqual({
      error: 'Vul een bestaande datum in als dd/mm/jjjj, bijvoorbeeld 05/03/2026.',
    });
    expect(parseDeclarationReceivedOn('gisteren', today)).toHaveProperty('error');
    expect(parseDeclarationReceivedOn('19/11/2026', today)).toEqual({
      error: 'De datum van ontvangst mag niet in de toekomst liggen.',
    });
  });
});
