import { formatDate, type IsoDate } from '../../domain/dates.js';
import { documentHeader, fieldLines, renderPdf } from '../../infra/pdf/pdf.js';
import {
  depositWarnings,
  transferValues,
  type PaymentInstitution,
} from './deposit-instructions.presenter.js';
import type { DepositFacts } from './deposit-instructions.queries.js';

/**
 * The deposit instructions of step 5 as a one-page PDF: the same values as the
 * page, for a project that still waits for its deposit.
 */
export function depositInstructionsPdf(
  facts: DepositFacts,
  options: { today: IsoDate; paymentInstitution: PaymentInstitution },
): Promise<Buffer> {
  const transfer = transferValues(facts, options.paymentInstitution);
  return renderPdf({ title: `Stortingsinstructies project ${facts.projectNumber}` }, (doc) => {
    documentHeader(doc, 'Stortingsinstructies');
    doc.text(
      'Uw aanvraag in de kmo-portefeuille werd automatisch goedgekeurd. Stort uw eigen bijdrage met een overschrijving met de onderstaande gegevens.',
    );
    doc.moveDown();
    fieldLines(doc, [
      ['Projectnummer', facts.projectNumber],
      ['Project', facts.title],
      ['Onderneming', facts.companyName],
    ]);
    fieldLines(doc, [
      ['Uiterste stortingsdatum', transfer.deadline],
      ['Begunstigde', transfer.beneficiary],
      ['Adres begunstigde', transfer.beneficiaryAddress],
      ['Rekeningnummer (IBAN)', transfer.iban],
      ['BIC', transfer.bic],
      ['Te storten bedrag', transfer.amount],
      ['Gestructureerde mededeling', transfer.communication],
    ]);
    doc.font('Helvetica-Bold').text('Let op');
    doc.moveDown(0.3);
    doc.font('Helvetica');
    for (const warning of depositWarnings(facts)) {
      doc.text(`•  ${warning}`, { indent: 10 });
      doc.moveDown(0.3);
    }
    doc.moveDown();
    doc.text(
      'Na ontvangst van uw eigen bijdrage voegt de Vlaamse overheid de subsidie toe aan uw portefeuille. Als de dienstverlening geleverd is, betaalt u uw dienstverlener vanuit uw portefeuille.',
    );
    doc.moveDown(2);
    doc
      .fontSize(9)
      .fillColor('#333333')
      .text(`Opgemaakt op ${formatDate(options.today)}.`);
  });
}
