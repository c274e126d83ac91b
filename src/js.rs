//! Reading and writing the properties of the plain JavaScript objects the page and the analyser
//! module exchange as messages (wasm32 only): a missing or mistyped property reads as empty,
//! never as an error, since every message is checked where it is used.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Sets `obj[key]`.
pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// `obj[key]`, or `undefined`.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `obj[key]` as a string, or `""`.
pub fn get_str(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().unwrap_or_default()
}
