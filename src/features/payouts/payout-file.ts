import { Document } from 'sepa';
import type { IsoDate } from '../../domain/dates.js';
import { toSepaText } from '../../domain/payout-rules.js';

/** The payment institution's account the transfers leave from. */
export interface PayoutDebtor {
  name: string;
  iban: string;
  bic: string;
}

export interface PayoutFileInstruction {
  id: number;
  amountCents: number;
  creditorName: string;
  creditorIban: string;
  creditorBic: string | null;
  remittanceStructured: string | null;
  remittanceText: string | null;
}

export interface PayoutFileBatch {
  id: number;
  requestedExecutionDate: IsoDate;
  createdAt: Date;
  instructions: PayoutFileInstruction[];
}

const PAIN_FORMAT = 'pain.001.001.09';

export function payoutFileName(batchId: number): string {
  return `kmo-portefeuille-uitbetalingen-${batchId}.xml`;
}

/** Unique per transaction and stable for a batch: the bank reports it back on the statement. */
function endToEndId(batchId: number, instructionId: number): string {
  return `KMO-${batchId}-${instructionId}`;
}

/*
 * sepa 3.0.0 writes a structured remittance as
 *   <Tp><CdorPrtry><Cd>SCOR</Cd><Issr>BBA</Issr><Ref>…</Ref></CdorPrtry></Tp>
 * which the pain.001.001.09 schema refuses (the element is CdOrPrtry; Issr
 * belongs in Tp beside it and Ref in CdtrRefInf after Tp). We move exactly
 * that shape into the schema's, and insist every structured reference was
 * mended, so a change in the library cannot slip an invalid file through.
 */
const LIBRARY_CREDITOR_REFERENCE =
  /<Tp><CdorPrtry><Cd>SCOR<\/Cd><Issr>BBA<\/Issr><Ref>([0-9]{12})<\/Ref><\/CdorPrtry><\/Tp>/g;

function mendCreditorReferences(xml: string, expected: number): string {
  let count = 0;
  const mended = xml.replace(LIBRARY_CREDITOR_REFERENCE, (_match, reference: string) => {
    count += 1;
    return `<Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp><Ref>${reference}</Ref>`;
  });
  if (count !== expected || mended.includes('CdorPrtry')) {
    throw new Error(`sepa wrote ${count} of ${expected} creditor references in an unexpected shape`);
  }
  return mended;
}

/**
 * A batch as a SEPA credit transfer initiation (pain.001.001.09) from the
 * payment institution's account: one PmtInf for the batch's execution date,
 * one CdtTrfTxInf per instruction with its own EndToEndId. A Belgian
 * structured communication goes as a creditor reference (SCOR, issuer BBA),
 * otherwise the free text (at most 140 characters); names and texts are
 * written in the SEPA character set.
 */
export function payoutFile(batch: PayoutFileBatch, debtor: PayoutDebtor): string {
  if (batch.instructions.length === 0) throw new Error(`batch ${batch.id} has no instructions`);
  const doc = new Document(PAIN_FORMAT);
  doc.grpHdr.id = `KMO-UITBETALING-${batch.id}`;
  doc.grpHdr.created = batch.createdAt;
  doc.grpHdr.initiatorName = toSepaText(debtor.name, 70);

  const info = doc.createPaymentInfo();
  // A calendar date: noon UTC stays on the same day in every time zone the library may format it in.
  info.requestedExecutionDate = new Date(`${batch.requestedExecutionDate}T12:00:00Z`);
  info.debtorName = toSepaText(debtor.name, 70);
  info.debtorIBAN = debtor.iban.replace(/\s+/g, '').toUpperCase();
  info.debtorBIC = debtor.bic.replace(/\s+/g, '').toUpperCase();
  doc.addPaymentInfo(info);

  let structured = 0;
  for (const instruction of batch.instructions) {
    const tx = info.createTransaction();
    tx.end2endId = endToEndId(batch.id, instruction.id);
    tx.amount = instruction.amountCents / 100;
    tx.creditorName = toSepaText(instruction.creditorName, 70);
    tx.creditorIBAN = instruction.creditorIban;
    if (instruction.creditorBic) tx.creditorBIC = instruction.creditorBic;
    if (instruction.remittanceStructured) {
      structured += 1;
      tx.structuredRemittanceInfo = {
        typeCode: 'SCOR',
        issuer: 'BBA',
        reference: instruction.remittanceStructured,
      };
    } else {
      tx.remittanceInfo = toSepaText(instruction.remittanceText ?? `Kmo-portefeuille ${tx.end2endId}`, 140);
    }
    info.addTransaction(tx);
  }
  return mendCreditorReferences(doc.toString(), structured);
}
