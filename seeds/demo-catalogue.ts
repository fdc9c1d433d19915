/**
 * Words the demo data is made of: course and advice titles per subtheme, and
 * the names of participants. Plain data, Dutch because users read it.
 */

/** Training titles by subtheme code (src/domain/themes.ts). */
export const trainingTitles: Readonly<Record<string, readonly string[]>> = {
  'it.software': ['Excel voor gevorderden', 'Aan de slag met Power BI', 'Werken met Microsoft 365'],
  'it.hardware': ['Basisonderhoud van pc en netwerkprinter', 'Configuratie van werkstations'],
  'it.infrastructuur': ['Netwerkbeheer voor kmo’s', 'Back-up en herstel in de cloud'],
  'it.cybersecurity': [
    'Phishing herkennen en voorkomen',
    'Cybersecurity-basics voor medewerkers',
    'Veilig thuiswerken',
  ],
  'hr.werving': ['Competentiegericht interviewen', 'Employer branding op sociale media'],
  'hr.competenties': ['Functioneringsgesprekken voeren', 'Coachend leidinggeven'],
  'hr.arbeidsorganisatie': ['Plannen en organiseren van ploegenwerk', 'Lean werken op de werkvloer'],
  'hr.welzijn': ['Stress en burn-out voorkomen', 'Ergonomie op de werkplek'],
  'productie.kwaliteitscontrole': ['ISO 9001: interne audits uitvoeren', 'Statistische procesbeheersing'],
  'productie.veiligheid': ['VCA basisveiligheid', 'Veilig werken op hoogte', 'Brandpreventie en evacuatie'],
  'energie.energie-efficientie': ['Energie besparen in het bedrijf', 'Warmtepompen ontwerpen en installeren'],
  'energie.bodemsanering': ['Bodemattest en bodemonderzoek in de praktijk'],
  'energie.ecodesign': ['Circulair ontwerpen van producten'],
  'energie.certificering': ['ISO 14001 in de praktijk', 'EPB-verslaggeving voor installateurs'],
  'energie.afvalwater': ['Afvalwaterbeheer voor bedrijven'],
  'marketing.website': ['Google Ads en SEO', 'Sociale media voor kmo’s', 'Een webshop opzetten'],
  'marketing.strategie': ['Een marketingplan opstellen'],
  'marketing.reclame': ['Copywriting die verkoopt'],
  'marketing.verkooptechnieken': ['Telefonisch verkopen', 'Onderhandelen met aankopers'],
  'marketing.marktonderzoek': ['Klantenbevragingen opzetten en analyseren'],
  'marketing.internationalisering': ['Exporteren buiten de EU: douane en incoterms'],
  'administratie.boekhouding': ['Boekhouden voor niet-boekhouders', 'Digitale facturatie en Peppol'],
  'administratie.fiscaliteit': ['Btw in de praktijk', 'Fiscale update voor kmo’s'],
  'administratie.debiteurenbeheer': ['Efficiënt debiteurenbeheer'],
  'administratie.archiefbeheer': ['Digitaal archiveren'],
  'juridisch.gdpr': ['GDPR in de praktijk', 'Verwerkingsregister opstellen'],
  'juridisch.contracten': ['Algemene voorwaarden opstellen'],
  'juridisch.intellectuele-eigendom': ['Merken en modellen beschermen'],
  'juridisch.wetgeving': ['Arbeidsrecht voor leidinggevenden'],
  'logistiek.rijvaardigheid': ['Defensief rijden', 'Vakbekwaamheid C: nascholing'],
  'logistiek.adr': ['ADR basisopleiding', 'ADR herhaling'],
  'logistiek.magazijnbeheer': ['Heftruckchauffeur', 'Magazijnbeheer en voorraadbeheer'],
  'specifiek.toeristische-diensten': ['Gastvrijheid en klantenonthaal'],
  'specifiek.eerste-hulp': ['Eerste hulp op de werkvloer', 'Bedrijfshulpverlening: herhaling'],
  'specifiek.communicatie-talen': ['Zakelijk Frans', 'Zakelijk Engels', 'Presentatietechnieken'],
  'specifiek.gezondheidszorg': ['Hygiëne in de zorgpraktijk'],
  'specifiek.styling': ['Nieuwe kleurtechnieken voor kappers'],
  'innovatie.onderzoek': ['Een R&D-project opzetten'],
  'innovatie.technologieverkenning': ['3D-printen voor prototypes'],
  'innovatie.artificiele-intelligentie': [
    'Generatieve AI op het werk',
    'ChatGPT en Copilot voor kantoortaken',
  ],
  'innovatie.productontwikkeling': ['Design thinking'],
  'innovatie.procesinnovatie': ['Processen in kaart brengen met BPMN'],
  'strategie.ondernemingsplan': ['Een ondernemingsplan schrijven'],
  'strategie.herstructurering': ['Verandermanagement'],
  'strategie.overname': ['Bedrijfsoverdracht voorbereiden'],
  'strategie.swot': ['Strategische analyse met SWOT'],
};

/** Advice titles by subtheme code; since 2026-02-01 only cybersecurity is eligible. */
export const adviceTitles: Readonly<Record<string, readonly string[]>> = {
  'it.cybersecurity': [
    'Cybersecurity-audit en actieplan',
    'Advies NIS2-maatregelen',
    'Opstellen van een incidentresponsplan',
  ],
  'it.software': ['Keuze van een ERP-pakket'],
  'it.infrastructuur': ['Migratie naar de cloud'],
  'hr.werving': ['Uitwerken van een wervingsstrategie'],
  'hr.competenties': ['Opzetten van een competentiemodel'],
  'productie.kwaliteitscontrole': ['Begeleiding naar ISO 9001-certificering'],
  'energie.certificering': ['Begeleiding naar ISO 14001-certificering'],
  'marketing.strategie': ['Opmaak van een marketingstrategie'],
  'marketing.internationalisering': ['Exportplan voor de Duitse markt'],
  'juridisch.gdpr': ['GDPR-doorlichting'],
  'innovatie.artificiele-intelligentie': ['AI-verkenning: toepassingen in het bedrijf'],
  'strategie.ondernemingsplan': ['Strategisch groeiplan'],
  'strategie.overname': ['Begeleiding bedrijfsoverdracht'],
};

export const participantFirstNames: readonly string[] = [
  'Lotte',
  'Wout',
  'Elke',
  'Pieter',
  'Nele',
  'Thomas',
  'Sarah',
  'Bram',
  'Lien',
  'Jonas',
  'Hanne',
  'Stijn',
  'Katrien',
  'Maarten',
  'Ellen',
  'Tom',
  'Annelies',
  'Kevin',
  'Femke',
  'Ruben',
  'Inge',
  'Dries',
  'Charlotte',
  'Jeroen',
  'Marie',
  'Arne',
  'Evelien',
  'Bart',
  'Lisa',
  'Koen',
];

export const participantLastNames: readonly string[] = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
  'Dubois',
  'Hermans',
  'Aerts',
  'Verhoeven',
  'Van den Broeck',
  'De Backer',
  'Vermeulen',
  'Van Damme',
  'Pauwels',
  'Lambrecht',
  'De Clercq',
  'Vandenberghe',
  'Martens',
  'Verstraete',
  'Stevens',
  'Michiels',
  'Coppens',
  'Smets',
  'Van de Velde',
  'D’Hondt',
];

/** Reasons a provider annuls an application (DOMAIN.md §4). */
export const annulReasons: readonly string[] = [
  'Laattijdig ingediend: de opleiding startte meer dan 14 dagen voor de aanvraag.',
  'Verkeerd projectbedrag: het bedrag stemt niet overeen met de offerte.',
  'De aangevraagde diensten komen niet in aanmerking voor de kmo-portefeuille.',
  'De opleiding werd geannuleerd wegens te weinig inschrijvingen.',
];

export const cancelReasons: readonly string[] = [
  'De onderneming trekt de aanvraag in: de opleiding werd verplaatst.',
  'De onderneming trekt de aanvraag in: dubbele aanvraag.',
];

export const stopReasons: readonly string[] = [
  'De opleiding werd vroegtijdig stopgezet: de deelnemer is uit dienst.',
  'De deelnemer kon de opleiding wegens ziekte niet verder volgen.',
  'Het traject werd in onderling akkoord beëindigd na de eerste fase.',
];

export const stopConfirmedReason = 'Stopzetting bevestigd; het ongebruikte saldo wordt teruggestort.';
export const stopRefusedReason =
  'Stopzetting geweigerd: de dienstverlening werd volgens de facturen volledig uitgevoerd.';
export const lapsedReason = 'De eigen bijdrage werd niet binnen 30 kalenderdagen na de aanvraag gestort.';
