//! RESP2, the protocol Redis speaks: commands go out as arrays of bulk
//! strings, replies come back as one of five types. Parsing works on a
//! buffer that may hold part of a reply, so the reader can stop at any
//! byte and resume when more arrives.

/// A reply from the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Nil,
    Int(i64),
    /// A simple or bulk string.
    Bytes(Vec<u8>),
    /// An error reply, such as `NOSCRIPT No matching script`.
    Error(String),
    Array(Vec<Value>),
}

impl Value {
    /// The reply as text, for status and bulk strings.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
            _ => None,
        }
    }
}

/// Replies nested deeper than this are refused rather than followed:
/// nothing the shop asks for nests more than twice.
const MAX_DEPTH: usize = 8;

/// The largest bulk string accepted (Redis' own limit is 512 MB; the shop
/// reads counters and short names).
const MAX_BULK: usize = 16 * 1024 * 1024;

/// Appends one command to `out`.
pub fn encode<A: AsRef<[u8]>>(args: &[A], out: &mut Vec<u8>) {
    out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
    for arg in args {
        let arg = arg.as_ref();
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
}

/// The first reply in `buf` and how many bytes it took, or `None` when the
/// buffer does not yet hold all of it.
pub fn parse(buf: &[u8]) -> Result<Option<(Value, usize)>, String> {
    parse_at(buf, 0, 0)
}

fn parse_at(buf: &[u8], at: usize, depth: usize) -> Result<Option<(Value, usize)>, String> {
    if depth > MAX_DEPTH {
        return Err("a reply nested too deep".into());
    }
    let Some((line, next)) = line(buf, at) else {
        return Ok(None);
    };
    let (kind, rest) = line
        .split_first()
        .ok_or_else(|| "an empty reply line".to_owned())?;
    let text = std::str::from_utf8(rest).map_err(|_| "a reply line that is not UTF-8")?;
    match kind {
        b'+' => Ok(Some((Value::Bytes(rest.to_vec()), next))),
        b'-' => Ok(Some((Value::Error(text.to_owned()), next))),
        b':' => Ok(Some((Value::Int(number(text)?), next))),
        b'$' => {
            let len = number(text)?;
            if len < 0 {
                return Ok(Some((Value::Nil, next)));
            }
            let len = usize::try_from(len).map_err(|_| "a bulk length out of range")?;
            if len > MAX_BULK {
                return Err(format!("a {len}-byte bulk string"));
            }
            let end = next + len;
            if buf.len() < end + 2 {
                return Ok(None);
            }
            if &buf[end..end + 2] != b"\r\n" {
                return Err("a bulk string without its CRLF".into());
            }
            Ok(Some((Value::Bytes(buf[next..end].to_vec()), end + 2)))
        }
        b'*' => {
            let len = number(text)?;
            if len < 0 {
                return Ok(Some((Value::Nil, next)));
            }
            let len = usize::try_from(len).map_err(|_| "an array length out of range")?;
            let mut items = Vec::with_capacity(len.min(1024));
            let mut at = next;
            for _ in 0..len {
                let Some((item, after)) = parse_at(buf, at, depth + 1)? else {
                    return Ok(None);
                };
                items.push(item);
                at = after;
            }
            Ok(Some((Value::Array(items), at)))
        }
        other => Err(format!("a reply of unknown type `{}`", char::from(*other))),
    }
}

/// The line starting at `at` without its CRLF, and where the next begins.
fn line(buf: &[u8], at: usize) -> Option<(&[u8], usize)> {
    let rest = buf.get(at..)?;
    let end = rest.windows(2).position(|w| w == b"\r\n")?;
    Some((&rest[..end], at + end + 2))
}

fn number(text: &str) -> Result<i64, String> {
    text.parse()
        .map_err(|_| format!("`{text}` where a number was expected"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(bytes: &[u8]) -> Value {
        let (value, used) = parse(bytes).unwrap().unwrap();
        assert_eq!(used, bytes.len(), "all of {bytes:?} read");
        value
    }

    #[test]
    fn commands_are_arrays_of_bulk_strings() {
        let mut out = Vec::new();
        encode(&["HGET", "item:1", "left"], &mut out);
        encode(&[b"GET".as_slice(), b""], &mut out);
        assert_eq!(
            out,
            b"*3\r\n$4\r\nHGET\r\n$6\r\nitem:1\r\n$4\r\nleft\r\n*2\r\n$3\r\nGET\r\n$0\r\n\r\n"
        );
    }

    #[test]
    fn reads_each_kind_of_reply() {
        assert_eq!(whole(b"+OK\r\n"), Value::Bytes(b"OK".to_vec()));
        assert_eq!(
            whole(b"-NOSCRIPT No matching script\r\n"),
            Value::Error("NOSCRIPT No matching script".into())
        );
        assert_eq!(whole(b":-42\r\n"), Value::Int(-42));
        assert_eq!(
            whole(b"$5\r\nhe\r\nl\r\n"),
            Value::Bytes(b"he\r\nl".to_vec())
        );
        assert_eq!(whole(b"$-1\r\n"), Value::Nil);
        assert_eq!(
            whole(b"*3\r\n:1\r\n$-1\r\n*1\r\n+x\r\n"),
            Value::Array(vec![
                Value::Int(1),
                Value::Nil,
                Value::Array(vec![Value::Bytes(b"x".to_vec())]),
            ])
        );
    }

    #[test]
    fn a_partial_reply_waits_for_more_at_every_byte() {
        let reply = b"*2\r\n$5\r\nhello\r\n:7\r\n";
        for cut in 0..reply.len() {
            assert_eq!(parse(&reply[..cut]).unwrap(), None, "cut at {cut}");
        }
        assert!(parse(reply).unwrap().is_some());
    }

    #[test]
    fn two_replies_in_one_buffer_are_read_one_at_a_time() {
        let buf = b":1\r\n+OK\r\n";
        let (first, used) = parse(buf).unwrap().unwrap();
        assert_eq!((first, used), (Value::Int(1), 4));
        assert_eq!(whole(&buf[used..]), Value::Bytes(b"OK".to_vec()));
    }

    #[test]
    fn refuses_what_is_not_resp() {
        for bad in [
            b"?what\r\n".as_slice(),
            b":twelve\r\n",
            b"$3\r\nabcd\r\n",
            b"\r\n",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        let deep = "*1\r\n".repeat(MAX_DEPTH + 2);
        assert!(parse(deep.as_bytes()).is_err());
    }
}
