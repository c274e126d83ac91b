// Starts the WebAssembly app. Kept as a file so that the page's CSP allows scripts from
// 'self' only (no inline script). Trunk writes the hashed file names into the script tag.
const tag = document.getElementById('shinchoku-start');

// The .xlsx report module (src/bin/report.rs: report.js + report_bg.wasm next to the page),
// fetched the first time a report is asked for (src/ui/report_module.rs). The page's own hashed
// wasm name is the cache key, so a new build never pairs with an old module.
let report;
globalThis.shinchokuReport = () => {
  report ??= (async () => {
    const version = encodeURIComponent(tag.dataset.wasm);
    const glue = await import(new URL(`report.js?v=${version}`, document.baseURI).href);
    await glue.default({ module_or_path: new URL(`report_bg.wasm?v=${version}`, document.baseURI) });
    return glue;
  })();
  report.catch(() => { report = undefined; });
  return report;
};
// After a failure the module is fetched and started afresh on the next request.
globalThis.shinchokuReportReset = () => { report = undefined; };

const init = (await import(tag.dataset.js)).default;
await init({ module_or_path: tag.dataset.wasm });
