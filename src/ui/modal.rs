//! What every dialog of the page shares (a body's timeline, a body's steps): it is a native
//! `<dialog>` shown modal (`showModal`), so it lies over the page in the top layer and the rest
//! of the page is inert (no pointer, no Tab, hidden from screen readers) while it is open; the
//! close button takes focus on open and focus goes back to the opener on close, Tab stays
//! inside, Escape and a click on the backdrop close it. The `<dialog>` covers the window and is
//! the backdrop itself; the panel is its child.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// The refs and handlers a dialog wires into its markup.
pub struct Modal {
    /// The `<dialog>` element (the backdrop, with the panel inside).
    pub dialog: NodeRef,
    /// The close button, focused on open.
    pub close_button: NodeRef,
    pub onkeydown: Callback<KeyboardEvent>,
    /// For the backdrop: closes on a click on the backdrop itself, not one bubbling from the dialog.
    pub on_backdrop: Callback<MouseEvent>,
    /// For the `<dialog>`'s `cancel` (Escape, as the browser sees it): the page closes it, so the
    /// element never closes itself under the page's feet.
    pub oncancel: Callback<Event>,
    /// For the close button.
    pub close: Callback<MouseEvent>,
}

/// Keeps Tab inside the dialog (it is modal): from its last focusable element Tab goes to the
/// first, and Shift+Tab from the first goes to the last. `None` lets the browser move focus.
pub fn wrap_focus(dialog: &Element, backwards: bool) -> Option<HtmlElement> {
    let list = dialog
        .query_selector_all(
            "button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])",
        )
        .ok()?;
    let focusable: Vec<HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<HtmlElement>().ok()).collect();
    let (first, last) = (focusable.first()?, focusable.last()?);
    let active = web_sys::window()?.document()?.active_element();
    let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<Element>());
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    match (backwards, inside) {
        (_, false) => Some(first.clone()),
        (true, true) if at(first) => Some(last.clone()),
        (false, true) if at(last) => Some(first.clone()),
        _ => None,
    }
}

/// A modal dialog's behaviour; `opened_for` changes when the dialog shows something else (the
/// focus moves to its close button again).
#[hook]
pub fn use_modal<K: PartialEq + Clone + 'static>(opened_for: K, on_close: Callback<()>) -> Modal {
    let close_button = use_node_ref();
    let dialog = use_node_ref();
    {
        let (close_button, dialog) = (close_button.clone(), dialog.clone());
        use_effect_with(opened_for, move |_| {
            let opener = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(d) = dialog.cast::<HtmlDialogElement>().filter(|d| !d.open()) {
                let _ = d.show_modal();
            }
            if let Some(b) = close_button.cast::<HtmlElement>() {
                let _ = b.focus();
            }
            move || {
                // Closed first: while it is shown modal the page behind is inert and the opener
                // could not take the focus.
                if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                    d.close();
                }
                if let Some(o) = opener {
                    let _ = o.focus();
                }
            }
        });
    }
    let close = {
        let cb = on_close.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let onkeydown = {
        let cb = on_close.clone();
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                cb.emit(());
            }
            "Tab" => {
                if let Some(next) = dialog.cast::<Element>().and_then(|d| wrap_focus(&d, e.shift_key())) {
                    e.prevent_default();
                    let _ = next.focus();
                }
            }
            _ => {}
        })
    };
    let oncancel = {
        let cb = on_close.clone();
        Callback::from(move |e: Event| {
            e.prevent_default();
            cb.emit(());
        })
    };
    let on_backdrop = Callback::from(move |e: MouseEvent| {
        if e.target() == e.current_target() {
            on_close.emit(());
        }
    });
    Modal { dialog, close_button, onkeydown, on_backdrop, oncancel, close }
}
