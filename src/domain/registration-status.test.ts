import { describe, expect, it } from 'vitest';
import { registrationActions, registrationMachine, registrationStatuses } from './registration-status.js';
import { availableTransitions, findTransition, type ActorKind } from './status-machine.js';

const actors: ActorKind[] = ['provider', 'agency', 'company', 'system'];

/** Every allowed change, written out from DESIGN.md's list: from, action, actor → to. */
const allowed: Record<string, string> = {
  'A approve agency': 'G',
  'A refuse agency': 'N',
  'A withdraw provider': 'T',
  'G request_renewal provider': 'G/V',
  'G/V renew agency': 'G',
  'G expire system': 'L',
  'L request_reregistration provider': 'L/H',
  'L/H approve agency': 'G',
  'L/H refuse agency': 'N',
  'G suspend agency': 'S',
  'S lift_suspension agency': 'G',
  'G exclude agency': 'U',
  'S exclude agency': 'U',
  'G stop provider': 'T',
};

describe('registration status machine', () => {
  for (const from of registrationStatuses) {
    for (const action of registrationActions) {
      for (const actor of actors) {
        const key = `${from} ${action} ${actor}`;
        const expected = allowed[key];
        it(`${expected ? 'allows' : 'refuses'} ${key}${expected ? ` → ${expected}` : ''}`, () => {
          expect(findTransition(registrationMachine, from, action, actor)?.to).toBe(expected);
        });
      }
    }
  }

  it('has no transition beyond the written list', () => {
    expect(registrationMachine.transitions).toHaveLength(Object.keys(allowed).length);
  });

  it('ends in N, U and T: nothing leaves them', () => {
    for (const terminal of ['N', 'U', 'T'] as const) {
      for (const actor of actors)
        expect(availableTransitions(registrationMachine, terminal, actor)).toEqual([]);
    }
  });

  it('asks a reason for refusing, suspending, excluding and stopping', () => {
    const withReason = registrationMachine.transitions
      .filter((transition) => transition.reasonRequired)
      .map((transition) => `${transition.from} ${transition.action}`)
      .sort();
    expect(withReason).toEqual(['A refuse', 'G exclude', 'G stop', 'G suspend', 'L/H refuse', 'S exclude']);
  });

  it('offers a provider with an approved registration renewal and stop', () => {
    expect(
      availableTransitions(registrationMachine, 'G', 'provider').map((transition) => transition.action),
    ).toEqual(['request_renewal', 'stop']);
  });
});
