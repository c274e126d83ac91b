//! The analyser module: the page's reading and classifying, as a wasm module of its own
//! (`analyser.js` + `analyser_bg.wasm` next to the page, built by `scripts/post-build.sh`).
//! Everything that turns file bytes into items lives here and only here — calamine, zip,
//! zlib, quick-xml, cfb, csv and the encoding tables — so the page's own wasm is the UI.
//!
//! It runs in the page's Web Worker (`worker.js` starts it; `main` finds a worker scope and
//! serves messages) or, where no worker can start (the single-file page opened from `file://`),
//! on the page's thread through [`request`]. Both speak the same messages (src/ui/worker.rs is
//! the page's side):
//!
//! - `{kind: "load", id, as_of, profile, files | names+buffers | sample}` → `progress`…, then
//!   `{kind: "counts", id, early}` (ten numbers: [`Early`], posted before anything large is
//!   encoded, so the page paints the summary first), then `{kind: "done", id, analysis,
//!   classification, as_of, profile}` (two transferred buffers, [`shinchoku::wire`]). The
//!   analysis is kept here for the next `classify`.
//!   With files of two dates or more (SPEC §11) the analysis' systems are the latest snapshot's,
//!   and a third buffer, `history` ([`shinchoku::wire::history`]), carries the overview.
//! - `{kind: "classify", id, as_of, profile}` → `{kind: "classified", id, classification, as_of,
//!   profile[, history]}`: a settings change reclassifies where the items are, without rereading.
//! - `{kind: "dates", id, as_of, profile, dates}` (one `YYYY-MM-DD` or `""` per file) → `{kind:
//!   "done", …}` as for a load: the user corrected the files' dates; the snapshots are made
//!   again from the kept files.
//! - `{kind: "scope", id, as_of, profile, scope}` → `{kind: "done", …}` as for a load: the page's
//!   prefecture scope (表示範囲) changed; the kept analysis is narrowed again, without rereading.
//!   Every `load`, `dates` and `read` carries `scope` too (a prefecture's name, or empty), and
//!   every `done` says `prefectures` (the names of those the files cover) and `scope` (the one
//!   shown: empty where the files cover one prefecture or the user chose every one).
//! - `{kind: "read", id, files | names+buffers}` → `{kind: "read", id, analysis}`: an earlier
//!   export for the comparison (not kept).
//! - If the module panics: `{kind: "panic", message}`, and the page replaces it.

#[cfg(target_arch = "wasm32")]
mod module {
    use std::cell::RefCell;

    use chrono::NaiveDate;
    use js_sys::{Array, Float64Array, Function, Object, Uint8Array};
    use shinchoku::analyse::{self, analyse, sample, Analysis, FileError, Input, Progress, Scope};
    use shinchoku::classify::{classify_all, Classification};
    use shinchoku::history::{self, DatedFile, Overview};
    use shinchoku::js::{get, get_str, set};
    use shinchoku::limits::Limits;
    use shinchoku::profile::Profile;
    use shinchoku::summary::Early;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// What the last load gave: the analysis as the page has it (its systems the latest
    /// snapshot's, SPEC §11) and each file's systems with its date, to remake the snapshots from
    /// when the user corrects a date.
    #[derive(Default)]
    struct Kept {
        analysis: Analysis,
        files: Vec<DatedFile>,
        /// The prefecture scope (表示範囲) the page shows: what it is sent and what is classified.
        scope: Scope,
    }

    thread_local! {
        /// The last load, reclassified on `classify`, redated on `dates`.
        static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
    }

    /// Where replies go: the worker's `postMessage`, or the page's callback.
    type Post<'a> = &'a dyn Fn(&Object, &Array);

    /// The settings a request carries; the page's own if they do not parse (they always do).
    fn settings(data: &JsValue) -> (NaiveDate, Profile) {
        let as_of = NaiveDate::parse_from_str(&get_str(data, "as_of"), "%Y-%m-%d").unwrap_or_default();
        let profile = serde_json::from_str(&get_str(data, "profile")).unwrap_or_default();
        (as_of, profile)
    }

    /// The prefecture scope a request asks for (`scope`: a name such as 鳥取県, or empty).
    fn wanted_scope(data: &JsValue) -> Option<u8> {
        shinchoku::profile::register::prefecture_named(&get_str(data, "scope"))
    }

    /// Adds the scope to `msg`: `prefectures` (the names of those the files cover) and `scope`
    /// (the one shown, or empty).
    fn attach_scope(msg: &Object, scope: &Scope) {
        let names = Array::new();
        for name in scope.prefectures.iter().filter_map(|&n| Scope::name(n)) {
            names.push(&JsValue::from_str(name));
        }
        set(msg, "prefectures", names);
        set(msg, "scope", scope.shown.and_then(Scope::name).unwrap_or(""));
    }

    fn reply(kind: &str, id: &JsValue) -> Object {
        let msg = Object::new();
        set(&msg, "kind", kind);
        set(&msg, "id", id.clone());
        msg
    }

    /// The request's files: `File`s read here (in the worker), or bytes the page read.
    fn inputs(data: &JsValue) -> (Vec<Input>, Vec<FileError>) {
        let mut inputs = Vec::new();
        let mut errors = Vec::new();
        let buffers = get(data, "buffers");
        if buffers.is_object() {
            let names = Array::from(&get(data, "names"));
            for (name, bytes) in names.iter().zip(Array::from(&buffers).iter()) {
                let bytes = bytes.dyn_into::<Uint8Array>().map(|b| b.to_vec()).unwrap_or_default();
                inputs.push(Input { name: name.as_string().unwrap_or_default(), bytes });
            }
            return (inputs, errors);
        }
        for file in Array::from(&get(data, "files")).iter().filter_map(|f| f.dyn_into::<web_sys::File>().ok()) {
            let name = file.name();
            match read_file(&file) {
                Some(bytes) => inputs.push(Input { name, bytes }),
                None => errors.push(FileError {
                    message: format!(
                        "「{name}」を読み込めませんでした：ファイルを開けませんでした（移動・削除されたか、権限がありません）。"
                    ),
                    file: name,
                }),
            }
        }
        (inputs, errors)
    }

    fn read_file(file: &web_sys::File) -> Option<Vec<u8>> {
        let reader = web_sys::FileReaderSync::new().ok()?;
        let buffer = reader.read_as_array_buffer(file).ok()?;
        Some(Uint8Array::new(&buffer).to_vec())
    }

    fn progress_message(id: &JsValue, p: &Progress) -> Object {
        let msg = reply("progress", id);
        set(&msg, "file", p.file.as_str());
        set(&msg, "fileIndex", p.file_index as f64);
        set(&msg, "files", p.files as f64);
        set(&msg, "bytes", p.bytes as f64);
        set(&msg, "sheet", p.sheet.as_str());
        set(&msg, "sheetIndex", p.sheet_index as f64);
        set(&msg, "sheets", p.sheets as f64);
        set(&msg, "rows", p.rows as f64);
        msg
    }

    fn buffer(bytes: &[u8]) -> Uint8Array {
        Uint8Array::from(bytes)
    }

    /// Adds a classification and the settings it was made with to `msg`; returns the buffer to
    /// transfer.
    fn attach(msg: &Object, c: &Classification, as_of: NaiveDate, profile: &Profile) -> Uint8Array {
        let bytes = buffer(&shinchoku::wire::classification::encode(c));
        set(msg, "classification", bytes.clone());
        set(msg, "as_of", as_of.format("%Y-%m-%d").to_string());
        set(msg, "profile", serde_json::to_string(profile).unwrap_or_default());
        bytes
    }

    /// Classifies the kept analysis and, with files of two dates or more, follows them over time
    /// (SPEC §11): the history's trend warnings and projected completion go into the
    /// classification, and the overview is returned for the page.
    /// Both follow the kept scope: `view` is the kept analysis within it.
    fn classify_kept(
        kept: &Kept,
        view: &Analysis,
        as_of: NaiveDate,
        profile: &Profile,
    ) -> (Classification, Option<Overview>) {
        let mut c = classify_all(&view.items, &view.systems, as_of, profile);
        let overview = (analyse::dates(&kept.files) > 1)
            .then(|| history::history(kept.scope.apply_files(&kept.files), as_of, profile).ok())
            .flatten()
            .map(|h| Overview::apply(&h, &mut c));
        (c, overview)
    }

    /// Adds the history overview, if any, to `msg`; returns the buffer to transfer.
    fn attach_history(msg: &Object, overview: Option<&Overview>) -> Option<Uint8Array> {
        let bytes = buffer(&shinchoku::wire::history::encode(overview?));
        set(msg, "history", bytes.clone());
        Some(bytes)
    }

    /// Sends the kept analysis (`view`: within its scope) with its classification (and history)
    /// as `kind`.
    #[allow(clippy::too_many_arguments)]
    fn send_kept(
        kind: &str,
        id: &JsValue,
        view: &Analysis,
        scope: &Scope,
        c: &Classification,
        overview: Option<&Overview>,
        as_of: NaiveDate,
        profile: &Profile,
        post: Post<'_>,
    ) {
        let done = reply(kind, id);
        let class = attach(&done, c, as_of, profile);
        let history = attach_history(&done, overview);
        attach_scope(&done, scope);
        let items = buffer(&shinchoku::wire::encode(view));
        set(&done, "analysis", items.clone());
        let transfer = Array::of2(&items.buffer(), &class.buffer());
        if let Some(h) = history {
            transfer.push(&h.buffer());
        }
        post(&done, &transfer);
    }

    fn load(id: &JsValue, data: &JsValue, post: Post<'_>) {
        let (mut as_of, mut profile) = settings(data);
        let (inputs, read_errors) = match get_str(data, "sample").as_str() {
            "action-plan" => {
                as_of = sample::as_of();
                (vec![sample::input()], Vec::new())
            }
            "hyojunka" => {
                as_of = sample::hyojunka_as_of();
                (sample::hyojunka_inputs(), Vec::new())
            }
            _ => inputs(data),
        };
        let (mut analysis, files) = analyse::read_with_progress(&inputs, &Limits::default(), &mut |p| {
            post(&progress_message(id, p), &Array::new());
        });
        drop(inputs);
        analysis.errors.extend(read_errors);
        // Files of several dates are snapshots: the page shows the latest (SPEC §11).
        analysis.systems = analyse::latest_snapshot(&files);
        if let Some(p) = analysis.profile_for(&profile) {
            profile = p;
        }
        let scope = Scope::of(&analysis, wanted_scope(data));
        let kept = Kept { analysis, files, scope };
        let view = kept.scope.apply(&kept.analysis);
        let (c, overview) = classify_kept(&kept, &view, as_of, &profile);
        // The counts first: a few numbers, posted before anything large is encoded.
        let early = reply("counts", id);
        set(&early, "early", Float64Array::from(Early::of(&c).to_numbers().as_slice()));
        post(&early, &Array::new());
        send_kept("done", id, &view, &kept.scope, &c, overview.as_ref(), as_of, &profile, post);
        drop(view);
        KEPT.with(|k| *k.borrow_mut() = kept);
    }

    /// The user chose another prefecture scope (`scope`: a name, or empty for every one): the
    /// kept analysis is narrowed again and classified, and answered as a load.
    fn rescope(id: &JsValue, data: &JsValue, post: Post<'_>) {
        let (as_of, profile) = settings(data);
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            k.scope = Scope::of(&k.analysis, wanted_scope(data));
            let kept = &*k;
            let view = kept.scope.apply(&kept.analysis);
            let (c, overview) = classify_kept(kept, &view, as_of, &profile);
            send_kept("done", id, &view, &kept.scope, &c, overview.as_ref(), as_of, &profile, post);
        });
    }

    /// The user corrected the files' dates (`dates`: one `YYYY-MM-DD` or empty per file of the
    /// kept analysis): the snapshots are made again, and the latest classified, without rereading.
    fn redate(id: &JsValue, data: &JsValue, post: Post<'_>) {
        let (as_of, profile) = settings(data);
        let dates: Vec<Option<NaiveDate>> = Array::from(&get(data, "dates"))
            .iter()
            .map(|d| d.as_string().and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
            .collect();
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            let kept = &mut *k;
            for ((file, shown), date) in kept.files.iter_mut().zip(kept.analysis.dates.iter_mut()).zip(&dates) {
                file.date = *date;
                *shown = *date;
            }
            kept.analysis.systems = analyse::latest_snapshot(&kept.files);
            kept.scope = Scope::of(&kept.analysis, wanted_scope(data));
            let kept = &*kept;
            let view = kept.scope.apply(&kept.analysis);
            let (c, overview) = classify_kept(kept, &view, as_of, &profile);
            send_kept("done", id, &view, &kept.scope, &c, overview.as_ref(), as_of, &profile, post);
        });
    }

    fn classify(id: &JsValue, data: &JsValue, post: Post<'_>) {
        let (as_of, profile) = settings(data);
        let msg = reply("classified", id);
        let (c, overview) = KEPT.with(|k| {
            let kept = &*k.borrow();
            classify_kept(kept, &kept.scope.apply(&kept.analysis), as_of, &profile)
        });
        let class = attach(&msg, &c, as_of, &profile);
        let transfer = Array::of1(&class.buffer());
        if let Some(h) = attach_history(&msg, overview.as_ref()) {
            transfer.push(&h.buffer());
        }
        post(&msg, &transfer);
    }

    fn read(id: &JsValue, data: &JsValue, post: Post<'_>) {
        let (inputs, read_errors) = inputs(data);
        let mut analysis = analyse(&inputs, &Limits::default());
        drop(inputs);
        analysis.errors.extend(read_errors);
        // The earlier export within the page's scope, like the files compared against.
        if let Some(number) = wanted_scope(data) {
            shinchoku::profile::register::keep_prefecture(number, &mut analysis.items, &mut analysis.systems);
        }
        let msg = reply("read", id);
        let bytes = buffer(&shinchoku::wire::encode(&analysis));
        set(&msg, "analysis", bytes.clone());
        post(&msg, &Array::of1(&bytes.buffer()));
    }

    fn handle(data: &JsValue, post: Post<'_>) {
        let id = get(data, "id");
        match get_str(data, "kind").as_str() {
            "load" => load(&id, data, post),
            "classify" => classify(&id, data, post),
            "dates" => redate(&id, data, post),
            "scope" => rescope(&id, data, post),
            "read" => read(&id, data, post),
            _ => {}
        }
    }

    /// On the page's thread (no worker): answers one message through `post(reply)`, at once.
    #[wasm_bindgen]
    pub fn request(data: JsValue, post: Function) {
        handle(&data, &|msg, _| {
            let _ = post.call1(&JsValue::NULL, msg);
        });
    }

    /// In the worker: answers every message, after a warm-up.
    pub fn serve(scope: DedicatedWorkerGlobalScope) {
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
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                handle(&e.data(), &|msg, transfer| {
                    let _ = scope.post_message_with_transfer(msg, transfer);
                });
            })
        };
        scope.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        handler.forget(); // ok: lives as long as the worker
        let ready = Object::new();
        set(&ready, "kind", "ready");
        let _ = scope.post_message(&ready);
        warm(scope, WARM_RUNS);
    }

    /// Reads done ahead of the first file, one per timer tick (a file's request is handled
    /// between two of them), alternating the built-in sample (wide layout), [`WARM_LONG`] and
    /// the standardisation sample. The browser first runs wasm through a quick baseline
    /// compiler and optimises a function only once it has run enough; without this the first
    /// national file took 3-4× as long as the same file dropped again (tests/browser/bench.mjs).
    const WARM_RUNS: u32 = 45;

    /// A small long-layout workbook (one row per item), read by the warm-up.
    const WARM_LONG: &[u8] = include_bytes!("../../tests/fixtures/long_layout.xlsx");

    fn warm(scope: DedicatedWorkerGlobalScope, left: u32) {
        if left == 0 {
            return;
        }
        let inputs = match left % 3 {
            0 => vec![sample::input()],
            1 => vec![Input { name: "warm.xlsx".to_owned(), bytes: WARM_LONG.to_vec() }],
            _ => sample::hyojunka_inputs(),
        };
        let a = analyse(&inputs, &Limits::default());
        let profile = a.profile_for(&Profile::default()).unwrap_or_default();
        let c = classify_all(&a.items, &a.systems, sample::hyojunka_as_of(), &profile);
        std::hint::black_box((shinchoku::wire::encode(&a), shinchoku::wire::classification::encode(&c)));
        let next = {
            let scope = scope.clone();
            Closure::once_into_js(move || warm(scope, left - 1))
        };
        let _ = scope.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
    }
}

/// Probes for the browser benchmark (`scripts/bench.sh` builds with `--features bench`; the
/// shipped modules have none), called on the page's thread from tests/browser/bench.mjs.
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
mod bench {
    use std::io::{Cursor, Read};

    use calamine::{Reader, Xlsx};
    use wasm_bindgen::prelude::wasm_bindgen;

    /// calamine alone: opens the .xlsx and visits every cell of every sheet, keeping nothing.
    /// Returns the number of cells (0 if the bytes are not an .xlsx).
    #[wasm_bindgen]
    pub fn bench_bare_calamine(bytes: &[u8]) -> u32 {
        let Ok(mut wb) = Xlsx::new(Cursor::new(bytes)) else { return 0 };
        let mut cells = 0;
        for name in wb.sheet_names() {
            let Ok(mut reader) = wb.worksheet_cells_reader(&name) else { continue };
            while let Ok(Some(cell)) = reader.next_cell() {
                cells += 1;
                std::hint::black_box(cell);
            }
        }
        cells
    }

    /// shinchoku's reading (read + detect + extract), as the worker runs it. Returns the items
    /// and systems.
    #[wasm_bindgen]
    pub fn bench_analyse(bytes: &[u8]) -> u32 {
        let input = shinchoku::analyse::Input { name: "bench.xlsx".to_owned(), bytes: bytes.to_vec() };
        let a = shinchoku::analyse::analyse(&[input], &shinchoku::limits::Limits::default());
        (a.items.len() + a.systems.reports.len()) as u32
    }

    /// The floor: the least any reader of an .xlsx must do — inflate every sheet and the
    /// shared strings once and look at every byte once (counting `<`). Returns the inflated
    /// bytes (0 if the bytes are not a zip).
    #[wasm_bindgen]
    pub fn bench_floor(bytes: &[u8]) -> f64 {
        let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return 0.0 };
        let mut inflated = 0usize;
        let mut tags = 0usize;
        let mut buf = Vec::new();
        for i in 0..zip.len() {
            let Ok(mut part) = zip.by_index(i) else { continue };
            let Ok(name) = part.name().map(|n| n.into_owned()) else { continue };
            if !(name.starts_with("xl/worksheets/") || name == "xl/sharedStrings.xml") || !name.ends_with(".xml") {
                continue;
            }
            buf.clear();
            if part.read_to_end(&mut buf).is_err() {
                continue;
            }
            inflated += buf.len();
            tags += memchr::memchr_iter(b'<', &buf).count();
        }
        std::hint::black_box(tags);
        inflated as f64
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    // In the page's worker: serve. On the page's thread (no worker): wait for `request`.
    if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
        module::serve(scope);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "shinchoku-analyser is the page's reading and classifying module, built for wasm32 by Trunk \
         (scripts/post-build.sh); the command line is `shinchoku`."
    );
    std::process::ExitCode::from(2)
}
