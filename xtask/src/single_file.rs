//! `cargo xtask single-file [DIST] [OUT]`: one self-contained HTML page from the built `dist/`
//! (default `dist/` → `dist-single/shinchoku.html`), for offices without an intranet web server:
//! it works opened straight from a file share (`file://`).
//!
//! The page's wasm-bindgen glue, the wasm (base64) and the boot code become one inline module
//! script, together with the analyser module (`analyser.js` + `analyser_bg.wasm`: reading and
//! classifying, which the served page runs in a worker; no worker can start from `file://`, so
//! here it runs on the page's thread) and the .xlsx report module (`report.js` +
//! `report_bg.wasm`). Each module's glue is wrapped in a function and started from the embedded
//! bytes the first time it is needed. The stylesheet becomes one inline style. The
//! Content-Security-Policy allows exactly
//! those two by their SHA-256 hashes, computed here, plus `'wasm-unsafe-eval'` to compile the
//! wasm; everything else is `'none'` (no network, no workers, no other script or style).
//! Every other script and link of `dist/index.html` (the start script, preloads, the icon, any
//! live-reload script) is dropped.

use std::path::Path;

/// Builds the page from the files of `dist`.
pub fn build(dist: &Path, out: &Path) -> Result<(), String> {
    let read = |name: &str| -> Option<Vec<u8>> {
        let name = name.trim_start_matches("./").trim_start_matches('/');
        if name.contains("..") {
            return None;
        }
        std::fs::read(dist.join(name)).ok()
    };
    let index =
        read("index.html").ok_or_else(|| format!("{}: no index.html (run trunk build first)", dist.display()))?;
    let index = String::from_utf8(index).map_err(|_| "index.html is not UTF-8".to_owned())?;
    let html = assemble(&index, read)?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(out, html.as_bytes()).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("wrote {} ({} bytes)", out.display(), html.len());
    Ok(())
}

/// A tag found in the HTML: its byte range and its text.
struct Tag<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

/// Every `<name …>` start tag (case-insensitive), with `</name>` included for scripts.
fn tags<'a>(html: &'a str, name: &str) -> Vec<Tag<'a>> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&open).map(|p| p + from) {
        let after = lower.as_bytes().get(pos + open.len()).copied();
        if !matches!(after, Some(b' ' | b'>' | b'\n' | b'\t' | b'\r' | b'/')) {
            from = pos + open.len();
            continue;
        }
        let Some(close) = lower[pos..].find('>').map(|p| p + pos + 1) else { break };
        let end = if name == "script" {
            match lower[close..].find("</script>") {
                Some(p) => close + p + "</script>".len(),
                None => break,
            }
        } else {
            close
        };
        out.push(Tag { start: pos, end, text: &html[pos..end] });
        from = end;
    }
    out
}

/// The value of `attr="…"` in a start tag.
fn attr<'a>(tag: &'a str, attr: &str) -> Option<&'a str> {
    let head = &tag[..tag.find('>').unwrap_or(tag.len())];
    let lower = head.to_ascii_lowercase();
    let needle = format!(" {attr}=\"");
    let start = lower.find(&needle)? + needle.len();
    let len = head[start..].find('"')?;
    Some(&head[start..start + len])
}

/// Keeps text inside a `<script>` or `<style>` element from ending it early.
fn escape_raw_text(text: &str, element: &str) -> String {
    let mut out = text.replace("<!--", "<\\!--");
    for variant in [format!("</{element}"), format!("</{}", element.to_ascii_uppercase())] {
        out = out.replace(&variant, &format!("<\\/{element}"));
    }
    out
}

/// The local name exported as `default` by the wasm-bindgen glue (`export { initSync, __wbg_init as default };`).
fn default_export(glue: &str) -> Option<&str> {
    let stmt_start = glue.rfind("export {")?;
    let stmt = &glue[stmt_start + "export {".len()..];
    let stmt = &stmt[..stmt.find('}')?];
    stmt.split(',').find_map(|part| {
        let mut words = part.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some(local), Some("as"), Some("default")) => Some(local),
            _ => None,
        }
    })
}

/// The strict policy of the single file: the two inline elements by hash, wasm compilation,
/// nothing else.
pub fn csp(script_hash: &str, style_hash: &str) -> String {
    format!(
        "default-src 'none'; script-src 'sha256-{script_hash}' 'wasm-unsafe-eval'; style-src 'sha256-{style_hash}'; \
         img-src 'none'; font-src 'none'; connect-src 'none'; worker-src 'none'; frame-src 'none'; \
         object-src 'none'; base-uri 'none'; form-action 'none'"
    )
}

/// The boot code after the glue: decode the wasm and start the app, or show the page's
/// fatal-error banner.
fn boot(init: &str, wasm_base64: &str) -> String {
    format!(
        r#"
// shinchoku single-file boot: the wasm is embedded below; nothing is fetched.
const shinchokuWasm = "{wasm_base64}";
try {{
  const text = atob(shinchokuWasm);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  await {init}({{ module_or_path: bytes }});
}} catch (e) {{
  console.error(e);
  const fatal = document.getElementById('fatal');
  const detail = document.getElementById('fatal-detail');
  if (detail) detail.textContent = 'ページを起動できませんでした（WebAssembly を読み込めません）。';
  if (fatal) fatal.hidden = false;
}}
"#
    )
}

/// A module embedded in the page (the .xlsx report module, the analyser module): what the served
/// page fetches next to itself.
struct Embedded {
    /// The glue's file name in `dist/` (`report.js`); the wasm is `<stem>_bg.wasm`.
    glue: &'static str,
    /// The global loader the page calls (`shinchokuReport`), and `<loader>Reset`.
    loader: &'static str,
    /// The functions the loader's promise resolves to.
    exports: &'static [&'static str],
    /// What it is, for the comment in the page.
    what: &'static str,
}

const EMBEDDED: [Embedded; 2] = [
    Embedded {
        glue: "report.js",
        loader: "shinchokuReport",
        exports: &["report_xlsx"],
        what: "The .xlsx report module, embedded: started the first time a report is asked for.",
    },
    Embedded {
        glue: "analyser.js",
        loader: "shinchokuAnalyser",
        exports: &["request"],
        what: "The analyser module (reading and classifying), embedded: no worker can start from file://, so it runs on the page's thread, started on the first file.",
    },
];

/// A module's glue as the body of its loader: its `export` keywords and export list dropped (so
/// it can sit inside the page's one inline script beside the page's own glue, in a scope of its
/// own), started from the embedded wasm on the first call.
fn module_loader(m: &Embedded, glue: &str, wasm_base64: &str) -> Result<String, String> {
    let Embedded { glue: file, loader, exports, what } = m;
    let init = default_export(glue)
        .ok_or_else(|| format!("{file} has no default export (wasm-bindgen --target web)"))?
        .to_owned();
    let mut body = String::with_capacity(glue.len());
    for line in glue.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("export {") {
            continue;
        }
        body.push_str(trimmed.strip_prefix("export ").unwrap_or(line));
        body.push('\n');
    }
    for f in *exports {
        if !body.contains(&format!("function {f}(")) {
            return Err(format!("{file} does not define {f}"));
        }
    }
    let exports = exports.join(", ");
    Ok(format!(
        r#"
// {what}
{{
  let module;
  globalThis.{loader} = () => {{
    module ??= (async () => {{
{body}
      const text = atob("{wasm_base64}");
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      await {init}({{ module_or_path: bytes }});
      return {{ {exports} }};
    }})();
    module.catch(() => {{ module = undefined; }});
    return module;
  }};
  globalThis.{loader}Reset = () => {{ module = undefined; }};
}}
"#
    ))
}

/// Every embedded module's loader, from the files of `dist/`.
fn module_loaders(read: &impl Fn(&str) -> Option<Vec<u8>>) -> Result<String, String> {
    let mut out = String::new();
    for m in &EMBEDDED {
        let file = m.glue;
        let wasm_name = format!("{}_bg.wasm", file.trim_end_matches(".js"));
        let glue = read(file).ok_or_else(|| format!("{file} is missing (scripts/post-build.sh builds it)"))?;
        let glue = String::from_utf8(glue).map_err(|_| format!("{file} is not UTF-8"))?;
        let wasm =
            read(&wasm_name).ok_or_else(|| format!("{wasm_name} is missing (scripts/post-build.sh builds it)"))?;
        if !wasm.starts_with(b"\0asm") {
            return Err(format!("{wasm_name} is not a wasm module"));
        }
        if glue.lines().any(|l| l.trim_start().starts_with("import ")) {
            return Err(format!("{file} imports other modules (snippets); they cannot be inlined"));
        }
        out.push_str(&module_loader(m, &glue, &base64(&wasm))?);
    }
    Ok(out)
}

/// Turns `dist/index.html` into the single file, reading the files it names with `read`.
pub fn assemble(index: &str, read: impl Fn(&str) -> Option<Vec<u8>>) -> Result<String, String> {
    let scripts = tags(index, "script");
    let start = scripts
        .iter()
        .find(|t| attr(t.text, "data-js").is_some() && attr(t.text, "data-wasm").is_some())
        .ok_or("index.html has no start script with data-js and data-wasm")?;
    let (js_name, wasm_name) = (attr(start.text, "data-js").unwrap_or(""), attr(start.text, "data-wasm").unwrap_or(""));
    let glue = read(js_name).ok_or_else(|| format!("{js_name} is missing"))?;
    let glue = String::from_utf8(glue).map_err(|_| format!("{js_name} is not UTF-8"))?;
    let wasm = read(wasm_name).ok_or_else(|| format!("{wasm_name} is missing"))?;
    if !wasm.starts_with(b"\0asm") {
        return Err(format!("{wasm_name} is not a wasm module"));
    }
    if glue.lines().any(|l| l.trim_start().starts_with("import ")) {
        return Err(format!("{js_name} imports other modules (snippets); they cannot be inlined"));
    }
    let init =
        default_export(&glue).ok_or_else(|| format!("{js_name} has no default export (wasm-bindgen --target web)"))?;

    let modules = module_loaders(&read)?;

    let script = escape_raw_text(&format!("{glue}\n{modules}\n{}", boot(init, &base64(&wasm))), "script");

    let links = tags(index, "link");
    let mut style = String::new();
    for link in &links {
        if attr(link.text, "rel").is_some_and(|r| r.eq_ignore_ascii_case("stylesheet")) {
            let href = attr(link.text, "href").unwrap_or("");
            let css = read(href).ok_or_else(|| format!("{href} is missing"))?;
            style.push_str(&String::from_utf8(css).map_err(|_| format!("{href} is not UTF-8"))?);
            style.push('\n');
        }
    }
    let style = escape_raw_text(&style, "style");

    // Drop every script and link, then rewrite the policy.
    let mut cuts: Vec<(usize, usize)> = scripts.iter().chain(links.iter()).map(|t| (t.start, t.end)).collect();
    cuts.sort_unstable();
    let mut html = String::with_capacity(index.len() + script.len() + style.len() + 512);
    let mut at = 0;
    for (s, e) in cuts {
        if s >= at {
            html.push_str(&index[at..s]);
            at = e;
        }
    }
    html.push_str(&index[at..]);
    // The fatal banner's reload link: "./" would open the folder from a file share.
    let html = html.replace("<a href=\"./\">", "<a href=\"\">");

    let metas = tags(&html, "meta");
    let policy = metas
        .iter()
        .find(|m| attr(m.text, "http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")))
        .ok_or("index.html has no Content-Security-Policy")?;
    let new_meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        csp(&base64(&sha256(script.as_bytes())), &base64(&sha256(style.as_bytes())))
    );
    let html = format!("{}{new_meta}{}", &html[..policy.start], &html[policy.end..]);

    let head_end = html.to_ascii_lowercase().find("</head>").ok_or("index.html has no </head>")?;
    let html = format!("{}<style>{style}</style>\n{}", &html[..head_end], &html[head_end..]);
    let body_end = html.to_ascii_lowercase().rfind("</body>").ok_or("index.html has no </body>")?;
    Ok(format!("{}<script type=\"module\">{script}</script>\n{}", &html[..body_end], &html[body_end..]))
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// SHA-256 (FIPS 180-4), for the policy's hashes.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
        0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
        0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
        0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for block in msg.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh.wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = r#"<!doctype html>
<html lang="ja">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
  <title>t</title>
  <link rel="icon" href="./favicon-1.svg" integrity="sha384-x"/>
  <link rel="stylesheet" href="./app-1.css" integrity="sha384-y"/>
  <script type="module" src="./start.js" id="shinchoku-start" data-js="./app-1.js" data-wasm="./app-1_bg.wasm"></script>
<link rel="modulepreload" href="./app-1.js" crossorigin="anonymous"><link rel="preload" href="./app-1_bg.wasm" as="fetch" type="application/wasm"></head>
<body>
  <div id="fatal" hidden><p id="fatal-detail"></p><p><a href="./">reload</a></p></div>
  <div id="app"></div>
<script>"use strict"; (function () { new WebSocket('ws://x'); })()</script></body>
</html>"#;

    const GLUE: &str =
        "let wasm;\nasync function __wbg_init(m) { return m; }\nexport { initSync, __wbg_init as default };\n";

    const REPORT_GLUE: &str = "let wasm;\nexport function report_xlsx(r) { return r; }\nasync function __wbg_init(m) { return m; }\nexport { initSync, __wbg_init as default };\n";

    const ANALYSER_GLUE: &str = "let wasm;\nexport function request(m, post) { post(m); }\nasync function __wbg_init(m) { return m; }\nexport { initSync, __wbg_init as default };\n";

    fn read(name: &str) -> Option<Vec<u8>> {
        match name {
            "./app-1.js" => Some(GLUE.as_bytes().to_vec()),
            "./app-1_bg.wasm" | "report_bg.wasm" | "analyser_bg.wasm" => Some(b"\0asm\x01\0\0\0".to_vec()),
            "report.js" => Some(REPORT_GLUE.as_bytes().to_vec()),
            "analyser.js" => Some(ANALYSER_GLUE.as_bytes().to_vec()),
            "./app-1.css" => Some(b"body { margin: 0; }".to_vec()),
            _ => None,
        }
    }

    fn page() -> String {
        assemble(INDEX, read).unwrap()
    }

    fn between<'a>(s: &'a str, open: &str, close: &str) -> &'a str {
        let start = s.find(open).unwrap() + open.len();
        &s[start..start + s[start..].find(close).unwrap()]
    }

    #[test]
    fn sha256_matches_the_standard_test_vectors() {
        let hex = |b: [u8; 32]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(hex(sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(sha256(b"")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(hex(sha256(long.as_bytes())), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    #[test]
    fn base64_pads_like_the_browsers_atob_expects() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"\0asm"), "AGFzbQ==");
    }

    #[test]
    fn the_page_has_one_inline_script_and_one_inline_style_and_no_other_script_or_link() {
        let html = page();
        assert_eq!(html.matches("<script").count(), 1);
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(!html.contains("<link"), "{html}");
        assert!(!html.contains("src="), "{html}");
        assert!(!html.contains("WebSocket"), "{html}");
    }

    #[test]
    fn the_reload_link_reloads_the_file_rather_than_opening_its_folder() {
        let html = page();
        assert!(html.contains("<a href=\"\">reload</a>"), "{html}");
        assert!(!html.contains("href=\"./\""), "{html}");
    }

    #[test]
    fn the_wasm_is_embedded_and_started_through_the_glues_default_export() {
        let html = page();
        let script = between(&html, "<script type=\"module\">", "</script>");
        assert!(script.starts_with(GLUE));
        assert!(script.contains("\"AGFzbQEAAAA=\""));
        assert!(script.contains("await __wbg_init({ module_or_path: bytes });"));
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_script_and_style_by_hash() {
        let html = page();
        let script = between(&html, "<script type=\"module\">", "</script>");
        let style = between(&html, "<style>", "</style>");
        let policy = between(&html, "http-equiv=\"Content-Security-Policy\" content=\"", "\"");
        let script_hash = base64(&sha256(script.as_bytes()));
        let style_hash = base64(&sha256(style.as_bytes()));
        assert_eq!(policy, csp(&script_hash, &style_hash));
        assert!(policy.starts_with("default-src 'none'; "));
        assert!(!policy.contains("'self'") && !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
        assert!(style.contains("body { margin: 0; }"));
    }

    #[test]
    fn text_that_would_end_the_script_early_is_escaped() {
        let glue = "const s = '</script><!--';\nexport { __wbg_init as default };\n";
        let html =
            assemble(INDEX, |n| if n == "./app-1.js" { Some(glue.as_bytes().to_vec()) } else { read(n) }).unwrap();
        let script = between(&html, "<script type=\"module\">", "</script>");
        assert!(script.contains("'<\\/script><\\!--'"), "{script}");
    }

    #[test]
    fn a_missing_wasm_or_start_script_is_an_error_not_a_broken_page() {
        assert!(assemble(INDEX, |n| if n.ends_with(".wasm") { None } else { read(n) }).unwrap_err().contains("wasm"));
        assert!(assemble("<html><head></head><body></body></html>", read).is_err());
    }

    #[test]
    fn the_report_module_is_embedded_in_a_scope_of_its_own_and_started_on_demand() {
        let html = page();
        let script = between(&html, "<script type=\"module\">", "</script>");
        let report = between(script, "globalThis.shinchokuReport = () => {", "globalThis.shinchokuReportReset");
        assert!(report.contains("function report_xlsx(r)"), "{report}");
        assert!(!report.contains("export "), "{report}");
        assert!(report.contains("await __wbg_init({ module_or_path: bytes });"), "{report}");
        assert!(report.contains(&format!("atob(\"{}\")", base64(b"\0asm\x01\0\0\0"))), "{report}");
        // The page's own glue still comes first, unchanged.
        assert!(script.starts_with(GLUE.trim_end()), "{script}");
    }

    #[test]
    fn the_analyser_module_is_embedded_in_a_scope_of_its_own_and_started_on_the_first_file() {
        let html = page();
        let script = between(&html, "<script type=\"module\">", "</script>");
        let analyser = between(script, "globalThis.shinchokuAnalyser = () => {", "globalThis.shinchokuAnalyserReset");
        assert!(analyser.contains("function request(m, post)"), "{analyser}");
        assert!(analyser.contains("return { request };"), "{analyser}");
        assert!(!analyser.contains("export "), "{analyser}");
        assert!(!analyser.contains("report_xlsx"), "{analyser}");
    }

    #[test]
    fn a_missing_analyser_module_is_an_error() {
        let err = assemble(INDEX, |n| if n == "analyser_bg.wasm" { None } else { read(n) }).unwrap_err();
        assert!(err.contains("analyser_bg.wasm"), "{err}");
    }

    #[test]
    fn a_missing_report_module_is_an_error() {
        let err = assemble(INDEX, |n| if n == "report.js" { None } else { read(n) }).unwrap_err();
        assert!(err.contains("report.js"), "{err}");
    }

    #[test]
    fn glue_importing_other_modules_is_refused() {
        let glue = "import * as s from './snippets/x.js';\nexport { __wbg_init as default };\n";
        let err =
            assemble(INDEX, |n| if n == "./app-1.js" { Some(glue.as_bytes().to_vec()) } else { read(n) }).unwrap_err();
        assert!(err.contains("snippets"), "{err}");
    }
}
