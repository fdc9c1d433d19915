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
    ejs.renderFile(file, locals, ejsOptions, (pageError, body) => {
      if (pageError) return callback(pageError);
      if (locals.layout === false) return callback(null, body);
      ejs.renderFile(layoutFile, { ...locals, body }, ejsOptions, callback);
    });
  });
}
