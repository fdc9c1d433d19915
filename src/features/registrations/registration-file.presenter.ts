import { formatDate, formatDateTimeInBrussels } from '../../domain/dates.js';
import { mayCompleteFile, registrationFileState } from '../../domain/registration-file.js';
import { paths } from '../../paths.js';
import { registrationFileFacts, type RegistrationRow } from './registration.repository.js';

type Audience = 'agency' | 'provider';

/** One line of the file's checklist: what it is, whether it is in order, how, and its download. */
interface FileChecklistItem {
  label: string;
  tag: { text: string; colour: 'green' | 'red' | 'grey' };
  lines: string[];
  download?: { href: string; text: string };
}

/** "Sofie Maes (VLAIO) op 10/11/2026 om 14:05" */
const byAt = (by: string | null, at: Date | null) =>
  `${by ?? 'onbekend'}${at ? ` op ${formatDateTimeInBrussels(at)}` : ''}`;

/**
 * The registration file (declaration on honour, audit report) as a checklist,
 * for the agency's and the provider's detail page: what is in order, what is
 * missing, the uploaded PDFs as downloads, and whether it can still change.
 */
export function presentRegistrationFile(row: RegistrationRow, audience: Audience) {
  const state = registrationFileState(registrationFileFacts(row));
  const documentHref = (documentId: number) =>
    audience === 'agency'
      ? paths.admin.registrationDocument(row.id, documentId)
      : paths.provider.registrationDocument(row.id, documentId);

  const declarationLines = [
    ...(row.declarationDocumentId !== null
      ? [`Ondertekende PDF opgeladen door ${byAt(row.declarationUploadedBy, row.declarationUploadedAt)}.`]
      : []),
    ...(row.declarationReceivedOn !== null
      ? [
          `Papieren verklaring ontvangen op ${formatDate(row.declarationReceivedOn)} (geregistreerd door ${byAt(row.declarationRecordedBy, row.declarationRecordedAt)}).`,
        ]
      : []),
  ];
  const declaration: FileChecklistItem = {
    label: 'Verklaring op eer',
    tag:
      state.declaration === 'missing'
        ? { text: 'Ontbreekt', colour: 'red' }
        : { text: 'Ontvangen', colour: 'green' },
    lines:
      declarationLines.length > 0
        ? declarationLines
        : [
            audience === 'agency'
              ? 'Nog niet ontvangen: niet op papier geregistreerd en niet als PDF opgeladen.'
              : 'Nog niet ontvangen. Laad de ondertekende verklaring op als PDF, of stuur ze op papier naar het agentschap.',
          ],
    ...(row.declarationDocumentId !== null
      ? {
          download: {
            href: documentHref(row.declarationDocumentId),
            text: 'Download de ondertekende verklaring (PDF)',
          },
        }
      : {}),
  };

  const auditReport: FileChecklistItem =
    state.auditReport === 'exempt'
      ? {
          label: 'Auditrapport',
          tag: { text: 'Niet nodig', colour: 'grey' },
          lines: ['Een publieke dienstverlener is vrijgesteld van de audit: er is geen auditrapport nodig.'],
        }
      : {
          label: 'Auditrapport',
          tag:
            state.auditReport === 'present'
              ? { text: 'Ontvangen', colour: 'green' }
              : { text: 'Ontbreekt', colour: 'red' },
          lines:
            row.auditReportDocumentId !== null
              ? [`Opgeladen door ${byAt(row.auditReportUploadedBy, row.auditReportUploadedAt)}.`]
              : [
                  `Nog niet ontvangen: het rapport van ${row.auditBureau ?? 'het auditbureau'} volgens de kmo-portefeuillenorm.`,
                ],
          ...(row.auditReportDocumentId !== null
            ? {
                download: {
                  href: documentHref(row.auditReportDocumentId),
                  text: 'Download het auditrapport (PDF)',
                },
              }
            : {}),
        };

  const open = mayCompleteFile(row.status);
  return {
    items: [declaration, auditReport],
    tag: state.complete
      ? { text: 'Volledig', colour: 'green' as const }
      : { text: 'Onvolledig', colour: 'red' as const },
    summary: state.complete
      ? 'Het dossier is volledig.'
      : `Het dossier is nog niet volledig: ${state.missing.join(' en ')}.`,
    /** Whether the file can still change: only while a request awaits a decision. */
    open,
    exempt: state.auditReport === 'exempt',
    actions:
      audience === 'agency'
        ? {
            declaration: paths.admin.registrationDeclaration(row.id),
            auditReport: paths.admin.registrationAuditReport(row.id),
          }
        : {
            declarationPdf: paths.provider.registrationDeclarationPdf(row.id),
            declaration: paths.provider.registrationDeclarationUpload(row.id),
            auditReport: paths.provider.registrationAuditReportUpload(row.id),
          },
  };
}

export type PresentedRegistrationFile = ReturnType<typeof presentRegistrationFile>;
