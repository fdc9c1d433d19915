import { formatEnterpriseNumber } from '../../domain/belgian-identifiers.js';
import { formatDate } from '../../domain/dates.js';
import {
  registrationBasisLabels,
  serviceLabels,
  type RegistrationBasis,
  type Service,
} from '../../domain/subsidy-terms.js';
import { documentHeader, fieldLines, renderPdf } from '../../infra/pdf/pdf.js';
import { providerLabel } from '../../domain/provider-label.js';

export interface ProviderIdentity {
  legalName: string;
  enterpriseNumber: string;
  legalForm: string;
  address: string;
}

/** The declaration on honour (verklaring op eer): printed, signed and sent back by the provider. */
export function declarationOnHonourPdf(input: {
  provider: ProviderIdentity;
  levelLabel: string;
  service: Service;
  basis: RegistrationBasis;
  auditBureau: string | null;
  date: string;
}): Promise<Buffer> {
  return renderPdf({ title: 'Verklaring op eer – registratie kmo-portefeuille' }, (doc) => {
    documentHeader(doc, 'Verklaring op eer');
    doc.text('bij de aanvraag van een registratie als dienstverlener in de kmo-portefeuille');
    doc.moveDown();
    fieldLines(doc, [
      ['Dienstverlener', input.provider.legalName],
      ['Ondernemingsnummer', formatEnterpriseNumber(input.provider.enterpriseNumber)],
      ['Rechtsvorm', input.provider.legalForm],
      ['Adres maatschappelijke zetel', input.provider.address],
      ['Niveau', input.levelLabel],
      ['Dienst', serviceLabels[input.service]],
      ['Basis', registrationBasisLabels[input.basis]],
      ['Auditbureau', input.auditBureau ?? 'Niet van toepassing (publieke dienstverlener)'],
    ]);
    doc.text('De ondergetekende, wettelijk vertegenwoordiger van de dienstverlener, verklaart op eer dat:');
    doc.moveDown(0.5);
    for (const line of [
      'de dienstverlener geen auditbureau is en niet verbonden is met de ondernemingen die hij in de kmo-portefeuille bedient;',
      'de dienstverlener de voorwaarden van de kmo-portefeuille en de kmo-portefeuillenorm naleeft;',
      'de dienstverlener aanvragen weigert of annuleert die de regels van de kmo-portefeuille niet volgen;',
      'alle gegevens in deze aanvraag volledig en juist zijn.',
    ]) {
      doc.text(`•  ${line}`, { indent: 10 });
    }
    doc.moveDown(2);
    fieldLines(doc, [
      ['Opgemaakt op', formatDate(input.date)],
      ['Naam en functie', '..................................................................'],
    ]);
    doc.moveDown(2);
    doc.text('Handtekening:');
    doc.moveDown(3);
    doc.text('..................................................................');
    doc.moveDown(2);
    doc
      .fontSize(9)
      .fillColor('#333333')
      .text(
        'Stuur deze verklaring ondertekend terug naar het Agentschap Innoveren & Ondernemen, samen met het auditrapport van het gekozen auditbureau (niet nodig voor publieke dienstverleners).',
      );
  });
}

/** The registration certificate (attest), mailed as PDF at approval. */
export function registrationCertificatePdf(input: {
  provider: ProviderIdentity;
  departmentName: string | null;
  number: string;
  service: Service;
  validFrom: string;
  validUntil: string;
  conditional: boolean;
}): Promise<Buffer> {
  return renderPdf({ title: `Attest registratie ${input.number}` }, (doc) => {
    documentHeader(doc, 'Attest van registratie');
    doc.text(
      'Het Agentschap Innoveren & Ondernemen bevestigt dat de onderstaande dienstverlener geregistreerd is in de kmo-portefeuille.',
    );
    doc.moveDown();
    fieldLines(doc, [
      ['Registratienummer', input.number],
      [
        'Dienstverlener',
        providerLabel({ providerName: input.provider.legalName, departmentName: input.departmentName }),
      ],
      ['Ondernemingsnummer', formatEnterpriseNumber(input.provider.enterpriseNumber)],
      ['Dienst', serviceLabels[input.service]],
      ['Geldig van', formatDate(input.validFrom)],
      ['Geldig tot en met', formatDate(input.validUntil)],
    ]);
    if (input.conditional) {
      doc.text(
        'Dit is een voorwaardelijke registratie voor een startende dienstverlener. Het auditbureau beslist na afloop over de verlenging.',
      );
      doc.moveDown();
    }
    doc.text(
      'Een verlenging behoudt het registratienummer. Na de vervaldag is een volledig nieuwe procedure nodig.',
    );
  });
}
