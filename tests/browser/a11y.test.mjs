// Accessibility (issue 18; JIS X 8341-3 follows WCAG 2.x): axe-core's WCAG 2.1 A and AA rules
// find nothing on any view of the page — empty, each sample, the steps dialog, 推移と見込み with
// its charts, the comparison, the letters, a body's timeline, the print preview.
//
// axe-core is an npm devDependency (node_modules/axe-core). The page's Content-Security-Policy
// allows its own scripts only, so axe's source is evaluated through the driver (the DevTools
// protocol's evaluate, which the policy does not govern), never loaded from a URL or an inline
// script tag: the page under test is the page as shipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { suite, fixture, fileInput, loadSample, dropFiles, waitSystems, setAsOf } from './harness.mjs';

const { open, foreign } = suite();
const axeSource = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe's WCAG 2.1 A/AA violations on the page as it is now: rule, impact and the elements. */
async function violations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const found = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, TAGS);
  return found;
}

async function assertClean(page) {
  assert.deepEqual(await violations(page), []);
}

const MONTHS = ['monthly_r7_10.csv', 'monthly_r7_12.xlsx', 'monthly_r8_01.xlsx', 'tokutei_monthly.xlsx'].map(fixture);

async function hyojunkaSample(t) {
  const page = await open(t);
  await page.click('[data-action=load-sample-hyojunka]');
  await waitSystems(page, 60);
  return page;
}

test('the empty page has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await assertClean(page);
});

test('the 2016 sample has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.waitForSelector('[data-hook=matrix] tbody tr.row');
  await assertClean(page);
});

test('the 標準化 sample has no WCAG 2.1 A/AA violation', async (t) => {
  await assertClean(await hyojunkaSample(t));
});

test('a body\'s steps dialog has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await hyojunkaSample(t);
  await page.click('[data-hook=systems] [data-open-body] >> nth=0');
  await page.waitForSelector('[data-hook=steps-detail] [data-hook=steps-grid] td.step');
  await assertClean(page);
});

test('推移と見込み with its trend chart, warning counts and distribution has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await setAsOf(page, '2026-02-01');
  await dropFiles(page, MONTHS);
  await waitSystems(page, 6);
  await page.waitForSelector('[data-chart=trend] [data-point]');
  await page.waitForSelector('[data-warning=stalled][data-count]');
  await page.waitForSelector('[data-chart=distribution] [data-band]');
  await page.waitForSelector('[data-hook=systems] [data-sparkline]');
  await assertClean(page);
  // One 業務's trend, and the table filtered by a warning.
  await page.selectOption('[data-hook=trend-scope]', 'task:戸籍');
  await page.waitForFunction(() => document.querySelector('[data-chart=trend] [data-point]')?.dataset.value === '0.4');
  await page.click('[data-warning=stalled]');
  await page.waitForSelector('[data-hook=system-count][data-shown="1"]');
  await assertClean(page);
});

test('the comparison with an earlier export has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('seed_f3_next_month.xlsx'));
  await page.waitForSelector('[data-hook=result-count]');
  await setAsOf(page, '2016-07-15');
  await page.setInputFiles('[data-hook=compare-input]', fixture('seed_f3.xlsx'));
  await page.waitForSelector('[data-hook=changes] tr[data-change-kind]');
  await assertClean(page);
});

test('the request letters have no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.click('[data-action=toggle-letters]');
  await page.waitForSelector('[data-hook=letters] [data-letter-organization]');
  await assertClean(page);
});

test('a body\'s timeline has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.click('[data-hook=matrix] [data-open-body="Ｈ村"]');
  await page.waitForSelector('[data-hook=body-detail][data-organization="Ｈ村"]');
  await assertClean(page);
});

test('the print preview has no WCAG 2.1 A/AA violation', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.click('[data-action=print-view]');
  await page.waitForSelector('[data-hook=print-report] [data-hook=print-list] tbody tr');
  await assertClean(page);
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});
