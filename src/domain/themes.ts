/** Themes and subthemes of a project (DOMAIN.md §5), in the order users know them. */
export interface Theme {
  code: string;
  label: string;
  subthemes: readonly { code: string; label: string }[];
}

const theme = (code: string, label: string, subthemes: [string, string][]): Theme => ({
  code,
  label,
  subthemes: subthemes.map(([subCode, subLabel]) => ({ code: `${code}.${subCode}`, label: subLabel })),
});

export const themes: readonly Theme[] = [
  theme('it', 'IT', [
    ['software', 'Software'],
    ['hardware', 'Hardware'],
    ['infrastructuur', 'Infrastructuur'],
    ['cybersecurity', 'Cybersecurity'],
  ]),
  theme('hr', 'HR', [
    ['werving', 'Werving en selectie'],
    ['competenties', 'Competentie- en loopbaanbeleid'],
    ['arbeidsorganisatie', 'Arbeidsorganisatie'],
    ['welzijn', 'Welzijn op het werk'],
  ]),
  theme('productie', 'Productie en kwaliteit', [
    ['kwaliteitscontrole', 'Kwaliteitscontrole'],
    ['veiligheid', 'Veiligheid op het werk'],
  ]),
  theme('energie', 'Energie en milieu', [
    ['energie-efficientie', 'Energie-efficiëntie'],
    ['bodemsanering', 'Bodemsanering'],
    ['ecodesign', 'Ecodesign'],
    ['certificering', 'Energie- en milieucertificering'],
    ['afvalwater', 'Afvalwater'],
  ]),
  theme('marketing', 'Marketing en verkoop', [
    ['website', 'Website en online marketing'],
    ['strategie', 'Marketingstrategie'],
    ['reclame', 'Reclame'],
    ['verkooptechnieken', 'Verkooptechnieken'],
    ['marktonderzoek', 'Marktonderzoek'],
    ['internationalisering', 'Internationalisering'],
  ]),
  theme('administratie', 'Administratie en financiën', [
    ['boekhouding', 'Boekhouding'],
    ['fiscaliteit', 'Fiscaliteit'],
    ['debiteurenbeheer', 'Debiteurenbeheer'],
    ['archiefbeheer', 'Archiefbeheer'],
  ]),
  theme('juridisch', 'Juridisch', [
    ['gdpr', 'GDPR'],
    ['contracten', 'Contracten en clausules'],
    ['intellectuele-eigendom', 'Intellectuele eigendom'],
    ['wetgeving', 'Wetgeving en rechtspraak'],
  ]),
  theme('logistiek', 'Logistiek en transport', [
    ['rijvaardigheid', 'Rijvaardigheid'],
    ['adr', 'ADR'],
    ['magazijnbeheer', 'Magazijnbeheer'],
  ]),
  theme('specifiek', 'Specifieke expertise', [
    ['toeristische-diensten', 'Toeristische diensten'],
    ['eerste-hulp', 'Eerste hulp'],
    ['communicatie-talen', 'Communicatievaardigheden en talen'],
    ['gezondheidszorg', 'Gezondheidszorg'],
    ['styling', 'Styling en lichaamsverzorging'],
  ]),
  theme('innovatie', 'Innovatie', [
    ['onderzoek', 'Onderzoek en ontwikkeling'],
    ['technologieverkenning', 'Technologieverkenning'],
    ['artificiele-intelligentie', 'Artificiële intelligentie'],
    ['productontwikkeling', 'Productontwikkeling'],
    ['procesinnovatie', 'Procesinnovatie'],
  ]),
  theme('strategie', 'Strategie', [
    ['ondernemingsplan', 'Ondernemingsplan'],
    ['herstructurering', 'Herstructurering'],
    ['overname', 'Bedrijfsoverdracht'],
    ['swot', 'SWOT'],
  ]),
];

export const CYBERSECURITY = 'it.cybersecurity';
export const ENERGY_EFFICIENCY = 'energie.energie-efficientie';

export function findSubtheme(code: string): { theme: Theme; label: string } | undefined {
  for (const candidate of themes) {
    const found = candidate.subthemes.find((subtheme) => subtheme.code === code);
    if (found) return { theme: candidate, label: found.label };
  }
  return undefined;
}
