//! The .xlsx report through the report module: a second wasm (src/bin/report.rs) that the page
//! fetches from its own origin the first time a report is asked for, so the report writer is
//! not part of the page's wasm. `start.js` (or the single-file page's inline script) provides
//! `shinchokuReport()`, which resolves to the module's exports, and `shinchokuReportReset()`.

use js_sys::{Function, Reflect, Uint8Array};
use thiserror::Error;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::export::xlsx::Request;

#[derive(Debug, Error)]
pub enum ReportModuleError {
    #[error("the page has no report module loader")]
    NoLoader,
    #[error("the report module could not be loaded: {0}")]
    Load(String),
    #[error("the report module could not write the report")]
    Write,
}

impl ReportModuleError {
    /// The message the page shows.
    pub fn message_ja(&self) -> String {
        match self {
            ReportModuleError::NoLoader | ReportModuleError::Load(_) => {
                "Excel 報告書の作成機能を読み込めませんでした（ページを再読み込みしてください）。".to_owned()
            }
            ReportModuleError::Write => "Excel 報告書を作成できませんでした。".to_owned(),
        }
    }
}

fn global_function(name: &str) -> Option<Function> {
    Reflect::get(&js_sys::global(), &JsValue::from_str(name)).ok()?.dyn_into::<Function>().ok()
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())))
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The workbook's bytes for `request`, written by the report module.
pub async fn xlsx(request: &Request) -> Result<Vec<u8>, ReportModuleError> {
    let load = global_function("shinchokuReport").ok_or(ReportModuleError::NoLoader)?;
    let promise = load.call0(&JsValue::NULL).map_err(|e| ReportModuleError::Load(describe(&e)))?;
    let module =
        JsFuture::from(js_sys::Promise::from(promise)).await.map_err(|e| ReportModuleError::Load(describe(&e)))?;
    let write = Reflect::get(&module, &JsValue::from_str("report_xlsx"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| ReportModuleError::Load("no report_xlsx".to_owned()))?;
    let json = serde_json::to_vec(request).map_err(|_| ReportModuleError::Write)?;
    match write.call1(&JsValue::NULL, &Uint8Array::from(json.as_slice())) {
        Ok(bytes) => bytes.dyn_into::<Uint8Array>().map(|a| a.to_vec()).map_err(|_| ReportModuleError::Write),
        Err(_) => {
            // A trap may leave the module's memory inconsistent: start it afresh next time.
            if let Some(reset) = global_function("shinchokuReportReset") {
                let _ = reset.call0(&JsValue::NULL);
            }
            Err(ReportModuleError::Write)
        }
    }
}
