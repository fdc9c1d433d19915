/**
 * The people of the demo data (seeds/demo.ts), who sign in through the
 * development IdP. Their national register numbers are valid (mod 97) but
 * made up. Kept apart from the seed so the IdP can list them without loading
 * the seed's dependencies.
 */

export type DemoPersonRole = 'department_user' | 'provider_administrator' | 'entrepreneur' | 'agency_staff';

export interface DemoPerson {
  /** A short stable key, e.g. for the development IdP's form. */
  key: string;
  nationalRegisterNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  role: DemoPersonRole;
  /** What the person can do, in Dutch, for the development IdP's list. */
  description: string;
  /** Enterprise numbers (10 digits) of the companies the person represents as entrepreneur. */
  enterpriseNumbers: readonly string[];
  /**
   * Enterprise numbers of the providers whose right "Dienstverlener
   * kmo-portefeuille, departementen" the IdP grants (role KMO-Dienstverlener:<number>).
   * The departments themselves come from accepted invitations (department_users).
   */
  providerRights: readonly string[];
  /** Enterprise numbers of the providers the person is local administrator of (acts as head office). */
  providerAdministrations: readonly string[];
  /** Agency staff (agency_staff, role beheerder). */
  agencyStaff: boolean;
}

/** The demo provider "Dienstverlener kmo-portefeuille" (seeds/demo.ts DEMO_PROVIDER). */
const DEMO_PROVIDER_ENTERPRISE_NUMBER = '0123456749';

export const DEMO_DEPARTMENT_USER: DemoPerson = {
  key: 'department-user',
  nationalRegisterNumber: '90110415642',
  firstName: 'Eva',
  lastName: 'Claes',
  email: 'eva.claes@dienstverlener-kmo.test',
  role: 'department_user',
  description: 'Gebruiker van het Departement Opleidingen van Dienstverlener kmo-portefeuille',
  enterpriseNumbers: [],
  providerRights: [DEMO_PROVIDER_ENTERPRISE_NUMBER],
  providerAdministrations: [],
  agencyStaff: false,
};

export const DEMO_ENTREPRENEUR: DemoPerson = {
  key: 'entrepreneur',
  nationalRegisterNumber: '75031208980',
  firstName: 'Jan',
  lastName: 'Peeters',
  email: 'jan.peeters@testonderneming.test',
  role: 'entrepreneur',
  description: 'Ondernemer voor Testonderneming_A en B (klein) en Testonderneming_C (middelgroot)',
  // Testonderneming_A en B, Testonderneming_C (seeds/demo.ts DEMO_COMPANIES)
  enterpriseNumbers: ['0765432146', '0876543270'],
  providerRights: [],
  providerAdministrations: [],
  agencyStaff: false,
};

export const DEMO_AGENCY_STAFF: DemoPerson = {
  key: 'agency-staff',
  nationalRegisterNumber: '88062124446',
  firstName: 'Sofie',
  lastName: 'Maes',
  email: 'sofie.maes@vlaio.test',
  role: 'agency_staff',
  description: 'Medewerker van VLAIO (beheerder)',
  enterpriseNumbers: [],
  providerRights: [],
  providerAdministrations: [],
  agencyStaff: true,
};

/**
 * An entrepreneur whose company is new to the portal: its size is not
 * confirmed and its data is incomplete, so it goes through the onboarding
 * (size confirmation, company data) before its first application.
 */
export const DEMO_NEW_ENTREPRENEUR: DemoPerson = {
  key: 'new-entrepreneur',
  nationalRegisterNumber: '86041712436',
  firstName: 'Lotte',
  lastName: 'Vermeulen',
  email: 'lotte.vermeulen@vermeulen-interieur.test',
  role: 'entrepreneur',
  description: 'Ondernemer voor Vermeulen Interieur (nieuw: grootte nog niet bevestigd, gegevens onvolledig)',
  // Vermeulen Interieur (seeds/demo.ts DEMO_ONBOARDING_COMPANY)
  enterpriseNumbers: ['0791827331'],
  providerRights: [],
  providerAdministrations: [],
  agencyStaff: false,
};

/** The demo provider's local administrator (lokale beheerder): acts as its head office through SAML. */
export const DEMO_PROVIDER_ADMINISTRATOR: DemoPerson = {
  key: 'provider-administrator',
  nationalRegisterNumber: '78051234595',
  firstName: 'Katrien',
  lastName: 'Wouters',
  email: 'katrien.wouters@dienstverlener-kmo.test',
  role: 'provider_administrator',
  description: 'Lokale beheerder van Dienstverlener kmo-portefeuille (maatschappelijke zetel)',
  enterpriseNumbers: [],
  providerRights: [],
  providerAdministrations: [DEMO_PROVIDER_ENTERPRISE_NUMBER],
  agencyStaff: false,
};

export const demoPeople: readonly DemoPerson[] = [
  DEMO_DEPARTMENT_USER,
  DEMO_PROVIDER_ADMINISTRATOR,
  DEMO_ENTREPRENEUR,
  DEMO_NEW_ENTREPRENEUR,
  DEMO_AGENCY_STAFF,
];
