// Progress over time on the page (SPEC §11, issue 18): monthly rate tables dropped together are
// snapshots; the trend chart's points (`[data-chart=trend] [data-point]`), the counts of
// projected_late and stalled (`[data-warning][data-count]`) that filter the systems table, the
// projected completion column, a date corrected in the page, and the distribution with one export.
// The fixtures are xtask's (xtask/src/monthly.rs, which keeps every series as code):
//
//   Ｌ市 住民記録 50 %, 60 %, 70 %   → 2026-06-18, projected_late
//   Ｌ市 個人住民税 40 %, –, 60 %     → 2026-08-03, projected_late
//   Ｌ市 戸籍 60 %, 65 %, 55 %        → stalled
//   Ｍ町 住民記録 80 %, 90 %, 100 %   → done
//   Ｍ町 個人住民税 10 %, 10.5 %, 11 % (designated) → 2048-07-02, projected_late
//   Ｍ町 戸籍 20 %, 25 %, 30 % (designated)         → 2027-11-06
//
// at 2025-10-31 (CSV title line), 2025-12-31 (title cell) and 2026-01-31 (sheet name).
// Every wait is for a state, never for time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import XLSX from 'xlsx';
import { suite, fixture, dropFiles, waitSystems, setAsOf } from './harness.mjs';

const { open } = suite();

const MONTHS = ['monthly_r7_10.csv', 'monthly_r7_12.xlsx', 'monthly_r8_01.xlsx', 'tokutei_monthly.xlsx'].map(fixture);

async function points(page) {
  return page.$$eval('[data-chart=trend] [data-point]', (els) => els.map((e) => [e.dataset.date, Number(e.dataset.value)]));
}

async function waitPoints(page, n) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-chart=trend] [data-point]').length === n, n);
  return points(page);
}

async function warningCounts(page) {
  return page.$$eval('[data-warning][data-count]', (els) => Object.fromEntries(els.map((e) => [e.dataset.warning, Number(e.dataset.count)])));
}

async function dropMonths(page) {
  await setAsOf(page, '2026-02-01');
  await dropFiles(page, MONTHS);
  await waitSystems(page, 6);
}

/**
 * December's export (dated by its title) with an undated one (January's rates): they join in one
 * snapshot, and the page asks for the undated file's date.
 */
async function dropDecemberAndUndated(page) {
  await setAsOf(page, '2026-02-01');
  await dropFiles(page, [fixture('monthly_r7_12.xlsx'), fixture('monthly_undated.xlsx')]);
  await waitSystems(page, 6);
  await page.waitForSelector('[data-hook=history-hint]');
}

test('three monthly exports are three snapshots: the trend points are the mean rate at each date', async (t) => {
  const page = await open(t);
  await dropMonths(page);
  assert.deepEqual(await waitPoints(page, 3), [['2025-10-31', 0.4333], ['2025-12-31', 0.501], ['2026-01-31', 0.5433]]);
  const snapshots = await page.$$eval('[data-snapshot]', (els) => els.map((e) => [e.dataset.date, e.textContent]));
  assert.deepEqual(snapshots.map(([d]) => d), ['2025-10-31', '2025-12-31', '2026-01-31']);
  assert.match(snapshots[2][1], /monthly_r8_01\.xlsx/);
  assert.ok(!snapshots.some(([, text]) => text.includes('tokutei')), 'the 特定移行支援 list is no snapshot');
  // Each file's date field is pre-filled with the date read from it.
  const dates = await page.$$eval('[data-file-date]', (els) => els.map((e) => [e.dataset.fileDate, e.value]));
  assert.deepEqual(dates.slice(0, 3), [
    ['monthly_r7_10.csv', '2025-10-31'], ['monthly_r7_12.xlsx', '2025-12-31'], ['monthly_r8_01.xlsx', '2026-01-31'],
  ]);
  // The table the screen reader reads says the same.
  const rows = await page.$$eval('[data-hook=trend-table] tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.match(rows[1], /2025-12-31.*50\.1%.*5 件/);
  // The print view carries the trend as a table.
  await page.click('[data-action=print-view]');
  await page.waitForSelector('[data-hook=print-trend] tbody tr');
  const printed = await page.$$eval('[data-hook=print-trend] tbody tr', (trs) => trs.map((tr) => tr.textContent));
  assert.equal(printed.length, 3);
  assert.match(printed[2], /2026-01-31.*monthly_r8_01\.xlsx.*54\.3%/);
  // One 業務 on request.
  await page.selectOption('[data-hook=trend-scope]', 'task:戸籍');
  await page.waitForFunction(() => document.querySelector('[data-chart=trend] [data-point]')?.dataset.value === '0.4');
  assert.deepEqual(await points(page), [['2025-10-31', 0.4], ['2025-12-31', 0.45], ['2026-01-31', 0.425]]);
  // One body on request: Ｍ町's three 業務.
  await page.selectOption('[data-hook=trend-scope]', 'body:Ａ県\u001fＭ町');
  await page.waitForFunction(() => document.querySelector('[data-chart=trend] [data-point]')?.dataset.value === '0.3667');
  assert.deepEqual(await points(page), [['2025-10-31', 0.3667], ['2025-12-31', 0.4183], ['2026-01-31', 0.47]]);
});

test('the counts of projected_late and stalled filter the systems table', async (t) => {
  const page = await open(t);
  await dropMonths(page);
  await page.waitForSelector('[data-warning=stalled][data-count]');
  assert.deepEqual(await warningCounts(page), { projected_late: 3, stalled: 1 });
  await page.click('[data-warning=stalled]');
  await page.waitForSelector('[data-hook=system-count][data-shown="1"]');
  const rows = await page.$$eval('[data-hook=systems] tr[data-task]', (trs) => trs.map((tr) => [tr.dataset.organization, tr.dataset.task]));
  assert.deepEqual(rows, [['Ｌ市', '戸籍']]);
  await page.click('[data-warning=stalled]');
  await page.click('[data-warning=projected_late]');
  await page.waitForSelector('[data-hook=system-count][data-shown="3"]');
  assert.equal(await page.$eval('[data-warning=projected_late]', (e) => e.getAttribute('aria-pressed')), 'true');
  // The projected completion, sorted, earliest first; past the deadline marked as such.
  await page.click('[data-sort-system=projected_completion]');
  await page.waitForFunction(() => document.querySelector('[data-hook=systems] th[aria-sort=ascending] [data-sort-system=projected_completion]'));
  const projected = await page.$$eval('[data-hook=systems] td[data-projected]', (tds) => tds.map((td) => [td.dataset.projected, td.dataset.late]));
  assert.deepEqual(projected, [['2026-06-18', 'true'], ['2026-08-03', 'true'], ['2048-07-02', 'true']]);
  assert.equal(await page.$$eval('[data-hook=systems] [data-sparkline]', (els) => els.length), 3);
});

test('a date corrected in the page makes the snapshots again', async (t) => {
  const page = await open(t);
  await dropDecemberAndUndated(page);
  assert.equal(await page.$eval('[data-file-date="monthly_undated.xlsx"]', (e) => e.value), '');
  assert.equal(await page.$$eval('[data-chart=trend]', (els) => els.length), 0);
  await page.fill('[data-file-date="monthly_undated.xlsx"]', '2026-01-31');
  await page.dispatchEvent('[data-file-date="monthly_undated.xlsx"]', 'change');
  assert.deepEqual(await waitPoints(page, 2), [['2025-12-31', 0.501], ['2026-01-31', 0.5433]]);
  assert.equal(await page.$eval('[data-file-date="monthly_undated.xlsx"]', (e) => e.value), '2026-01-31');
  // The table shows the latest snapshot (January), not a merge of the months.
  await waitSystems(page, 6);
  const rate = await page.$eval('[data-hook=systems] tr[data-organization="Ｍ町"][data-task="住民記録"]', (tr) => tr.dataset.rate);
  assert.equal(rate, '1');
});

test('a date being entered is not undone when the page renders for something else', async (t) => {
  const page = await open(t);
  await dropDecemberAndUndated(page);
  // January's date entered, not yet committed (no change event yet).
  await page.$eval('[data-file-date="monthly_undated.xlsx"]', (e) => { e.value = '2026-01-31'; });
  // A 業務 chosen in the systems table renders the page, the dates table too.
  await page.selectOption('[data-system-filter=task]', '戸籍');
  await page.waitForSelector('[data-hook=system-count][data-shown="2"]');
  assert.equal(await page.$eval('[data-file-date="monthly_undated.xlsx"]', (e) => e.value), '2026-01-31');
  await page.dispatchEvent('[data-file-date="monthly_undated.xlsx"]', 'change');
  assert.deepEqual(await waitPoints(page, 2), [['2025-12-31', 0.501], ['2026-01-31', 0.5433]]);
});

test('a corrected date drops the filters that no longer apply and keeps the others', async (t) => {
  const page = await open(t);
  await setAsOf(page, '2026-02-01');
  await dropFiles(page, [fixture('monthly_r7_12.xlsx'), fixture('monthly_r8_01.xlsx')]);
  await waitSystems(page, 6);
  await page.selectOption('[data-system-filter=task]', '戸籍');
  await page.waitForSelector('[data-hook=system-count][data-shown="2"]');
  // Ｌ市's 戸籍 went from 65 % to 55 %: stalled.
  await page.click('[data-warning=stalled]');
  await page.waitForSelector('[data-hook=system-count][data-shown="1"]');
  // January dated December too: one snapshot, no trend, no one stalled; the 業務 still applies.
  await page.fill('[data-file-date="monthly_r8_01.xlsx"]', '2025-12-31');
  await page.dispatchEvent('[data-file-date="monthly_r8_01.xlsx"]', 'change');
  await page.waitForSelector('[data-hook=history-hint]');
  await waitSystems(page, 6);
  await page.waitForSelector('[data-hook=system-count][data-shown="2"]');
  assert.equal(await page.$$eval('[data-warning]', (els) => els.length), 0);
  assert.equal(await page.$eval('[data-system-filter=task]', (e) => e.value), '戸籍');
});

test('with a history the systems CSV and .xlsx carry each system\'s projected completion and trend warnings', async (t) => {
  const page = await open(t);
  await dropMonths(page);
  await page.waitForSelector('[data-warning=stalled][data-count]');
  const [csvFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-systems-csv]')]);
  const lines = (await fs.readFile(await csvFile.path())).toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  const head = lines[0].split(',');
  const at = head.indexOf('完了見込み');
  assert.ok(at > 0, head.join(','));
  const juki = lines.find((l) => l.includes('Ｌ市') && l.includes(',住民記録,')).split(',');
  assert.equal(juki[at], '2026-06-18');
  assert.match(juki[head.indexOf('警告')], /期限までに移行が完了しない見込み/);
  const [xlsxFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-systems-xlsx]')]);
  const rows = XLSX.utils.sheet_to_json(XLSX.read(await fs.readFile(await xlsxFile.path())).Sheets['システム別'], { header: 1 });
  assert.equal(rows[0].indexOf('完了見込み'), at);
  const koseki = rows.find((r) => r[1] === 'Ｌ市' && r[4] === '戸籍');
  assert.match(koseki[head.indexOf('警告')], /停滞/);
});

test('one export: no trend, but the distribution of rates and each 業務 mean', async (t) => {
  const page = await open(t);
  await setAsOf(page, '2026-02-01');
  await dropFiles(page, [fixture('monthly_r8_01.xlsx')]);
  await waitSystems(page, 6);
  await page.waitForSelector('[data-chart=distribution] [data-band]');
  assert.equal(await page.$$eval('[data-chart=trend]', (els) => els.length), 0);
  const bands = await page.$$eval('[data-chart=distribution] [data-band]', (els) => els.map((e) => [e.dataset.band, Number(e.dataset.count)]));
  assert.deepEqual(bands, [['under_50', 2], ['50_80', 3], ['80_99', 0], ['100', 1]]);
  const gyomu = await page.$$eval('[data-chart=gyomu] [data-task]', (els) => els.map((e) => [e.dataset.task, Number(e.dataset.value)]));
  assert.deepEqual(gyomu, [['住民記録', 0.85], ['個人住民税', 0.355], ['戸籍', 0.425]]);
});
