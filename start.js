// Starts the WebAssembly app. Kept as a file so that the page's CSP allows scripts from
// 'self' only (no inline script). Trunk writes the hashed file names into the script tag.
const tag = document.getElementById('shinchoku-start');

// The page's two other wasm modules, next to the page (scripts/post-build.sh builds them):
//  - shinchokuAnalyser(): the analyser (src/bin/analyser.rs: reading and classifying). The page
//    runs it in a Web Worker (worker.js); this loader starts it on the page's thread only where
//    no worker can start (src/ui/worker.rs).
//  - shinchokuReport(): the .xlsx report writer (src/bin/report.rs), fetched the first time a
//    report is asked for (src/ui/report_module.rs).
// The page's own hashed wasm name is the cache key, so a new build never pairs with an old
// module. After a failure a module is fetched and started afresh on the next request.
const loader = (name) => {
  let module;
  const load = () => {
    module ??= (async () => {
      const version = encodeURIComponent(tag.dataset.wasm);
      const glue = await import(new URL(`${name}.js?v=${version}`, document.baseURI).href);
      await glue.default({ module_or_path: new URL(`${name}_bg.wasm?v=${version}`, document.baseURI) });
      return glue;
    })();
    module.catch(() => { module = undefined; });
    return module;
  };
  return [load, () => { module = undefined; }];
};
[globalThis.shinchokuAnalyser, globalThis.shinchokuAnalyserReset] = loader('analyser');
[globalThis.shinchokuReport, globalThis.shinchokuReportReset] = loader('report');

// The analyser's Web Worker starts now, before the page's own wasm, so that the analyser
// compiles and warms up while the page starts: a file dropped the moment the page shows waits
// for less. The page (src/ui/worker.rs) takes the worker over, with any message it posted
// before then. Where no worker can start, the page runs the analyser itself.
try {
  const url = (name) => encodeURIComponent(new URL(`${name}?v=${encodeURIComponent(tag.dataset.wasm)}`, document.baseURI).href);
  const worker = new Worker(`worker.js?js=${url('analyser.js')}&wasm=${url('analyser_bg.wasm')}`, { type: 'module' });
  const early = [];
  worker.onmessage = (e) => early.push(e.data);
  worker.onerror = (e) => { e.preventDefault(); early.push({ kind: 'error' }); };
  globalThis.shinchokuWorker = { worker, early };
} catch (e) {
  console.warn('shinchoku: no worker here; files are read on the page', e);
}

const init = (await import(tag.dataset.js)).default;
await init({ module_or_path: tag.dataset.wasm });
