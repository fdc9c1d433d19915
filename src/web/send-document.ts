import type { Response } from 'express';

/**
 * Sends a stored document as a download: its own name in Content-Disposition
 * and the type found from its content when it was stored (attachment()
 * guesses one from the name; the stored type replaces it), never sniffed or cached.
 */
export function sendDocument(
  res: Response,
  document: { filename: string; contentType: string; content: Buffer },
): void {
  res.attachment(document.filename);
  res.set({
    'Content-Type': document.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'private, no-store',
  });
  res.send(document.content);
}
