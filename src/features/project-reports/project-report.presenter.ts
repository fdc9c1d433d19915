import { formatDateTimeInBrussels } from '../../domain/dates.js';
import { reportState, reportStateLabels } from '../../domain/project-report-state.js';
import { reportStateColours } from './project-report.admin.presenter.js';
import type { ProviderReport } from './project-report.queries.js';

/**
 * The provider's reports about its project, as its project page shows them:
 * the reason, when, the state, and once closed the agency's closing note and
 * date. The agency's follow-up notes stay internal.
 */
export function presentProviderReports(reports: ProviderReport[]) {
  return reports.map((report) => {
    const state = reportState(report);
    return {
      heading: `Melding van ${formatDateTimeInBrussels(report.createdAt)}`,
      state: { text: reportStateLabels[state], colour: reportStateColours[state] },
      rows: [
        { key: 'Gemeld op', value: formatDateTimeInBrussels(report.createdAt) },
        { key: 'Reden', value: report.reason.split('\n') },
        { key: 'Stand van zaken', value: reportStateLabels[state] },
        ...(report.handledAt !== null
          ? [
              { key: 'Afgesloten op', value: formatDateTimeInBrussels(report.handledAt) },
              { key: 'Slotnotitie van het agentschap', value: (report.closingNote ?? '').split('\n') },
            ]
          : []),
      ],
    };
  });
}
