//! Parsing in a Web Worker, so the page stays responsive while a national file loads.
//!
//! The worker runs the same wasm as the page: `worker.js` (a file from 'self', as the CSP's
//! `worker-src 'self'` wants) imports the page's own wasm-bindgen glue and starts it; `main`
//! finds no `window` there and calls [`serve`]. The page posts the dropped `File`s (no bytes
//! pass through the page's memory); the worker reads them, runs [`analyse_with_progress`],
//! posts progress while it reads, and sends the result encoded by [`crate::wire`] as one
//! transferred buffer.
//!
//! Messages, page → worker: `{id, files}`. Worker → page: `{kind: "ready"}`,
//! `{kind: "progress", id, ...}`, `{kind: "done", id, analysis}` and, if the worker panics,
//! `{kind: "panic", message}` before it dies. A dead worker (panic, crash, failed start) turns
//! the files into Japanese error messages and is replaced on the next load.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::analyse::{analyse_with_progress, Analysis, FileError, Input, Progress};
use crate::limits::Limits;

/// The worker's script, next to index.html.
const SCRIPT: &str = "worker.js";

fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn get_str(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_default()
}

fn get_usize(obj: &JsValue, key: &str) -> usize {
    get(obj, key).as_f64().map_or(0, |n| n as usize)
}

// ---------------------------------------------------------------------------------------------
// Inside the worker.

/// Runs in the worker: answers each `{id, files}` with progress and the encoded analysis.
pub fn serve() {
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else { return };
    {
        let scope = scope.clone();
        std::panic::set_hook(Box::new(move |info| {
            let msg = Object::new();
            set(&msg, "kind", "panic");
            set(&msg, "message", info.to_string());
            let _ = scope.post_message(&msg);
        }));
    }
    let handler = {
        let scope = scope.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| job(&scope, &e.data()))
    };
    scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget(); // ok: lives as long as the worker
    let ready = Object::new();
    set(&ready, "kind", "ready");
    let _ = scope.post_message(&ready);
    warm(scope, WARM_RUNS);
}

/// Reads done ahead of the first file, one per timer tick (a file's request is handled between
/// two of them), alternating the built-in sample (wide layout) and [`WARM_LONG`]. The browser
/// first runs wasm through a quick baseline compiler and optimises a function only once it has
/// run enough; without this the first national file took 3-4× as long as the same file dropped
/// again (tests/browser/bench.mjs). Warming on the wide sample alone left the long layout's
/// code cold (national_long's first parse stayed ~1.5× slower).
const WARM_RUNS: u32 = 40;

/// A small long-layout workbook (one row per item), read by the warm-up.
const WARM_LONG: &[u8] = include_bytes!("../../tests/fixtures/long_layout.xlsx");

fn warm(scope: DedicatedWorkerGlobalScope, left: u32) {
    if left == 0 {
        return;
    }
    let input = if left % 2 == 0 {
        crate::analyse::sample::input()
    } else {
        Input { name: "warm.xlsx".to_owned(), bytes: WARM_LONG.to_vec() }
    };
    let _ = crate::analyse::analyse(&[input], &Limits::default());
    let next = {
        let scope = scope.clone();
        Closure::once_into_js(move || warm(scope, left - 1))
    };
    let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
}

fn read_file(file: &web_sys::File) -> Option<Vec<u8>> {
    let reader = web_sys::FileReaderSync::new().ok()?;
    let buffer = reader.read_as_array_buffer(file).ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

fn job(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    let id = get(data, "id");
    let files = Array::from(&get(data, "files"));
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for file in files.iter().filter_map(|f| f.dyn_into::<web_sys::File>().ok()) {
        let name = file.name();
        match read_file(&file) {
            Some(bytes) => inputs.push(Input { name, bytes }),
            None => errors.push(FileError {
                message: format!("「{name}」を読み込めませんでした：ファイルを開けませんでした（移動・削除されたか、権限がありません）。"),
                file: name,
            }),
        }
    }
    let mut progress = |p: &Progress| {
        let msg = Object::new();
        set(&msg, "kind", "progress");
        set(&msg, "id", id.clone());
        set(&msg, "file", p.file.as_str());
        set(&msg, "fileIndex", p.file_index as f64);
        set(&msg, "files", p.files as f64);
        set(&msg, "bytes", p.bytes as f64);
        set(&msg, "sheet", p.sheet.as_str());
        set(&msg, "sheetIndex", p.sheet_index as f64);
        set(&msg, "sheets", p.sheets as f64);
        set(&msg, "rows", p.rows as f64);
        let _ = scope.post_message(&msg);
    };
    let mut analysis = analyse_with_progress(&inputs, &Limits::default(), &mut progress);
    drop(inputs);
    analysis.errors.extend(errors);
    let encoded = Uint8Array::from(crate::wire::encode(&analysis).as_slice());
    drop(analysis);
    let msg = Object::new();
    set(&msg, "kind", "done");
    set(&msg, "id", id);
    set(&msg, "analysis", encoded.clone());
    let _ = scope.post_message_with_transfer(&msg, &Array::of1(&encoded.buffer()));
}

// ---------------------------------------------------------------------------------------------
// On the page.

/// What the page asked for and is waiting for.
struct Job {
    id: u32,
    names: Vec<String>,
    files: Array,
    on_progress: Rc<dyn Fn(Progress)>,
    on_done: Rc<dyn Fn(Analysis)>,
}

#[derive(Default)]
struct Parser {
    worker: Option<Worker>,
    ready: bool,
    /// Posted (or waiting for `ready`), not answered yet.
    job: Option<Job>,
    posted: bool,
    next_id: u32,
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::default());
}

/// The page's glue script and wasm, absolute, from the start tag Trunk writes.
fn assets() -> Option<(String, String)> {
    let document = web_sys::window()?.document()?;
    let tag = document.get_element_by_id("shinchoku-start")?;
    let base = document.base_uri().ok().flatten()?;
    let abs = |attr: &str| -> Option<String> {
        let rel = tag.get_attribute(attr)?;
        Some(web_sys::Url::new_with_base(&rel, &base).ok()?.href())
    };
    Some((abs("data-js")?, abs("data-wasm")?))
}

fn spawn() -> Option<Worker> {
    let (js, wasm) = assets()?;
    let url = format!("{SCRIPT}?js={}&wasm={}", js_sys::encode_uri_component(&js), js_sys::encode_uri_component(&wasm));
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&url, &options).ok()?;
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_message(&e.data()));
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget(); // ok: one per worker, and workers are replaced only after a failure
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        e.prevent_default();
        fail();
    });
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    onerror.forget();
    Some(worker)
}

/// Starts the worker ahead of the first file, so its wasm is compiled by the time one comes.
pub fn warm_up() {
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        if p.worker.is_none() {
            p.worker = spawn();
        }
    });
}

/// Whether parsing can go to a worker here.
pub fn available() -> bool {
    warm_up();
    PARSER.with(|p| p.borrow().worker.is_some())
}

/// Parses `files` in the worker; `on_progress` and then `on_done` are called on the page.
/// A newer call supersedes an unanswered older one (its answer is ignored).
pub fn parse(files: Vec<web_sys::File>, on_progress: Rc<dyn Fn(Progress)>, on_done: Rc<dyn Fn(Analysis)>) {
    warm_up();
    let names = files.iter().map(|f| f.name()).collect();
    let array = Array::new();
    for f in files {
        array.push(&f);
    }
    let failed = PARSER.with(|p| {
        let mut p = p.borrow_mut();
        p.next_id = p.next_id.wrapping_add(1);
        p.job = Some(Job { id: p.next_id, names, files: array, on_progress, on_done });
        p.posted = false;
        p.worker.is_none()
    });
    if failed {
        fail();
    } else {
        post_pending();
    }
}

fn post_pending() {
    PARSER.with(|p| {
        let mut p = p.borrow_mut();
        if !p.ready || p.posted {
            return;
        }
        let (Some(worker), Some(job)) = (p.worker.as_ref(), p.job.as_ref()) else { return };
        let msg = Object::new();
        set(&msg, "id", job.id);
        set(&msg, "files", job.files.clone());
        if worker.post_message(&msg).is_ok() {
            p.posted = true;
        }
    });
}

fn on_message(data: &JsValue) {
    let kind = get_str(data, "kind");
    match kind.as_str() {
        "ready" => {
            PARSER.with(|p| p.borrow_mut().ready = true);
            post_pending();
        }
        "progress" | "done" => {
            let id = get(data, "id").as_f64().map(|n| n as u32);
            let job = PARSER.with(|p| {
                let p = p.borrow();
                p.job.as_ref().filter(|j| Some(j.id) == id).map(|j| (j.on_progress.clone(), j.on_done.clone()))
            });
            let Some((on_progress, on_done)) = job else { return };
            if kind == "progress" {
                on_progress(Progress {
                    file_index: get_usize(data, "fileIndex"),
                    files: get_usize(data, "files"),
                    file: get_str(data, "file"),
                    bytes: get_usize(data, "bytes"),
                    sheet: get_str(data, "sheet"),
                    sheet_index: get_usize(data, "sheetIndex"),
                    sheets: get_usize(data, "sheets"),
                    rows: get_usize(data, "rows"),
                });
                return;
            }
            PARSER.with(|p| p.borrow_mut().job = None);
            let bytes = get(data, "analysis").dyn_into::<Uint8Array>().map(|a| a.to_vec()).unwrap_or_default();
            match crate::wire::decode(&bytes) {
                Some(analysis) => on_done(analysis),
                None => fail(),
            }
        }
        "panic" => {
            web_sys::console::error_1(&JsValue::from_str(&get_str(data, "message")));
            fail();
        }
        _ => {}
    }
}

/// The worker died or could not start: the waiting files become error messages and the next
/// load starts a new worker.
fn fail() {
    let job = PARSER.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(w) = p.worker.take() {
            w.terminate();
        }
        p.ready = false;
        p.posted = false;
        p.job.take()
    });
    let Some(job) = job else { return };
    let errors = job
        .names
        .into_iter()
        .map(|name| FileError {
            message: format!(
                "「{name}」を読み込めませんでした：読み込みの途中で内部エラーが発生しました。\
                 ファイルを Excel で開いて .xlsx 形式で保存し直すと読める場合があります。"
            ),
            file: name,
        })
        .collect();
    (job.on_done)(Analysis { errors, ..Analysis::default() });
}
