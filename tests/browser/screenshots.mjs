// Takes the README's screenshots from the real page (not a test): the sample flow of both
// programmes, each as a staff member sees it. Run with `scripts/screenshots.sh` after a build
// of dist/; writes docs/screenshots/*.png.
import fs from 'node:fs/promises';
import path from 'node:path';
import { serve, launch, root, fixture, dropFiles, setAsOf } from './harness.mjs';

const out = path.join(root, 'docs', 'screenshots');
await fs.mkdir(out, { recursive: true });
const server = await serve();
const browser = await launch();
const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 900 } });
const page = await context.newPage();

async function shot(name, selector) {
  const file = path.join(out, `${name}.png`);
  if (selector) {
    await (await page.$(selector)).screenshot({ path: file });
  } else {
    await page.screenshot({ path: file });
  }
  console.log(`wrote ${path.relative(root, file)}`);
}

try {
  await page.goto(server.base + '/');
  await page.waitForSelector('[data-hook=summary] [data-count]');
  await shot('01-start');

  // The seed's action plan (2016).
  await page.click('[data-action=load-sample]');
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]')?.dataset.total === '28');
  await shot('02-action-plan-summary', '[data-hook=summary]');
  await shot('03-action-plan-matrix', '[data-hook=matrix]');

  // Today's standardisation programme.
  await page.click('[data-action=load-sample-hyojunka]');
  await page.waitForFunction(() => document.querySelector('[data-hook=system-count]')?.dataset.total === '60');
  await shot('04-hyojunka-summary', '[data-hook=summary]');
  await shot('05-hyojunka-matrix', '[data-hook=matrix]');
  await shot('06-hyojunka-systems', '[data-hook=systems]');
  await page.click('[data-hook=systems] [data-open-body="Ｂ市"] >> nth=0');
  await page.waitForSelector('[data-hook=steps-detail]');
  // The dialog is modal (top layer, the page dimmed behind it): the window as the user sees it.
  await shot('07-hyojunka-steps');
  await page.keyboard.press('Escape');
  await page.click('[data-action=toggle-letters]');
  await page.waitForSelector('[data-hook=letters] [data-letter-organization]');
  await shot('08-hyojunka-letter', '[data-hook=letters] [data-letter-organization] >> nth=0');
  await page.click('[data-action=toggle-letters]');

  // Progress over time (SPEC §11): three monthly exports and the 特定移行支援 list.
  await setAsOf(page, '2026-02-01');
  await dropFiles(page, ['monthly_r7_10.csv', 'monthly_r7_12.xlsx', 'monthly_r8_01.xlsx', 'tokutei_monthly.xlsx'].map(fixture));
  await page.waitForFunction(() => document.querySelectorAll('[data-chart=trend] [data-point]').length === 3);
  await shot('09-history-trend', '[data-hook=history]');
  await shot('10-history-distribution', '[data-hook=distribution]');
  await shot('11-history-systems', '[data-hook=systems]');
} finally {
  await browser.close();
  await server.close();
}
