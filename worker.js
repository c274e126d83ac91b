// The page's Web Worker (src/ui/worker.rs). It runs the analyser module (src/bin/analyser.rs:
// reading and classifying): the page passes the URLs of its wasm-bindgen glue and wasm (same
// origin, checked here), and the module's main() finds a worker scope and serves the page's
// requests. A file, not inline code, so the page's CSP (worker-src 'self', script-src 'self')
// allows it.
const params = new URL(self.location.href).searchParams;
const own = (name) => {
  const url = new URL(params.get(name) ?? '', self.location.href);
  if (url.origin !== self.location.origin) throw new Error(`shinchoku worker: ${name} is not from this origin`);
  return url.href;
};
const init = (await import(own('js'))).default;
await init({ module_or_path: own('wasm') });
