//! Hostile input at every server function. For each function the router
//! serves (`server routes`, the same table as the access matrix), as each
//! signed-in caller its door admits (a member, the owner; both for doors
//! open to anyone), a fixed set of generated requests: forms built from the
//! argument names the functions really take (read from their `#[server]`
//! signatures in `app/src`, so a new function is covered without editing
//! this file) with hostile values (empty, past every integer type, floats
//! where whole numbers go, 10 KB texts, Unicode, `%00`, repeated fields,
//! `a[b]=` nesting), and bodies that are not forms at all (invalid UTF-8,
//! cut percent escapes, JSON). Every answer must be below 500, carry none
//! of the decoder's, database's or compiler's words, and when it refuses
//! (4xx) be the shop's JSON error with a sentence a page can show.
//!
//! Runs on SQLite, and on PostgreSQL too when a server answers
//! (`support::postgres`): PostgreSQL refuses text SQLite stores (a NUL
//! character, more than a column's declared width), and each refusal
//! there was a 500.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::time::Instant;

use app::AppError;
use app::i18n::Locale;

use crate::access::{Door, Route, routes};
use crate::support::{self, DataDir, OWNER_EMAIL, OWNER_PASSWORD, Response, Running};

/// Rounds of generated requests per route and caller, each one request
/// of every kind in [`Kind::ALL`]; `HOSTILE_ROUNDS=50` for a longer soak.
const ROUNDS: usize = 1;

/// Where the generator starts: the same requests on every run, so a
/// failure names a request that fails again.
const SEED: u64 = 0x5eed_0031;

/// Words in an answer that only the shop's insides would say.
const INTERNAL: &[&str] = &[
    "deserializ",
    "serde",
    "panicked",
    "sqlx",
    "select \"",
    "insert into",
    "dberr",
    "src/",
    "invalid digit",
    "missing field",
    "unknown variant",
    "invalid type",
    "utf-8",
    "thread '",
    "backtrace",
    "postgres",
    "sqlite",
];

#[test]
fn every_server_function_refuses_hostile_input_in_words_for_people() {
    for data in [Some(DataDir::new()), DataDir::on_postgres()]
        .into_iter()
        .flatten()
    {
        let label = data.label();
        let started = Instant::now();
        let tally = probe_every_function(data);
        eprintln!(
            "hostile input ({label}): {} routes, {} route × caller pairs, {} probes ({} per pair) in {:.1} s",
            tally.routes,
            tally.pairs,
            tally.probes,
            tally.probes / tally.pairs.max(1),
            started.elapsed().as_secs_f64()
        );
    }
}

/// Decoding errors come back in the language the browser asks for.
#[test]
fn a_request_that_does_not_decode_is_refused_in_the_shoppers_language() {
    let shop = Shop::start(DataDir::new());
    // `sku_id` is a whole number; a word there is a decoding error. The
    // quantity is the cart's own rule, the address the member form's; a
    // NUL is refused before any function reads it (`http/nul_bytes.rs`).
    let cases: [(&str, &Role, &str); 4] = [
        ("/api/cart/update", &shop.member, "sku_id=three&quantity=1"),
        ("/api/cart/add", &shop.member, "sku=A-1&quantity=-1"),
        (
            "/api/members/addresses/add",
            &shop.member,
            "address[recipient]=&address[phone]=1&address[region]=&address[city]=&address[district]=&address[street]=&address[postcode]=%23",
        ),
        (
            "/api/orders/confirm",
            &shop.member,
            "order_no=2026120800000000000000001%00",
        ),
    ];
    for (path, role, body) in cases {
        let mut said = BTreeMap::new();
        for language in ["zh-CN,zh;q=0.9", "en-GB,en;q=0.8"] {
            let answer = shop.post(
                path,
                role,
                body.as_bytes(),
                &[("Accept-Language", language)],
            );
            assert_eq!(answer.status, 400, "{path} in {language}: {}", answer.body);
            let message = page_message(&answer, Locale::en)
                .unwrap_or_else(|| panic!("{path}: not the shop's error: {}", answer.body));
            said.insert(language, message);
        }
        let chinese = &said["zh-CN,zh;q=0.9"];
        let english = &said["en-GB,en;q=0.8"];
        assert!(
            chinese
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{path}: {chinese}"
        );
        assert!(english.is_ascii(), "{path}: {english}");
    }
}

fn rounds() -> usize {
    std::env::var("HOSTILE_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(ROUNDS)
}

/// What one pass sent.
struct Tally {
    routes: usize,
    pairs: usize,
    probes: usize,
}

/// Sends every route its generated requests as each caller it admits,
/// and fails with every wrong answer at once.
fn probe_every_function(data: DataDir) -> Tally {
    let database = data.label();
    let shop = Shop::start(data);
    let routes = routes(&shop.data);
    assert_eq!(
        routes.len(),
        app::auth::access::SERVER_FUNCTIONS.len(),
        "the router serves every declared function, and only those"
    );
    let signatures = signatures(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src"));
    let dictionary: Vec<String> = signatures
        .values()
        .flatten()
        .map(|field| field.name.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut failures = Vec::new();
    // Back-office forms whose refusals are still English only (their
    // words are not in app/locales yet): listed, not failed.
    let mut english_only_staff = BTreeSet::new();
    let mut tally = Tally {
        routes: routes.len(),
        pairs: 0,
        probes: 0,
    };
    for route in &routes {
        let name = route.path.trim_start_matches("/api/");
        let fields = signatures.get(name).unwrap_or_else(|| {
            panic!("no `#[server(… endpoint = \"{name}\")]` signature found in app/src")
        });
        for role in shop.callers(route) {
            tally.pairs += 1;
            let mut rng = Rng::new(SEED ^ fnv1a(name.as_bytes()) ^ fnv1a(role.name.as_bytes()));
            for kind in (0..rounds()).flat_map(|_| Kind::ALL) {
                tally.probes += 1;
                let probe = kind.build(fields, &dictionary, &mut rng);
                // Every third request asks for Chinese: its refusals must
                // be as clean as the English ones.
                let language = if tally.probes.is_multiple_of(3) {
                    "zh-CN"
                } else {
                    "en"
                };
                // A panic in a handler drops the connection unanswered,
                // which the plain client reports by panicking itself.
                let answered = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    shop.call(route, role, &probe, language)
                }));
                let wrong = match answered {
                    Ok(answer) => judge(&answer).or_else(|| {
                        let english = language == "zh-CN" && !in_chinese(&answer);
                        if english && route.path.starts_with("/api/admin/") {
                            english_only_staff.insert(route.path.clone());
                            None
                        } else {
                            english.then(|| {
                                format!("asked in Chinese, refused in English: {}", answer.body)
                            })
                        }
                    }),
                    Err(_) => Some("no answer: the connection closed (a panic?)".to_owned()),
                };
                if let Some(wrong) = wrong {
                    failures.push(format!(
                        "{} {} as {} ({kind:?}, {language}): {wrong}\n    sent: {}",
                        route.method,
                        route.path,
                        role.name,
                        shorten(&String::from_utf8_lossy(&probe.body)),
                    ));
                }
            }
        }
    }
    // The callers were still signed in at the end, so no probe answered
    // 401 for want of a session another probe had ended.
    for role in [&shop.member, &shop.owner] {
        let path = if role.name == "member" {
            "/api/members/profile"
        } else {
            "/api/admin/me"
        };
        let answer = support::request(&shop.running.addr, "GET", path, &role.headers(), "");
        assert_eq!(
            answer.status, 200,
            "{} signed out: {}",
            role.name, answer.body
        );
    }
    if !english_only_staff.is_empty() {
        eprintln!(
            "back-office functions refusing a Chinese request in English: {}",
            english_only_staff
                .into_iter()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    assert!(
        failures.is_empty(),
        "on {database}, {} of {} probes answered wrongly:\n{}",
        failures.len(),
        tally.probes,
        failures.join("\n")
    );
    tally
}

/// What is wrong with an answer, if anything.
fn judge(answer: &Response) -> Option<String> {
    if answer.status >= 500 {
        return Some(format!("{} {}", answer.status, shorten(&answer.body)));
    }
    let lowered = answer.body.to_lowercase();
    if let Some(word) = INTERNAL.iter().find(|word| lowered.contains(**word)) {
        return Some(format!(
            "{} says {word:?}: {}",
            answer.status,
            shorten(&answer.body)
        ));
    }
    if (400..500).contains(&answer.status) && page_message(answer, Locale::en).is_none() {
        return Some(format!(
            "{} is not a message a page can show: {}",
            answer.status,
            shorten(&answer.body)
        ));
    }
    None
}

/// The sentence a page shows for a refusal: the body must be the shop's
/// JSON error, and its words not empty nor control characters (line
/// breaks aside: a refusal may quote what was typed).
fn page_message(answer: &Response, locale: Locale) -> Option<String> {
    let error: AppError = serde_json::from_str(&answer.body).ok()?;
    if error.status() != answer.status {
        return None;
    }
    let message = error.user_message(locale);
    let printable = !message.trim().is_empty()
        && !message
            .chars()
            .any(|c| c.is_control() && !c.is_whitespace());
    printable.then_some(message)
}

/// Whether a refusal that the server words itself (a 400 or 409 sentence)
/// is in Chinese; the other errors are worded by the page in its own
/// language, so they count as Chinese.
fn in_chinese(answer: &Response) -> bool {
    match serde_json::from_str::<AppError>(&answer.body) {
        Ok(AppError::BadRequest(message) | AppError::Conflict(message)) => message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        _ => true,
    }
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(160).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short.replace('\n', "\\n")
}

// ---- the shop and its callers -------------------------------------------------

struct Role {
    name: &'static str,
    cookie: String,
}

impl Role {
    fn headers(&self) -> Vec<(&str, &str)> {
        vec![("Cookie", self.cookie.as_str())]
    }
}

struct Shop {
    running: Running,
    data: DataDir,
    member: Role,
    owner: Role,
    guest: Role,
}

impl Shop {
    /// An empty shop with its owner and one member signed in, keeping
    /// its database where `data` says.
    fn start(data: DataDir) -> Self {
        support::run(
            &data,
            &[
                "create-admin",
                "--email",
                OWNER_EMAIL,
                "--password",
                OWNER_PASSWORD,
            ],
        );
        let running = Running::start(support::server(&data));
        let owner = support::staff_login(&running, OWNER_EMAIL, OWNER_PASSWORD);
        let member = running
            .post_form(
                "/api/members/register",
                &[
                    ("email", "hostile@shop.test"),
                    ("display_name", "Probe"),
                    ("password", "a long member password"),
                ],
                &[],
            )
            .cookie("sid")
            .expect("a member session");
        Self {
            running,
            data,
            member: Role {
                name: "member",
                cookie: member,
            },
            owner: Role {
                name: "owner",
                cookie: owner,
            },
            guest: Role {
                name: "guest",
                cookie: String::new(),
            },
        }
    }

    /// The signed-in callers whose door `route` opens; a logout, which
    /// would end the session the rest of the run uses, as a guest.
    fn callers(&self, route: &Route) -> Vec<&Role> {
        if route.path.ends_with("/logout") {
            return vec![&self.guest];
        }
        match route.door {
            Door::Anyone => vec![&self.member, &self.owner],
            Door::Member => vec![&self.member],
            Door::AnyStaff | Door::Staff(_) => vec![&self.owner],
        }
    }

    /// Sends `probe` to `route`: a `POST` body, or for a `GET` function
    /// the same form as its query string.
    fn call(&self, route: &Route, role: &Role, probe: &Probe, language: &str) -> Response {
        let mut headers = vec![("Accept-Language", language)];
        if route.method == "GET" {
            let path = format!("{}?{}", route.path, query_string(&probe.body));
            headers.extend(role.headers().into_iter().filter(|(_, v)| !v.is_empty()));
            return support::request(&self.running.addr, "GET", &path, &headers, "");
        }
        headers.push(("Content-Type", probe.content_type));
        self.post(&route.path, role, &probe.body, &headers)
    }

    fn post(&self, path: &str, role: &Role, body: &[u8], extra: &[(&str, &str)]) -> Response {
        let origin = format!("http://{}", self.running.addr);
        let mut headers = vec![("Origin", origin.as_str())];
        if !extra.iter().any(|(name, _)| *name == "Content-Type") {
            headers.push(("Content-Type", "application/x-www-form-urlencoded"));
        }
        if !role.cookie.is_empty() {
            headers.push(("Cookie", role.cookie.as_str()));
        }
        headers.extend_from_slice(extra);
        support::request_bytes(&self.running.addr, "POST", path, &headers, body)
    }
}

/// A body as a query string: bytes a URL cannot carry as they are
/// percent-encoded, `%` left alone so cut escapes arrive cut.
fn query_string(body: &[u8]) -> String {
    let mut out = String::new();
    for &byte in body {
        if byte.is_ascii_alphanumeric() || b"-._~=&%+,:".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

// ---- what the server functions take --------------------------------------------

/// One form field a server function reads, as the browser names it
/// (`address[city]`, `skus[0][price]`), and what it holds.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    kind: ValueKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Whole,
    Flag,
    Text,
}

/// Every server function's fields by its path under `/api/`, read from
/// the `#[server(prefix = "/api", endpoint = …)]` functions in `src`.
fn signatures(src: &Path) -> BTreeMap<String, Vec<Field>> {
    let mut sources = Vec::new();
    read_sources(src, &mut sources);
    let all = sources.join("\n");
    let mut found = BTreeMap::new();
    let mut rest = all.as_str();
    while let Some(at) = rest.find("#[server(") {
        rest = &rest[at..];
        let attribute_end = rest.find(")]").expect("a closed #[server] attribute");
        let attribute = &rest[..attribute_end];
        let endpoint = attribute
            .split("endpoint = \"")
            .nth(1)
            .and_then(|after| after.split('"').next())
            .expect("every server function names its endpoint");
        let function = &rest[attribute_end..];
        let open = function.find('(').expect("the function's arguments");
        let close = open + function[open..].find(')').expect("closed arguments");
        let fields = arguments(&function[open + 1..close])
            .into_iter()
            .flat_map(|(name, ty)| expand(&all, &name, &ty))
            .collect();
        found.insert(endpoint.to_owned(), fields);
        rest = &rest[attribute_end..];
    }
    assert!(found.len() >= 100, "{} server functions found", found.len());
    found
}

fn read_sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("read app/src") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            read_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).expect("read a source file"));
        }
    }
}

/// `name: Type` pairs of an argument list, doc comments left out.
fn arguments(list: &str) -> Vec<(String, String)> {
    let list: String = list
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut pairs = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (at, c) in list.char_indices().chain([(list.len(), ',')]) {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => {
                if let Some((name, ty)) = list[start..at].split_once(':') {
                    pairs.push((name.trim().to_owned(), ty.trim().to_owned()));
                }
                start = at + 1;
            }
            _ => {}
        }
    }
    pairs
}

/// The form fields of one argument: itself, or one per field of the
/// struct it is (`form[title]`), or of the first item of a list of them
/// (`skus[0][price]`).
fn expand(sources: &str, name: &str, ty: &str) -> Vec<Field> {
    let ty = ty
        .strip_prefix("Option<")
        .and_then(|inner| inner.strip_suffix('>'))
        .unwrap_or(ty);
    if let Some(kind) = scalar(ty) {
        return vec![Field {
            name: name.to_owned(),
            kind,
        }];
    }
    let (prefix, ty) = match ty
        .strip_prefix("Vec<")
        .and_then(|inner| inner.strip_suffix('>'))
    {
        Some(item) => (format!("{name}[0]"), item),
        None => (name.to_owned(), ty),
    };
    if let Some(kind) = scalar(ty) {
        return vec![Field { name: prefix, kind }];
    }
    let head = format!("pub struct {ty} {{");
    let body = sources
        .split(&head)
        .nth(1)
        .and_then(|after| after.split("\n}").next())
        .unwrap_or_else(|| panic!("the struct {ty} of argument {name}"));
    body.lines()
        .filter_map(|line| line.trim().strip_prefix("pub "))
        .filter_map(|line| line.trim_end_matches(',').split_once(':'))
        .flat_map(|(field, ty)| expand(sources, &format!("{prefix}[{}]", field.trim()), ty.trim()))
        .collect()
}

fn scalar(ty: &str) -> Option<ValueKind> {
    match ty {
        "i64" | "i32" | "u32" | "u16" | "u8" | "usize" => Some(ValueKind::Whole),
        "bool" => Some(ValueKind::Flag),
        "String" => Some(ValueKind::Text),
        _ => None,
    }
}

// ---- the generated requests ------------------------------------------------------------

/// The kinds of request each route gets, one of each per caller.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Every field, each with a value of its own type at the type's edge
    /// (so most of these decode and reach the function's own checks).
    EdgeValues,
    /// Every field, each with any hostile value (words for numbers…).
    AnyValues,
    /// Some fields missing, others repeated, one the function never takes.
    MissingAndRepeated,
    /// `field[b]=`, `field[]=`, deep nesting, a huge index.
    Nested,
    /// A 10 KB text in one field, the others at their edge.
    LongText,
    /// Bytes that are not UTF-8 at all.
    InvalidUtf8,
    /// Percent escapes cut short or not hex, stray `=` and `&`.
    BrokenEscapes,
    /// A JSON object where a form is expected, sent as either.
    Json,
}

impl Kind {
    const ALL: [Kind; 8] = [
        Kind::EdgeValues,
        Kind::AnyValues,
        Kind::MissingAndRepeated,
        Kind::Nested,
        Kind::LongText,
        Kind::InvalidUtf8,
        Kind::BrokenEscapes,
        Kind::Json,
    ];

    fn build(self, fields: &[Field], dictionary: &[String], rng: &mut Rng) -> Probe {
        let form = |pairs: Vec<(String, String)>| Probe::form(encode(&pairs));
        match self {
            Kind::EdgeValues => form(
                fields
                    .iter()
                    .map(|f| (f.name.clone(), edge(f.kind, rng)))
                    .collect(),
            ),
            Kind::AnyValues => form(
                fields
                    .iter()
                    .map(|f| (f.name.clone(), rng.pick(HOSTILE).to_owned()))
                    .collect(),
            ),
            Kind::MissingAndRepeated => {
                let mut pairs = Vec::new();
                for field in fields {
                    match rng.below(3) {
                        0 => {}
                        1 => pairs.push((field.name.clone(), edge(field.kind, rng))),
                        _ => {
                            pairs.push((field.name.clone(), edge(field.kind, rng)));
                            pairs.push((field.name.clone(), rng.pick(HOSTILE).to_owned()));
                        }
                    }
                }
                if !dictionary.is_empty() {
                    let other = &dictionary[rng.below(dictionary.len())];
                    pairs.push((other.clone(), rng.pick(HOSTILE).to_owned()));
                }
                form(pairs)
            }
            Kind::Nested => {
                let mut pairs: Vec<(String, String)> = fields
                    .iter()
                    .map(|f| {
                        let nested = match rng.below(4) {
                            0 => format!("{}[b]", f.name),
                            1 => format!("{}[]", f.name),
                            2 => format!("{}[99999999999999999999]", f.name),
                            _ => format!("{}[a][b][c][d][e][f][g][h]", f.name),
                        };
                        (nested, edge(f.kind, rng))
                    })
                    .collect();
                pairs.push(("a[b][c]".into(), "1".into()));
                form(pairs)
            }
            Kind::LongText => {
                let long_at = rng.below(fields.len().max(1));
                form(
                    fields
                        .iter()
                        .enumerate()
                        .map(|(at, f)| {
                            let value = if at == long_at {
                                long_text(rng)
                            } else {
                                edge(f.kind, rng)
                            };
                            (f.name.clone(), value)
                        })
                        .collect(),
                )
            }
            Kind::InvalidUtf8 => {
                let mut body = Vec::new();
                for field in fields {
                    body.extend_from_slice(field.name.as_bytes());
                    body.push(b'=');
                    body.extend_from_slice(rng.pick(BAD_BYTES));
                    body.push(b'&');
                }
                body.extend_from_slice(rng.pick(BAD_BYTES));
                Probe::form(body)
            }
            Kind::BrokenEscapes => {
                let mut body = String::new();
                for field in fields {
                    body.push_str(&field.name.replace('[', "%5").replace(']', "%"));
                    body.push('=');
                    body.push_str(rng.pick(BROKEN_ESCAPES));
                    body.push('&');
                }
                body.push_str(rng.pick(BROKEN_ESCAPES));
                Probe::form(body.into_bytes())
            }
            Kind::Json => {
                let object: serde_json::Map<String, serde_json::Value> = fields
                    .iter()
                    .map(|f| {
                        let value = match rng.below(3) {
                            0 => serde_json::json!(rng.pick(HOSTILE)),
                            1 => serde_json::json!(i64::MIN),
                            _ => serde_json::json!({ "nested": [1, 2.5, null] }),
                        };
                        (f.name.clone(), value)
                    })
                    .collect();
                let body = serde_json::to_vec(&object).unwrap();
                let content_type = if rng.below(2) == 0 {
                    "application/json"
                } else {
                    "application/x-www-form-urlencoded"
                };
                Probe { content_type, body }
            }
        }
    }
}

struct Probe {
    content_type: &'static str,
    body: Vec<u8>,
}

impl Probe {
    fn form(body: Vec<u8>) -> Self {
        Self {
            content_type: "application/x-www-form-urlencoded",
            body,
        }
    }
}

/// Values at the edge of what a field's type holds, and just past it.
fn edge(kind: ValueKind, rng: &mut Rng) -> String {
    let pool: &[&str] = match kind {
        ValueKind::Whole => &[
            "",
            "0",
            "-0",
            "-1",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "4294967296",
            "1.5",
            "1e3",
            "NaN",
            " 7",
            "+7",
            "0x1F",
        ],
        ValueKind::Flag => &["", "true", "false", "on", "1", "yes", "TRUE", "null"],
        ValueKind::Text => HOSTILE,
    };
    rng.pick(pool).to_owned()
}

/// Texts no page sends but anyone can: numbers past every type, floats,
/// look-alike digits, dates past chrono's range, separators the parsers
/// split on, invisible and control characters, a valid-looking email.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "-0",
    "-1",
    "1e309",
    "NaN",
    "-inf",
    "0.001",
    "9223372036854775807",
    "-9223372036854775809",
    "99999999999999999999999",
    "１２３",
    "٣",
    "\u{0}",
    "a\u{0}b",
    "%00",
    "\u{feff}",
    "\u{202e}gnp.exe",
    "\r\nX-Injected: 1",
    "İİİ@ß.cn",
    "a@b.cn",
    "+262142-12-31",
    "-262143-01-01",
    "9999-12-31",
    "2026-02-30",
    "+275760-09-13T00:00",
    "2026-12-01T10:30:61",
    "UTC+99",
    "1:1, 2:2",
    ": , ，、",
    "A-1,1,1,1",
    "sku_code,price,stock\n\"A,1,1",
    "\"'<>&",
    "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长",
    "😀😀😀",
    "//evil.example",
    "../../etc/passwd",
];

/// Byte runs that are not UTF-8: a lone continuation byte, a cut
/// sequence, an overlong `/`, a surrogate, `0xFF`.
const BAD_BYTES: &[&[u8]] = &[
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xa0\xa1",
    b"\xe2\x28\xa1",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xf0\x28\x8c\x28",
    b"abc\x80",
];

const BROKEN_ESCAPES: &[&str] = &[
    "%",
    "%E4%B8",
    "%zz",
    "%%%",
    "%G1",
    "%E4%B8%AD%",
    "=&=&",
    "%FF%FE",
    "%C0%AF",
    "%25%",
];

/// About 10 KB of text: one kind of character, or a mix.
fn long_text(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => "x".repeat(10_240),
        1 => "长".repeat(3_414),
        _ => "a\u{0}长😀 ,:".repeat(1_024),
    }
}

/// `key=value&…` percent-encoded as a browser encodes a form.
fn encode(pairs: &[(String, String)]) -> Vec<u8> {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        for (at, part) in [key, value].into_iter().enumerate() {
            if at == 1 {
                out.push('=');
            }
            for byte in part.bytes() {
                match byte {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                        out.push(byte as char)
                    }
                    // Brackets stay as they are in names: the nesting is the point.
                    b'[' | b']' if at == 0 => out.push(byte as char),
                    b' ' => out.push('+'),
                    _ => out.push_str(&format!("%{byte:02X}")),
                }
            }
        }
    }
    out.into_bytes()
}

/// splitmix64: a small generator whose sequence depends on its seed alone.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, pool: &[T]) -> T {
        pool[self.below(pool.len())]
    }
}

/// FNV-1a, stable across Rust versions (unlike the std hasher), so each
/// route keeps its requests when others are added.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
