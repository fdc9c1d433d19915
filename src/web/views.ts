import path from 'node:path';
import ejs from 'ejs';
import type { Express } from 'express';

/**
 * EJS in strict mode (templates read `locals.x`, never free variables). A page
 * renders first; its HTML is then placed in views/layouts/main.ejs as
 * `locals.body`, unless the page sets `layout: false`.
 *
 * With `cache` (production) each template is compiled once: EJS keeps the
 * compiled functions, and Express keeps where each view's file is (`view
 * cache`, which it would only turn on by itself when NODE_ENV is production).
 */
/**
 * What every template and every include sees (res.locals set by web/locals.ts and web/flash.ts,
 * and what Express adds). Everything else a page was given is the page's own: an include
 * (`include('/components/input', { … })`) sees only what it is passed, so a page's `list` or
 * `value` can never fill a component's setting of the same name (issue 21:
 * `list="[object Object]"` on the projects overview's inputs).
 */
const SHARED_LOCALS = new Set([
  'paths',
  'principal',
  'navigation',
  'currentPath',
  'helpEmail',
  'devTools',
  'format',
  'csrfToken',
  'flashMessages',
  'settings',
  '_locals',
  'cache',
]);

/**
 * The page's locals with its own values made non-enumerable: the page reads them as usual
 * (`locals.list`), but EJS copies only enumerable properties into an include's data.
 */
export function pageLocals(locals: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(locals)) {
    Object.defineProperty(data, key, {
      value,
      enumerable: SHARED_LOCALS.has(key),
      writable: true,
      configurable: true,
    });
  }
  return data;
}

export function configureViews(app: Express, root: string, options: { cache: boolean }): void {
  const viewsDir = path.join(root, 'views');
  const layoutFile = path.join(viewsDir, 'layouts', 'main.ejs');
  const ejsOptions: ejs.Options = {
    strict: true,
    _with: false,
    localsName: 'locals',
    // Includes are written from the views folder (`include('/components/input', …)`): EJS then
    // finds them without asking the file system on every render, as it does for relative ones.
    root: viewsDir,
    cache: options.cache,
    // Line numbers in template errors: worth their cost while developing only.
    compileDebug: !options.cache,
    async: false,
  };

  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.set('view cache', options.cache);
  app.engine('ejs', (file, data, callback) => {
    const locals = data as Record<string, unknown>;
    ejs.renderFile(file, pageLocals(locals), ejsOptions, (pageError, body) => {
      if (pageError) return callback(pageError);
      if (locals.layout === false) return callback(null, body);
      ejs.renderFile(layoutFile, { ...locals, body }, ejsOptions, callback);
    });
  });
}
