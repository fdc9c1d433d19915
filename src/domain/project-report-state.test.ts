import { describe, expect, it } from 'vitest';
import {
  closeRefusal,
  noteRefusal,
  reportFilterStates,
  reportState,
  reportStateLabels,
  reportStates,
} from './project-report-state.js';

describe('the state of a report', () => {
  it('is new until the first note, in follow-up after it, closed once handled', () => {
    expect(reportState({ handledAt: null, noteCount: 0 })).toBe('new');
    expect(reportState({ handledAt: null, noteCount: 1 })).toBe('following_up');
    expect(reportState({ handledAt: null, noteCount: 7 })).toBe('following_up');
    expect(reportState({ handledAt: new Date('2026-12-01T10:00:00Z'), noteCount: 0 })).toBe('closed');
    expect(reportState({ handledAt: new Date('2026-12-01T10:00:00Z'), noteCount: 3 })).toBe('closed');
  });

  it('has a Dutch label for every state', () => {
    expect(reportStates.map((state) => reportStateLabels[state])).toEqual([
      'Nieuw',
      'In opvolging',
      'Afgesloten',
    ]);
  });
});

describe('what a state allows', () => {
  it('takes notes and a close while open, neither once closed', () => {
    for (const state of ['new', 'following_up'] as const) {
      expect(noteRefusal(state)).toBeUndefined();
      expect(closeRefusal(state)).toBeUndefined();
    }
    expect(noteRefusal('closed')).toContain('geen notities meer');
    expect(closeRefusal('closed')).toContain('al afgesloten');
  });
});

describe('the filters', () => {
  it('split the states into open and closed, and all holds both', () => {
    expect(reportFilterStates.open).toEqual(['new', 'following_up']);
    expect(reportFilterStates.closed).toEqual(['closed']);
    expect([...reportFilterStates.all].sort()).toEqual(
      [...reportFilterStates.open, ...reportFilterStates.closed].sort(),
    );
  });
});
