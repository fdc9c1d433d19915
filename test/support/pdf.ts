import { PDFParse } from 'pdf-parse';

/** The text of a PDF, as a reader would copy it, whitespace collapsed. */
export async function pdfText(content: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(content) });
  try {
    const result = await parser.getText();
    return result.text.replace(/\s+/g, ' ').trim();
  } finally {
    await parser.destroy();
  }
}
