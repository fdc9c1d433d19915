/** The two services a provider registers for and a company buys. */
export const services = ['opleiding', 'advies'] as const;
export type Service = (typeof services)[number];
export const serviceLabels: Record<Service, string> = { opleiding: 'Opleiding', advies: 'Advies' };

export const trainingKinds = ['extern', 'online', 'incompany'] as const;
export type TrainingKind = (typeof trainingKinds)[number];
export const trainingKindLabels: Record<TrainingKind, string> = {
  extern: 'Klassikaal (extern)',
  online: 'Afstandsleren (online)',
  incompany: 'In-company',
};

export const registrationBases = ['privaat', 'kennisinstelling', 'sectorfonds', 'publiek'] as const;
export type RegistrationBasis = (typeof registrationBases)[number];
export const registrationBasisLabels: Record<RegistrationBasis, string> = {
  privaat: 'Private dienstverlener',
  kennisinstelling: 'Kennisinstelling',
  sectorfonds: 'Sectorfonds',
  publiek: 'Publieke dienstverlener',
};

export const companySizes = ['klein', 'middelgroot', 'groot'] as const;
export type CompanySize = (typeof companySizes)[number];
export const companySizeLabels: Record<CompanySize, string> = {
  klein: 'Kleine onderneming',
  middelgroot: 'Middelgrote onderneming',
  groot: 'Grote onderneming',
};
