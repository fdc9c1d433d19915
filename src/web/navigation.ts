import type { Principal } from '../auth/principal.js';
import { paths } from '../paths.js';

export interface NavigationItem {
  label: string;
  href: string;
  current: boolean;
}

/** The menu of each kind of user; the current page is marked for aria-current. */
export function navigationFor(principal: Principal | undefined, currentPath: string): NavigationItem[] {
  const items = itemsFor(principal);
  // The longest matching prefix is the current item, so that "/dienstverlener"
  // is not marked on "/dienstverlener/projecten".
  const current = items
    .filter((item) => currentPath === item.href || currentPath.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((item) => ({ ...item, current: item === current }));
}

function itemsFor(principal: Principal | undefined): Omit<NavigationItem, 'current'>[] {
  switch (principal?.kind) {
    case 'provider':
    case 'department':
      return [
        { label: 'Menu', href: paths.provider.menu() },
        { label: 'Registraties', href: paths.provider.registrations() },
        { label: 'Projecten', href: paths.provider.projects() },
        ...(principal.kind === 'provider'
          ? [
              { label: 'Vestigingen', href: paths.provider.establishments() },
              { label: 'Departementen', href: paths.provider.departments() },
              { label: 'Gegevens', href: paths.provider.providerOrganisation() },
              ...(principal.accountId === undefined
                ? []
                : [{ label: 'Login wijzigen', href: paths.provider.changeLogin() }]),
            ]
          : []),
      ];
    case 'entrepreneur':
      return [
        { label: 'Mijn portefeuille', href: paths.company.wallet() },
        { label: 'Nieuwe aanvraag', href: paths.company.application() },
      ];
    case 'agency':
      return [
        { label: 'Overzicht', href: paths.admin.home() },
        { label: 'Registraties', href: paths.admin.registrations() },
        { label: 'Stopzettingen', href: paths.admin.stopRequests() },
        { label: 'Stortingen', href: paths.admin.deposits() },
        { label: 'Meldingen', href: paths.admin.reports() },
        { label: 'Projecten', href: paths.admin.projects() },
        { label: 'Uitbetalingen', href: paths.admin.payouts() },
        { label: 'Regels', href: paths.admin.rules() },
        { label: 'Audit', href: paths.admin.audit() },
        { label: 'Mails', href: paths.admin.mails() },
      ];
    default:
      return [
        { label: 'Home', href: paths.home() },
        { label: 'Zoek een dienstverlener', href: paths.public.findProvider() },
      ];
  }
}
