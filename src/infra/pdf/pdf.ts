import PDFDocument from 'pdfkit';

export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * Renders a whole PDF in memory and returns its bytes: nothing is stored or
 * sent half-written.
 */
export function renderPdf(info: { title: string }, draw: (doc: Pdf) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      info: {
        Title: info.title,
        Author: 'kmo-portefeuille – Vlaamse overheid',
        Producer: 'kmo-portefeuille',
      },
      lang: 'nl-BE',
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** A heading band and title common to the portal's documents. */
export function documentHeader(doc: Pdf, title: string): void {
  doc
    .font('Helvetica-Bold')
    .fontSize(10)
    .fillColor('#333333')
    .text('Vlaamse overheid – Agentschap Innoveren & Ondernemen');
  doc.font('Helvetica').fontSize(10).text('kmo-portefeuille');
  doc.moveDown(1.5);
  doc.font('Helvetica-Bold').fontSize(18).fillColor('#000000').text(title);
  doc.moveDown();
  doc.font('Helvetica').fontSize(11);
}

/** Label/value lines. */
export function fieldLines(doc: Pdf, rows: [string, string][]): void {
  for (const [label, value] of rows) {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  }
  doc.moveDown();
}
