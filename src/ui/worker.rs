//! The page's side of the analyser module (src/bin/analyser.rs: reading, detecting, extracting
//! and classifying, in a wasm of its own), so the page stays responsive while a national file
//! loads and its own wasm holds only the UI.
//!
//! The module runs in a Web Worker: `worker.js` (a file from 'self', as the CSP's `worker-src
//! 'self'` wants) imports `analyser.js` and starts it. `start.js` starts that worker before the
//! page's own wasm, and the page takes it over ([`warm_up`]). The page posts the dropped `File`s
//! (no bytes pass through the page's memory). Where no worker can start (the single-file page
//! opened from `file://`), the same module runs on the page's thread: `start.js` (or the
//! single-file page's inline script) provides `shinchokuAnalyser()`, the page reads the files
//! and calls its `request` with the same messages, [`crate::protocol`]'s `Request` and
//! `Reply`: a reply that does not decode, or a `Failed` one, is an error the user sees.
//!
//! A dead module (panic, crash, failed start) turns what was waiting into Japanese error
//! messages and is replaced on the next request.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use chrono::NaiveDate;
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::analyse::{Analysis, FileError, Progress};
use crate::js::{get, get_str, set};
use crate::profile::Profile;
pub use crate::protocol::Sample;
use crate::protocol::{Reply, Request, Scope, Settings};
use crate::summary::Early;

/// The worker's script, next to index.html.
const SCRIPT: &str = "worker.js";

/// What to load.
pub enum Source {
    Files(Vec<web_sys::File>),
    /// One of the built-in samples, which live in the analyser module.
    Sample(Sample),
}

pub use crate::page::{Classified, Loaded};

type Callback<T> = Rc<dyn Fn(T)>;

/// What the page asked for and is waiting for.
#[derive(Clone)]
enum Waiting {
    Load { names: Vec<String>, on_progress: Callback<Progress>, on_early: Callback<Early>, on_done: Callback<Loaded> },
    Classify { on_done: Callback<Result<Classified, String>> },
    Read { names: Vec<String>, on_done: Callback<Analysis> },
}

#[derive(Default)]
struct Analyser {
    worker: Option<Worker>,
    /// No worker could start here: the module runs on the page's thread.
    in_page: bool,
    ready: bool,
    /// Messages waiting for the worker's `ready`.
    queue: Vec<Object>,
    waiting: BTreeMap<u32, Waiting>,
    next_id: u32,
}

thread_local! {
    static ANALYSER: RefCell<Analyser> = RefCell::new(Analyser::default());
}

fn bytes(obj: &JsValue, key: &str) -> Vec<u8> {
    get(obj, key).dyn_into::<Uint8Array>().map(|a| a.to_vec()).unwrap_or_default()
}

/// The analyser's glue and wasm, absolute, next to the page; the page's own hashed wasm name
/// is the cache key, so a new page never pairs with an old module.
fn assets() -> Option<(String, String)> {
    let document = web_sys::window()?.document()?;
    let version =
        js_sys::encode_uri_component(&document.get_element_by_id("shinchoku-start")?.get_attribute("data-wasm")?);
    let base = document.base_uri().ok().flatten()?;
    let abs = |rel: &str| Some(web_sys::Url::new_with_base(&format!("{rel}?v={version}"), &base).ok()?.href());
    Some((abs("analyser.js")?, abs("analyser_bg.wasm")?))
}

fn spawn() -> Option<Worker> {
    let (js, wasm) = assets()?;
    let url = format!("{SCRIPT}?js={}&wasm={}", js_sys::encode_uri_component(&js), js_sys::encode_uri_component(&wasm));
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&url, &options).ok()?;
    listen(&worker);
    Some(worker)
}

/// The worker `start.js` started before the page's wasm (taken once), with the messages it
/// posted before the page listened.
fn adopt() -> Option<(Worker, Array)> {
    let global = js_sys::global();
    let key = JsValue::from_str("shinchokuWorker");
    let handle = Reflect::get(&global, &key).ok().filter(|h| h.is_object())?;
    let _ = Reflect::set(&global, &key, &JsValue::UNDEFINED);
    let worker = get(&handle, "worker").dyn_into::<Worker>().ok()?;
    listen(&worker);
    Some((worker, Array::from(&get(&handle, "early"))))
}

fn listen(worker: &Worker) {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| on_message(&e.data()));
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget(); // ok: one per worker, and workers are replaced only after a failure
    let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        e.prevent_default();
        fail();
    });
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    onerror.forget();
}

/// Takes over the worker `start.js` started, or starts one, ahead of the first file, so its
/// wasm is compiled (and warmed) by the time one comes.
pub fn warm_up() {
    let early = ANALYSER.with(|a| {
        let mut a = a.borrow_mut();
        if a.worker.is_some() || a.in_page {
            return None;
        }
        let (worker, early) = match adopt() {
            Some((worker, early)) => (Some(worker), Some(early)),
            None => (spawn(), None),
        };
        a.in_page = worker.is_none();
        a.worker = worker;
        early
    });
    // What the adopted worker said before the page listened (its `ready`, or an error).
    for msg in early.iter().flat_map(|e| e.iter()) {
        if get_str(&msg, "kind") == "error" {
            fail();
        } else {
            on_message(&msg);
        }
    }
}

/// A message to post: `request` as its `message`.
fn message(request: &Request) -> Object {
    let msg = Object::new();
    set(&msg, "message", request.encode());
    msg
}

fn settings(as_of: NaiveDate, profile: &Profile) -> Settings {
    Settings { as_of, profile: profile.clone() }
}

/// Registers `waiting` under a new id; a newer request of the same kind supersedes an
/// unanswered older one (its answer is ignored).
fn register(waiting: Waiting) -> u32 {
    ANALYSER.with(|a| {
        let mut a = a.borrow_mut();
        a.next_id = a.next_id.wrapping_add(1);
        let id = a.next_id;
        let same = std::mem::discriminant(&waiting);
        a.waiting.retain(|_, w| std::mem::discriminant(w) != same);
        a.waiting.insert(id, waiting);
        id
    })
}

/// Loads `source` with the page's settings: `on_progress` while it reads, `on_early` with the
/// counts as soon as they are known, `on_done` with everything.
pub fn load(
    source: Source,
    as_of: NaiveDate,
    profile: &Profile,
    on_progress: Callback<Progress>,
    on_early: Callback<Early>,
    scope: Option<&str>,
    on_done: Callback<Loaded>,
) {
    warm_up();
    let (names, files, sample) = match source {
        Source::Files(files) => (files.iter().map(|f| f.name()).collect(), files, None),
        Source::Sample(name) => (Vec::new(), Vec::new(), Some(name)),
    };
    let id = register(Waiting::Load { names, on_progress, on_early, on_done });
    let scope = scope.map(str::to_owned);
    send(message(&Request::Load { id, settings: settings(as_of, profile), sample, scope }), files);
}

/// Reclassifies the loaded files with new settings, where they are.
pub fn classify(as_of: NaiveDate, profile: &Profile, on_done: Callback<Result<Classified, String>>) {
    let id = register(Waiting::Classify { on_done });
    send(message(&Request::Classify { id, settings: settings(as_of, profile) }), Vec::new());
}

/// The user corrected the loaded files' dates (one per file, `None`: undated, SPEC §11): the
/// analyser makes the snapshots again from what it kept and answers as a load does.
pub fn redate(
    dates: &[Option<NaiveDate>],
    names: Vec<String>,
    as_of: NaiveDate,
    profile: &Profile,
    scope: Option<&str>,
    on_done: Callback<Loaded>,
) {
    let id = register(Waiting::Load { names, on_progress: Rc::new(|_| {}), on_early: Rc::new(|_| {}), on_done });
    let scope = scope.map(str::to_owned);
    let request = Request::Dates { id, settings: settings(as_of, profile), dates: dates.to_vec(), scope };
    send(message(&request), Vec::new());
}

/// The loaded files within another prefecture scope (`scope`: a name, `None`: every one): the
/// analyser narrows what it kept and answers as a load does.
pub fn rescope(
    scope: Option<&str>,
    names: Vec<String>,
    as_of: NaiveDate,
    profile: &Profile,
    on_done: Callback<Loaded>,
) {
    let id = register(Waiting::Load { names, on_progress: Rc::new(|_| {}), on_early: Rc::new(|_| {}), on_done });
    let request = Request::Rescope { id, settings: settings(as_of, profile), scope: scope.map(str::to_owned) };
    send(message(&request), Vec::new());
}

/// Reads files without keeping them (an earlier export, for the comparison), within the page's
/// prefecture scope (`scope`).
pub fn read(files: Vec<web_sys::File>, scope: Option<&str>, on_done: Callback<Analysis>) {
    warm_up();
    let names = files.iter().map(|f| f.name()).collect();
    let id = register(Waiting::Read { names, on_done });
    send(message(&Request::Read { id, scope: scope.map(str::to_owned) }), files);
}

/// Sends `msg` with `files`: to the worker (the `File`s themselves), or to the module on the
/// page's thread (their bytes, read first).
fn send(msg: Object, files: Vec<web_sys::File>) {
    let (worker, in_page) = ANALYSER.with(|a| {
        let a = a.borrow();
        (a.worker.clone(), a.in_page)
    });
    if let Some(worker) = worker.filter(|_| !in_page) {
        let array = Array::new();
        for f in files {
            array.push(&f);
        }
        set(&msg, "files", array);
        let ready = ANALYSER.with(|a| a.borrow().ready);
        if !ready || worker.post_message(&msg).is_err() {
            ANALYSER.with(|a| a.borrow_mut().queue.push(msg));
        }
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let (inputs, read_errors) = super::browser::read_files(files).await;
        let names = Array::new();
        let buffers = Array::new();
        for input in inputs {
            names.push(&JsValue::from_str(&input.name));
            buffers.push(&Uint8Array::from(input.bytes.as_slice()));
        }
        set(&msg, "names", names);
        set(&msg, "buffers", buffers);
        // Files the page could not read are errors of the answer, which comes at once.
        add_read_errors(read_errors);
        super::browser::yield_to_browser().await;
        match in_page_module().await {
            Some(request) => {
                let post = Closure::<dyn FnMut(JsValue)>::new(|reply: JsValue| on_message(&reply));
                if request.call2(&JsValue::NULL, &msg, post.as_ref().unchecked_ref()).is_err() {
                    fail();
                }
            }
            None => fail(),
        }
    });
}

/// The module's `request` on the page's thread, started on first use.
async fn in_page_module() -> Option<Function> {
    let load =
        Reflect::get(&js_sys::global(), &JsValue::from_str("shinchokuAnalyser")).ok()?.dyn_into::<Function>().ok()?;
    let promise = load.call0(&JsValue::NULL).ok()?;
    let module = JsFuture::from(js_sys::Promise::from(promise)).await.ok()?;
    get(&module, "request").dyn_into::<Function>().ok()
}

thread_local! {
    /// Files the page could not read on the way to the in-page module, added to the next answer.
    static READ_ERRORS: RefCell<Vec<FileError>> = const { RefCell::new(Vec::new()) };
}

fn add_read_errors(errors: Vec<FileError>) {
    READ_ERRORS.with(|e| e.borrow_mut().extend(errors));
}

fn flush_queue() {
    let (worker, queue) = ANALYSER.with(|a| {
        let mut a = a.borrow_mut();
        (a.worker.clone(), std::mem::take(&mut a.queue))
    });
    let Some(worker) = worker else { return };
    for msg in queue {
        if worker.post_message(&msg).is_err() {
            fail();
            return;
        }
    }
}

fn classified(data: &JsValue, settings: Settings) -> Option<Classified> {
    Some(Classified {
        classification: crate::wire::classification::decode(&bytes(data, "classification"))?,
        history: crate::wire::history::decode(&bytes(data, "history")),
        as_of: settings.as_of,
        profile: settings.profile,
    })
}

/// What the page knows went wrong with the analyser's answers (shown to the user).
const UNDECODABLE: &str = "解析モジュールの応答を読めませんでした";

fn on_message(data: &JsValue) {
    let reply = match Reply::decode(&get_str(data, "message")) {
        Ok(reply) => reply,
        Err(e) => {
            // Whose answer it was cannot be known: everything waiting fails, with the reason.
            web_sys::console::error_1(&JsValue::from_str(&e.to_string()));
            fail_with(&e.message_ja());
            return;
        }
    };
    let id = match reply {
        Reply::Ready => {
            ANALYSER.with(|a| a.borrow_mut().ready = true);
            flush_queue();
            return;
        }
        Reply::Panic { ref message } => {
            web_sys::console::error_1(&JsValue::from_str(message));
            fail();
            return;
        }
        Reply::Failed { id: None, ref message } => {
            fail_with(message);
            return;
        }
        _ => reply.id(),
    };
    let Some(id) = id else { return };
    let last = reply.is_last();
    let waiting = ANALYSER.with(|a| {
        let mut a = a.borrow_mut();
        if last {
            a.waiting.remove(&id)
        } else {
            a.waiting.get(&id).cloned()
        }
    });
    let Some(waiting) = waiting else { return };
    let read_errors = || READ_ERRORS.with(|e| std::mem::take(&mut *e.borrow_mut()));
    match (reply, waiting) {
        (Reply::Progress { progress, .. }, Waiting::Load { on_progress, .. }) => on_progress(progress),
        (Reply::Counts { early, .. }, Waiting::Load { on_early, .. }) => on_early(early),
        (Reply::Done { settings, scope, .. }, Waiting::Load { names, on_done, .. }) => {
            match (crate::wire::decode(&bytes(data, "analysis")), classified(data, settings)) {
                (Some(mut analysis), Some(classified)) => {
                    analysis.errors.extend(read_errors());
                    on_done(Loaded { analysis, scope, classified: Some(classified) });
                }
                _ => {
                    web_sys::console::error_1(&JsValue::from_str("shinchoku: the analyser's answer does not decode"));
                    on_done(failed_load(names, UNDECODABLE));
                }
            }
        }
        (Reply::Classified { settings, .. }, Waiting::Classify { on_done }) => {
            on_done(classified(data, settings).ok_or_else(|| UNDECODABLE.to_owned()))
        }
        (Reply::Read { .. }, Waiting::Read { names, on_done }) => match crate::wire::decode(&bytes(data, "analysis")) {
            Some(mut analysis) => {
                analysis.errors.extend(read_errors());
                on_done(analysis);
            }
            None => on_done(failed_analysis(names, UNDECODABLE)),
        },
        (Reply::Failed { message, .. }, waiting) => answer_failed(waiting, &message),
        _ => {}
    }
}

/// Answers `waiting` with `reason` (a reclassification with why it failed: the page keeps what
/// it shows and says it could not apply the settings).
fn answer_failed(waiting: Waiting, reason: &str) {
    match waiting {
        Waiting::Load { names, on_done, .. } => on_done(failed_load(names, reason)),
        Waiting::Classify { on_done } => on_done(Err(if reason == INTERNAL { STOPPED } else { reason }.to_owned())),
        Waiting::Read { names, on_done } => on_done(failed_analysis(names, reason)),
    }
}

/// The module failed while reading (its panic, a crash): the files as error messages.
const INTERNAL: &str = "読み込みの途中で内部エラーが発生しました。\
                        ファイルを Excel で開いて .xlsx 形式で保存し直すと読める場合があります。";

/// The module failed while reclassifying (its panic, a crash).
const STOPPED: &str = "解析モジュールが停止しました";

/// An analysis of nothing whose errors say why each file was not read.
fn failed_analysis(names: Vec<String>, reason: &str) -> Analysis {
    let errors = names
        .into_iter()
        .map(|name| FileError {
            message: format!("「{name}」を読み込めませんでした：{reason}"), file: name
        })
        .collect();
    Analysis { errors, ..Analysis::default() }
}

/// A load that failed: the files as error messages.
fn failed_load(names: Vec<String>, reason: &str) -> Loaded {
    Loaded { analysis: failed_analysis(names, reason), scope: Scope::default(), classified: None }
}

/// The module died or could not start: what was waiting is answered with error messages (a
/// reclassification with why it failed: the page keeps what it shows) and the next request
/// starts a new module.
fn fail() {
    fail_with(INTERNAL);
}

/// [`fail`], saying `reason`.
fn fail_with(reason: &str) {
    let waiting = ANALYSER.with(|a| {
        let mut a = a.borrow_mut();
        if let Some(w) = a.worker.take() {
            w.terminate();
        }
        a.ready = false;
        a.queue.clear();
        std::mem::take(&mut a.waiting)
    });
    for (_, w) in waiting {
        answer_failed(w, reason);
    }
}
