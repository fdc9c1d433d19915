import { Router } from 'express';
import { principalOf } from '../../auth/guards.js';
import { actorOf } from '../../auth/principal.js';
import type { Clock } from '../../clock.js';
import { formatDate } from '../../domain/dates.js';
import { NotFoundError } from '../../domain/errors.js';
import { formatRuleParameterValue, ruleParameterDefinitions } from '../../domain/rule-parameters.js';
import { paths } from '../../paths.js';
import { flash } from '../../web/flash.js';
import { fieldErrors, keepFormState, takeFormState } from '../../web/form-state.js';
import { requestIdOf } from '../../web/request-logging.js';
import type { RuleParameterAdminQueries } from './rule-parameter.admin.queries.js';
import {
  presentRuleGroups,
  presentRulePage,
  ruleHref,
  ruleKeyOfSlug,
} from './rule-parameter.admin.presenter.js';
import { ruleValueFields, ruleValueFormSchema } from './rule-parameter.schemas.js';
import type { RuleParameterService } from './rule-parameter.service.js';

/** The form's own fields out of a posted body: nothing else is read or kept. */
function formValues(body: unknown): Record<string, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    ruleValueFields.map((field) => [field, typeof source[field] === 'string' ? source[field] : '']),
  );
}

/** /beheer/regels: the dated rule parameters, their history, and a new value from a date to come. */
export function ruleParameterAdminRoutes(deps: {
  clock: Clock;
  ruleParameterAdminQueries: RuleParameterAdminQueries;
  ruleParameters: Pick<RuleParameterService, 'add'>;
}): Router {
  const router = Router();
  const { clock, ruleParameterAdminQueries: queries, ruleParameters: service } = deps;

  router.get(paths.admin.rules(), async (req, res) => {
    principalOf(req, 'agency');
    const groups = presentRuleGroups(await queries.history(), clock.today());
    res.render('admin/rules/list', { title: 'Regels', today: formatDate(clock.today()), groups });
  });

  router.get(paths.admin.rule(':slug'), async (req, res) => {
    principalOf(req, 'agency');
    const key = ruleKeyOfSlug(req.params.slug);
    if (!key) throw new NotFoundError('Deze regel bestaat niet.');
    const rule = presentRulePage(key, await queries.history(key), clock.today());
    const { values, errors } = takeFormState(req, rule.href);
    res.render('admin/rules/detail', { title: rule.label, rule, values, errors });
  });

  router.post(paths.admin.rule(':slug'), async (req, res) => {
    const principal = principalOf(req, 'agency');
    const key = ruleKeyOfSlug(req.params.slug);
    if (!key) throw new NotFoundError('Deze regel bestaat niet.');
    const self = ruleHref(key);
    const values = formValues(req.body);
    const parsed = ruleValueFormSchema(ruleParameterDefinitions[key].unit, clock.today()).safeParse(values);
    if (!parsed.success) {
      keepFormState(req, self, { values, errors: fieldErrors(parsed.error) });
      return res.redirect(303, self);
    }
    const result = await service.add(key, parsed.data, {
      actor: actorOf(principal),
      requestId: requestIdOf(req),
    });
    if (!result.added) {
      keepFormState(req, self, { values, errors: { [result.field]: result.message } });
      return res.redirect(303, self);
    }
    flash(req, {
      type: 'success',
      text: `${ruleParameterDefinitions[key].label}: ${formatRuleParameterValue(key, parsed.data.value)} vanaf ${formatDate(parsed.data.validFrom)}.`,
    });
    res.redirect(303, self);
  });

  return router;
}
