import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { adminRouter, companyRouter, providerRouter, publicRouter } from './audiences.js';
import { devIdpRoutes } from './dev/idp.routes.js';
import { devPersons } from './dev/dev-persons.js';
import type { Container } from './container.js';
import { devMailboxRoutes } from './dev/mailbox.routes.js';
import { refuseBadBytes } from './web/bad-bytes.js';
import { bodyParsing } from './web/body-parsing.js';
import { csrfProtection } from './web/csrf.js';
import { errorHandler, notFound } from './web/errors.js';
import { flashMessages } from './web/flash.js';
import { healthRoutes } from './web/health.js';
import { viewLocals } from './web/locals.js';
import { currentDepartments } from './auth/current-departments.js';
import { noStoreWhenSignedIn } from './web/no-store.js';
import { requestLogging } from './web/request-logging.js';
import { securityHeaders } from './web/security-headers.js';
import { absoluteSessionTimeout } from './web/session-timeout.js';
import { sessions } from './web/session.js';
import { staticFiles } from './web/static-files.js';
import { apiRouter } from './features/api/api.router.js';
import { apiEndpoints } from './features/api/api.endpoints.js';
import { openapiDocument } from './features/api/openapi.js';
import { paths } from './paths.js';
import { configureViews } from './web/views.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The middleware in order, one line each; every concern lives in its own file under src/web/. */
export function createApp(container: Container): Express {
  const { config, logger, db } = container;
  const app = express();
  app.disable('x-powered-by');
  // Pages are personal and sent fresh (no-store); hashing each one for an ETag buys nothing.
  // Static files keep theirs (serve-static's own).
  app.disable('etag');
  // Whose X-Forwarded-For gives the client's address (rate limits, logs): TRUST_PROXY, by default nobody's.
  app.set('trust proxy', config.trustProxy);
  configureViews(app, projectRoot, { cache: config.isProduction });

  app.use(requestLogging(logger));
  app.use(securityHeaders({ isProduction: config.isProduction }));
  app.use(healthRoutes(db));
  // The providers' JSON API: Bearer tokens, no session, cookies or CSRF (src/features/api/).
  app.use(
    paths.api.root(),
    apiRouter({
      db,
      apiTokens: container.services.apiTokens,
      rateLimit: config.api.rateLimit,
      endpoints: apiEndpoints({
        db: container.readDb,
        projects: container.queries.projects,
        wallet: container.queries.wallet,
        registrations: container.repositories.registrations,
      }),
      openapi: openapiDocument,
      logger,
    }),
  );
  app.use(staticFiles(projectRoot, { isProduction: config.isProduction }));
  app.use(bodyParsing());
  app.use(refuseBadBytes);
  app.use(sessions({ pool: container.sessionPool, ...config.session }));
  app.use(absoluteSessionTimeout(config.session));
  app.use(currentDepartments(db));
  app.use(noStoreWhenSignedIn);
  app.use(csrfProtection);
  app.use(flashMessages);
  app.use(viewLocals({ helpEmail: config.mail.agencyAddress, devTools: config.devTools }));
  app.use(publicRouter(container));
  if (config.devTools) {
    app.use(devIdpRoutes(container.saml.settings, devPersons, { isProduction: config.isProduction, logger }));
  }
  if (config.devTools) app.use(devMailboxRoutes(container.devMailbox));
  app.use(providerRouter(container));
  app.use(companyRouter(container));
  app.use(adminRouter(container));
  app.use(notFound);
  app.use(errorHandler({ showDetails: !config.isProduction }));
  return app;
}
