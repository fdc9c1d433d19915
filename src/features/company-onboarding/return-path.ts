import { safeReturnPath } from '../../auth/guards.js';
import { paths } from '../../paths.js';

/** The query parameter that carries where the company was going (`?terug=/onderneming/aanvraag`). */
export const RETURN_PARAMETER = 'terug';

const onboardingPages: readonly string[] = [paths.company.size(), paths.company.details()];

/**
 * A place to continue to after onboarding: a local path on the company's own
 * pages (`/onderneming` and below), never another site, another audience's
 * pages or an onboarding page itself. The path is resolved as a browser would
 * (dot segments, encoded dots, backslashes) before it is checked, and returned
 * in that resolved form without its fragment; undefined when it is not acceptable.
 */
export function onboardingReturnPath(candidate: unknown): string | undefined {
  const local = safeReturnPath(candidate);
  if (local === undefined) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(local, 'http://kmo-portefeuille.invalid');
  } catch {
    return undefined;
  }
  if (resolved.origin !== 'http://kmo-portefeuille.invalid') return undefined;
  const wallet = paths.company.wallet();
  const pathname = resolved.pathname;
  if (pathname !== wallet && !pathname.startsWith(`${wallet}/`)) return undefined;
  if (onboardingPages.includes(pathname.replace(/\/+$/, ''))) return undefined;
  return `${pathname}${resolved.search}`;
}

/** An onboarding page with the place to continue to afterwards, when there is one. */
export function withReturnPath(path: string, returnPath: string | undefined): string {
  return returnPath === undefined
    ? path
    : `${path}?${new URLSearchParams({ [RETURN_PARAMETER]: returnPath }).toString()}`;
}
