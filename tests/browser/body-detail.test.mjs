// Body detail (issue 6.1): a body's tasks, systems and phases as an SVG timeline, like the
// seed's completion-deadline chart, with each row's status and recommended action.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suite, loadSample, csv, fileInput, waitLoaded, setAsOf, moveHighlight } from './harness.mjs';

const { open, foreign } = suite();
const detail = '[data-hook=body-detail]';

async function openFromMatrix(page, name) {
  await page.click(`[data-hook=matrix] [data-open-body="${name}"]`);
  await page.waitForSelector(`${detail}[data-organization="${name}"]`);
}

test('clicking a body in the matrix shows one timeline row per phase, in the file order', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｂ市');
  const phases = await page.$$eval(`${detail} tbody tr`, (trs) => trs.map((tr) => tr.dataset.phase));
  assert.deepEqual(phases, ['設計工程', '製造・導入・適用工程', 'テスト工程', '団体内連携テスト工程']);
});

test('each row draws a planned bar and an actual bar as SVG', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｂ市');
  const bars = await page.$$eval(`${detail} tbody tr`, (trs) => trs.map((tr) => ({
    planned: tr.querySelectorAll('svg rect.tl-planned').length,
    actual: tr.querySelectorAll('svg rect.tl-actual').length,
    open: tr.querySelectorAll('svg rect.tl-open').length,
  })));
  assert.ok(bars.every((b) => b.planned === 1 && b.actual === 1), JSON.stringify(bars));
  // The last phase started 6/1 and has not finished by 7/15: its actual bar runs open to the as-of line.
  assert.equal(bars.at(-1).open, 1);
});

test('the as-of line and the deadline markers of the profile are drawn, labelled like the seed', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｅ町');
  const labels = await page.$$eval(`${detail} svg.tl-axis text`, (ts) => ts.map((x) => x.textContent));
  assert.ok(labels.includes('▼ 9/1 クール0開始'), labels.join(' | '));
  assert.ok(labels.includes('▼ 11/1 クール1開始'), labels.join(' | '));
  assert.ok(labels.includes('▼ 6/30 団体内連携テスト完了（従前）'), labels.join(' | '));
  assert.ok(labels.includes('基準日 7/15'), labels.join(' | '));
  const rowLines = await page.$eval(`${detail} tbody tr svg`, (svg) => ({
    asOf: svg.querySelectorAll('line.tl-as-of').length,
    deadlines: svg.querySelectorAll('line.tl-deadline').length,
  }));
  assert.deepEqual(rowLines, { asOf: 1, deadlines: 2 });
});

test('the as-of line sits between the bars of dates before and after it', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｅ町');
  // Ｅ町's last phase: planned 2016-01-01 … 2016-12-31, as of 2016-07-15.
  const geometry = await page.$eval(`${detail} tbody tr:last-child svg`, (svg) => {
    const bar = svg.querySelector('rect.tl-planned');
    const line = svg.querySelector('line.tl-as-of');
    return { start: Number(bar.getAttribute('x')), end: Number(bar.getAttribute('x')) + Number(bar.getAttribute('width')), asOf: Number(line.getAttribute('x1')) };
  });
  assert.ok(geometry.start < geometry.asOf && geometry.asOf < geometry.end, JSON.stringify(geometry));
});

test('each row shows its status as text and colour, and the recommended action', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｂ市');
  const last = await page.$eval(`${detail} tbody tr:last-child`, (tr) => ({
    status: tr.dataset.status,
    badge: tr.querySelector('.badge').textContent,
    colour: tr.querySelector('.badge').className,
    action: tr.querySelector('.tl-action').textContent,
  }));
  assert.equal(last.status, 'plan_overrun');
  assert.equal(last.badge, '未完了（計画超過）');
  assert.match(last.colour, /st-plan_overrun/);
  assert.match(last.action, /書き換えを当該団体に要請/);
});

test('a body name in the results table opens its detail too', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.click('[data-hook=results] tr[data-organization="Ｇ町"] [data-open-body]');
  await page.waitForSelector(`${detail}[data-organization="Ｇ町"]`);
  const last = await page.$eval(`${detail} tbody tr:last-child`, (tr) => ({
    status: tr.dataset.status, bars: tr.querySelectorAll('rect').length,
  }));
  assert.deepEqual(last, { status: 'unreported', bars: 0 });
});

test('the detail is reachable and closable by keyboard, and focus returns to the body name', async (t) => {
  const page = await open(t);
  await loadSample(page);
  const opener = '[data-hook=matrix] [data-open-body="Ｈ村"]';
  await page.focus(opener);
  await page.keyboard.press('Enter');
  await page.waitForSelector(detail);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'close-body-detail');
  // A native <dialog> shown modal: over the page, which is inert meanwhile.
  assert.equal(await page.$eval(detail, (e) => e.closest('dialog')?.matches(':modal') ?? false), true);
  await page.keyboard.press('Escape');
  await page.waitForSelector(detail, { state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.openBody), 'Ｈ村');
});

test('Tab and Shift+Tab keep focus inside the open detail (it is modal)', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｂ市');
  const inside = () => page.evaluate(() => !!document.activeElement?.closest('[data-hook=body-detail]'));
  const focusable = await page.$$eval(`${detail} button, ${detail} [href], ${detail} [tabindex]:not([tabindex="-1"])`, (els) => els.length);
  assert.ok(focusable >= 1);
  for (let i = 0; i < focusable + 2; i += 1) {
    await page.keyboard.press('Tab');
    assert.ok(await inside(), `Tab ${i + 1}: focus left the dialog`);
  }
  for (let i = 0; i < focusable + 2; i += 1) {
    await page.keyboard.press('Shift+Tab');
    assert.ok(await inside(), `Shift+Tab ${i + 1}: focus left the dialog`);
  }
});

test('Enter on the highlighted row of the results table opens the detail of its body', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await page.focus('[data-hook=results]');
  for (let i = 0; i < 5; i += 1) await moveHighlight(page, 'ArrowDown');
  const body = await page.$eval('[data-hook=results] tr[aria-selected=true]', (tr) => tr.dataset.organization);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${detail}[data-organization="${body}"]`);
});

test('the close button closes the detail', async (t) => {
  const page = await open(t);
  await loadSample(page);
  await openFromMatrix(page, 'Ｃ市');
  await page.click('[data-action=close-body-detail]');
  await page.waitForSelector(detail, { state: 'detached' });
});

test('an own office is marked in its detail, and a body name is shown as text only', async (t) => {
  const page = await open(t);
  const rows = [
    ['Ａ県', 'Ａ県教育委員会', 'F-3', '地方税', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '2016/4/1', ''],
    ['Ａ県', '<img src=x onerror=alert(1)>', 'F-3', '地方税', '団体内連携テスト工程', '2016/4/1', '2016/6/30', '', ''],
  ];
  await page.setInputFiles(fileInput, { name: 'own.csv', mimeType: 'text/csv', buffer: csv(rows) });
  await waitLoaded(page, 2);
  await setAsOf(page, '2016-07-15');
  await page.waitForSelector('[data-hook=summary] [data-status=plan_overrun][data-count="2"]');
  await openFromMatrix(page, 'Ａ県教育委員会');
  assert.match(await page.textContent(`${detail} h2`), /自庁内/);
  assert.match(await page.textContent(`${detail} .tl-action`), /自らアクションプランを書き換える/);
  await page.click('[data-action=close-body-detail]');
  await openFromMatrix(page, '<img src=x onerror=alert(1)>');
  assert.equal(await page.$$eval(`${detail} img`, (e) => e.length), 0);
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});
