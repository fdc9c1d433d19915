import path from 'node:path';
import express, { Router } from 'express';

/** The folders of public/ that are served as they are. */
const folders = ['css', 'images', 'js'] as const;

/**
 * public/css, public/images and public/js, each on its own path, so a page
 * request never costs a look on disk for a file of that name.
 */
export function staticFiles(root: string, options: { isProduction: boolean }) {
  const router = Router();
  for (const folder of folders) {
    router.use(
      `/${folder}`,
      express.static(path.join(root, 'public', folder), {
        index: false,
        maxAge: options.isProduction ? '1d' : 0,
      }),
    );
  }
  return router;
}
