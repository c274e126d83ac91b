// Browser tests of the built page (dist/) in real headless Chromium, served on loopback.
// Run through ./run.sh (builds the page first). Nothing here reaches beyond 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { serve, launch, fixture, dropFile, moveHighlight } from './harness.mjs';

let server;
let base;
let browser;
const foreign = []; // every request, from any page, that left the page's own origin

before(async () => {
  server = await serve();
  base = server.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A fresh page (own context: empty localStorage) with the app started. */
async function open(t) {
  const context = await browser.newContext({ acceptDownloads: true, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  const problems = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base + '/') && !r.url().startsWith('blob:' + base) && !r.url().startsWith('data:')) {
      foreign.push(r.url());
    }
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', (d) => { problems.push('dialog: ' + d.message()); d.dismiss(); });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], 'no page errors or dialogs');
  });
  await page.goto(base + '/');
  await page.waitForSelector('[data-hook=summary] [data-count]');
  return page;
}

const fileInput = 'input[type=file][multiple]';

async function counts(page) {
  return page.$$eval('[data-hook=summary] [data-status][data-count]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.status, Number(e.dataset.count)])));
}

async function rows(page) {
  return page.$$eval('[data-hook=results] tr[data-status]', (els) =>
    els.map((e) => ({ ...e.dataset })));
}

async function shownCount(page) {
  return page.textContent('[data-hook=result-count]');
}

async function setAsOf(page, iso) {
  await page.fill('[data-setting=as-of]', iso);
  await page.dispatchEvent('[data-setting=as-of]', 'change');
}

async function waitLoaded(page, n) {
  await page.waitForFunction((n) => {
    const el = document.querySelector('[data-hook=result-count]');
    return el && el.dataset.total === String(n);
  }, n);
}

const SECTION_7 = {
  'Ｂ市': 'plan_overrun', 'Ｃ市': 'done', 'Ｄ市': 'done', 'Ｅ町': 'deadline_exceeded',
  'Ｆ町': 'done', 'Ｇ町': 'unreported', 'Ｈ村': 'deadline_exceeded',
};
const SECTION_7_COUNTS = { deadline_exceeded: 2, unreported: 1, plan_overrun: 1, on_track: 0, done: 24, not_applicable: 0 };

test('the start screen offers a multi-file input for the export types and says the file stays here', async (t) => {
  const page = await open(t);
  const accept = await page.getAttribute(fileInput, 'accept');
  assert.deepEqual(accept.split(',').sort(), ['.csv', '.ods', '.xls', '.xlsb', '.xlsm', '.xlsx']);
  assert.match(await page.textContent('body'), /このPCから外に出ません/);
  assert.deepEqual(await counts(page), { deadline_exceeded: 0, unreported: 0, plan_overrun: 0, on_track: 0, done: 0, not_applicable: 0 });
});

test('the dropped seed workbook shows SPEC §7 per body, and a new as-of date reclassifies at once', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('seed_f3.xlsx'));
  await waitLoaded(page, 28);
  // Today (default) every unfinished body is past its deadline; H村's 2017 actual end counts.
  const today = await counts(page);
  assert.equal(today.done + today.deadline_exceeded, 28);

  await setAsOf(page, '2016-07-15');
  await page.waitForSelector('[data-hook=summary] [data-status=plan_overrun][data-count="1"]');
  assert.deepEqual(await counts(page), SECTION_7_COUNTS);

  await page.selectOption('[data-filter=phase]', { label: '団体内連携テスト工程' });
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]').dataset.shown === '7');
  const last = Object.fromEntries((await rows(page)).map((r) => [r.organization, r.status]));
  assert.deepEqual(last, SECTION_7);
  const matrix = await page.$$eval('[data-hook=matrix] tbody tr', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.organization, e.dataset.rollup])));
  assert.deepEqual(matrix, SECTION_7);
  for (const r of await rows(page)) {
    assert.equal(r.task, 'F-3');
    assert.equal(r.system, '地方税関連システム');
    assert.equal(r.phase, '団体内連携テスト工程');
  }
});

test('a file dropped on the drop zone loads', async (t) => {
  const page = await open(t);
  await dropFile(page, fixture('seed_f3.xlsx'));
  await waitLoaded(page, 28);
  assert.match(await page.textContent('[data-hook=loaded-files]'), /seed_f3\.xlsx/);
});

test('the built-in sample loads with its own as-of date', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  assert.equal(await page.inputValue('[data-setting=as-of]'), '2016-07-15');
  assert.deepEqual(await counts(page), SECTION_7_COUNTS);
  assert.equal((await shownCount(page)).trim(), '28 / 28 件');
});

test('clicking a status count filters by it, and clicking again clears it', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  await page.click('[data-hook=summary] [data-status=deadline_exceeded]');
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]').dataset.shown === '2');
  assert.equal((await shownCount(page)).trim(), '2 / 28 件');
  assert.deepEqual((await rows(page)).map((r) => [r.organization, r.status]),
    [['Ｅ町', 'deadline_exceeded'], ['Ｈ村', 'deadline_exceeded']]);
  await page.click('[data-hook=summary] [data-status=deadline_exceeded]');
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]').dataset.shown === '28');
});

test('the body filter ignores full and half width and spaces', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  for (const text of ['b市', 'Ｂ市', 'Ｂ 市']) {
    await page.fill('[data-filter=body]', text);
    await page.waitForFunction(() => document.querySelector('[data-hook=result-count]').dataset.shown === '4');
    assert.deepEqual([...new Set((await rows(page)).map((r) => r.organization))], ['Ｂ市'], text);
  }
  await page.fill('[data-filter=body]', 'Ｚ村');
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]').dataset.shown === '0');
});

test('a column heading sorts, and again sorts the other way', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  await page.click('[data-sort=days_late]');
  await page.waitForSelector('th[aria-sort=ascending] [data-sort=days_late]');
  assert.equal((await rows(page))[0].organization, 'Ｂ市'); // 15 days
  await page.click('[data-sort=days_late]');
  await page.waitForSelector('th[aria-sort=descending] [data-sort=days_late]');
  assert.deepEqual((await rows(page)).slice(0, 3).map((r) => r.organization), ['Ｈ村', 'Ｅ町', 'Ｂ市']);
});

test('the table is usable by keyboard', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  await page.focus('[data-hook=results]');
  await moveHighlight(page, 'ArrowDown');
  await moveHighlight(page, 'ArrowDown');
  const active = await page.$eval('[data-hook=results] tr[aria-selected=true]', (e) => e.dataset.organization);
  assert.equal(active, 'Ｂ市');
  assert.match(await page.textContent('[data-hook=row-detail]'), /製造・導入・適用工程/);
  await page.keyboard.press('End');
  await page.waitForSelector('[data-hook=results] tr[aria-selected=true][data-organization="Ｈ村"][data-phase="団体内連携テスト工程"]');
});

test('copying the filtered rows gives a TSV table and a mail list', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  await page.click('[data-hook=summary] [data-status=deadline_exceeded]');
  await page.waitForFunction(() => document.querySelector('[data-hook=result-count]').dataset.shown === '2');

  await page.click('[data-action=copy-tsv]');
  await page.waitForFunction(() => /コピーしました/.test(document.querySelector('[data-hook=notice]').textContent));
  const tsv = await page.evaluate(() => navigator.clipboard.readText());
  const lines = tsv.split('\r\n');
  assert.equal(lines.at(-1), '');
  assert.equal(lines.length, 4);
  const head = lines[0].split('\t');
  assert.equal(head[1], '団体名');
  assert.equal(head[13], '状況');
  const e = lines[1].split('\t');
  assert.equal(e.length, head.length);
  assert.deepEqual([e[1], e[9], e[13], e[15]], ['Ｅ町', '2016-12-31', '未完了（規定超過）', '60']);

  await page.click('[data-action=copy-mail]');
  await page.waitForFunction(() => /メール用/.test(document.querySelector('[data-hook=notice]').textContent));
  const mail = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(mail, /^基準日 2016-07-15 時点の進捗状況（2 件）/);
  assert.match(mail, /Ｈ村/);
});

test('the CSV download is UTF-8 with a BOM and neutralises formula cells; hostile text stays text', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('hostile_cells.csv'));
  await waitLoaded(page, 3);
  const organizations = (await rows(page)).map((r) => r.organization);
  assert.ok(organizations.includes('<script>alert(1)</script>'));
  assert.equal(await page.$$eval('[data-hook=results] img, [data-hook=results] script', (e) => e.length), 0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-csv]')]);
  assert.match(download.suggestedFilename(), /^shinchoku_\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await fs.readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.startsWith('都道府県,団体名,'));
  assert.ok(text.includes(`"'=HYPERLINK(""http://example.com"",""x"")"`), text);
  assert.ok(text.includes(`,'+SUM(A1),`));
  assert.ok(text.includes(`,'@cmd,`));
  assert.ok(!/(^|,)[=+@]/m.test(text), 'no cell starts with a formula character');
});

test('the .xlsx report downloads as a workbook', async (t) => {
  const page = await open(t);
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-xlsx]')]);
  assert.equal(download.suggestedFilename(), 'shinchoku_2016-07-15.xlsx');
  const bytes = await fs.readFile(await download.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(bytes.length > 4000);
});

test('the report writer is fetched only when a report is first asked for, and once', async (t) => {
  const page = await open(t);
  const fetched = [];
  page.on('request', (r) => { if (/\/report(_bg\.wasm|\.js)\b/.test(r.url())) fetched.push(new URL(r.url()).pathname); });
  await page.click('[data-action=load-sample]');
  await waitLoaded(page, 28);
  assert.deepEqual(fetched, [], 'nothing of the report module before a report is asked for');
  for (let i = 0; i < 2; i += 1) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-xlsx]')]);
    assert.equal(download.suggestedFilename(), 'shinchoku_2016-07-15.xlsx');
  }
  assert.deepEqual(fetched.sort(), ['/report.js', '/report_bg.wasm']);
});

test('a bad file shows a Japanese message naming it, the other files load, and the page keeps working', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, [fixture('garbage.xlsx'), fixture('seed_f3.xlsx')]);
  await waitLoaded(page, 28);
  const message = await page.textContent('[data-error-file="garbage.xlsx"]');
  assert.match(message, /「garbage\.xlsx」を読み込めませんでした：/);

  await page.setInputFiles(fileInput, fixture('garbage.xlsx'));
  await page.waitForFunction(() => !document.querySelector('[data-hook=result-count]'));
  assert.match(await page.textContent('[data-hook=errors]'), /garbage\.xlsx/);

  await page.setInputFiles(fileInput, fixture('seed_f3.xlsx'));
  await waitLoaded(page, 28);
  assert.equal(await page.$('[data-hook=errors]'), null);
});

test('a sheet without an action-plan table is listed as skipped, with its reason in Japanese', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('awkward.xlsx'));
  await waitLoaded(page, 2);
  const skipped = await page.textContent('[data-hook=skipped] [data-skipped-sheet="表紙"]');
  assert.match(skipped, /awkward\.xlsx のシート「表紙」：.*見出し行がありません/);
});

test('a large file is virtualised: few rows in the DOM, all of them reachable', async (t) => {
  const page = await open(t);
  const n = 20000;
  const lines = ['団体名,タスク,システム,開始予定日,終了予定日,開始実績日,終了実績日'];
  for (let i = 0; i < n; i++) lines.push(`団体${i},F-3,地方税,2016/4/1,2016/6/30,,`);
  await page.setInputFiles(fileInput, { name: 'large.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await waitLoaded(page, n);
  // Counts are written with thousands separators (28,625 件).
  assert.equal((await shownCount(page)).trim(), `${n.toLocaleString('en-US')} / ${n.toLocaleString('en-US')} 件`);
  assert.ok((await rows(page)).length < 100);
  await page.focus('[data-hook=results]');
  await page.keyboard.press('End');
  await page.waitForSelector(`[data-hook=results] tr[aria-selected=true][data-organization="団体${n - 1}"]`);
  assert.ok((await rows(page)).length < 100);
});

test('settings are remembered, workbook data never is', async (t) => {
  const page = await open(t);
  await page.setInputFiles(fileInput, fixture('seed_f3.xlsx'));
  await waitLoaded(page, 28);
  await setAsOf(page, '2016-07-15');
  await page.click('[data-hook=profile] summary');
  await page.fill('[data-setting=deadline-2]', '2016-12-31');
  await page.dispatchEvent('[data-setting=deadline-2]', 'change');
  // E町's planned end 2016-12-31 is now within the deadline.
  await page.waitForSelector('[data-hook=summary] [data-status=on_track][data-count="1"]');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.match(stored, /2016-07-15/);
  assert.match(stored, /2016-12-31/);
  assert.doesNotMatch(stored, /Ｂ市|地方税/);
  await page.reload();
  await page.waitForSelector('[data-hook=summary] [data-count]');
  assert.equal(await page.inputValue('[data-setting=as-of]'), '2016-07-15');
  await page.click('[data-hook=profile] summary');
  assert.equal(await page.inputValue('[data-setting=deadline-2]'), '2016-12-31');
});

test('the page has a CSP that blocks requests to other origins', async (t) => {
  const page = await open(t);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/);
  const outcome = await page.evaluate(async () => {
    // The report of the violation is awaited as an event, not given a time to arrive in.
    const violation = new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true });
    });
    try {
      await fetch('https://example.com/');
      return { fetched: true };
    } catch {
      return { fetched: false, violation: await violation };
    }
  });
  assert.deepEqual(outcome, { fetched: false, violation: 'connect-src' });
});

test('no page made a request outside its own origin', () => {
  assert.deepEqual(foreign, []);
});

test('the shipped page exports no test hook', async (t) => {
  const page = await open(t);
  const hook = await page.evaluate(async () =>
    typeof (await import(document.getElementById('shinchoku-start').dataset.js)).panic_for_test);
  assert.equal(hook, 'undefined');
});
