import path from 'node:path';
import { beforeEach } from 'vitest';
import { openPages } from './browser.js';

// A setup file of the browser tests: run for every test file, also where the files share
// their modules (vitest.config.ts), so each file gets this hook.

/**
 * When a browser test fails, where each open page was: its address, title
 * and heading in the log (a CI run keeps only its log), and a screenshot in
 * test-results/ for a run on one's own machine.
 */
beforeEach(({ task, onTestFailed }) => {
  onTestFailed(async () => {
    let index = 0;
    for (const page of openPages) {
      index += 1;
      const heading = await page
        .locator('h1')
        .first()
        .textContent({ timeout: 1_000 })
        .catch(() => null);
      const title = await page.title().catch(() => '(no title)');
      const file = path.join(
        'test-results',
        `${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}-${index}.png`,
      );
      const saved = await page
        .screenshot({ path: file, fullPage: true, timeout: 5_000 })
        .then(() => file)
        .catch(() => 'not saved');
      process.stdout.write(
        `\n[browser test failed] "${task.name}", page ${index}: ${page.url()}\n  title: ${title}\n  h1: ${heading?.trim() ?? '(none)'}\n  screenshot: ${saved}\n`,
      );
    }
  });
});
