/**
 * How a provider is named wherever a project, registration or search result
 * shows who delivers the services: the organisation's name, followed by the
 * department's when a department is the one registered
 * (`Dienstverlener kmo-portefeuille – Departement Opleidingen`). Pages, PDFs,
 * CSV and mails all use this one form.
 */
export function providerLabel(provider: { providerName: string; departmentName?: string | null }): string {
  const department = provider.departmentName?.trim();
  return department ? `${provider.providerName} – ${department}` : provider.providerName;
}
