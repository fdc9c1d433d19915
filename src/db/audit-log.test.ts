import { describe, expect, it } from 'vitest';
import { projectActions } from '../domain/project-status.js';
import { registrationActions } from '../domain/registration-status.js';
import { isConventionalAuditAction } from './audit-log.js';

describe('audit action names', () => {
  it('are <entity type>.<verb> in snake_case', () => {
    expect(isConventionalAuditAction('project.pay_provider', 'project')).toBe(true);
    expect(isConventionalAuditAction('provider_account.change_login', 'provider_account')).toBe(true);
  });

  it('refuse another entity, Dutch-style dashes, capitals and a missing verb', () => {
    expect(isConventionalAuditAction('project.annul', 'registration')).toBe(false);
    expect(isConventionalAuditAction('vestiging-toevoegen', 'establishment')).toBe(false);
    expect(isConventionalAuditAction('establishment.Create', 'establishment')).toBe(false);
    expect(isConventionalAuditAction('establishment.', 'establishment')).toBe(false);
    expect(isConventionalAuditAction('establishment.create.now', 'establishment')).toBe(false);
  });

  it('hold for every transition of both status machines', () => {
    for (const action of projectActions)
      expect(isConventionalAuditAction(`project.${action}`, 'project')).toBe(true);
    for (const action of registrationActions)
      expect(isConventionalAuditAction(`registration.${action}`, 'registration')).toBe(true);
  });
});
