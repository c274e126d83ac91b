//! Virtualised rows in a scroll box, shared by the results table and the body × system matrix:
//! only the rows in view (plus a margin) are in the DOM, and two spacer rows as tall as the rows
//! left out above and below keep the scroll bar true. Rows must all be `row_height` pixels high
//! (the CSS says so for each user).

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

/// The fixed geometry of one virtualised list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Geometry {
    /// Height of every row, in CSS pixels.
    pub row_height: i32,
    /// Rows drawn above and below the visible ones.
    pub overscan: usize,
    /// The scroll box's height before it is first measured.
    pub default_viewport: i32,
}

/// What a virtualised list renders: rows `start..end`, the refs of its scroll box and two
/// spacer rows, and the scroll handler for the box.
pub struct VirtualRows {
    pub scroller: NodeRef,
    pub top_spacer: NodeRef,
    pub bottom_spacer: NodeRef,
    pub start: usize,
    pub end: usize,
    /// The scroll box's height as last measured.
    pub viewport: i32,
    pub onscroll: Callback<Event>,
}

/// Sets an element's height through the CSSOM (the page's CSP forbids inline style attributes).
fn set_height(node: &NodeRef, px: i64) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.style().set_property("height", &format!("{px}px"));
    }
}

/// The window of `len` rows to draw; the list scrolls back to its top whenever `reset_on`
/// changes (a new selection, a reload).
#[hook]
pub fn use_virtual_rows<D>(len: usize, geometry: Geometry, reset_on: D) -> VirtualRows
where
    D: PartialEq + 'static,
{
    let scroller = use_node_ref();
    let top_spacer = use_node_ref();
    let bottom_spacer = use_node_ref();
    let scroll_top = use_state(|| 0i32);
    let viewport = use_state(|| geometry.default_viewport);
    let h = geometry.row_height.max(1);

    {
        let scroller = scroller.clone();
        let scroll_top = scroll_top.clone();
        use_effect_with(reset_on, move |_| {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0);
        });
    }

    let first = usize::try_from(*scroll_top / h).unwrap_or(0);
    let visible = usize::try_from(*viewport / h + 1).unwrap_or(20);
    let start = first.saturating_sub(geometry.overscan).min(len);
    let end = (first + visible + geometry.overscan).min(len);

    {
        let (top, bottom) = (top_spacer.clone(), bottom_spacer.clone());
        use_effect_with((start, end, len), move |&(start, end, len)| {
            set_height(&top, start as i64 * i64::from(h));
            set_height(&bottom, (len - end) as i64 * i64::from(h));
        });
    }

    let onscroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                scroll_top.set(el.scroll_top());
                viewport.set(el.client_height().max(h));
            }
        })
    };

    VirtualRows { scroller, top_spacer, bottom_spacer, start, end, viewport: *viewport, onscroll }
}
