/**
 * A login as typed: an enterprise number may come with dots and spaces
 * ("0123.456.749", "0123 456 749") or without its leading zero; any other login
 * is compared without regard to case.
 */
export function normaliseLogin(input: string): string {
  const trimmed = input.trim();
  if (/^[0-9][0-9.\s]*$/.test(trimmed)) {
    const digits = trimmed.replace(/[.\s]/g, '');
    if (digits.length === 9) return `0${digits}`;
    return digits;
  }
  return trimmed.toLowerCase();
}
