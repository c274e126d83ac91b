// The body × system matrix at national scale: virtualised like the results table, so only the
// rows in view are in the DOM, and every body is still reachable by scrolling (issue 5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, csv, fileInput, waitLoaded } from './harness.mjs';

const { open, foreign } = suite();
const BODIES = 1800;

async function loadBodies(page) {
  const rows = [];
  for (let i = 0; i < BODIES; i++) {
    rows.push(['Ａ県', `団体${String(i).padStart(4, '0')}`, 'F-3', '地方税関連システム', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '', '']);
  }
  await page.setInputFiles(fileInput, { name: 'bodies.csv', mimeType: 'text/csv', buffer: csv(rows) });
  await waitLoaded(page, BODIES);
}

const matrixRows = (page) => page.$$eval('[data-hook=matrix] tbody tr[data-organization]', (trs) =>
  trs.map((tr) => ({ name: tr.dataset.organization, index: Number(tr.getAttribute('aria-rowindex')), height: tr.getBoundingClientRect().height })));

test('a matrix of 1,800 bodies keeps only the rows in view in the DOM', async (t) => {
  const page = await open(t);
  await loadBodies(page);
  assert.equal(await page.getAttribute('[data-hook=matrix]', 'data-bodies'), String(BODIES));
  assert.equal(await page.getAttribute('[data-hook=matrix] table', 'aria-rowcount'), String(BODIES + 1));
  const shown = await matrixRows(page);
  assert.ok(shown.length > 5 && shown.length < 60, `${shown.length} rows in the DOM`);
  assert.equal(shown[0].index, 2, 'the first body follows the header row');
  for (const r of shown) assert.ok(Math.abs(r.height - 30) <= 1, `row height ${r.height} = ROW_HEIGHT`);
});

test('scrolling the matrix to its end shows the last body, and its name still opens its detail', async (t) => {
  const page = await open(t);
  await loadBodies(page);
  const [scrollHeight, clientHeight] = await page.$eval('[data-hook=matrix] .matrix-scroll', (el) => [el.scrollHeight, el.clientHeight]);
  assert.ok(scrollHeight >= BODIES * 30, `the scroll box is as tall as every row (${scrollHeight})`);
  await page.$eval('[data-hook=matrix] .matrix-scroll', (el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction((n) => document.querySelector(`[data-hook=matrix] tr[aria-rowindex="${n}"]`), BODIES + 1);
  const shown = await matrixRows(page);
  assert.ok(shown.length < 60, `${shown.length} rows in the DOM`);
  const last = shown[shown.length - 1];
  assert.equal(last.index, BODIES + 1);
  // The last row sits at the bottom of the scroll box: the spacers add up to the rows left out.
  const gap = await page.$eval('[data-hook=matrix] .matrix-scroll', (el) => {
    const rows = el.querySelectorAll('tbody tr[data-organization]');
    return el.getBoundingClientRect().bottom - rows[rows.length - 1].getBoundingClientRect().bottom;
  });
  assert.ok(Math.abs(gap) <= 20, `last row ${gap}px from the bottom (box ${clientHeight}px)`);
  await page.click(`[data-hook=matrix] [data-open-body="${last.name}"]`);
  await page.waitForSelector(`[data-hook=body-detail][data-organization="${last.name}"]`);
});

test('the page made no request beyond its own origin', () => {
  assert.deepEqual(foreign, []);
});
