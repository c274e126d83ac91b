//! The notes on what the files gave ([`crate::notes`]: 特定移行支援 list rows that designated
//! nothing, bodies the register noted, progress rows of no 業務 of the programme), below the
//! summary and collapsed: counts by reason and the first rows; the whole list on request, in a
//! virtualised box (only the rows in view are in the DOM, as in [`super::table`]), and all of it
//! copyable as TSV. A national 特定移行支援 list of 8,410 unmatched rows, or 200,000, costs a few
//! dozen elements.

use std::rc::Rc;

use yew::prelude::*;

use super::virtual_rows::{use_virtual_rows, Geometry};
use super::{browser, Action, Data, Shared};
use crate::classify::Classification;
use crate::notes::{self, NoteRef};
use crate::summary::thousands;

/// Rows shown before the whole list is asked for.
const FIRST_ROWS: usize = 5;

const ROW_HEIGHT: i32 = 28;
const GEOMETRY: Geometry = Geometry { row_height: ROW_HEIGHT, overscan: 8, default_viewport: 360 };

#[derive(Properties, PartialEq)]
pub struct Props {
    pub data: Shared<Data>,
    pub classification: Shared<Classification>,
    pub dispatch: Callback<Action>,
}

/// One note as a line: `ファイル / シート 行：団体 業務（理由）`.
fn line(n: &notes::Note<'_>) -> String {
    let body = if n.written == n.organization {
        n.organization.to_owned()
    } else {
        format!("{} → {}", n.written, n.organization)
    };
    let task = if n.task.is_empty() { String::new() } else { format!(" {}", n.task) };
    format!("{} のシート「{}」の {} 行目：{}{}{}", n.file, n.sheet, n.row, n.prefecture, body, task)
}

fn row_html(n: &NoteRef, data: &Data, i: usize) -> Html {
    let a = &data.analysis;
    let Some(note) = notes::resolve(n, &a.items, &a.systems) else { return html! {} };
    html! {
        <li key={i} class="note-row" data-note-reason={note.reason.key()} data-note-row={note.row.to_string()}>
            <span class="note-text">{ line(&note) }</span>
            <span class="note-reason">{ format!("（{}）", note.reason.label_ja()) }</span>
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    data: Shared<Data>,
    refs: Shared<Vec<NoteRef>>,
}

/// The whole list, virtualised.
#[function_component(FullList)]
fn full_list(props: &ListProps) -> Html {
    let len = props.refs.len();
    let v = use_virtual_rows(len, GEOMETRY, Rc::as_ptr(&props.refs.0) as usize);
    html! {
        <div class="notes-scroll" ref={v.scroller.clone()} onscroll={v.onscroll.clone()} tabindex="0" role="region"
            aria-label="注記の全件（スクロールできます）" data-hook="notes-list" data-rows={len.to_string()}>
            <ul class="notes-rows">
                if v.start > 0 { <li class="spacer" ref={v.top_spacer.clone()} aria-hidden="true"></li> }
                { for props.refs.iter().enumerate().take(v.end).skip(v.start).map(|(i, n)| row_html(n, &props.data, i)) }
                if v.end < len { <li class="spacer" ref={v.bottom_spacer.clone()} aria-hidden="true"></li> }
            </ul>
        </div>
    }
}

#[function_component(NotesPanel)]
pub fn notes_panel(props: &Props) -> Html {
    let refs: Rc<Vec<NoteRef>> = {
        let (data, c) = (props.data.clone(), props.classification.clone());
        use_memo((props.data.clone(), props.classification.clone()), move |_| {
            notes::note_refs(&data.analysis.items, &data.analysis.systems, &c)
        })
    };
    let counts = {
        let refs = refs.clone();
        use_memo(Shared(refs.clone()), move |_| notes::by_reason(&refs))
    };
    let open = use_state(|| false);
    if refs.is_empty() {
        return html! {};
    }
    let on_open = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_copy = {
        let (data, refs, dispatch) = (props.data.clone(), refs.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            let a = &data.analysis;
            let text = notes::tsv(refs.iter().filter_map(|n| notes::resolve(n, &a.items, &a.systems)));
            let done = format!("注記 {} 行を TSV としてコピーしました。", thousands(refs.len()));
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::copy_text(&text).await {
                    Ok(()) => dispatch.emit(Action::Notice(done)),
                    Err(e) => dispatch.emit(Action::Notice(e)),
                }
            });
        })
    };
    let summary =
        counts.iter().map(|(r, n)| format!("{} {}", r.label_ja(), thousands(*n))).collect::<Vec<_>>().join("、");
    html! {
        <details class="notes" data-hook="notes" data-count={refs.len().to_string()}>
            <summary>{ format!("注記（{} 件：{}）", thousands(refs.len()), summary) }</summary>
            <ul class="note-counts">
                { for counts.iter().map(|(r, n)| html! {
                    <li data-note-count={r.key()} data-kind={format!("{:?}", r.kind()).to_lowercase()}>
                        { format!("{}：{} 件", r.label_ja(), thousands(*n)) }
                    </li>
                }) }
            </ul>
            <ul class="notes-first" data-hook="notes-first">
                { for refs.iter().take(FIRST_ROWS).enumerate().map(|(i, n)| row_html(n, &props.data, i)) }
            </ul>
            <div class="notes-buttons">
                if refs.len() > FIRST_ROWS {
                    <button type="button" class="button small" data-hook="notes-all" aria-expanded={open.to_string()} onclick={on_open}>
                        { if *open { "全件の表示を閉じる".to_owned() } else { format!("全 {} 件を表示", thousands(refs.len())) } }
                    </button>
                }
                <button type="button" class="button small" data-hook="notes-copy" onclick={on_copy}>
                    { "全件を TSV でコピー" }
                </button>
            </div>
            if *open {
                <FullList data={props.data.clone()} refs={Shared(refs.clone())} />
            }
        </details>
    }
}
