/**
 * A Belgian postal address as users write it. Pure functions, no I/O: every
 * page, PDF and mail that prints an address goes through these.
 */
export interface Address {
  street: string;
  houseNumber: string;
  /** The box number ("bus"); null, absent, empty or only spaces when there is none. */
  box?: string | null;
  postcode: string;
  municipality: string;
}

/**
 * `Koning Albert II-Laan`, `30`, `12` → `Koning Albert II-Laan 30 bus 12`. A
 * box that is absent, empty or blank is left out entirely (`Koning Albert
 * II-Laan 30`): never a dangling " bus ".
 */
export function formatStreetLine(address: Pick<Address, 'street' | 'houseNumber' | 'box'>): string {
  const box = address.box?.trim();
  return `${address.street} ${address.houseNumber}${box ? ` bus ${box}` : ''}`;
}

/** `1030`, `Schaarbeek` → `1030 Schaarbeek`. */
export function formatMunicipalityLine(address: Pick<Address, 'postcode' | 'municipality'>): string {
  return `${address.postcode} ${address.municipality}`;
}

/** The address on one line: `Koning Albert II-Laan 30 bus 12, 1030 Schaarbeek`. */
export function formatAddress(address: Address): string {
  return `${formatStreetLine(address)}, ${formatMunicipalityLine(address)}`;
}
