import type { RegistrationStatus } from '../../domain/registration-status.js';
import { paths } from '../../paths.js';

/** One line of "Wat wacht op u": a count in words, linked to the queue that holds it. */
export interface ActionItem {
  text: string;
  href: string;
  /** Nothing waits: the line is shown quieter. */
  empty: boolean;
}

/** "1 aanvraag", "3 aanvragen": a count with the singular or plural noun. */
export function countText(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

const registrationQueueWords: Record<
  'A' | 'G/V' | 'L/H',
  { singular: string; plural: string; waits: string; wait: string }
> = {
  A: {
    singular: 'registratieaanvraag',
    plural: 'registratieaanvragen',
    waits: 'wacht op een beslissing',
    wait: 'wachten op een beslissing',
  },
  'G/V': {
    singular: 'verlenging',
    plural: 'verlengingen',
    waits: 'wacht op een beslissing',
    wait: 'wachten op een beslissing',
  },
  'L/H': {
    singular: 'herregistratie',
    plural: 'herregistraties',
    waits: 'wacht op een beslissing',
    wait: 'wachten op een beslissing',
  },
};

/** The three registration queues of the home: requests (A), renewals (G/V), re-registrations (L/H). */
export function registrationActionItems(counts: Partial<Record<RegistrationStatus, number>>): ActionItem[] {
  return (['A', 'G/V', 'L/H'] as const).map((status) => {
    const count = counts[status] ?? 0;
    const words = registrationQueueWords[status];
    return {
      text: `${countText(count, words.singular, words.plural)} ${count === 1 ? words.waits : words.wait}`,
      href: `${paths.admin.registrations()}?status=${encodeURIComponent(status)}`,
      empty: count === 0,
    };
  });
}
