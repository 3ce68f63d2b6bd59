//! The few parts of the NATS text protocol a publisher needs, as pure
//! functions: what the shop writes, and reading what the server says.
//!
//! See <https://docs.nats.io/reference/reference-protocols/nats-protocol>.
//! A control line ends in CRLF; `MSG` and `HMSG` are followed by a body of
//! the length they announce, then CRLF.

use std::fmt::Write as _;

/// One line from the server, with the sizes of any body that follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerOp {
    Info,
    Ping,
    Pong,
    Ok,
    Err(String),
    /// `MSG subject sid [reply] size` or `HMSG subject sid [reply] hdr size`:
    /// `headers` bytes of headers, then the rest of `total` is the payload.
    Msg {
        subject: String,
        headers: usize,
        total: usize,
    },
}

/// Reads one control line (without its CRLF).
pub fn parse_line(line: &str) -> Result<ServerOp, String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let (op, rest) = line.split_once(' ').unwrap_or((line, ""));
    match op.to_ascii_uppercase().as_str() {
        "INFO" => Ok(ServerOp::Info),
        "PING" => Ok(ServerOp::Ping),
        "PONG" => Ok(ServerOp::Pong),
        "+OK" => Ok(ServerOp::Ok),
        "-ERR" => Ok(ServerOp::Err(rest.trim().trim_matches('\'').to_owned())),
        "MSG" | "HMSG" => parse_msg(op.eq_ignore_ascii_case("HMSG"), rest)
            .ok_or_else(|| format!("a malformed message line: `{line}`")),
        _ => Err(format!("an unknown line from the server: `{line}`")),
    }
}

fn parse_msg(with_headers: bool, rest: &str) -> Option<ServerOp> {
    let fields: Vec<&str> = rest.split_ascii_whitespace().collect();
    let sizes = if with_headers { 2 } else { 1 };
    // subject, sid, an optional reply subject, then the sizes.
    if fields.len() != 2 + sizes && fields.len() != 3 + sizes {
        return None;
    }
    let size = |i: usize| fields[fields.len() - sizes + i].parse::<usize>().ok();
    let (headers, total) = if with_headers {
        (size(0)?, size(1)?)
    } else {
        (0, size(0)?)
    };
    (headers <= total).then(|| ServerOp::Msg {
        subject: fields[0].to_owned(),
        headers,
        total,
    })
}

/// `CONNECT`: no `+OK` after every command, headers on, and a 503 status
/// rather than silence when nothing listens on a subject.
pub fn connect(user: Option<(&str, &str)>) -> String {
    let mut options = serde_json::json!({
        "verbose": false,
        "pedantic": false,
        "headers": true,
        "no_responders": true,
        "lang": "rust",
        "version": env!("CARGO_PKG_VERSION"),
        "name": "shop-outbox",
        "protocol": 1,
    });
    if let Some((name, pass)) = user {
        options["user"] = name.into();
        options["pass"] = pass.into();
    }
    format!("CONNECT {options}\r\n")
}

/// `SUB subject sid`.
pub fn subscribe(subject: &str, sid: u32) -> String {
    format!("SUB {subject} {sid}\r\n")
}

/// `HPUB` of `payload` to `subject`, the answer going to `reply`.
pub fn publish(subject: &str, reply: &str, headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut head = String::from("NATS/1.0\r\n");
    for (name, value) in headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    head.push_str("\r\n");
    let total = head.len() + payload.len();
    let mut out = format!("HPUB {subject} {reply} {} {total}\r\n", head.len()).into_bytes();
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(b"\r\n");
    out
}

/// The status code of a headers block (`NATS/1.0 503`), if it has one:
/// the server's way to say that nobody answered.
pub fn status(headers: &[u8]) -> Option<u16> {
    let first = headers.split(|b| *b == b'\r').next()?;
    let first = std::str::from_utf8(first).ok()?;
    first
        .strip_prefix("NATS/1.0")?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Subjects are dot-separated tokens without spaces or wildcards.
pub fn is_subject(subject: &str) -> bool {
    !subject.is_empty()
        && subject
            .split('.')
            .all(|token| !token.is_empty() && !token.contains([' ', '\t', '*', '>']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_lines_a_publisher_meets() {
        assert_eq!(
            parse_line("INFO {\"server_id\":\"x\"}\r\n"),
            Ok(ServerOp::Info)
        );
        assert_eq!(parse_line("PING\r\n"), Ok(ServerOp::Ping));
        assert_eq!(parse_line("+OK"), Ok(ServerOp::Ok));
        assert_eq!(
            parse_line("-ERR 'Authorization Violation'\r\n"),
            Ok(ServerOp::Err("Authorization Violation".into()))
        );
        assert_eq!(
            parse_line("MSG _INBOX.a.3 1 27\r\n"),
            Ok(ServerOp::Msg {
                subject: "_INBOX.a.3".into(),
                headers: 0,
                total: 27
            })
        );
        assert_eq!(
            parse_line("HMSG _INBOX.a.4 1 16 16\r\n"),
            Ok(ServerOp::Msg {
                subject: "_INBOX.a.4".into(),
                headers: 16,
                total: 16
            })
        );
        assert_eq!(
            parse_line("MSG shop.x 9 reply.to 5"),
            Ok(ServerOp::Msg {
                subject: "shop.x".into(),
                headers: 0,
                total: 5
            })
        );
    }

    #[test]
    fn refuses_lines_it_cannot_trust() {
        assert!(parse_line("MSG only-subject 27").is_err());
        assert!(
            parse_line("HMSG s 1 30 20").is_err(),
            "headers longer than the message"
        );
        assert!(parse_line("MSG s 1 many").is_err());
        assert!(parse_line("HELLO").is_err());
    }

    #[test]
    fn a_publish_announces_exactly_what_follows() {
        let bytes = publish(
            "shop.order.paid",
            "_INBOX.x.1",
            &[("Nats-Msg-Id", "shop-7")],
            b"{}",
        );
        let text = String::from_utf8(bytes).unwrap();
        let (line, rest) = text.split_once("\r\n").unwrap();
        let sizes: Vec<usize> = line
            .rsplitn(3, ' ')
            .take(2)
            .map(|n| n.parse().unwrap())
            .collect();
        let (total, headers) = (sizes[0], sizes[1]);
        assert!(line.starts_with("HPUB shop.order.paid _INBOX.x.1 "));
        assert_eq!(rest.len(), total + 2, "the body and its CRLF");
        assert_eq!(&rest[..headers], "NATS/1.0\r\nNats-Msg-Id: shop-7\r\n\r\n");
        assert_eq!(&rest[headers..total], "{}");
    }

    #[test]
    fn connect_asks_for_headers_and_no_responder_notices() {
        let line = connect(Some(("shop", "secret")));
        let json: serde_json::Value =
            serde_json::from_str(line.strip_prefix("CONNECT ").unwrap().trim_end()).unwrap();
        assert_eq!(json["headers"], true);
        assert_eq!(json["no_responders"], true);
        assert_eq!(json["verbose"], false);
        assert_eq!(json["user"], "shop");
        assert!(connect(None).ends_with("}\r\n"));
        assert!(!connect(None).contains("pass"));
    }

    #[test]
    fn finds_the_status_of_a_no_responders_notice() {
        assert_eq!(status(b"NATS/1.0 503\r\n\r\n"), Some(503));
        assert_eq!(status(b"NATS/1.0\r\nNats-Msg-Id: 1\r\n\r\n"), None);
    }

    #[test]
    fn subjects_are_dotted_tokens() {
        assert!(is_subject("shop.order.paid"));
        assert!(!is_subject("shop..paid"));
        assert!(!is_subject("shop.>"));
        assert!(!is_subject("shop order"));
        assert!(!is_subject(""));
    }
}
