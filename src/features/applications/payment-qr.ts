import QRCode from 'qrcode';
import { normaliseBic, normaliseIban } from '../../domain/belgian-identifiers.js';

/** What a banking app needs to fill in the transfer of an own contribution. */
export interface PaymentTransfer {
  beneficiary: string;
  iban: string;
  bic: string;
  amountCents: number;
  /** The Belgian structured communication (OGM/VCS) as its 12 digits. */
  structuredCommunication: string;
}

/** The EPC guideline's longest beneficiary name. */
const maxNameLength = 70;

/** `119835` → `EUR1198.35`: a dot, no thousands separator, as the EPC guideline writes amounts. */
export function epcAmount(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 1 || cents > 99_999_999_999) {
    throw new RangeError(`An EPC amount is 0.01 to 999999999.99 euro, not ${cents} cents`);
  }
  return `EUR${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/**
 * The text of the SEPA payment QR code (EPC069-12 "Quick Response Code:
 * Guidelines to Enable Data Capture for the Initiation of a SEPA Credit
 * Transfer"), one element per line: service tag BCD, version 002, character
 * set 1 (UTF-8), identification SCT, BIC, beneficiary name, IBAN, amount,
 * purpose (empty), then the remittance information — nothing after the last
 * element given.
 *
 * The remittance is structured, never free text: the guideline's "Remittance
 * Information (Structured)" line holds a creditor reference of up to 35
 * characters (an ISO 11649 RF reference *may* be used; the guideline does not
 * require it), and it excludes the unstructured line. Belgian banking apps
 * read the 12 digits of a structured communication (OGM/VCS) on that line and
 * fill in their "gestructureerde mededeling" field, which is what makes the
 * deposit match (a free-text "+++…+++" line would arrive as a plain message
 * and be refused). So that line carries the 12 digits, without `+++` and `/`.
 */
export function epcPayload(transfer: PaymentTransfer): string {
  const iban = normaliseIban(transfer.iban);
  if (!iban) throw new RangeError(`Not an IBAN: "${transfer.iban}"`);
  if (!/^[0-9]{12}$/.test(transfer.structuredCommunication)) {
    throw new RangeError(`Not a structured communication: "${transfer.structuredCommunication}"`);
  }
  const name = [...transfer.beneficiary.replace(/\s+/g, ' ').trim()].slice(0, maxNameLength).join('');
  return [
    'BCD',
    '002',
    '1',
    'SCT',
    normaliseBic(transfer.bic),
    name,
    iban,
    epcAmount(transfer.amountCents),
    '',
    transfer.structuredCommunication,
  ].join('\n');
}

/** Error correction M, as the guideline requires (it also caps the size at version 13). */
const qrOptions = { errorCorrectionLevel: 'M' } as const;

/** The QR code's modules (dark = true), row by row: for drawing it as vectors in a PDF. */
export function paymentQrModules(payload: string): boolean[][] {
  const { modules, version } = QRCode.create(payload, qrOptions);
  if (version > 13) throw new RangeError(`An EPC QR code is at most version 13, not ${version}`);
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, column) => Boolean(modules.get(row, column))),
  );
}

/** The QR code as a PNG data URL, with the quiet zone of four modules around it: for an <img>. */
export function paymentQrDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(payload, { ...qrOptions, margin: 4, scale: 6, type: 'image/png' });
}
