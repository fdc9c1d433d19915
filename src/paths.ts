/**
 * Every URL of the portal, built in one place. Routes, redirects and links use
 * these builders; no path string is written by hand elsewhere.
 */
// Route patterns pass ':name' placeholders through unencoded.
const encode = (value: string) => (value.startsWith(':') ? value : encodeURIComponent(value));

export const paths = {
  home: () => '/',
  healthz: () => '/healthz',
  readyz: () => '/readyz',
  logout: () => '/logout',
  public: {
    findProvider: () => '/dienstverleners/zoeken',
    /** A registered provider's public page. */
    provider: (id: number | string) => `/dienstverleners/${encode(String(id))}`,
    /** The accessibility statement and the privacy notice, linked from every page's footer. */
    accessibility: () => '/toegankelijkheid',
    privacy: () => '/privacy',
  },
  auth: {
    samlLogin: () => '/auth/saml/login',
    samlAcs: () => '/auth/saml/acs',
    samlMetadata: () => '/auth/saml/metadata',
    /** After a SAML sign-in with several capacities: which enterprise, provider or the agency. */
    choose: () => '/aanmelden/kies',
  },
  provider: {
    signup: () => '/dienstverlener/aanmelden',
    signupDone: () => '/dienstverlener/aanmelden/bevestiging',
    login: () => '/dienstverlener/login',
    forgottenLogin: () => '/dienstverlener/login-vergeten',
    /** The single-use link a forgotten-login request mails: choose a new password. */
    loginReset: (token: string) => `/dienstverlener/login-herstellen/${encode(token)}`,
    menu: () => '/dienstverlener',
    registrations: () => '/dienstverlener/registraties',
    newRegistration: () => '/dienstverlener/registraties/nieuw',
    registrationDraftPage: (draftId: string, slug: string) =>
      `/dienstverlener/registraties/nieuw/${encode(draftId)}/${encode(slug)}`,
    registrationDraftSummary: (draftId: string) =>
      `/dienstverlener/registraties/nieuw/${encode(draftId)}/overzicht`,
    registrationDraftDeclaration: (draftId: string) =>
      `/dienstverlener/registraties/nieuw/${encode(draftId)}/verklaring-op-eer.pdf`,
    registration: (id: number | string) => `/dienstverlener/registraties/${encode(String(id))}`,
    /** A provider's action on a registration: verlengen, herregistreren, intrekken, stopzetten. */
    registrationAction: (id: number | string, action: string) =>
      `/dienstverlener/registraties/${encode(String(id))}/${encode(action)}`,
    /** The request's declaration on honour to print and sign again (PDF). */
    registrationDeclarationPdf: (id: number | string) =>
      `/dienstverlener/registraties/${encode(String(id))}/verklaring-op-eer.pdf`,
    /** POST (multipart): the signed declaration on honour as PDF. */
    registrationDeclarationUpload: (id: number | string) =>
      `/dienstverlener/registraties/${encode(String(id))}/verklaring-op-eer`,
    /** POST (multipart): the audit report as PDF. */
    registrationAuditReportUpload: (id: number | string) =>
      `/dienstverlener/registraties/${encode(String(id))}/auditrapport`,
    /** A document of the registration's file (download). */
    registrationDocument: (id: number | string, documentId: number | string) =>
      `/dienstverlener/registraties/${encode(String(id))}/documenten/${encode(String(documentId))}`,
    establishments: () => '/dienstverlener/vestigingen',
    newEstablishment: () => '/dienstverlener/vestigingen/nieuw',
    establishment: (id: number | string) => `/dienstverlener/vestigingen/${encode(String(id))}`,
    editEstablishment: (id: number | string) => `/dienstverlener/vestigingen/${encode(String(id))}/wijzigen`,
    departments: () => '/dienstverlener/departementen',
    editDepartment: (id: number | string) => `/dienstverlener/departementen/${encode(String(id))}/wijzigen`,
    /** POST: remove a department nothing refers to. */
    removeDepartment: (id: number | string) =>
      `/dienstverlener/departementen/${encode(String(id))}/verwijderen`,
    /** POST: invite a person to the department by e-mail address. */
    departmentInvitations: (id: number | string) =>
      `/dienstverlener/departementen/${encode(String(id))}/uitnodigingen`,
    /** POST: withdraw an open invitation. */
    revokeDepartmentInvitation: (invitationId: number | string) =>
      `/dienstverlener/departementen/uitnodigingen/${encode(String(invitationId))}/intrekken`,
    /** POST: end a person's membership of the department. */
    removeDepartmentMember: (id: number | string, personId: number | string) =>
      `/dienstverlener/departementen/${encode(String(id))}/leden/${encode(String(personId))}/verwijderen`,
    /** An invitation's single-use link (opened signed in through SAML; POST accepts). */
    invitation: (token: string) => `/dienstverlener/uitnodiging/${encode(token)}`,
    projects: () => '/dienstverlener/projecten',
    projectsCsv: () => '/dienstverlener/projecten.csv',
    project: (projectNumber: string) => `/dienstverlener/projecten/${encode(projectNumber)}`,
    /** POST: mark a project verified or not (geverifieerd=ja|nee). */
    projectVerified: (projectNumber: string) =>
      `/dienstverlener/projecten/${encode(projectNumber)}/geverifieerd`,
    /** A provider's reaction to a project: annuleren, stopzetten, melden. */
    projectReaction: (projectNumber: string, slug: string) =>
      `/dienstverlener/projecten/${encode(projectNumber)}/${encode(slug)}`,
    /** A document of the project's history (a stop request's proof). */
    projectDocument: (projectNumber: string, id: number | string) =>
      `/dienstverlener/projecten/${encode(projectNumber)}/documenten/${encode(String(id))}`,
    changeLogin: () => '/dienstverlener/login-wijzigen',
    providerOrganisation: () => '/dienstverlener/gegevens',
    /** The head office's personal access tokens for the API: the list and (POST) a new token. */
    apiTokens: () => '/dienstverlener/api-toegang',
    /** GET: confirm, POST: revoke a token. */
    revokeApiToken: (id: number | string) => `/dienstverlener/api-toegang/${encode(String(id))}/intrekken`,
  },
  /** The providers' JSON API (Bearer tokens, no session): see src/features/api/ and docs/API.md. */
  api: {
    root: () => '/api/v1',
    openapi: () => '/api/v1/openapi.json',
    registrations: () => '/api/v1/registrations',
    registration: (id: number | string) => `/api/v1/registrations/${encode(String(id))}`,
    projects: () => '/api/v1/projects',
    project: (projectNumber: string) => `/api/v1/projects/${encode(projectNumber)}`,
  },
  company: {
    wallet: () => '/onderneming',
    /** Why a company cannot use the kmo-portefeuille (seat outside Flanders, a non-profit). */
    eligibility: () => '/onderneming/voorwaarden',
    /** One-time confirmation of the company's size for the calendar year. */
    size: () => '/onderneming/grootte',
    /** Completing missing company data (IBAN/BIC, turnover, employees, main NACE code). */
    details: () => '/onderneming/gegevens',
    application: () => '/onderneming/aanvraag',
    applicationDraftPage: (draftId: string, slug: string) =>
      `/onderneming/aanvraag/${encode(draftId)}/${encode(slug)}`,
    applicationDraftSummary: (draftId: string) => `/onderneming/aanvraag/${encode(draftId)}/overzicht`,
    /** GET, JSON: the live calculation of the project page as the user types. */
    applicationCalculation: (draftId: string) => `/onderneming/aanvraag/${encode(draftId)}/berekening`,
    project: (projectNumber: string) => `/onderneming/projecten/${encode(projectNumber)}`,
    /** Step 5 of the application: how to deposit the own contribution. */
    depositInstructions: (projectNumber: string) =>
      `/onderneming/projecten/${encode(projectNumber)}/storting`,
    depositInstructionsPdf: (projectNumber: string) =>
      `/onderneming/projecten/${encode(projectNumber)}/stortingsinstructies.pdf`,
    /** Step 6 of the application: deposit → subsidy → payment. */
    nextSteps: (projectNumber: string) => `/onderneming/projecten/${encode(projectNumber)}/volgende-stappen`,
    projectSheetPdf: (projectNumber: string) =>
      `/onderneming/projecten/${encode(projectNumber)}/projectfiche.pdf`,
    cancelProject: (projectNumber: string) => `/onderneming/projecten/${encode(projectNumber)}/annuleren`,
    payProvider: (projectNumber: string) => `/onderneming/projecten/${encode(projectNumber)}/betalen`,
  },
  admin: {
    home: () => '/beheer',
    registrations: () => '/beheer/registraties',
    registration: (id: number | string) => `/beheer/registraties/${encode(String(id))}`,
    /** An agency decision on a registration (GET: confirm, POST: decide): goedkeuren, weigeren, schorsen, … */
    registrationDecision: (id: number | string, slug: string) =>
      `/beheer/registraties/${encode(String(id))}/${encode(slug)}`,
    /** POST: the date the paper declaration on honour arrived. */
    registrationDeclaration: (id: number | string) =>
      `/beheer/registraties/${encode(String(id))}/verklaring-op-eer`,
    /** POST (multipart): the audit report as PDF. */
    registrationAuditReport: (id: number | string) =>
      `/beheer/registraties/${encode(String(id))}/auditrapport`,
    /** A document of the registration's file (download). */
    registrationDocument: (id: number | string, documentId: number | string) =>
      `/beheer/registraties/${encode(String(id))}/documenten/${encode(String(documentId))}`,
    stopRequests: () => '/beheer/stopzettingen',
    /** A stop request: the provider's reason and proof, the project's figures and ledger. */
    stopRequest: (projectNumber: string) => `/beheer/stopzettingen/${encode(projectNumber)}`,
    /** A document of the project's history (the proof of the stop request), for agency staff. */
    stopRequestDocument: (projectNumber: string, documentId: number | string) =>
      `/beheer/stopzettingen/${encode(projectNumber)}/documenten/${encode(String(documentId))}`,
    /** The agency's decision on a stop request (GET: confirm, POST: decide): bevestigen, weigeren. */
    stopRequestDecision: (projectNumber: string, slug: string) =>
      `/beheer/stopzettingen/${encode(projectNumber)}/${encode(slug)}`,
    reports: () => '/beheer/meldingen',
    report: (id: number | string) => `/beheer/meldingen/${encode(String(id))}`,
    /** POST: add a follow-up note to a report. */
    reportNotes: (id: number | string) => `/beheer/meldingen/${encode(String(id))}/notities`,
    /** POST: close a report with a closing note. */
    reportClose: (id: number | string) => `/beheer/meldingen/${encode(String(id))}/afsluiten`,
    /** Bank statements: the upload form (POST, multipart) and the statements imported. */
    deposits: () => '/beheer/stortingen',
    /** One upload's import (a background job): its progress, then per statement booked, exceptions, already imported, debits. */
    depositImport: (id: number | string) => `/beheer/stortingen/inlezingen/${encode(String(id))}`,
    /** POST: start a failed import again (its job books what is still pending). */
    depositImportRetry: (id: number | string) =>
      `/beheer/stortingen/inlezingen/${encode(String(id))}/opnieuw`,
    /** One imported statement: its movements and what the import made of them. */
    depositStatement: (id: number | string) => `/beheer/stortingen/uittreksels/${encode(String(id))}`,
    /** The credits that matched no project as they should (open first, oldest first). */
    depositExceptions: () => '/beheer/stortingen/uitzonderingen',
    depositException: (id: number | string) => `/beheer/stortingen/uitzonderingen/${encode(String(id))}`,
    /** A decision on an exception (GET: confirm, POST: decide): terugstorten, boeken. */
    depositExceptionDecision: (id: number | string, slug: string) =>
      `/beheer/stortingen/uitzonderingen/${encode(String(id))}/${encode(slug)}`,
    /** The payout instructions waiting for a batch, (POST) a new batch of them, and the batches. */
    payouts: () => '/beheer/uitbetalingen',
    /** One payout batch: its instructions, count and control sum. */
    payoutBatch: (id: number | string) => `/beheer/uitbetalingen/batches/${encode(String(id))}`,
    /** The batch as a SEPA credit transfer file (pain.001.001.09). */
    payoutBatchFile: (id: number | string) => `/beheer/uitbetalingen/batches/${encode(String(id))}/sepa.xml`,
    /** POST: mark the batch executed (once). */
    payoutBatchExecuted: (id: number | string) =>
      `/beheer/uitbetalingen/batches/${encode(String(id))}/uitgevoerd`,
    projects: () => '/beheer/projecten',
    /** The projects whose ledger does not balance (domain/ledger.ts), with the reasons. */
    unbalancedProjects: () => '/beheer/projecten/niet-in-evenwicht',
    /** A project's read-only sheet for the agency: history, ledger, parties. */
    project: (projectNumber: string) => `/beheer/projecten/${encode(projectNumber)}`,
    /** A document of a project's history (a stop request's proof). */
    projectDocument: (projectNumber: string, id: number | string) =>
      `/beheer/projecten/${encode(projectNumber)}/documenten/${encode(String(id))}`,
    providers: () => '/beheer/dienstverleners',
    provider: (id: number | string) => `/beheer/dienstverleners/${encode(String(id))}`,
    companies: () => '/beheer/ondernemingen',
    company: (id: number | string) => `/beheer/ondernemingen/${encode(String(id))}`,
    audit: () => '/beheer/audit',
    rules: () => '/beheer/regels',
    /** One rule's page: its history and (POST) a new value from a date to come. */
    rule: (slug: string) => `/beheer/regels/${encode(slug)}`,
    mails: () => '/beheer/mails',
    mail: (id: number | string) => `/beheer/mails/${encode(String(id))}`,
    /** POST: send a failed mail again. */
    mailResend: (id: number | string) => `/beheer/mails/${encode(String(id))}/opnieuw`,
  },
  dev: {
    idp: () => '/dev/idp',
    mailbox: () => '/dev/mailbox',
    mail: (id: number | string) => `/dev/mailbox/${encode(String(id))}`,
    mailAttachment: (id: number | string, index: number | string) =>
      `/dev/mailbox/${encode(String(id))}/bijlagen/${encode(String(index))}`,
  },
} as const;

export type Paths = typeof paths;
