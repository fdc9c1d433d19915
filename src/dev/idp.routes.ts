import { Router } from 'express';
import { z } from 'zod';
import type { SamlSettings } from '../auth/saml.js';
import type { Logger } from '../logger.js';
import { paths } from '../paths.js';
import { samlAttributes } from '../auth/saml-identity.js';
import type { DevPerson } from './dev-persons.js';
import { buildSamlResponse, parseRedirectAuthnRequest } from './saml-response.js';

const respondSchema = z.object({
  person: z.string().min(1),
  requestId: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/),
  RelayState: z.string().max(500).optional(),
});

/**
 * The development IdP: shows the demo persons for an AuthnRequest and posts a
 * response signed with its own key to our ACS — the same path as production,
 * where the government IdP does this. Never mounted in production (nor when a
 * real IdP is configured); a warning is logged whenever it is mounted, since
 * anyone who reaches it can sign in as anyone, agency staff included.
 */
export function devIdpRoutes(
  settings: SamlSettings,
  persons: readonly DevPerson[],
  options: { isProduction: boolean; logger: Logger },
): Router {
  const router = Router();
  const devIdp = settings.devIdp;
  if (!devIdp || options.isProduction) return router;
  options.logger.warn(
    { path: paths.dev.idp() },
    'the development IdP is mounted: anyone can sign in as anyone; never use this outside development',
  );

  router.get(paths.dev.idp(), (req, res) => {
    const samlRequest = typeof req.query.SAMLRequest === 'string' ? req.query.SAMLRequest : undefined;
    // Opened directly (footer link): start at our SP, which sends an AuthnRequest here.
    if (!samlRequest) return res.redirect(paths.auth.samlLogin());
    const request = parseRedirectAuthnRequest(samlRequest);
    if (!request) return res.status(400).render('dev/idp-error', { title: 'Ongeldige SAML-aanvraag' });
    res.render('dev/idp', {
      title: 'Test-IdP: kies een persoon',
      persons,
      requestId: request.id,
      relayState: typeof req.query.RelayState === 'string' ? req.query.RelayState : '',
      spIssuer: request.issuer,
    });
  });

  router.post(paths.dev.idp(), (req, res) => {
    const parsed = respondSchema.safeParse(req.body);
    const person = parsed.success
      ? persons.find((candidate) => candidate.key === parsed.data.person)
      : undefined;
    if (!parsed.success || !person)
      return res.status(400).render('dev/idp-error', { title: 'Ongeldige SAML-aanvraag' });
    const samlResponse = buildSamlResponse({
      issuer: devIdp.entityId,
      destination: settings.callbackUrl,
      audience: settings.issuer,
      inResponseTo: parsed.data.requestId,
      nameId: person.nationalRegisterNumber,
      key: devIdp,
      attributes: {
        [samlAttributes.nationalRegisterNumber]: [person.nationalRegisterNumber],
        [samlAttributes.firstName]: [person.firstName],
        [samlAttributes.lastName]: [person.lastName],
        ...(person.email ? { [samlAttributes.email]: [person.email] } : {}),
        [samlAttributes.roles]: person.roles,
      },
    });
    res.render('dev/idp-post', {
      title: 'Doorsturen naar de kmo-portefeuille',
      layout: false,
      acsUrl: settings.callbackUrl,
      samlResponse,
      relayState: parsed.data.RelayState ?? '',
      scripts: ['/js/auto-submit.js'],
    });
  });

  return router;
}
