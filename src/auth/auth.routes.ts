import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { safeReturnPath } from './guards.js';
import { BINDING_COOKIE, bindingValueOf, type SamlService, type SamlSettings } from './saml.js';
import { ForbiddenError } from '../domain/errors.js';
import { paths } from '../paths.js';
import { flash } from '../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../web/form-state.js';
import { regenerateSession, saveSession } from '../web/session-timeout.js';
import { chooseCapacitySchema, forgottenLoginSchema, loginResetSchema, loginSchema } from './auth.schemas.js';
import { capacityKeyOf, principalFor, type Capacity } from './capacity.js';
import type { LoginThrottle } from './login-throttle.js';
import type { LoginResult, ProviderLoginService } from './provider-login.service.js';
import type { SamlIdentity } from './saml-identity.js';
import type { SamlSignInService, SignedInPerson } from './saml-sign-in.service.js';
import { requestIdOf } from '../web/request-logging.js';

/** Where each capacity lands after signing in, unless the return path belongs to it. */
function homeOf(capacity: Capacity): string {
  if (capacity.kind === 'entrepreneur') return paths.company.wallet();
  if (capacity.kind === 'department' || capacity.kind === 'headOffice') return paths.provider.menu();
  return paths.admin.home();
}

function belongsTo(capacity: Capacity, path: string): boolean {
  // An invitation's link is for whoever opens it; its page says whether they may accept.
  if (path.startsWith(paths.provider.invitation(''))) return true;
  const home = homeOf(capacity);
  return path === home || path.startsWith(`${home}/`) || path.startsWith(`${home}?`);
}

/** Sign-in and sign-out for every audience: head-office login, SAML, the capacity choice. */
export function authRoutes(deps: {
  providerLogin: ProviderLoginService;
  samlSignIn: SamlSignInService;
  forgottenLoginThrottle: LoginThrottle;
  saml: { settings: SamlSettings; service: SamlService };
}): Router {
  const router = Router();
  const { providerLogin, samlSignIn, forgottenLoginThrottle, saml } = deps;
  const passport = new Passport();
  passport.use('saml', saml.service.strategy);
  // The head office's login and password: passport-local reads them from the form,
  // ProviderLoginService checks them (throttle, argon2, decoy hash for an unknown login).
  passport.use(
    'local',
    new LocalStrategy(
      { usernameField: 'login', passwordField: 'password', passReqToCallback: true, session: false },
      (req, login, password, done) => {
        providerLogin.signIn(login, password, req.ip ?? 'onbekend').then(
          (result) =>
            result.outcome === 'signed-in'
              ? done(null, result)
              : done(null, false, { message: result.outcome, ...result }),
          (error: unknown) => done(error),
        );
      },
    ),
  );
  /**
   * Runs the local strategy on this request: the outcome of ProviderLoginService.signIn
   * (refused when passport-local found no login or password in the form).
   */
  const authenticateLocally = (req: Request, res: Response) =>
    new Promise<LoginResult>((resolve, reject) => {
      const failed = (error: unknown) =>
        reject(error instanceof Error ? error : new Error('local sign-in failed', { cause: error }));
      (
        passport.authenticate('local', { session: false }, (error: unknown, user: unknown, info: unknown) => {
          if (error) return failed(error);
          const result = (user || info) as Partial<LoginResult> | undefined;
          resolve(result?.outcome ? (result as LoginResult) : { outcome: 'refused' });
        }) as RequestHandler
      )(req, res, failed);
    });

  // ---- head office: enterprise number (or chosen login) and password ----

  router.get(paths.provider.login(), (req, res) => {
    if (req.session?.principal?.kind === 'provider') return res.redirect(paths.provider.menu());
    const { values, errors } = takeFormState(req, paths.provider.login());
    res.render('provider/auth/login', { title: 'Aanmelden als dienstverlener', values, errors });
  });

  router.post(paths.provider.login(), async (req, res) => {
    const parsed = loginSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, paths.provider.login(), {
        values: req.body as Record<string, unknown>,
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, paths.provider.login());
    }
    const result = await authenticateLocally(req, res);
    if (result.outcome !== 'signed-in') {
      const message =
        result.outcome === 'throttled'
          ? `Te veel mislukte pogingen. Wacht ${waitText(result.secondsToWait)} en probeer dan opnieuw.`
          : 'Deze combinatie van login en wachtwoord is niet juist.';
      keepFormState(req, paths.provider.login(), {
        values: { login: parsed.data.login },
        errors: { login: message },
      });
      return res.redirect(303, paths.provider.login());
    }
    const returnTo = safeReturnPath(req.session.returnTo);
    await regenerateSession(req);
    req.session.principal = result.principal;
    req.session.signedInAt = Date.now();
    if (result.principal.mustChangePassword) {
      flash(req, {
        type: 'info',
        text: 'U meldde zich aan met een eenmalig wachtwoord. Kies nu een eigen wachtwoord.',
      });
      return res.redirect(303, paths.provider.changeLogin());
    }
    const target = returnTo && returnTo.startsWith(paths.provider.menu()) ? returnTo : paths.provider.menu();
    res.redirect(303, target);
  });

  router.get(paths.provider.forgottenLogin(), (req, res) => {
    const { values, errors } = takeFormState(req, paths.provider.forgottenLogin());
    res.render('provider/auth/forgotten-login', { title: 'Login vergeten', values, errors });
  });

  router.post(paths.provider.forgottenLogin(), async (req, res) => {
    const parsed = forgottenLoginSchema.safeParse(req.body);
    if (!parsed.success) {
      keepFormState(req, paths.provider.forgottenLogin(), {
        values: req.body as Record<string, unknown>,
        errors: fieldErrors(parsed.error),
      });
      return res.redirect(303, paths.provider.forgottenLogin());
    }
    const started = performance.now();
    const ip = req.ip ?? 'onbekend';
    const wait = await forgottenLoginThrottle.secondsToWait(parsed.data.enterpriseNumber, ip);
    if (wait > 0) {
      keepFormState(req, paths.provider.forgottenLogin(), {
        values: req.body as Record<string, unknown>,
        errors: { enterpriseNumber: `Te veel aanvragen. Wacht ${waitText(wait)} en probeer dan opnieuw.` },
      });
      return res.redirect(303, paths.provider.forgottenLogin());
    }
    // Every request counts, found or not, so the answer and its limits reveal nothing.
    await forgottenLoginThrottle.recordFailure(parsed.data.enterpriseNumber, ip);
    await providerLogin.requestLoginReset(parsed.data.enterpriseNumber, parsed.data.email, requestIdOf(req));
    // Same answer after the same time, whether or not a link was mailed.
    await answerNoSoonerThan(started, FORGOTTEN_LOGIN_ANSWER_MS);
    flash(req, {
      type: 'info',
      text: 'Als het ondernemingsnummer en het e-mailadres bij ons bekend zijn, sturen we binnen enkele minuten een link naar dat e-mailadres. Met die link kiest u een nieuw wachtwoord. De link is een uur geldig.',
    });
    res.redirect(303, paths.provider.login());
  });

  router.get(paths.provider.loginReset(':token'), async (req, res) => {
    const token = String(req.params.token);
    // The page is reached with a secret in its address: no cache keeps it.
    res.set('Cache-Control', 'no-store');
    const state = await providerLogin.loginResetState(token);
    if (state.outcome !== 'valid') return renderLoginResetRefused(res, state.outcome);
    const action = paths.provider.loginReset(token);
    const { errors } = takeFormState(req, action);
    res.render('provider/auth/login-reset', {
      title: 'Nieuw wachtwoord kiezen',
      login: state.login,
      providerName: state.providerName,
      action,
      errors,
    });
  });

  router.post(paths.provider.loginReset(':token'), async (req, res) => {
    const token = String(req.params.token);
    const form = loginResetSchema.parse(req.body ?? {});
    const result = await providerLogin.completeLoginReset(token, form, requestIdOf(req));
    if (result.outcome === 'invalid') {
      const action = paths.provider.loginReset(token);
      keepFormState(req, action, { values: {}, errors: result.errors });
      return res.redirect(303, action);
    }
    if (result.outcome !== 'reset') return renderLoginResetRefused(res, result.outcome);
    // Whoever was signed in in this browser before is not any more.
    await regenerateSession(req);
    flash(req, {
      type: 'success',
      text: `Uw nieuwe wachtwoord is opgeslagen. Meld u aan met uw login ${result.login} en dat wachtwoord.`,
    });
    res.redirect(303, paths.provider.login());
  });

  // ---- SAML: everyone else ----

  router.get(paths.auth.samlLogin(), async (req, res, next) => {
    const admitted = await saml.service.admitStart(req.ip ?? 'onbekend', bindingValueOf(req));
    if (!admitted.ok) {
      res.status(429).set('Retry-After', String(admitted.secondsToWait));
      return res.render('auth/too-many', {
        title: 'Te veel aanmeldpogingen',
        wait: waitText(admitted.secondsToWait),
      });
    }
    // Binds the login to this browser: the ACS refuses a response to a request another
    // browser started (login CSRF). The IdP posts cross-site, which only SameSite=None
    // lets through — and browsers accept SameSite=None only with Secure, so over plain
    // http (development, tests) the cookie is Lax; there the development IdP posts from
    // our own site, which Lax lets through.
    res.cookie(BINDING_COOKIE, admitted.bindingValue, {
      httpOnly: true,
      secure: saml.settings.secureCookie,
      sameSite: saml.settings.secureCookie ? 'none' : 'lax',
      path: '/auth/saml',
      maxAge: 10 * 60 * 1000,
    });
    // Only a local path may travel as RelayState; anything else is dropped.
    const relayState = safeReturnPath(req.query.RelayState) ?? '';
    Object.defineProperty(req, 'query', {
      value: relayState ? { RelayState: relayState } : {},
      configurable: true,
    });
    // The strategy builds the AuthnRequest, saves its ID bound to this browser and redirects.
    saml.service.bindRequestsTo(admitted.bindingValue, () =>
      (passport.authenticate('saml', { session: false }) as RequestHandler)(req, res, next),
    );
  });

  router.post(paths.auth.samlAcs(), async (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    const checked = await saml.service.precheck(body?.SAMLResponse, bindingValueOf(req));
    if ('refused' in checked) return renderSignInFailure(req, res, checked.refused);
    const signIn = async (error: unknown, user: unknown, info: unknown) => {
      if (error || !user) {
        await saml.service.reject(checked);
        return renderSignInFailure(req, res, error ?? info ?? 'no identity in the response');
      }
      const claimed = await saml.service.claim(checked);
      if (!claimed.ok) return renderSignInFailure(req, res, claimed.reason);
      const { identity } = user as { identity: SamlIdentity };
      const person = await samlSignIn.signIn(identity, requestIdOf(req));
      await startSamlSession(req, res, person, safeReturnPath(body?.RelayState));
    };
    // passport types authenticate() as any; with a callback it returns a middleware.
    (
      passport.authenticate('saml', { session: false }, (error: unknown, user: unknown, info: unknown) => {
        signIn(error, user, info).catch(next);
      }) as RequestHandler
    )(req, res, next);
  });

  router.get(paths.auth.samlMetadata(), (_req, res) => {
    res.type('application/samlmetadata+xml').send(saml.service.metadata());
  });

  router.get(paths.auth.choose(), (req, res) => {
    const person = req.session?.samlPerson;
    if (!person) return res.redirect(paths.auth.samlLogin());
    const { errors } = takeFormState(req, paths.auth.choose());
    res.render('auth/choose', {
      title: 'Kies hoe u verder gaat',
      person,
      current: req.session.principal ? currentKey(req) : undefined,
      errors,
    });
  });

  router.post(paths.auth.choose(), async (req, res) => {
    const person = req.session.samlPerson;
    if (!person) return res.redirect(303, paths.auth.samlLogin());
    const parsed = chooseCapacitySchema.safeParse(req.body);
    const capacity = parsed.success
      ? person.capacities.find((candidate) => candidate.key === parsed.data.capacity)
      : undefined;
    if (!capacity) {
      keepFormState(req, paths.auth.choose(), {
        values: {},
        errors: { capacity: 'Kies hoe u verder wilt gaan.' },
      });
      return res.redirect(303, paths.auth.choose());
    }
    const returnTo = safeReturnPath(req.session.returnTo);
    delete req.session.returnTo;
    req.session.principal = principalFor(person, capacity);
    await saveSession(req);
    res.redirect(303, returnTo && belongsTo(capacity, returnTo) ? returnTo : homeOf(capacity));
  });

  router.post(paths.logout(), async (req, res) => {
    await regenerateSession(req);
    flash(req, { type: 'success', text: 'U bent afgemeld.' });
    res.redirect(303, paths.home());
  });

  return router;

  async function startSamlSession(
    req: Request,
    res: Response,
    person: SignedInPerson,
    relayState: string | undefined,
  ) {
    if (person.capacities.length === 0) {
      // The IdP just named this person: whoever was signed in before in this browser no longer is.
      await regenerateSession(req);
      res.locals.principal = null;
      res.status(403);
      return res.render('auth/no-access', { title: 'Geen toegang tot de kmo-portefeuille', person });
    }
    await regenerateSession(req);
    req.session.samlPerson = person;
    req.session.signedInAt = Date.now();
    const [only] = person.capacities;
    if (person.capacities.length === 1 && only) {
      req.session.principal = principalFor(person, only);
      await saveSession(req);
      return res.redirect(303, relayState && belongsTo(only, relayState) ? relayState : homeOf(only));
    }
    if (relayState) req.session.returnTo = relayState;
    await saveSession(req);
    res.redirect(303, paths.auth.choose());
  }

  function renderSignInFailure(req: Request, res: Response, reason: unknown) {
    req.log.warn(
      { reason: reason instanceof Error ? reason.message : String(reason) },
      'SAML sign-in refused',
    );
    res.status(401);
    res.render('auth/failed', { title: 'Aanmelden is mislukt' });
  }
}

function currentKey(req: Request): string | undefined {
  const principal = req.session.principal;
  if (!principal) return undefined;
  const key = capacityKeyOf(principal);
  if (key === undefined) throw new ForbiddenError();
  return key;
}

/**
 * The forgotten-login form answers no sooner than this after it was posted:
 * looking up the pair and mailing a link take longer than finding no match, and
 * the time must not tell which happened.
 */
const FORGOTTEN_LOGIN_ANSWER_MS = 400;

async function answerNoSoonerThan(started: number, ms: number): Promise<void> {
  const left = started + ms - performance.now();
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
}

const loginResetRefusals = {
  unknown: {
    status: 404,
    title: 'Deze link is niet geldig',
    message:
      'Deze link om een nieuw wachtwoord te kiezen, kennen we niet. Kijk na of u de volledige link uit de e-mail gebruikte.',
  },
  used: {
    status: 410,
    title: 'Deze link werd al gebruikt',
    message:
      'Met deze link werd al een nieuw wachtwoord gekozen: een link werkt maar één keer. Vraag een nieuwe link aan als u uw wachtwoord opnieuw kwijt bent.',
  },
  expired: {
    status: 410,
    title: 'Deze link is verlopen',
    message: 'Een link om een nieuw wachtwoord te kiezen, is een uur geldig. Vraag een nieuwe link aan.',
  },
} as const;

function renderLoginResetRefused(res: Response, outcome: keyof typeof loginResetRefusals): void {
  const refusal = loginResetRefusals[outcome];
  res.status(refusal.status);
  res.render('provider/auth/login-reset-refused', { title: refusal.title, message: refusal.message });
}

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} seconden`;
  return `${Math.ceil(seconds / 60)} minuten`;
}
