import { formatDate, type IsoDate } from '../../domain/dates.js';
import { documentHeader, fieldLines, fonts, qrCode, renderPdf } from '../../infra/pdf/pdf.js';
import {
  depositWarnings,
  paymentQr,
  transferValues,
  type PaymentInstitution,
} from './deposit-instructions.presenter.js';
import type { DepositFacts } from './deposit-instructions.queries.js';
import { paymentQrModules } from './payment-qr.js';

/** The printed QR code's side: 4 cm, well above the guideline's minimum for a phone camera. */
const qrSize = 113;

/**
 * The deposit instructions of step 5 as a one-page PDF: the same values as the
 * page, for a project that still waits for its deposit.
 */
export function depositInstructionsPdf(
  facts: DepositFacts,
  options: { today: IsoDate; paymentInstitution: PaymentInstitution },
): Promise<Buffer> {
  const transfer = transferValues(facts, options.paymentInstitution);
  const qr = paymentQrModules(paymentQr(facts, options.paymentInstitution).payload);
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
    // The QR code to the right of the transfer values; the values keep clear of it.
    const transferTop = doc.y;
    const qrLeft = doc.page.width - doc.page.margins.right - qrSize;
    qrCode(doc, qr, { x: qrLeft, y: transferTop, size: qrSize });
    doc
      .fontSize(8)
      .fillColor('#333333')
      .text('Scan met uw bank-app', qrLeft, transferTop + qrSize + 2, {
        width: qrSize,
        align: 'center',
      })
      .fontSize(11)
      .fillColor('#000000');
    doc.x = doc.page.margins.left;
    doc.y = transferTop;
    fieldLines(
      doc,
      [
        ['Uiterste stortingsdatum', transfer.deadline],
        ['Begunstigde', transfer.beneficiary],
        ['Adres begunstigde', transfer.beneficiaryAddress],
        ['Rekeningnummer (IBAN)', transfer.iban],
        ['BIC', transfer.bic],
        ['Te storten bedrag', transfer.amount],
        ['Gestructureerde mededeling', transfer.communication],
      ],
      { width: qrLeft - doc.page.margins.left - 12 },
    );
    doc.y = Math.max(doc.y, transferTop + qrSize + 16);
    doc.font(fonts.bold).text('Let op');
    doc.moveDown(0.3);
    doc.font(fonts.regular);
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
