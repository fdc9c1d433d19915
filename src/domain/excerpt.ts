/**
 * A free text shortened for a list cell: white space flattened, and when it is
 * longer than `length`, cut at the last word boundary in the second half of
 * the limit (else at the limit) and ended with "…". The stop requests' and the
 * reports' queues show their reasons this way.
 */
export function excerpt(text: string | null, length = 80): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
