//! The start screen's drop zone: drag-and-drop or a file button (several files at once),
//! and the built-in sample.

use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileList, HtmlInputElement};
use yew::prelude::*;

/// The export types the reader accepts.
pub const ACCEPT: &str = ".xlsx,.xlsm,.xlsb,.xls,.ods,.csv";

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_files: Callback<Vec<web_sys::File>>,
    pub on_sample: Callback<()>,
    /// Loads the standardisation sample.
    pub on_sample_hyojunka: Callback<()>,
    pub loading: bool,
    /// How far the parsing worker has got (large files).
    #[prop_or_default]
    pub progress: Option<crate::analyse::Progress>,
}

/// "1,234,567" for a count.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The progress line: file, size, sheet and rows read so far.
fn progress_text(p: &crate::analyse::Progress) -> String {
    let mb = p.bytes as f64 / 1_048_576.0;
    let mut text = format!("{}（{:.1} MB）", p.file, mb);
    if p.files > 1 {
        text.push_str(&format!(" ファイル {}/{}", p.file_index + 1, p.files));
    }
    if !p.sheet.is_empty() {
        text.push_str(&format!(" シート「{}」（{}/{}）", p.sheet, p.sheet_index + 1, p.sheets.max(1)));
    }
    text.push_str(&format!("：{} 行を読み込みました", grouped(p.rows)));
    text
}

fn files_of(list: Option<FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

#[function_component(DropZone)]
pub fn drop_zone(props: &Props) -> Html {
    let over = use_state(|| false);

    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(dt) = e.data_transfer() {
                dt.set_drop_effect("copy");
            }
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let over = over.clone();
        let on_files = props.on_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let files = files_of(e.data_transfer().and_then(|dt| dt.files()));
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let files = files_of(input.files());
            // Clear, so choosing the same file again reloads it.
            input.set_value("");
            if !files.is_empty() {
                on_files.emit(files);
            }
        })
    };
    let on_sample = {
        let cb = props.on_sample.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_sample_hyojunka = {
        let cb = props.on_sample_hyojunka.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };

    let class = classes!("drop-zone", (*over).then_some("over"));
    html! {
        <section class={class} aria-labelledby="drop-heading" data-hook="drop-zone"
            {ondragover} {ondragleave} {ondrop}>
            <h2 id="drop-heading">{ "ファイルを読み込む" }</h2>
            <p>{ "アクションプランの回答結果、または標準化の進捗（業務別ステップ別進捗一覧・完了率の表・特定移行支援システムの一覧）のブック（.xlsx・.xlsm・.xlsb・.xls・.ods）または CSV を、ここにドラッグ＆ドロップしてください。複数のファイルをまとめて読み込めます。" }</p>
            <div class="drop-buttons">
                <label class="button primary">
                    { "ファイルを選ぶ…" }
                    <input type="file" multiple=true accept={ACCEPT} class="visually-hidden"
                        data-hook="file-input" {onchange} />
                </label>
                <button type="button" class="button" data-action="load-sample" onclick={on_sample}>
                    { "サンプルを読み込む（資料の F-3 表、基準日 2016-07-15）" }
                </button>
                <button type="button" class="button" data-action="load-sample-hyojunka" onclick={on_sample_hyojunka}>
                    { "標準化のサンプルを読み込む（進捗と特定移行支援の一覧、基準日 2026-01-31）" }
                </button>
            </div>
            <p class="privacy-note">{ "ファイルはこのPCから外に出ません。読み込みも判定もこのブラウザーの中だけで行います。" }</p>
            if props.loading {
                <p class="loading" role="status" data-hook="loading">{ "読み込み中…" }</p>
                if let Some(p) = &props.progress {
                    <p class="progress" data-hook="progress" data-rows={p.rows.to_string()}>{ progress_text(p) }</p>
                }
            }
        </section>
    }
}
