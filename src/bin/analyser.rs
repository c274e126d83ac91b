//! The analyser module: the page's reading and classifying, as a wasm module of its own
//! (`analyser.js` + `analyser_bg.wasm` next to the page, built by `scripts/post-build.sh`).
//! Everything that turns file bytes into items lives here and only here — calamine, zip,
//! zlib, quick-xml, cfb, csv and the encoding tables — so the page's own wasm is the UI.
//!
//! It runs in the page's Web Worker (`worker.js` starts it; `main` finds a worker scope and
//! serves messages) or, where no worker can start (the single-file page opened from `file://`),
//! on the page's thread through [`request`]. Both speak the same messages,
//! [`shinchoku::protocol`]'s `Request` and `Reply` (src/ui/worker.rs is the page's side): a
//! `Load` is answered by `Progress`…, `Counts` (posted before anything large is encoded, so the
//! page paints the summary first), then `Done` with the analysis and classification (and, with
//! files of two dates or more, SPEC §11, the history's overview) as transferred buffers; the
//! analysis is kept here for the next `Classify` or `Dates`. A request that does not decode (an
//! unreadable as-of date too) is answered `Failed`, which the page shows; a panic `Panic`.
//! `Load`, `Dates` and `Read` carry the page's prefecture scope (表示範囲), and `Rescope` changes
//! it: the kept analysis is narrowed again without rereading, answered `Done` as a load with the
//! scope shown (SPEC §10).

#[cfg(target_arch = "wasm32")]
mod module {
    use std::cell::RefCell;

    use chrono::NaiveDate;
    use js_sys::{Array, Function, Object, Uint8Array};
    use shinchoku::analyse::{self, analyse, sample, Analysis, FileError, Input, Scope};
    use shinchoku::classify::{classify_all, Classification};
    use shinchoku::history::{self, DatedFile, Overview};
    use shinchoku::js::{get, get_str, set};
    use shinchoku::limits::Limits;
    use shinchoku::profile::Profile;
    use shinchoku::protocol::{Reply, Request, Sample, Settings};
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

    /// A message to post: `reply` as its `message`.
    fn message(reply: &Reply) -> Object {
        let msg = Object::new();
        set(&msg, "message", reply.encode());
        msg
    }

    /// The prefecture a request's scope names (鳥取県), if any.
    fn wanted(scope: Option<&str>) -> Option<u8> {
        shinchoku::profile::register::prefecture_named(scope?)
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

    fn buffer(bytes: &[u8]) -> Uint8Array {
        Uint8Array::from(bytes)
    }

    /// Adds a classification to `msg`; returns the buffer to transfer.
    fn attach(msg: &Object, c: &Classification) -> Uint8Array {
        let bytes = buffer(&shinchoku::wire::classification::encode(c));
        set(msg, "classification", bytes.clone());
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

    /// Sends the kept analysis (`view`: within the kept scope) with its classification (and
    /// history): `Done`.
    fn send_kept(
        id: u32,
        kept: &Kept,
        view: &Analysis,
        c: &Classification,
        overview: Option<&Overview>,
        settings: Settings,
        post: Post<'_>,
    ) {
        let done = message(&Reply::Done { id, settings, scope: (&kept.scope).into() });
        let class = attach(&done, c);
        let history = attach_history(&done, overview);
        let items = buffer(&shinchoku::wire::encode(view));
        set(&done, "analysis", items.clone());
        let transfer = Array::of2(&items.buffer(), &class.buffer());
        if let Some(h) = history {
            transfer.push(&h.buffer());
        }
        post(&done, &transfer);
    }

    fn load(
        id: u32,
        Settings { mut as_of, mut profile }: Settings,
        sample: Option<Sample>,
        scope: Option<&str>,
        data: &JsValue,
        post: Post<'_>,
    ) {
        let (inputs, read_errors) = match sample {
            Some(Sample::ActionPlan) => {
                as_of = sample::as_of();
                (vec![sample::input()], Vec::new())
            }
            Some(Sample::Hyojunka) => {
                as_of = sample::hyojunka_as_of();
                (sample::hyojunka_inputs(), Vec::new())
            }
            None => inputs(data),
        };
        let (mut analysis, files) = analyse::read_with_progress(&inputs, &Limits::default(), &mut |p| {
            post(&message(&Reply::Progress { id, progress: p.clone() }), &Array::new());
        });
        drop(inputs);
        analysis.errors.extend(read_errors);
        // Files of several dates are snapshots: the page shows the latest (SPEC §11).
        analysis.systems = analyse::latest_snapshot(&files);
        if let Some(p) = analysis.profile_for(&profile) {
            profile = p;
        }
        let scope = Scope::of(&analysis, wanted(scope));
        let kept = Kept { analysis, files, scope };
        let view = kept.scope.apply(&kept.analysis);
        let (c, overview) = classify_kept(&kept, &view, as_of, &profile);
        // The counts first: a few numbers, posted before anything large is encoded.
        post(&message(&Reply::Counts { id, early: Early::of(&c) }), &Array::new());
        send_kept(id, &kept, &view, &c, overview.as_ref(), Settings { as_of, profile }, post);
        drop(view);
        KEPT.with(|k| *k.borrow_mut() = kept);
    }

    /// The user chose another prefecture scope: the kept analysis is narrowed again and
    /// classified, and answered as a load.
    fn rescope(id: u32, settings: Settings, scope: Option<&str>, post: Post<'_>) {
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            k.scope = Scope::of(&k.analysis, wanted(scope));
            let kept = &*k;
            let view = kept.scope.apply(&kept.analysis);
            let (c, overview) = classify_kept(kept, &view, settings.as_of, &settings.profile);
            send_kept(id, kept, &view, &c, overview.as_ref(), settings, post);
        });
    }

    /// The user corrected the files' dates (one per file of the kept analysis, `None`: undated):
    /// the snapshots are made again, and the latest classified, without rereading.
    fn redate(id: u32, settings: Settings, dates: &[Option<NaiveDate>], scope: Option<&str>, post: Post<'_>) {
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            let kept = &mut *k;
            for ((file, shown), date) in kept.files.iter_mut().zip(kept.analysis.dates.iter_mut()).zip(dates) {
                file.date = *date;
                *shown = *date;
            }
            kept.analysis.systems = analyse::latest_snapshot(&kept.files);
            kept.scope = Scope::of(&kept.analysis, wanted(scope));
            let kept = &*kept;
            let view = kept.scope.apply(&kept.analysis);
            let (c, overview) = classify_kept(kept, &view, settings.as_of, &settings.profile);
            send_kept(id, kept, &view, &c, overview.as_ref(), settings, post);
        });
    }

    fn classify(id: u32, settings: Settings, post: Post<'_>) {
        let (c, overview) = KEPT.with(|k| {
            let kept = &*k.borrow();
            classify_kept(kept, &kept.scope.apply(&kept.analysis), settings.as_of, &settings.profile)
        });
        let msg = message(&Reply::Classified { id, settings });
        let class = attach(&msg, &c);
        let transfer = Array::of1(&class.buffer());
        if let Some(h) = attach_history(&msg, overview.as_ref()) {
            transfer.push(&h.buffer());
        }
        post(&msg, &transfer);
    }

    fn read(id: u32, scope: Option<&str>, data: &JsValue, post: Post<'_>) {
        let (inputs, read_errors) = inputs(data);
        let mut analysis = analyse(&inputs, &Limits::default());
        drop(inputs);
        analysis.errors.extend(read_errors);
        // The earlier export within the page's scope, like the files compared against.
        if let Some(number) = wanted(scope) {
            shinchoku::profile::register::keep_prefecture(number, &mut analysis.items, &mut analysis.systems);
        }
        let msg = message(&Reply::Read { id });
        let bytes = buffer(&shinchoku::wire::encode(&analysis));
        set(&msg, "analysis", bytes.clone());
        post(&msg, &Array::of1(&bytes.buffer()));
    }

    fn handle(data: &JsValue, post: Post<'_>) {
        let json = get_str(data, "message");
        match Request::decode(&json) {
            Ok(Request::Load { id, settings, sample, scope }) => {
                load(id, settings, sample, scope.as_deref(), data, post)
            }
            Ok(Request::Classify { id, settings }) => classify(id, settings, post),
            Ok(Request::Dates { id, settings, dates, scope }) => redate(id, settings, &dates, scope.as_deref(), post),
            Ok(Request::Rescope { id, settings, scope }) => rescope(id, settings, scope.as_deref(), post),
            Ok(Request::Read { id, scope }) => read(id, scope.as_deref(), data, post),
            Err(e) => {
                let failed = Reply::Failed { id: Request::id_of(&json), message: e.message_ja() };
                post(&message(&failed), &Array::new());
            }
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
                let _ = scope.post_message(&message(&Reply::Panic { message: info.to_string() }));
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
        let _ = scope.post_message(&message(&Reply::Ready));
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

    /// shinchoku's .xlsx scanner alone (src/workbook/xlsx.rs): every sheet read into the rows
    /// the readers receive, nothing detected. Returns the number of non-empty cells.
    #[wasm_bindgen]
    pub fn bench_scanner(bytes: &[u8]) -> u32 {
        let mut cells = 0usize;
        let _ = shinchoku::workbook::read(
            "bench.xlsx",
            bytes,
            &shinchoku::limits::Limits::default(),
            &mut |s| cells += s.rows.iter().map(|r| r.cells.len()).sum::<usize>(),
            &mut |_, _| {},
        );
        cells as u32
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
