/**
 * The Dutch labels of the fields the portal's forms post, by field name: the
 * 503 page ("nothing was saved, here is what you typed") lists a posted form
 * without the form at hand, and must not show `houseNumber` to a user. A name
 * not listed is shown as "Ander veld".
 */
const labels: Readonly<Record<string, string>> = {
  // addresses and contacts (organisation, establishments, departments, sign-up)
  legalName: 'Maatschappelijke naam',
  legalForm: 'Rechtsvorm',
  enterpriseNumber: 'Ondernemingsnummer',
  street: 'Straat',
  houseNumber: 'Huisnummer',
  box: 'Bus',
  postcode: 'Postcode',
  municipality: 'Gemeente',
  name: 'Naam',
  naam: 'Naam',
  contactName: 'Naam van de contactpersoon',
  contactEmail: 'Contact-e-mailadres',
  contactPhone: 'Telefoonnummer',
  email: 'E-mailadres',
  phone: 'Telefoonnummer',
  iban: 'Rekeningnummer (IBAN)',
  bic: 'BIC',
  presentation: 'Voorstelling van uw organisatie',
  login: 'Login',
  newLogin: 'Nieuwe login',
  // registrations
  service: 'Dienst',
  thema: 'Thema (expertise)',
  expertise: 'Thema (expertise)',
  notAuditBureau: 'Wij zijn geen auditbureau',
  basis: 'Auditbureau',
  // the company and its application
  size: 'Grootte van de onderneming',
  employeesFte: 'Aantal werknemers in voltijdse equivalenten',
  turnover: 'Jaaromzet in euro',
  naceCode: 'NACE-BEL-code',
  registrationNumber: 'Registratienummer van de dienstverlener',
  title: 'Titel van het project',
  trainingKind: 'Soort opleiding',
  subtheme: 'Thema en subthema',
  startDate: 'Startdatum van de dienstverlening',
  agreementDate: 'Datum van de overeenkomst',
  hours: 'Aantal uren',
  participantCount: 'Aantal deelnemers',
  firstName: 'Voornaam',
  lastName: 'Achternaam',
  eligibleCosts: 'Subsidiabele kosten (excl. btw), in euro',
  registrationCost: 'Inschrijvingskost (excl. btw), in euro',
  businessPurpose: 'Bevestiging: voor de bedrijfsvoering',
  declaration: 'Verklaring op eer',
  // payments, reports, decisions, notes
  bedrag: 'Bedrag in euro',
  factuurnummer: 'Factuurnummer',
  factuurdatum: 'Factuurdatum',
  executionDate: 'Gevraagde uitvoeringsdatum',
  projectNumber: 'Projectnummer',
  reason: 'Reden',
  reasonChoice: 'Reden',
  note: 'Notitie',
  closingNote: 'Slotnotitie',
  ontvangenOp: 'Ontvangen op',
};

/** The label of a posted field (a repeated one, such as a participant's name, has its label each time). */
export function fieldLabel(name: string): string {
  return labels[name] ?? 'Ander veld';
}
