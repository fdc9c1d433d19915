import { describe, expect, it } from 'vitest';
import { projectActions, projectMachine, projectStatuses } from './project-status.js';
import { availableTransitions, findTransition, type ActorKind } from './status-machine.js';

const actors: ActorKind[] = ['provider', 'agency', 'company', 'system'];

/** Every allowed change, written out from DESIGN.md's list: from, action, actor → to. */
const allowed: Record<string, string> = {
  'Bevestigd receive_deposit system': 'Lopend',
  'Lopend complete system': 'Afgewerkt',
  'Lopend complete company': 'Afgewerkt',
  'Bevestigd annul provider': 'ProjectGeannuleerd',
  'Bevestigd cancel company': 'ProjectGeannuleerd',
  'Bevestigd lapse system': 'Vervallen',
  'Lopend request_stop provider': 'StopzettingAangevraagd',
  'StopzettingAangevraagd confirm_stop agency': 'Stopgezet',
  'StopzettingAangevraagd refuse_stop agency': 'Lopend',
};

describe('project status machine', () => {
  for (const from of projectStatuses) {
    for (const action of projectActions) {
      for (const actor of actors) {
        const key = `${from} ${action} ${actor}`;
        const expected = allowed[key];
        it(`${expected ? 'allows' : 'refuses'} ${key}${expected ? ` → ${expected}` : ''}`, () => {
          expect(findTransition(projectMachine, from, action, actor)?.to).toBe(expected);
        });
      }
    }
  }

  it('has no transition beyond the written list', () => {
    expect(projectMachine.transitions).toHaveLength(Object.keys(allowed).length);
  });

  it('ends in Afgewerkt, ProjectGeannuleerd, Vervallen and Stopgezet: nothing leaves them', () => {
    for (const terminal of ['Afgewerkt', 'ProjectGeannuleerd', 'Vervallen', 'Stopgezet'] as const) {
      for (const actor of actors) expect(availableTransitions(projectMachine, terminal, actor)).toEqual([]);
    }
  });

  it('asks a reason for annulling, requesting a stop and refusing one; a document for the stop request', () => {
    const withReason = projectMachine.transitions
      .filter((transition) => transition.reasonRequired)
      .map((transition) => `${transition.from} ${transition.action}`)
      .sort();
    expect(withReason).toEqual([
      'Bevestigd annul',
      'Lopend request_stop',
      'StopzettingAangevraagd refuse_stop',
    ]);
    const withDocument = projectMachine.transitions
      .filter((transition) => transition.documentRequired)
      .map((transition) => `${transition.from} ${transition.action}`);
    expect(withDocument).toEqual(['Lopend request_stop']);
  });

  it('offers a provider annul in Bevestigd, a stop request in Lopend and nothing else', () => {
    const offered = projectStatuses.map(
      (status) =>
        `${status}: ${availableTransitions(projectMachine, status, 'provider')
          .map((transition) => transition.action)
          .join(', ')}`,
    );
    expect(offered).toEqual([
      'Bevestigd: annul',
      'Lopend: request_stop',
      'Afgewerkt: ',
      'ProjectGeannuleerd: ',
      'Vervallen: ',
      'StopzettingAangevraagd: ',
      'Stopgezet: ',
    ]);
  });

  it('has a Dutch label for every status and action', () => {
    for (const status of projectStatuses) expect(projectMachine.labels[status]).toMatch(/\S/);
    for (const action of projectActions) expect(projectMachine.actionLabels[action]).toMatch(/\S/);
  });
});
