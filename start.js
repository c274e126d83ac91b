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

const init = (await import(tag.dataset.js)).default;
await init({ module_or_path: tag.dataset.wasm });
