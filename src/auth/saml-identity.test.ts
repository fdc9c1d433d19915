import type { Profile } from '@node-saml/node-saml';
import { describe, expect, it } from 'vitest';
import { identityFromProfile, samlAttributes } from './saml-identity.js';

function profileWith(roles: string[]): Profile {
  return {
    issuer: 'idp',
    nameID: '90110415642',
    nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    [samlAttributes.nationalRegisterNumber]: '90110415642',
    [samlAttributes.firstName]: 'Eva',
    [samlAttributes.lastName]: 'Claes',
    [samlAttributes.roles]: roles,
  };
}

describe('the provider roles of a SAML identity', () => {
  it('reads the right and the local administration per enterprise number, dots and spaces removed', () => {
    const identity = identityFromProfile(
      profileWith([
        'KMO-Dienstverlener:0123.456.749',
        'KMO-Dienstverlener-Beheerder: 0456 789 034',
        'KMO-Dienstverlener:0123456749',
      ]),
    );
    expect(identity?.providerRights).toEqual(['0123456749']);
    expect(identity?.providerAdministrations).toEqual(['0456789034']);
    expect(identity?.enterpriseNumbers).toEqual([]);
  });

  it.each([
    ['the bare role', 'KMO-Dienstverlener'],
    ['an empty number', 'KMO-Dienstverlener:'],
    ['too short a number', 'KMO-Dienstverlener:12345'],
    ['a number starting with 2', 'KMO-Dienstverlener:2123456749'],
    ['another role with the same start', 'KMO-DienstverlenerX:0123456749'],
    ['lower case', 'kmo-dienstverlener:0123456749'],
  ])('grants nothing for %s', (_label, role) => {
    const identity = identityFromProfile(profileWith([role]));
    expect(identity?.providerRights).toEqual([]);
    expect(identity?.providerAdministrations).toEqual([]);
  });

  it('does not take the local administrator role for the plain right, nor the reverse', () => {
    expect(
      identityFromProfile(profileWith(['KMO-Dienstverlener-Beheerder:0123456749']))?.providerRights,
    ).toEqual([]);
    expect(
      identityFromProfile(profileWith(['KMO-Dienstverlener:0123456749']))?.providerAdministrations,
    ).toEqual([]);
  });
});
