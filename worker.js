// The parsing Web Worker (src/ui/worker.rs). It runs the page's own wasm: the page passes the
// URLs of its wasm-bindgen glue and wasm (same origin, checked here), and the wasm's main()
// finds no window and serves parse requests. A file, not inline code, so the page's CSP
// (worker-src 'self', script-src 'self') allows it.
const params = new URL(self.location.href).searchParams;
const own = (name) => {
  const url = new URL(params.get(name) ?? '', self.location.href);
  if (url.origin !== self.location.origin) throw new Error(`shinchoku worker: ${name} is not from this origin`);
  return url.href;
};
const init = (await import(own('js'))).default;
await init({ module_or_path: own('wasm') });
