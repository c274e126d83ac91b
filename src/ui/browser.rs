//! The few browser services the page uses: today's date, reading files, downloads, the
//! clipboard, settings in localStorage, and the fatal-error banner. No network API.

use chrono::NaiveDate;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::analyse::{FileError, Input};
use crate::profile::Profile;

/// Today in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_default()
}

/// Reads the files' bytes; a file that cannot be read becomes an error entry.
pub async fn read_files(files: Vec<web_sys::File>) -> (Vec<Input>, Vec<FileError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        let name = file.name();
        let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
        match gloo_file::futures::read_as_bytes(&blob).await {
            Ok(bytes) => inputs.push(Input { name, bytes }),
            Err(_) => errors.push(FileError {
                message: format!("「{name}」を読み込めませんでした：ファイルを開けませんでした（移動・削除されたか、権限がありません）。"),
                file: name,
            }),
        }
    }
    (inputs, errors)
}

/// Reads a small text file (a profile).
pub async fn read_text(file: web_sys::File) -> Option<String> {
    let blob = gloo_file::Blob::from(web_sys::Blob::from(file));
    gloo_file::futures::read_as_text(&blob).await.ok()
}

/// Lets the browser paint (e.g. "読み込み中…") before a long synchronous step.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 16);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves just after the browser has painted its next frame (requestAnimationFrame, then a
/// zero timeout): for work that must not delay what a change has just put on screen.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let next = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(resolve.unchecked_ref(), 0);
            }
        });
        if w.request_animation_frame(next.unchecked_ref()).is_err() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |_| "ダウンロードを準備できませんでした。".to_owned();
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| fail(JsValue::NULL))?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(fail)?.dyn_into().map_err(|_| fail(JsValue::NULL))?;
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    // Revoke after the download has started.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    }
    Ok(())
}

/// Copies text to the clipboard: the async Clipboard API where the page is a secure context,
/// else the older copy command through a hidden text area.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let fail = "クリップボードにコピーできませんでした。ブラウザーの設定を確認してください。".to_owned();
    let window = web_sys::window().ok_or_else(|| fail.clone())?;
    let navigator = window.navigator();
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|v| !v.is_undefined() && !v.is_null())
        .unwrap_or(false);
    if has_clipboard && window.is_secure_context() {
        let promise = navigator.clipboard().write_text(text);
        if JsFuture::from(promise).await.is_ok() {
            return Ok(());
        }
    }
    let document = window.document().ok_or_else(|| fail.clone())?;
    let area: web_sys::HtmlTextAreaElement =
        document.create_element("textarea").map_err(|_| fail.clone())?.dyn_into().map_err(|_| fail.clone())?;
    area.set_value(text);
    area.set_class_name("offscreen");
    let body = document.body().ok_or_else(|| fail.clone())?;
    let _ = body.append_child(&area);
    area.select();
    let ok = document.dyn_ref::<web_sys::HtmlDocument>().and_then(|d| d.exec_command("copy").ok()).unwrap_or(false);
    let _ = body.remove_child(&area);
    if ok {
        Ok(())
    } else {
        Err(fail)
    }
}

const SETTINGS_KEY: &str = "shinchoku.settings.v1";

/// What is remembered between visits: settings only, never workbook data.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Stored {
    /// The as-of date the user chose; `None` means "today".
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
    #[serde(default)]
    pub profile: Option<Profile>,
    /// The prefecture scope (表示範囲) the user chose, by name; `None`: every prefecture.
    #[serde(default)]
    pub prefecture: Option<String>,
}

pub fn load_settings() -> Stored {
    let stored: Stored = LocalStorage::get(SETTINGS_KEY).unwrap_or_default();
    Stored {
        as_of: stored.as_of,
        profile: stored.profile.filter(|p| p.validate().is_ok()),
        prefecture: stored.prefecture,
    }
}

pub fn save_settings(stored: &Stored) {
    let _ = LocalStorage::set(SETTINGS_KEY, stored);
}

/// Shows the fatal-error banner (outside the app, so it works even if the app is broken).
pub fn show_fatal(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(el) = document.get_element_by_id("fatal-detail") {
        el.set_text_content(Some(detail));
    }
    if let Some(el) = document.get_element_by_id("fatal").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        el.set_hidden(false);
    }
}

/// Panics on purpose: the browser tests call it to prove that a panic shows the recoverable
/// banner (tests/browser/panic.test.mjs). It takes no input, so no file can reach it, and it is
/// exported only from a page built with `--features test-hooks`, never from the shipped one.
#[cfg(feature = "test-hooks")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn panic_for_test() {
    panic!("deliberate panic for the panic-hook test");
}

/// Routes panics to the console and the Japanese banner instead of a silently dead page.
///
/// Set through Yew, which otherwise replaces any hook with its own console-only one when the
/// app is rendered (tests/browser/panic.test.mjs caught exactly that).
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
        show_fatal("内部エラーのため処理を続けられません。お手数ですが、ページを再読み込みしてください。");
    }));
}

/// The value of the `<select>` an event came from.
pub fn select_value(e: &web_sys::Event) -> Option<String> {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value())
}

/// The `<input>` an event came from.
pub fn input_of(e: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
}
