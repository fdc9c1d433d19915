import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';

export type Pdf = InstanceType<typeof PDFDocument>;

/**
 * The documents' typeface: DejaVu Sans from the npm package `dejavu-fonts-ttf`
 * (a dependency, so a fresh `npm install` has it — no system font needed). It
 * covers Latin with every accent, Greek, Cyrillic, €, typographic quotes and
 * dashes; pdfkit embeds the subset a document uses, so what users typed prints
 * as they typed it.
 */
const require = createRequire(import.meta.url);
const fontFiles = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** The font names the documents use with `doc.font(...)`. */
export const fonts = { regular: 'Body', bold: 'Body-Bold' } as const;

/** What a character the font cannot draw (an emoji, a script it lacks) prints as. */
export const missingGlyphPlaceholder = '□';

function loadFont(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(file));
  if (!('hasGlyphForCodePoint' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

let loadedFaces: fontkit.Font[] | null = null;
/** Both faces, read once: a character prints only if regular and bold can both draw it. */
function faces(): fontkit.Font[] {
  loadedFaces ??= [loadFont(fontFiles.regular), loadFont(fontFiles.bold)];
  return loadedFaces;
}

/** Line breaks and tabs are layout, handled by pdfkit before any glyph is drawn. */
const layoutCharacters = new Set(['\n', '\r', '\t']);

const graphemes = new Intl.Segmenter('nl-BE', { granularity: 'grapheme' });

/**
 * The text as the document's font can print it: composed (NFC, so an "e" with
 * a combining accent becomes "é"), and each user-perceived character the font
 * lacks — an emoji with its modifiers and joiners, a flag — replaced by one
 * visible placeholder, never by the mojibake a missing glyph would give.
 */
export function printable(text: string): string {
  const allFaces = faces();
  let result = '';
  for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
    const drawable = [...segment].every((character) => {
      if (layoutCharacters.has(character)) return true;
      const codePoint = character.codePointAt(0) ?? 0;
      return allFaces.every((face) => face.hasGlyphForCodePoint(codePoint));
    });
    result += drawable ? segment : missingGlyphPlaceholder;
  }
  return result;
}

/**
 * Renders a whole PDF in memory and returns its bytes: nothing is stored or
 * sent half-written. Every string given to `doc.text` goes through
 * `printable`, so no document can print a character its font lacks.
 */
export function renderPdf(info: { title: string }, draw: (doc: Pdf) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      font: fontFiles.regular,
      info: {
        Title: info.title,
        Author: 'kmo-portefeuille – Vlaamse overheid',
        Producer: 'kmo-portefeuille',
      },
      lang: 'nl-BE',
    });
    doc.registerFont(fonts.regular, fontFiles.regular);
    doc.registerFont(fonts.bold, fontFiles.bold);
    doc.font(fonts.regular);
    const text = doc.text.bind(doc) as (value: unknown, ...rest: unknown[]) => Pdf;
    doc.text = (value: unknown, ...rest: unknown[]) =>
      text(typeof value === 'string' ? printable(value) : value, ...rest);
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
    .font(fonts.bold)
    .fontSize(10)
    .fillColor('#333333')
    .text('Vlaamse overheid – Agentschap Innoveren & Ondernemen');
  doc.font(fonts.regular).fontSize(10).text('kmo-portefeuille');
  doc.moveDown(1.5);
  doc.font(fonts.bold).fontSize(18).fillColor('#000000').text(title);
  doc.moveDown();
  doc.font(fonts.regular).fontSize(11);
}

/** Label/value lines, across the text width or the given one. */
export function fieldLines(doc: Pdf, rows: [string, string][], options: { width?: number } = {}): void {
  for (const [label, value] of rows) {
    doc
      .font(fonts.bold)
      .text(`${label}: `, { continued: true, ...options })
      .font(fonts.regular)
      .text(value, options);
  }
  doc.moveDown();
}

/**
 * A QR code drawn as vector squares (sharp at any zoom and print size), with
 * the white quiet zone of four modules that scanners need around it.
 */
export function qrCode(doc: Pdf, modules: boolean[][], at: { x: number; y: number; size: number }): void {
  const quietZone = 4;
  const count = modules.length + 2 * quietZone;
  const unit = at.size / count;
  doc.save();
  doc.rect(at.x, at.y, at.size, at.size).fill('#ffffff');
  modules.forEach((row, rowIndex) => {
    row.forEach((dark, columnIndex) => {
      if (dark) {
        doc.rect(at.x + (columnIndex + quietZone) * unit, at.y + (rowIndex + quietZone) * unit, unit, unit);
      }
    });
  });
  doc.fill('#000000');
  doc.restore();
}
