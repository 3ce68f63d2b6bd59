//! The layering of `app/src`, written down as data and kept true
//! (ARCHITECTURE.md explains it).
//!
//! Every top-level module of `app/src` (a directory or a top-level `.rs`
//! file) sits on one row of [`LAYERS`], bottom row first. A module may import
//! modules on its own row and on the rows below it, never above. Inside any
//! module, a file's kind comes from its name ([`KINDS`]): a file may import
//! files of its own kind and of the kinds below it (model ← entity ← repo ←
//! api ← pages). [`EXCEPTIONS`] lists the forbidden imports the code has
//! today, each with its reason; the check fails on a new one and on an
//! exception nothing needs any more, so the list only shrinks.
//!
//! What counts as an import: every path of a `use` tree (grouped, nested,
//! multi-line, `pub use`) and every inline `crate::…`, `super::…` or
//! `self::…` path, resolved to the module it names. Comments and string
//! literals are not read, and neither are modules under `#[cfg(test)]`
//! (test code is not part of the layering).
//!
//! Run it alone: `cargo test -p app --features ssr --test integration -- layering`.
//! Print the measures (edges, upward edges, centres importing each other):
//! `LAYERING_MEASURES=1 … -- layering --nocapture`. `LAYERING_SRC=/some/src`
//! checks another copy of the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rows, bottom first: (layer, modules). A module may import modules on
/// its own row and on rows below it. To move a module, move its name.
#[rustfmt::skip]
const LAYERS: &[(&str, &[&str])] = &[
    ("platform", &["error", "i18n", "locale", "navigation", "db", "mail", "assets", "rate_limit", "money", "clock", "images", "spreadsheet", "personal_data"]),
    ("platform", &["auth"]),
    ("platform", &["outbox", "ui", "input_errors"]),
    ("centre", &["staff"]),
    ("centre", &["audit"]),
    ("centre", &["settings"]),
    ("centre", &["catalog"]),
    ("centre", &["search"]),
    ("centre", &["cart"]),
    ("centre", &["members"]),
    ("centre", &["promotions"]),
    ("centre", &["orders"]),
    ("centre", &["payments"]),
    ("centre", &["points"]),
    ("centre", &["flash_sales"]),
    ("centre", &["group_buys"]),
    ("assembly", &["pages", "shell", "order_hooks", "data_holders", "state", "routes", "lib"]),
];

/// File kinds, lowest first: (kind, module names; `*_x` matches a suffix).
/// A module's kind is that of the first segment below its top-level module
/// that matches (`catalog::admin::images::repo` is a repo, `members::api::profile`
/// an api); other files (`orders::pricing`, `auth::guard`) have no kind.
#[rustfmt::skip]
const KINDS: &[(&str, &[&str])] = &[
    ("model", &["model", "*_model"]),
    ("entity", &["entity"]),
    ("repo", &["repo", "*_repo"]),
    ("api", &["api", "*_api"]),
    ("pages", &["pages", "*_pages", "page", "*_page"]),
];

/// Today's forbidden imports: (from, to, why). Each excuses the imports
/// written in module `from` or below it that name module `to` or something
/// below it, so `from` is as narrow as today's code allows. The check fails
/// when one excuses nothing any more: remove it then.
#[rustfmt::skip]
const EXCEPTIONS: &[(&str, &str, &str)] = &[
    // Platform modules reaching into centres.
    ("auth::identify", "members", "loads the member behind a session with MemberRepo"),
    ("auth::identify", "staff", "loads the staff member behind a session with StaffRepo"),
    ("ui::page_meta", "settings", "a page's title names the store (settings::api::use_store_settings)"),
    ("outbox::event", "orders", "the order events carry orders::status::OrderStatus"),
    ("outbox", "catalog", "outbox/mod.rs lists its consumers (catalog::sales::SalesCounter); goes when they are registered where the app is assembled"),
    ("outbox", "points", "outbox/mod.rs lists its consumers (points::consumer::PointsConsumer); goes with the line above"),
    // Centres reaching up.
    ("staff::api", "audit", "records staff changes in the audit log"),
    ("staff::two_factor_api", "audit", "records turning two-step sign-in on and off, and each recovery code used, in the audit log"),
    ("staff", "members", "the back office's member list lives in staff (api.rs, pages/members.rs); repo.rs reuses the member field types"),
    ("settings::model", "orders", "builds orders::pricing::ShippingRule from the stored rates"),
    ("catalog::pages::search", "search", "the search results page lives in catalog, fed by search::api"),
    ("catalog::pages::product", "cart", "the product page's add-to-cart form"),
    ("catalog::sales", "orders", "counts sales from the order items of order events"),
    ("catalog::pages::product", "flash_sales", "the product page shows the flash-sale banner"),
    ("catalog::pages::product", "group_buys", "the product page shows the group-buy banner"),
    ("promotions", "orders", "coupon claims and quotes use the order entity, OrderStatus and orders::pricing (ShippingRule, PriceBreakdown)"),
    ("orders", "payments", "the order page starts a payment (StartPayment); the back office lists payments and refunds through payments::settle"),
    ("group_buys::page", "pages", "answers an unknown group with pages::NotFound"),
    // The assembled AppState (state.rs), read by every server function: one
    // pattern, so each covers its whole module.
    ("auth", "state", STATE),
    ("staff", "state", STATE),
    ("audit", "state", STATE),
    ("settings", "state", STATE),
    ("catalog", "state", STATE),
    ("search", "state", STATE),
    ("cart", "state", STATE),
    ("members", "state", STATE),
    ("promotions", "state", STATE),
    ("orders", "state", STATE),
    ("payments", "state", STATE),
    ("points", "state", STATE),
    ("flash_sales", "state", STATE),
    ("group_buys", "state", STATE),
    // File kinds.
    ("orders::admin::model", "orders::api", "the staff order view embeds OrderView, which is defined in orders/api.rs"),
];

const STATE: &str = "AppState holds every centre's services, so reading it from a centre is an import upwards; goes when each centre takes only its own part (FromRef)";

// ---------------------------------------------------------------------------
// The check.
// ---------------------------------------------------------------------------

fn source_dir() -> PathBuf {
    std::env::var_os("LAYERING_SRC")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn layering_holds() {
    let src = source_dir();
    let imports = read_imports(&src);
    if std::env::var_os("LAYERING_MEASURES").is_some() {
        print_measures(&imports);
    }
    let found = check(&imports, &top_modules(&src), LAYERS, KINDS, EXCEPTIONS);
    if !found.is_empty() {
        let found = found.join("\n");
        panic!(
            "\nthe layering of {} is broken (ARCHITECTURE.md):\n{found}\n",
            src.display()
        );
    }
}

/// Prints the measures ARCHITECTURE.md records (with `LAYERING_MEASURES=1`).
fn print_measures(imports: &[Import]) {
    let m = measure(imports, LAYERS);
    println!("imports (paths naming another module): {}", m.imports);
    println!("distinct module-to-module edges: {}", m.edges.len());
    println!("edges going upwards: {}", m.upward.len());
    for (from, to) in &m.upward {
        println!(
            "    {from} -> {to}  ({} paths)",
            m.edges[&(from.clone(), to.clone())]
        );
    }
    println!(
        "pairs of centres importing each other: {}",
        m.mutual_centres.len()
    );
    for (a, b) in &m.mutual_centres {
        println!("    {a} <-> {b}");
    }
    println!(
        "pairs of modules importing each other: {}",
        m.mutual_all.len()
    );
    println!("imports against the file kinds: {}", m.kind_breaks.len());
    for (from, to) in &m.kind_breaks {
        println!("    {from} -> {to}");
    }
}

/// The top-level modules that exist as files or directories under `src`.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .iter()
        .map(|p| node(&module_of(p.strip_prefix(src).expect("under src"))).to_string())
        .collect()
}

/// The row of each module and the layer of each row.
fn rows(layers: &[(&str, &[&str])]) -> BTreeMap<String, (usize, String)> {
    let mut rows = BTreeMap::new();
    for (r, (layer, names)) in layers.iter().enumerate() {
        for name in names.iter() {
            rows.insert(name.to_string(), (r + 1, layer.to_string()));
        }
    }
    rows
}

/// The kind of a module path and its rank, if it has one.
fn kind_of<'k>(path: &[String], kinds: &[(&'k str, &[&str])]) -> Option<(usize, &'k str)> {
    path.iter().skip(1).find_map(|seg| {
        kinds.iter().enumerate().find_map(|(rank, (kind, names))| {
            let hit = names.iter().any(|n| match n.strip_prefix('*') {
                Some(suffix) => seg.ends_with(suffix),
                None => seg == n,
            });
            hit.then_some((rank, *kind))
        })
    })
}

/// Every problem, as lines for the failure message; empty when all holds.
fn check(
    imports: &[Import],
    existing: &BTreeSet<String>,
    layers: &[(&str, &[&str])],
    kinds: &[(&str, &[&str])],
    exceptions: &[(&str, &str, &str)],
) -> Vec<String> {
    let rows = rows(layers);
    let under = |path: &[String], prefix: &str| {
        let prefix: Vec<&str> = prefix.split("::").collect();
        path.len() >= prefix.len() && path.iter().zip(&prefix).all(|(a, b)| a == b)
    };
    let mut used = vec![false; exceptions.len()];
    let mut forbidden = BTreeSet::new();
    let mut unplaced = BTreeSet::new();
    for imp in imports {
        let (from, to) = (node(&imp.from), node(&imp.to));
        for name in [from, to] {
            if !rows.contains_key(name) {
                unplaced.insert(name.to_string());
            }
        }
        let mut broken = Vec::new();
        if let (Some((rf, lf)), Some((rt, lt))) = (rows.get(from), rows.get(to))
            && rf < rt
        {
            let why = format!(
                "{from} is on row {rf} ({lf}), {to} on row {rt} ({lt}): \
                 a module imports only its own row and the rows below"
            );
            broken.push(((from.to_string(), to.to_string()), why));
        }
        if let (Some((kf, nf)), Some((kt, nt))) =
            (kind_of(&imp.from, kinds), kind_of(&imp.to, kinds))
            && kf < kt
        {
            let why =
                format!("a {nf} file imports no {nt}: model <- entity <- repo <- api <- pages");
            broken.push(((imp.from.join("::"), imp.to.join("::")), why));
        }
        for (key, why) in broken {
            let mut excused = false;
            for (k, (f, t, _)) in exceptions.iter().enumerate() {
                if under(&imp.from, f) && under(&imp.to, t) {
                    used[k] = true;
                    excused = true;
                }
            }
            if !excused {
                forbidden.insert((imp.file.clone(), imp.line, key, why));
            }
        }
    }
    unplaced.extend(existing.iter().filter(|m| !rows.contains_key(*m)).cloned());
    let mut out = Vec::new();
    if !unplaced.is_empty() {
        out.push("modules on no row of LAYERS (app/tests/layering.rs); add each to the row it belongs to:".into());
        out.extend(unplaced.iter().map(|m| format!("  {m}")));
    }
    let gone: Vec<&str> = rows
        .keys()
        .map(String::as_str)
        .filter(|m| !existing.contains(*m) && !imports.iter().any(|i| node(&i.to) == *m))
        .collect();
    if !gone.is_empty() {
        out.push("LAYERS names modules app/src no longer has; remove them:".into());
        out.extend(gone.iter().map(|m| format!("  {m}")));
    }
    if !forbidden.is_empty() {
        out.push(format!(
            "forbidden imports ({}); fix the import, or move a module in LAYERS, \
             or (with a reason) add to EXCEPTIONS:",
            forbidden.len()
        ));
        out.extend(
            forbidden
                .iter()
                .map(|(file, line, (f, t), why)| format!("  {file}:{line}  {f} -> {t}  ({why})")),
        );
    }
    let stale: Vec<String> = exceptions
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|((f, t, _), _)| format!("  {f} -> {t}"))
        .collect();
    if !stale.is_empty() {
        out.push("exceptions nothing needs any more; remove them from EXCEPTIONS:".into());
        out.extend(stale);
    }
    out
}

/// What ARCHITECTURE.md's "Measures" records.
struct Measures {
    /// Paths naming another top-level module.
    imports: usize,
    /// Distinct (from, to) pairs of top-level modules, with their paths.
    edges: BTreeMap<(String, String), usize>,
    upward: Vec<(String, String)>,
    mutual_centres: Vec<(String, String)>,
    mutual_all: Vec<(String, String)>,
    /// Distinct (file module, module) pairs against the file kinds.
    kind_breaks: BTreeSet<(String, String)>,
}

fn measure(imports: &[Import], layers: &[(&str, &[&str])]) -> Measures {
    let rows = rows(layers);
    let mut edges = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for imp in imports {
        let (from, to) = (node(&imp.from), node(&imp.to));
        if from != to && seen.insert((imp.file.as_str(), imp.line, from, to, imp.to.join("::"))) {
            *edges.entry((from.to_string(), to.to_string())).or_insert(0) += 1;
        }
    }
    let row = |m: &str| rows.get(m).map(|(r, _)| *r).unwrap_or(0);
    let centre = |m: &str| rows.get(m).is_some_and(|(_, l)| l == "centre");
    let upward = edges
        .keys()
        .filter(|(f, t)| row(f) < row(t))
        .cloned()
        .collect();
    let mutual_all: Vec<(String, String)> = edges
        .keys()
        .filter(|(f, t)| f < t && edges.contains_key(&(t.clone(), f.clone())))
        .cloned()
        .collect();
    let mutual_centres = mutual_all
        .iter()
        .filter(|(a, b)| centre(a) && centre(b))
        .cloned()
        .collect();
    let kind_breaks = imports
        .iter()
        .filter(|i| match (kind_of(&i.from, KINDS), kind_of(&i.to, KINDS)) {
            (Some((kf, _)), Some((kt, _))) => kf < kt,
            _ => false,
        })
        .map(|i| (i.from.join("::"), i.to.join("::")))
        .collect();
    Measures {
        imports: edges.values().sum(),
        kind_breaks,
        edges,
        upward,
        mutual_centres,
        mutual_all,
    }
}

// ---------------------------------------------------------------------------
// From files to imports.
// ---------------------------------------------------------------------------

/// One import of a module by another, as written at `file:line`.
#[derive(Debug, Clone)]
struct Import {
    file: String,
    line: u32,
    /// The module the path is written in, `["catalog", "admin", "repo"]`.
    from: Vec<String>,
    /// The deepest module the path names, `["orders", "status"]`.
    to: Vec<String>,
}

/// The top-level module a module path belongs to (`lib` for the crate root).
fn node(path: &[String]) -> &str {
    path.first().map_or("lib", String::as_str)
}

/// The module path of a file under `src`: `catalog/admin/repo.rs` is
/// `catalog::admin::repo`, `catalog/mod.rs` is `catalog`, `lib.rs` the root.
fn module_of(rel: &Path) -> Vec<String> {
    let mut segs: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = segs.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && !(segs.is_empty() && stem == "lib") {
            segs.push(stem.to_string());
        }
    }
    segs
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// Every import between modules of the crate whose sources are in `src`.
fn read_imports(src: &Path) -> Vec<Import> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut modules = BTreeSet::new();
    let mut scans = Vec::new();
    for path in &files {
        let rel = path.strip_prefix(src).expect("a file under src");
        let module = module_of(rel);
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let scan = scan(&text, &module);
        modules.insert(module.clone());
        modules.extend(scan.inline_modules.iter().cloned());
        let shown = format!("app/src/{}", rel.to_string_lossy());
        scans.push((shown, scan));
    }
    // What the crate root re-exports (`crate::AppError` is `crate::error::AppError`).
    let mut reexports = BTreeMap::new();
    for (_, scan) in &scans {
        for w in scan
            .paths
            .iter()
            .filter(|w| w.in_use && w.module.is_empty())
        {
            if let Some(abs) = resolve(w, &modules)
                && let Some(name) = abs.last()
            {
                reexports.insert(name.clone(), abs.clone());
            }
        }
    }
    let mut imports = Vec::new();
    for (file, scan) in &scans {
        for w in &scan.paths {
            let Some(mut abs) = resolve(w, &modules) else {
                continue;
            };
            if abs.is_empty() {
                continue;
            }
            if !modules.contains(&abs[..1])
                && let Some(target) = reexports.get(&abs[0])
            {
                abs.splice(..1, target.iter().cloned());
            }
            let to = (1..=abs.len())
                .rev()
                .map(|k| abs[..k].to_vec())
                .find(|prefix| modules.contains(prefix))
                .unwrap_or_else(|| abs[..1].to_vec());
            imports.push(Import {
                file: file.clone(),
                line: w.line,
                from: w.module.clone(),
                to,
            });
        }
    }
    imports
}

// ---------------------------------------------------------------------------
// Reading the sources: a small lexer (comments, strings and character
// literals dropped, so a `crate::` in a doc comment or a message is not an
// import), then the `use` trees and the inline `crate::` / `super::` / `self::`
// paths, each resolved to an absolute module path.
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct Token {
    text: String,
    line: u32,
}

impl Token {
    fn new(text: impl Into<String>, line: u32) -> Self {
        Token {
            text: text.into(),
            line,
        }
    }
}

/// Splits Rust source into identifiers, `::` and single punctuation marks.
/// Comments disappear; string and character literals become one `"` token.
fn lex(src: &str) -> Vec<Token> {
    let c: Vec<char> = src.chars().collect();
    let n = c.len();
    let at = |i: usize| if i < n { c[i] } else { '\0' };
    let is_ident_start = |ch: char| ch == '_' || ch.is_alphabetic();
    let is_ident_char = |ch: char| ch == '_' || ch.is_alphanumeric();
    let mut out = Vec::new();
    let (mut i, mut line) = (0usize, 1u32);
    // Skips a quoted body starting after the opening quote; returns the index
    // after the closing quote. `raw` is Some(hashes) for raw strings.
    let skip_quoted = |mut i: usize, raw: Option<usize>, line: &mut u32| -> usize {
        while i < n {
            match (c[i], raw) {
                ('\n', _) => {
                    *line += 1;
                    i += 1;
                }
                ('\\', None) => {
                    if at(i + 1) == '\n' {
                        *line += 1;
                    }
                    i += 2;
                }
                ('"', None) => return i + 1,
                ('"', Some(h)) if (1..=h).all(|k| at(i + k) == '#') => return i + 1 + h,
                _ => i += 1,
            }
        }
        n
    };
    while i < n {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && at(i + 1) == '/' {
            while i < n && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && at(i + 1) == '*' {
            let mut depth = 1;
            i += 2;
            while i < n && depth > 0 {
                if c[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                } else {
                    if c[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if ch == '"' || (ch == 'b' && at(i + 1) == '"') || (ch == 'c' && at(i + 1) == '"') {
            let start = if ch == '"' { i + 1 } else { i + 2 };
            out.push(Token::new("\"", line));
            i = skip_quoted(start, None, &mut line);
        } else if let Some((body, hashes)) = raw_string_hashes(&c, i) {
            out.push(Token::new("\"", line));
            i = skip_quoted(body, Some(hashes), &mut line);
        } else if ch == '\'' || (ch == 'b' && at(i + 1) == '\'') {
            let q = if ch == '\'' { i } else { i + 1 };
            if at(q + 1) == '\\' {
                // An escaped character: '\n', '\'', '\u{..}'.
                let mut j = q + 3;
                while j < n && c[j] != '\'' {
                    j += 1;
                }
                out.push(Token::new("\"", line));
                i = j + 1;
            } else if at(q + 2) == '\'' {
                out.push(Token::new("\"", line));
                i = q + 3;
            } else {
                // A lifetime or a label.
                let mut j = q + 1;
                while j < n && is_ident_char(c[j]) {
                    j += 1;
                }
                out.push(Token::new(c[q..j].iter().collect::<String>(), line));
                i = j;
            }
        } else if is_ident_start(ch) || ch.is_ascii_digit() {
            let mut j = i;
            while j < n && is_ident_char(c[j]) {
                j += 1;
            }
            // A raw identifier, `r#type`.
            if j == i + 1 && ch == 'r' && at(j) == '#' && is_ident_start(at(j + 1)) {
                j += 1;
                while j < n && is_ident_char(c[j]) {
                    j += 1;
                }
            }
            out.push(Token::new(c[i..j].iter().collect::<String>(), line));
            i = j;
        } else if ch == ':' && at(i + 1) == ':' {
            out.push(Token::new("::", line));
            i += 2;
        } else {
            out.push(Token::new(ch.to_string(), line));
            i += 1;
        }
    }
    out
}

/// At `r"`, `r#"`, `br"`, `cr#"`…: the index after the opening quote and the
/// number of `#`s.
fn raw_string_hashes(c: &[char], i: usize) -> Option<(usize, usize)> {
    let prefix = match (c.get(i), c.get(i + 1)) {
        (Some('r'), _) => 1,
        (Some('b' | 'c'), Some('r')) => 2,
        _ => return None,
    };
    let mut j = i + prefix;
    while c.get(j) == Some(&'#') {
        j += 1;
    }
    (c.get(j) == Some(&'"')).then_some((j + 1, j - i - prefix))
}

/// One path as written, before resolution.
#[derive(Debug, Clone, PartialEq)]
struct Written {
    /// The segments, `["crate", "catalog", "model", "decimal"]`.
    segs: Vec<String>,
    /// The module the path is written in (inline `mod x { }` included).
    module: Vec<String>,
    line: u32,
    /// Written in a `use` (where a first segment may name a child module).
    in_use: bool,
}

/// What one file says: its paths and the inline modules it declares.
#[derive(Debug, Default)]
struct FileScan {
    paths: Vec<Written>,
    inline_modules: Vec<Vec<String>>,
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|ch| ch == '_' || ch.is_alphabetic())
}

/// Reads the paths of one file whose module path is `module`. Modules
/// declared under `#[cfg(test)]` (or `#[cfg(all(test, ..))]`) are skipped
/// whole: test code is not part of the layering.
fn scan(src: &str, module: &[String]) -> FileScan {
    let toks = lex(src);
    let t = |i: usize| toks.get(i).map_or("", |tok| tok.text.as_str());
    let mut scan = FileScan::default();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let current = |stack: &[(String, usize)]| {
        let mut m = module.to_vec();
        m.extend(stack.iter().map(|(name, _)| name.clone()));
        m
    };
    let mut i = 0;
    while i < toks.len() {
        match t(i) {
            "mod" if is_ident(t(i + 1)) && t(i + 2) == "{" => {
                if under_test_cfg(&toks, i) {
                    i = matching_brace(&toks, i + 2) + 1;
                    continue;
                }
                depth += 1;
                stack.push((t(i + 1).to_string(), depth));
                scan.inline_modules.push(current(&stack));
                i += 3;
            }
            "{" => {
                depth += 1;
                i += 1;
            }
            "}" => {
                if stack.last().is_some_and(|(_, d)| *d == depth) {
                    stack.pop();
                }
                depth = depth.saturating_sub(1);
                i += 1;
            }
            "use" if i == 0 || matches!(t(i - 1), ";" | "{" | "}" | "]" | ")" | "pub") => {
                let here = current(&stack);
                i += 1;
                let mut found = Vec::new();
                use_tree(&toks, &mut i, Vec::new(), &mut found);
                while i < toks.len() && t(i) != ";" {
                    i += 1;
                }
                for (segs, line) in found {
                    scan.paths.push(Written {
                        segs,
                        module: here.clone(),
                        line,
                        in_use: true,
                    });
                }
            }
            "crate" | "super" | "self"
                if t(i + 1) == "::" && !matches!(t(i.wrapping_sub(1)), "::" | "$") =>
            {
                let mut segs = vec![t(i).to_string()];
                let mut line = toks[i].line;
                let mut j = i + 1;
                while t(j) == "::" && is_ident(t(j + 1)) {
                    segs.push(t(j + 1).to_string());
                    line = toks[j + 1].line;
                    j += 2;
                }
                scan.paths.push(Written {
                    segs,
                    module: current(&stack),
                    line,
                    in_use: false,
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    scan
}

/// Whether the `mod` at `i` carries a `#[cfg(..test..)]` attribute
/// (and no `not`).
fn under_test_cfg(toks: &[Token], i: usize) -> bool {
    let mut j = i;
    // Step back over a visibility: `pub`, `pub(crate)`, `pub(super)`.
    if j >= 1 && toks[j - 1].text == ")" {
        while j > 0 && toks[j - 1].text != "(" {
            j -= 1;
        }
        j = j.saturating_sub(1);
    }
    if j >= 1 && toks[j - 1].text == "pub" {
        j -= 1;
    }
    // Then over each attribute `#[ .. ]`.
    while j >= 1 && toks[j - 1].text == "]" {
        let close = j - 1;
        let mut k = close;
        let mut level = 0i32;
        loop {
            match toks[k].text.as_str() {
                "]" => level += 1,
                "[" => level -= 1,
                _ => {}
            }
            if level == 0 || k == 0 {
                break;
            }
            k -= 1;
        }
        if k == 0 || toks[k - 1].text != "#" {
            return false;
        }
        let attr: Vec<&str> = toks[k + 1..close]
            .iter()
            .map(|tok| tok.text.as_str())
            .collect();
        if attr.first() == Some(&"cfg") && attr.contains(&"test") && !attr.contains(&"not") {
            return true;
        }
        j = k - 1;
    }
    false
}

/// The index of the `}` closing the `{` at `open` (or the last token).
fn matching_brace(toks: &[Token], open: usize) -> usize {
    let mut level = 0i32;
    for (k, tok) in toks.iter().enumerate().skip(open) {
        match tok.text.as_str() {
            "{" => level += 1,
            "}" => {
                level -= 1;
                if level == 0 {
                    return k;
                }
            }
            _ => {}
        }
    }
    toks.len().saturating_sub(1)
}

/// Reads one use tree at `*i` (`a::b::C`, `a::{b, c::d}`, `a::*`, `{a, b}`,
/// `a as b`, `a::{self}`), appending each path with the line of its last
/// segment.
fn use_tree(
    toks: &[Token],
    i: &mut usize,
    prefix: Vec<(String, u32)>,
    out: &mut Vec<(Vec<String>, u32)>,
) {
    let t = |i: usize| toks.get(i).map_or("", |tok| tok.text.as_str());
    let mut segs = prefix;
    if t(*i) == "::" {
        // `use ::name` is always an external crate.
        segs.push(("::".into(), toks[*i].line));
        *i += 1;
    }
    loop {
        match t(*i) {
            "{" => {
                *i += 1;
                while *i < toks.len() && t(*i) != "}" {
                    let before = *i;
                    use_tree(toks, i, segs.clone(), out);
                    if t(*i) == "," {
                        *i += 1;
                    }
                    if *i == before {
                        *i += 1;
                    }
                }
                *i += 1;
                return;
            }
            "*" => {
                *i += 1;
                break;
            }
            name if is_ident(name) => {
                segs.push((name.to_string(), toks[*i].line));
                *i += 1;
                if t(*i) == "::" {
                    *i += 1;
                    continue;
                }
                if t(*i) == "as" {
                    *i += 2;
                }
                break;
            }
            _ => break,
        }
    }
    if segs.last().is_some_and(|(s, _)| s == "self") && segs.len() > 1 {
        segs.pop();
    }
    if let Some(&(_, line)) = segs.last() {
        out.push((segs.into_iter().map(|(s, _)| s).collect(), line));
    }
}

/// The absolute path (under `crate`) a written path names, or None when it
/// names something outside the crate.
fn resolve(w: &Written, modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let first = w.segs.first()?.as_str();
    match first {
        "crate" => Some(w.segs[1..].to_vec()),
        "self" => Some(w.module.iter().chain(&w.segs[1..]).cloned().collect()),
        "super" => {
            let ups = w.segs.iter().take_while(|s| *s == "super").count();
            let keep = w.module.len().checked_sub(ups)?;
            Some(
                w.module[..keep]
                    .iter()
                    .chain(&w.segs[ups..])
                    .cloned()
                    .collect(),
            )
        }
        _ if w.in_use => {
            let mut child = w.module.clone();
            child.push(first.to_string());
            modules
                .contains(&child)
                .then(|| w.module.iter().chain(&w.segs).cloned().collect())
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// The reader and the check on small inputs.
// ---------------------------------------------------------------------------

mod tests {
    use super::*;

    fn modules(list: &[&str]) -> BTreeSet<Vec<String>> {
        list.iter()
            .map(|m| m.split("::").map(String::from).collect())
            .collect()
    }

    /// The resolved paths of `src` read as module `module`, with their lines.
    fn read(src: &str, module: &str, known: &[&str]) -> Vec<(String, u32)> {
        let module: Vec<String> = module
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let known = modules(known);
        scan(src, &module)
            .paths
            .iter()
            .filter_map(|w| resolve(w, &known).map(|abs| (abs.join("::"), w.line)))
            .collect()
    }

    fn expect(found: Vec<(String, u32)>, want: &[(&str, u32)]) {
        let want: Vec<(String, u32)> = want.iter().map(|(p, l)| (p.to_string(), *l)).collect();
        assert_eq!(found, want);
    }

    #[test]
    fn use_forms() {
        let src = "use crate::catalog::model::Product;
use crate::{orders::status::OrderStatus, cart::{api::AddToCart, CartCount}};
use {super::repo::Scope, crate::state::AppState};
pub(crate) use crate::audit::repo::{self, AuditRepo as Repo};
use crate::catalog::*;
use std::sync::Arc;
";
        expect(
            read(src, "payments::api", &[]),
            &[
                ("catalog::model::Product", 1),
                ("orders::status::OrderStatus", 2),
                ("cart::api::AddToCart", 2),
                ("cart::CartCount", 2),
                ("payments::repo::Scope", 3),
                ("state::AppState", 3),
                ("audit::repo", 4),
                ("audit::repo::AuditRepo", 4),
                ("catalog", 5),
            ],
        );
    }

    #[test]
    fn multi_line_use_gives_each_path_its_line() {
        let src = "use {
    crate::audit::repo::AuditRepo,
    crate::auth::request::{
        require_staff,
    },
};
use crate::{
    db,
};";
        expect(
            read(src, "catalog::admin::api", &[]),
            &[
                ("audit::repo::AuditRepo", 2),
                ("auth::request::require_staff", 4),
                ("db", 8),
            ],
        );
    }

    #[test]
    fn inline_paths_and_climbing_supers() {
        let src = "fn f() {
    let tx = crate::db::begin_write(&state.db).await?;
    let p = prices.map(crate::catalog::model::decimal);
    let s = super::super::super::orders::status::OrderStatus::Paid;
    let r = super::repo::Repo::new::<u8>();
    let v = crate::ui::Notice { text };
}";
        expect(
            read(src, "catalog::admin::repo", &[]),
            &[
                ("db::begin_write", 2),
                ("catalog::model::decimal", 3),
                ("orders::status::OrderStatus::Paid", 4),
                ("catalog::admin::repo::Repo::new", 5),
                ("ui::Notice", 6),
            ],
        );
    }

    #[test]
    fn comments_strings_and_macros_are_not_imports() {
        let src = r##"// use crate::orders::A;
/* crate::orders::B /* nested */ crate::orders::C */
/// See crate::orders::D.
let s = "crate::orders::E \" crate::orders::F";
let r = r#"crate::orders::G "quoted" "#;
let c = '{'; let q = '\''; let b = b'"';
fn f<'a>(x: &'a str) -> &'a str { crate::cart::g(x) }
macro_rules! m { () => { $crate::orders::H } }
fn h() -> impl Sized + use<> { crate::cart::h() }
"##;
        expect(
            read(src, "catalog::repo", &[]),
            &[("cart::g", 7), ("cart::h", 9)],
        );
    }

    #[test]
    fn test_modules_are_skipped() {
        let src = "use crate::cart::A;
#[cfg(test)]
mod tests {
    use super::*;
    use crate::orders::B;
}
#[cfg(all(test, feature = \"ssr\"))]
mod more_tests { use crate::orders::C; }
#[cfg(not(test))]
pub(crate) mod real { use crate::search::D; }
fn after() { crate::cart::e() }";
        expect(
            read(src, "catalog::repo", &[]),
            &[("cart::A", 1), ("search::D", 10), ("cart::e", 11)],
        );
    }

    #[test]
    fn inline_modules_and_uniform_paths() {
        let entity = "pub mod product {
    use super::brand::Entity;
    pub fn f() { super::sku::g() }
}";
        let known = [
            "catalog::entity::brand",
            "catalog::entity::sku",
            "catalog::model",
        ];
        expect(
            read(entity, "catalog::entity", &known),
            &[
                ("catalog::entity::brand::Entity", 2),
                ("catalog::entity::sku::g", 3),
            ],
        );
        let module = "pub use model::Product;\nuse serde::Serialize;";
        expect(
            read(module, "catalog", &known),
            &[("catalog::model::Product", 1)],
        );
    }

    #[test]
    fn kinds_come_from_file_names() {
        let kind = |p: &str| {
            kind_of(&p.split("::").map(String::from).collect::<Vec<_>>(), KINDS).map(|(_, k)| k)
        };
        assert_eq!(kind("catalog::admin::images_repo"), Some("repo"));
        assert_eq!(kind("members::api::profile"), Some("api"));
        assert_eq!(kind("orders::checkout_page"), Some("pages"));
        assert_eq!(kind("catalog::entity::product"), Some("entity"));
        assert_eq!(kind("flash_sales::admin::model"), Some("model"));
        assert_eq!(kind("orders::pricing"), None);
        assert_eq!(kind("page_data"), None);
    }

    /// A tree of four files, read from disk and checked against small tables.
    #[test]
    fn the_check_names_each_forbidden_import_and_each_stale_exception() {
        let dir = std::env::temp_dir().join(format!("layering-{}", std::process::id()));
        let files = [
            (
                "lib.rs",
                "pub mod catalog;\npub mod error;\npub mod orders;\npub use error::AppError;\n",
            ),
            ("error.rs", "pub struct AppError;\n"),
            ("catalog/mod.rs", "pub mod model;\n"),
            (
                "catalog/model.rs",
                "use crate::AppError;\nuse crate::orders::{\n    status::Status,\n};\n",
            ),
            (
                "orders/mod.rs",
                "pub mod model;\npub mod repo;\npub mod status;\n",
            ),
            ("orders/model.rs", "fn f() { super::repo::load() }\n"),
            ("orders/repo.rs", "use crate::catalog::model::Price;\n"),
            ("orders/status.rs", "pub enum Status {}\n"),
        ];
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent"))
                .expect("a temporary directory");
            std::fs::write(path, text).expect("a temporary file");
        }
        let imports = read_imports(&dir);
        let existing = top_modules(&dir);
        std::fs::remove_dir_all(&dir).expect("removed");

        let layers: &[(&str, &[&str])] = &[
            ("platform", &["error"]),
            ("centre", &["catalog"]),
            ("centre", &["orders"]),
            ("assembly", &["lib"]),
        ];
        let found = check(&imports, &existing, layers, KINDS, &[]);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[1].starts_with("  app/src/catalog/model.rs:3  catalog -> orders  (catalog is on row 2 (centre), orders on row 3"));
        assert!(found[2].starts_with("  app/src/orders/model.rs:1  orders::model -> orders::repo  (a model file imports no repo"));

        let excused = [
            ("catalog::model", "orders", "a reason"),
            ("orders::model", "orders::repo", "a reason"),
        ];
        assert_eq!(
            check(&imports, &existing, layers, KINDS, &excused),
            Vec::<String>::new()
        );
        // An exception covers its own module and those below it, nothing else.
        let elsewhere = [("catalog::other", "orders", "a reason"), excused[1]];
        let found = check(&imports, &existing, layers, KINDS, &elsewhere);
        assert!(
            found.iter().any(|l| l.contains("catalog -> orders")),
            "{found:#?}"
        );

        let stale = [
            excused[0],
            excused[1],
            ("orders", "catalog", "no longer true"),
        ];
        let found = check(&imports, &existing, layers, KINDS, &stale);
        assert_eq!(
            found,
            [
                "exceptions nothing needs any more; remove them from EXCEPTIONS:",
                "  orders -> catalog"
            ]
        );

        let unplaced: &[(&str, &[&str])] =
            &[("centre", &["catalog"]), ("centre", &["orders", "search"])];
        let found = check(&imports, &existing, unplaced, KINDS, &excused);
        assert!(
            found.contains(&"  error".to_string()) && found.contains(&"  lib".to_string()),
            "{found:#?}"
        );
        assert!(found.contains(&"  search".to_string()), "{found:#?}");
    }

    #[test]
    fn measures_count_edges_upward_edges_and_mutual_pairs() {
        let imp = |from: &str, to: &str| Import {
            file: format!("app/src/{from}.rs"),
            line: 1,
            from: vec![from.to_string()],
            to: vec![to.to_string()],
        };
        let imports = [
            imp("a", "b"),
            imp("b", "a"),
            imp("b", "c"),
            imp("c", "error"),
            imp("a", "a"),
        ];
        let layers: &[(&str, &[&str])] = &[
            ("platform", &["error"]),
            ("centre", &["a"]),
            ("centre", &["b"]),
            ("centre", &["c"]),
        ];
        let m = measure(&imports, layers);
        assert_eq!(m.edges.len(), 4);
        assert_eq!(
            m.upward,
            [
                ("a".to_string(), "b".to_string()),
                ("b".to_string(), "c".to_string())
            ]
        );
        assert_eq!(m.mutual_centres, [("a".to_string(), "b".to_string())]);
    }
}
