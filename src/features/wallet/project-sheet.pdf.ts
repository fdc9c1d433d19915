import { formatEnterpriseNumber } from '../../domain/belgian-identifiers.js';
import { formatDate, type IsoDate } from '../../domain/dates.js';
import { formatBasisPoints, formatEuro } from '../../domain/money.js';
import { projectStatusLabels } from '../../domain/project-status.js';
import { serviceLabels, trainingKindLabels } from '../../domain/subsidy-terms.js';
import { findSubtheme } from '../../domain/themes.js';
import { documentHeader, fieldLines, fonts, renderPdf, type Pdf } from '../../infra/pdf/pdf.js';
import type { ProjectDetail } from '../projects/project.queries.js';
import type { ProjectSheetExtras } from './wallet.queries.js';

/** A section title inside the sheet. */
function sectionTitle(doc: Pdf, title: string): void {
  doc.font(fonts.bold).fontSize(13).text(title);
  doc.moveDown(0.3);
  doc.font(fonts.regular).fontSize(11);
}

/** The file name of a project's sheet: `projectfiche-2026KMO012345.pdf`. */
export function projectSheetFilename(projectNumber: string): string {
  return `projectfiche-${projectNumber.replace(/[^0-9A-Za-z]/g, '')}.pdf`;
}

/**
 * The project sheet (projectfiche) the company downloads from its wallet: the
 * project, the company, the provider with its registration number, the
 * service, the dates, the amounts with the subsidy rate, the deposit deadline,
 * the status and the participants by name.
 */
export function projectSheetPdf(input: {
  project: ProjectDetail;
  extras: ProjectSheetExtras;
  printedOn: IsoDate;
}): Promise<Buffer> {
  const { project, extras } = input;
  const subtheme = findSubtheme(project.subtheme);
  return renderPdf({ title: `Projectfiche ${project.projectNumber}` }, (doc) => {
    documentHeader(doc, `Projectfiche ${project.projectNumber}`);

    sectionTitle(doc, 'Project');
    fieldLines(doc, [
      ['Projectnummer', project.projectNumber],
      ['Status', projectStatusLabels[project.status]],
      ['Titel', project.title],
      ['Dienst', serviceLabels[project.service]],
      ...(project.trainingKind
        ? [['Soort opleiding', trainingKindLabels[project.trainingKind]] as [string, string]]
        : []),
      ['Thema', subtheme ? subtheme.theme.label : project.subtheme],
      ['Subthema', subtheme ? subtheme.label : project.subtheme],
      ['Aantal uren', project.hours.toLocaleString('nl-BE')],
    ]);

    sectionTitle(doc, 'Onderneming');
    fieldLines(doc, [
      ['Naam', project.companyName],
      ['Ondernemingsnummer', formatEnterpriseNumber(project.companyEnterpriseNumber)],
    ]);

    sectionTitle(doc, 'Dienstverlener');
    fieldLines(doc, [
      ['Naam', project.providerName],
      ...(project.departmentName ? [['Departement', project.departmentName] as [string, string]] : []),
      ['Ondernemingsnummer', formatEnterpriseNumber(extras.providerEnterpriseNumber)],
      ['Registratienummer', project.registrationNumber ?? '–'],
    ]);

    sectionTitle(doc, 'Data');
    fieldLines(doc, [
      ['Datum overeenkomst', formatDate(project.agreementDate)],
      ['Start van de dienstverlening', formatDate(project.startDate)],
      ['Aanvraagdatum', formatDate(project.applicationDate)],
      ['Uiterste stortingsdatum eigen bijdrage', formatDate(project.depositDeadline)],
    ]);

    sectionTitle(doc, 'Bedragen');
    fieldLines(doc, [
      ['Projectbedrag (exclusief btw)', formatEuro(project.projectAmountCents)],
      ['Steunpercentage', formatBasisPoints(extras.subsidyRateBp)],
      ['Subsidie', formatEuro(project.subsidyCents)],
      ['Eigen bijdrage', formatEuro(project.ownContributionCents)],
      ['Gestort', formatEuro(project.ledger.depositedCents)],
      ['Betaald aan de dienstverlener', formatEuro(project.ledger.paidCents)],
      ['Saldo', formatEuro(project.ledger.balanceCents)],
    ]);

    sectionTitle(doc, 'Deelnemers');
    if (project.participants.length === 0) {
      doc.text(project.service === 'advies' ? 'Niet van toepassing (advies).' : 'Geen deelnemers opgegeven.');
    } else {
      project.participants.forEach((participant, index) => {
        doc.text(`${index + 1}.  ${participant.firstName} ${participant.lastName}`, { indent: 10 });
      });
    }
    doc.moveDown(2);
    doc
      .fontSize(9)
      .fillColor('#333333')
      .text(
        `Afgedrukt op ${formatDate(input.printedOn)} uit de kmo-portefeuille. De btw betaalt u rechtstreeks aan de dienstverlener, buiten de portefeuille.`,
      );
  });
}
