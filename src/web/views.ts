import path from 'node:path';
import ejs from 'ejs';
import type { Express } from 'express';

/**
 * EJS in strict mode (templates read `locals.x`, never free variables). A page
 * renders first; its HTML is then placed in views/layouts/main.ejs as
 * `locals.body`, unless the page sets `layout: false`.
 */
export function configureViews(app: Express, root: string, options: { cache: boolean }): void {
  const viewsDir = path.join(root, 'views');
  const layoutFile = path.join(viewsDir, 'layouts', 'main.ejs');
  const ejsOptions: ejs.Options = {
    strict: true,
    _with: false,
    localsName: 'locals',
    views: [viewsDir],
    cache: options.cache,
    async: false,
  };

  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.engine('ejs', (file, data, callback) => {
    const locals = data as Record<string, unknown>;
    ejs.renderFile(file, locals, ejsOptions, (pageError, body) => {
      if (pageError) return callback(pageError);
      if (locals.layout === false) return callback(null, body);
      ejs.renderFile(layoutFile, { ...locals, body }, ejsOptions, callback);
    });
  });
}
