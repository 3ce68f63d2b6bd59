//! Running the real server binary and talking HTTP to it, as a client
//! would: no mocks between the test and the shop.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SERVER: &str = env!("CARGO_BIN_EXE_server");

pub mod postgres;

/// A fresh data directory, deleted afterwards, and the database the
/// server keeps there: SQLite, or a throwaway PostgreSQL database.
pub struct DataDir(pub PathBuf, Option<postgres::PgDatabase>);

impl DataDir {
    pub fn new() -> Self {
        Self(fresh_dir(), None)
    }

    /// A data directory whose server keeps its database in PostgreSQL;
    /// `None` (the test is skipped, saying so) when no server answers.
    pub fn on_postgres() -> Option<Self> {
        let database = postgres::PgDatabase::create()?;
        Some(Self(fresh_dir(), Some(database)))
    }

    pub fn label(&self) -> &'static str {
        if self.1.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }
}

fn fresh_dir() -> PathBuf {
    std::env::temp_dir().join(format!(
        "shop_server_test_{}",
        uuid::Uuid::new_v4().simple()
    ))
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What the sandbox payment provider signs with in tests, so a test can
/// sign (or forge) a provider's notice.
pub const SANDBOX_SECRET: &str = "test sandbox secret";

/// The server command with a clean environment pointing at `data_dir`.
pub fn server(data: &DataDir) -> Command {
    let mut cmd = Command::new(SERVER);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LEPTOS_OUTPUT_NAME", "shop")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("SHOP_DATA_DIR", &data.0)
        .env("RUST_LOG", "warn")
        .env("PAYMENT_SANDBOX_SECRET", SANDBOX_SECRET);
    if let Some(database) = &data.1 {
        cmd.env("DATABASE_URL", &database.url);
    }
    cmd
}

/// A running server, stopped when dropped.
pub struct Running {
    pub child: Child,
    pub addr: String,
}

impl Running {
    pub fn start(mut cmd: Command) -> Self {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn server");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let line = lines
                .next()
                .expect("server exited before it was listening")
                .expect("read stdout");
            if let Some(url) = line.strip_prefix("The shop is open at http://") {
                break url.trim().to_owned();
            }
        };
        Self { child, addr }
    }

    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "server did not stop within 10 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path, &[], "")
    }

    /// POSTs a form to a server function as the hydrated app does (no
    /// `Accept: text/html`, so no redirect), with extra headers.
    pub fn post_form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Response {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
        all.extend_from_slice(headers);
        request(&self.addr, "POST", path, &all, &body)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Response {
    pub status: u16,
    pub headers: HashMap<String, Vec<String>>,
    pub body: String,
}

impl Response {
    /// `name=value` of the first `Set-Cookie` for `name`.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get("set-cookie")?
            .iter()
            .filter_map(|c| c.split(';').next())
            .find(|pair| pair.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }
}

/// A plain HTTP/1.1 request over a new connection.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    request_bytes(addr, method, path, headers, body.as_bytes())
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// One part of a `multipart/form-data` body: a file when `file_name` is
/// set, else a plain field.
pub struct Part<'a> {
    pub name: &'a str,
    pub file_name: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub data: &'a [u8],
}

impl<'a> Part<'a> {
    pub fn text(name: &'a str, value: &'a str) -> Self {
        Self {
            name,
            file_name: None,
            content_type: None,
            data: value.as_bytes(),
        }
    }

    pub fn file(name: &'a str, file_name: &'a str, content_type: &'a str, data: &'a [u8]) -> Self {
        Self {
            name,
            file_name: Some(file_name),
            content_type: Some(content_type),
            data,
        }
    }
}

/// The `Content-Type` header and the body of a form as a browser sends it
/// with `enctype="multipart/form-data"`.
pub fn multipart_body(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = format!("----shop-test-{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", part.name);
        if let Some(file_name) = part.file_name {
            disposition.push_str(&format!("; filename=\"{file_name}\""));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = part.content_type {
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(part.data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Running {
    /// POSTs a multipart form (a file upload), with extra headers.
    pub fn post_multipart(&self, path: &str, parts: &[Part], headers: &[(&str, &str)]) -> Response {
        let (content_type, body) = multipart_body(parts);
        let mut all = vec![("Content-Type", content_type.as_str())];
        all.extend_from_slice(headers);
        request_bytes(&self.addr, "POST", path, &all, &body)
    }
}

/// As [`request`], with a body that need not be text (a file upload). The
/// answer's body is read as text, lossily: check binary answers by their
/// headers.
pub fn request_bytes(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) and close before reading a large body: the
    // answer is still there to read.
    let _ = stream.write_all(body);
    read_response(stream)
}

/// Reads and parses the whole answer on `stream`.
fn read_response(mut stream: TcpStream) -> Response {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read response");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .expect("status line");
    let mut headers: HashMap<String, Vec<String>> = HashMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            headers
                .entry(name.trim().to_ascii_lowercase())
                .or_default()
                .push(value.trim().to_owned());
        }
    }
    let chunked = headers
        .get("transfer-encoding")
        .is_some_and(|v| v.iter().any(|v| v.contains("chunked")));
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Response {
        status,
        headers,
        body,
    }
}

/// The owner every back-office test starts from.
pub const OWNER_EMAIL: &str = "owner@shop.test";
pub const OWNER_PASSWORD: &str = "owner password 1";

/// Runs a command of the server binary (`create-admin`, `demo-data`…) to completion.
pub fn run(data: &DataDir, args: &[&str]) {
    let out = server(data).args(args).output().expect("run the server");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The demo shop with an owner, running; the owner's session cookie.
pub fn demo_shop_with_owner() -> (DataDir, Running, String) {
    shop_with_owner_and(&[&["demo-data"]])
}

/// An empty shop with an owner, running; the owner's session cookie.
pub fn shop_with_owner() -> (DataDir, Running, String) {
    shop_with_owner_and(&[])
}

/// Creates the owner and runs `commands` as an operator would, then
/// starts the server and logs the owner in.
fn shop_with_owner_and(commands: &[&[&str]]) -> (DataDir, Running, String) {
    shop_with_owner_in(DataDir::new(), commands)
}

/// The demo shop with an owner, running on `data`'s database.
pub fn demo_shop_with_owner_in(data: DataDir) -> (DataDir, Running, String) {
    shop_with_owner_in(data, &[&["demo-data"]])
}

fn shop_with_owner_in(data: DataDir, commands: &[&[&str]]) -> (DataDir, Running, String) {
    run(
        &data,
        &[
            "create-admin",
            "--email",
            OWNER_EMAIL,
            "--password",
            OWNER_PASSWORD,
        ],
    );
    for command in commands {
        run(&data, command);
    }
    let shop = Running::start(server(&data));
    let owner = staff_login(&shop, OWNER_EMAIL, OWNER_PASSWORD);
    (data, shop, owner)
}

/// Logs a staff member in; their `staff_sid` cookie.
pub fn staff_login(shop: &Running, email: &str, password: &str) -> String {
    let response = shop.post_form(
        "/api/admin/login",
        &[("email", email), ("password", password)],
        &[],
    );
    assert_eq!(response.status, 200, "{}", response.body);
    response
        .cookie("staff_sid")
        .expect("a staff session cookie")
}

/// The owner creates a staff member with `role`, who then logs in.
pub fn create_staff(shop: &Running, owner: &str, email: &str, role: &str) -> String {
    let created = shop.post_form(
        "/api/admin/staff/create",
        &[
            ("email", email),
            ("display_name", role),
            ("password", "staff password 1"),
            ("role", role),
        ],
        &[("Cookie", owner)],
    );
    assert_eq!(created.status, 200, "{}", created.body);
    staff_login(shop, email, "staff password 1")
}

/// A GET answered 200 with JSON, as the session in `cookie`.
pub fn get_json(shop: &Running, path: &str, cookie: &str) -> serde_json::Value {
    let response = request(&shop.addr, "GET", path, &[("Cookie", cookie)], "");
    assert_eq!(response.status, 200, "{path}: {}", response.body);
    serde_json::from_str(&response.body).expect("JSON")
}
