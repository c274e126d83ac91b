//! Copy and export the filtered rows, in the table's order: TSV and a mail list to the
//! clipboard, CSV (UTF-8 with BOM) and the .xlsx report as downloads.

use yew::prelude::*;

use wasm_bindgen::JsValue;

use super::{browser, report_module, Action, Data, Shared};
use crate::classify::Classification;
use crate::export::{self, Delimiter};
use crate::query::Query;
use crate::report::{item_row, ItemRow, RollupRow};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub selection: Shared<Vec<usize>>,
    pub query: Query,
    pub dispatch: Callback<Action>,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Tsv,
    Mail,
    Csv,
    Xlsx,
}

fn rows<'a>(data: &'a Data, c: &'a Classification, selection: &[usize]) -> Vec<ItemRow<'a>> {
    selection.iter().filter_map(|&i| Some(item_row(data.analysis.items.get(i)?, c.verdicts.get(i)?))).collect()
}

/// Roll-ups with at least one selected item.
fn rollups<'a>(c: &'a Classification, selection: &[usize], n: usize) -> Vec<RollupRow<'a>> {
    let mut keep = vec![false; n];
    for &i in selection {
        if let Some(k) = keep.get_mut(i) {
            *k = true;
        }
    }
    c.rollups
        .iter()
        .filter(|r| r.items.iter().any(|&i| keep.get(i).copied().unwrap_or(false)))
        .map(crate::report::rollup_row)
        .collect()
}

fn run(kind: Kind, props: &Props) {
    let data = props.data.0.clone();
    let c = props.classification.0.clone();
    let selection = props.selection.0.clone();
    let dispatch = props.dispatch.clone();
    let as_of = c.as_of.format("%Y-%m-%d").to_string();
    let rows = rows(&data, &c, &selection);
    let n = rows.len();
    let result: Result<String, String> = match kind {
        Kind::Tsv | Kind::Mail => {
            let text = match kind {
                Kind::Tsv => export::delimited(&rows, Delimiter::Tab),
                _ => export::mail::list(&rows, &as_of),
            };
            let what = if kind == Kind::Tsv { "表（TSV）" } else { "メール用の一覧" };
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => dispatch.emit(Action::Notice(format!(
                        "{} 件を{what}としてコピーしました。",
                        crate::summary::thousands(n)
                    ))),
                    Err(e) => dispatch.emit(Action::Notice(e)),
                }
            });
            return;
        }
        Kind::Csv => {
            let mut bytes = "\u{FEFF}".as_bytes().to_vec();
            bytes.extend_from_slice(export::delimited(&rows, Delimiter::Comma).as_bytes());
            browser::download(&format!("shinchoku_{as_of}.csv"), "text/csv;charset=utf-8", &bytes)
                .map(|()| format!("{} 件を CSV でダウンロードしました。", crate::summary::thousands(n)))
        }
        Kind::Xlsx => {
            let ups = rollups(&c, &selection, data.analysis.items.len());
            let request = export::xlsx::request(
                &rows,
                &ups,
                (&[], false),
                &data.analysis.skipped,
                &as_of,
                &props.query.describe_ja(),
            );
            dispatch.emit(Action::Notice("Excel 報告書を作成しています…".to_owned()));
            wasm_bindgen_futures::spawn_local(async move {
                let result = match report_module::xlsx(&request).await {
                    Ok(bytes) => browser::download(
                        &format!("shinchoku_{as_of}.xlsx"),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        &bytes,
                    )
                    .map(|()| {
                        format!("{} 件を Excel 報告書（.xlsx）でダウンロードしました。", crate::summary::thousands(n))
                    }),
                    Err(e) => {
                        web_sys::console::error_1(&JsValue::from_str(&e.to_string()));
                        Err(e.message_ja())
                    }
                };
                dispatch.emit(Action::Notice(result.unwrap_or_else(|e| e)));
            });
            return;
        }
    };
    dispatch.emit(Action::Notice(result.unwrap_or_else(|e| e)));
}

#[function_component(Actions)]
pub fn actions(props: &Props) -> Html {
    let button = |kind: Kind, key: &'static str, label: &'static str| {
        let onclick = {
            let props = Props {
                data: props.data.clone(),
                classification: props.classification.clone(),
                selection: props.selection.clone(),
                query: props.query.clone(),
                dispatch: props.dispatch.clone(),
            };
            Callback::from(move |_: MouseEvent| run(kind, &props))
        };
        html! { <button type="button" class="button" data-action={key} disabled={props.selection.is_empty()} {onclick}>{ label }</button> }
    };
    html! {
        <div class="actions" role="group" aria-label="表示中の行をコピー・出力">
            { button(Kind::Tsv, "copy-tsv", "表をコピー（Excel に貼り付け）") }
            { button(Kind::Mail, "copy-mail", "メール用の一覧をコピー") }
            { button(Kind::Csv, "download-csv", "CSV をダウンロード") }
            { button(Kind::Xlsx, "download-xlsx", "Excel 報告書（.xlsx）をダウンロード") }
            <button type="button" class="button" data-action="print-view" disabled={props.selection.is_empty()}
                onclick={props.dispatch.reform(|_: MouseEvent| Action::SetPrinting(true))}>{ "印刷用の表示（A4 横）" }</button>
        </div>
    }
}
