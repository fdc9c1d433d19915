import { Router } from 'express';
import type { LoginThrottle } from '../../auth/login-throttle.js';
import { themes } from '../../domain/themes.js';
import { paths } from '../../paths.js';
import { keepFormState, takeFormState } from '../../web/form-state.js';
import type { ProviderSignupService } from './provider-signup.service.js';
import {
  alreadySignedUpMessage,
  legalForms,
  loginTakenMessage,
  PRESENTATION_MAX_LENGTH,
  providerSignupSchema,
  signupErrors,
  signupValues,
} from './provider-signup.schemas.js';
import { requestIdOf } from '../../web/request-logging.js';

declare module 'express-session' {
  interface SessionData {
    /** The last sign-up from this browser, for its confirmation page (never the password). */
    providerSignup?: { legalName: string; login: string; email: string };
  }
}

const expertiseItems = themes.map((theme) => ({ value: theme.code, label: theme.label }));

/** /dienstverlener/aanmelden: a new provider organisation signs up (DOMAIN.md §1). Public. */
export function providerSignupRoutes(deps: {
  providerSignup: ProviderSignupService;
  signupThrottle: LoginThrottle;
}): Router {
  const router = Router();
  const { providerSignup, signupThrottle } = deps;
  const path = paths.provider.signup();

  router.get(path, (req, res) => {
    const { values, errors } = takeFormState(req, path);
    res.render('provider/signup/form', {
      title: 'Uw organisatie aanmelden als dienstverlener',
      values,
      errors,
      alreadySignedUp: errors.enterpriseNumber === alreadySignedUpMessage,
      legalForms,
      expertiseItems,
      presentationMaxLength: PRESENTATION_MAX_LENGTH,
      scripts: ['/js/character-count.js'],
    });
  });

  router.post(path, async (req, res) => {
    const values = signupValues(req.body);
    const parsed = providerSignupSchema.safeParse(values);
    if (!parsed.success) {
      keepFormState(req, path, { values, errors: signupErrors(parsed.error) });
      return res.redirect(303, path);
    }
    // A public form that sends mail: slowed down per enterprise number and per IP address.
    const ip = req.ip ?? 'onbekend';
    const wait = await signupThrottle.secondsToWait(parsed.data.enterpriseNumber, ip);
    if (wait > 0) {
      keepFormState(req, path, {
        values,
        errors: {
          enterpriseNumber: `Te veel aanmeldingen na elkaar. Wacht ${Math.ceil(wait / 60)} minuten en probeer dan opnieuw.`,
        },
      });
      return res.redirect(303, path);
    }
    await signupThrottle.recordFailure(parsed.data.enterpriseNumber, ip);
    const result = await providerSignup.signUp(parsed.data, requestIdOf(req));
    if (result.outcome !== 'signed-up') {
      const message = result.outcome === 'already-signed-up' ? alreadySignedUpMessage : loginTakenMessage;
      keepFormState(req, path, { values, errors: { enterpriseNumber: message } });
      return res.redirect(303, path);
    }
    req.session.providerSignup = {
      legalName: parsed.data.legalName,
      login: result.login,
      email: result.email,
    };
    res.redirect(303, paths.provider.signupDone());
  });

  router.get(paths.provider.signupDone(), (req, res) => {
    const done = req.session?.providerSignup;
    if (!done) return res.redirect(path);
    res.render('provider/signup/done', {
      title: 'Uw aanmelding is ontvangen',
      legalName: done.legalName,
      login: done.login,
      enterpriseNumber: done.login,
      email: done.email,
    });
  });

  return router;
}
