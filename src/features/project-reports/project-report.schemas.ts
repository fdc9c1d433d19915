import { z } from 'zod';
import { MAX_REPORT_NOTE_LENGTH } from '../../domain/project-report-state.js';

const noteText = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(MAX_REPORT_NOTE_LENGTH, `Houd de notitie korter dan ${MAX_REPORT_NOTE_LENGTH} tekens.`);

/** A follow-up note on an open report. */
export const reportNoteSchema = z.object({
  note: noteText('Schrijf de notitie.'),
});

/** Closing a report: the closing note is required; it goes to the provider. */
export const reportCloseSchema = z.object({
  closingNote: noteText('Schrijf een slotnotitie: de dienstverlener krijgt ze per mail.'),
});
