/**
 * Dates and amounts as the pages write them, written out here independently
 * of src/domain, so a test does not check the code with itself.
 */

/** `2026-03-05` → `05/03/2026`. */
export function dmy(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** `2026-03-05` plus `days` calendar days (negative: earlier). */
export function plusDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** `119835` → `€ 1.198,35`; `-500` → `€ -5,00`. */
export function euro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const absolute = Math.abs(cents);
  const euros = String(Math.floor(absolute / 100)).replace(/\B(?=([0-9]{3})+$)/g, '.');
  return `€ ${sign}${euros},${String(absolute % 100).padStart(2, '0')}`;
}
