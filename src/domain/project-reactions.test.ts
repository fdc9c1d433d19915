import { describe, expect, it } from 'vitest';
import {
  allowedReactions,
  reactionReasonChoices,
  reactionRefusal,
  reasonText,
  type ProjectReactionFacts,
} from './project-reactions.js';
import { projectStatuses, type ProjectStatus } from './project-status.js';

const facts = (status: ProjectStatus, changes: Partial<ProjectReactionFacts> = {}): ProjectReactionFacts => ({
  status,
  ownContributionDeposited: false,
  balanceCents: 0,
  hasOpenReport: false,
  ...changes,
});

/** What each status allows on the ledger a project in it normally has. */
const typicalFacts: Record<ProjectStatus, ProjectReactionFacts> = {
  Bevestigd: facts('Bevestigd'),
  Lopend: facts('Lopend', { ownContributionDeposited: true, balanceCents: 120_000 }),
  Afgewerkt: facts('Afgewerkt', { ownContributionDeposited: true }),
  ProjectGeannuleerd: facts('ProjectGeannuleerd'),
  Vervallen: facts('Vervallen'),
  StopzettingAangevraagd: facts('StopzettingAangevraagd', {
    ownContributionDeposited: true,
    balanceCents: 5,
  }),
  Stopgezet: facts('Stopgezet', { ownContributionDeposited: true }),
};

describe('the provider reactions', () => {
  it('are annul in Bevestigd, stop request in Lopend and report in Afgewerkt', () => {
    expect(projectStatuses.map((status) => [status, allowedReactions(typicalFacts[status])])).toEqual([
      ['Bevestigd', ['annul']],
      ['Lopend', ['request_stop']],
      ['Afgewerkt', ['report']],
      ['ProjectGeannuleerd', []],
      ['Vervallen', []],
      ['StopzettingAangevraagd', []],
      ['Stopgezet', []],
    ]);
  });

  it('refuse annulling once the own contribution was deposited', () => {
    expect(reactionRefusal('annul', facts('Bevestigd', { ownContributionDeposited: true }))).toBe(
      'De eigen bijdrage is al gestort: u kunt dit project niet meer annuleren.',
    );
  });

  it('refuse a stop request without a balance of own contribution left', () => {
    for (const balanceCents of [0, -1]) {
      expect(
        reactionRefusal('request_stop', facts('Lopend', { ownContributionDeposited: true, balanceCents })),
      ).toMatch(/geen eigen bijdrage meer/);
    }
    expect(reactionRefusal('request_stop', facts('Lopend', { balanceCents: 1 }))).toBeUndefined();
  });

  it('refuse a report before everything was paid out, and a second open report', () => {
    expect(reactionRefusal('report', facts('Afgewerkt', { balanceCents: 100 }))).toMatch(/nog geld/);
    expect(reactionRefusal('report', facts('Afgewerkt', { hasOpenReport: true }))).toMatch(/al een melding/);
    expect(reactionRefusal('report', facts('Lopend'))).toBe(
      'U kunt een project met de status "Lopend" niet melden: dat kan pas als het project is afgewerkt.',
    );
  });

  it('name the status in a refusal by the table', () => {
    expect(reactionRefusal('annul', facts('Lopend'))).toBe(
      'Een project met de status "Lopend" kunt u niet annuleren: dat kan alleen zolang het project bevestigd is.',
    );
    expect(reactionRefusal('request_stop', facts('ProjectGeannuleerd', { balanceCents: 100 }))).toMatch(
      /^Voor een project met de status "Project geannuleerd" kunt u geen stopzetting aanvragen/,
    );
  });

  it('store the text of a typical reason, or the own text for "andere"', () => {
    expect(reasonText('projectbedrag', 'genegeerd')).toBe('Verkeerd projectbedrag.');
    expect(reasonText('andere', '  Dubbele aanvraag.  ')).toBe('Dubbele aanvraag.');
    expect(reactionReasonChoices).toEqual([
      'laattijdig',
      'projectbedrag',
      'niet-in-aanmerking',
      'geannuleerd',
      'andere',
    ]);
  });
});
