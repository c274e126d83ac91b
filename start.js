// Starts the WebAssembly app. Kept as a file so that the page's CSP allows scripts from
// 'self' only (no inline script). Trunk writes the hashed file names into the script tag.
const tag = document.getElementById('shinchoku-start');
const init = (await import(tag.dataset.js)).default;
await init({ module_or_path: tag.dataset.wasm });
