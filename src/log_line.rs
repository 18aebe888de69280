//! Log lines a client cannot forge. Usernames as typed, paths, user agents and other values
//! a client controls reach the log; a newline among them would start a line of the client's
//! choosing. Every event goes through this writer, which escapes control characters and
//! Unicode line breaks, so that one event is always one line, whatever a field holds.

use std::io::{self, Write};

use tracing_subscriber::fmt::MakeWriter;

/// Standard error, one escaped line per event. With `ansi`, the formatter's colour codes
/// (ESC) are let through for a terminal; otherwise they are escaped too.
pub struct Stderr {
    pub ansi: bool,
}

impl<'a> MakeWriter<'a> for Stderr {
    type Writer = Escaping<io::StderrLock<'static>>;

    fn make_writer(&'a self) -> Self::Writer {
        Escaping { inner: io::stderr().lock(), ansi: self.ansi }
    }
}

pub struct Escaping<W> {
    inner: W,
    ansi: bool,
}

impl<W: Write> Write for Escaping<W> {
    /// `buf` is one formatted event; its final newline is the only one written as such.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let (body, end) = match buf.strip_suffix(b"\n") {
            Some(body) => (body, &b"\n"[..]),
            None => (buf, &b""[..]),
        };
        self.inner.write_all(&escape(body, self.ansi))?;
        self.inner.write_all(end)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `text` with control characters written as `\n`, `\r`, `\t` or `\xNN`, and NEL, LINE and
/// PARAGRAPH SEPARATOR as `\u{…}`; ESC stays when `ansi`.
fn escape(text: &[u8], ansi: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        let separator = match text.get(i..i + 3) {
            Some([0xe2, 0x80, last @ (0xa8 | 0xa9)]) => Some(if *last == 0xa8 { "\\u{2028}" } else { "\\u{2029}" }),
            _ if text.get(i..i + 2) == Some(&[0xc2, 0x85]) => Some("\\u{85}"),
            _ => None,
        };
        match (b, separator) {
            (_, Some(escaped)) => {
                out.extend_from_slice(escaped.as_bytes());
                i += if escaped == "\\u{85}" { 2 } else { 3 };
                continue;
            }
            (b'\n', _) => out.extend_from_slice(b"\\n"),
            (b'\r', _) => out.extend_from_slice(b"\\r"),
            (b'\t', _) => out.extend_from_slice(b"\\t"),
            (0x1b, _) if ansi => out.push(b),
            (0..=0x1f | 0x7f, _) => out.extend_from_slice(format!("\\x{b:02x}").as_bytes()),
            _ => out.push(b),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(event: &str, ansi: bool) -> String {
        let mut w = Escaping { inner: Vec::new(), ansi };
        w.write_all(event.as_bytes()).expect("write");
        String::from_utf8(w.inner).expect("utf-8")
    }

    #[test]
    fn one_event_is_one_line() {
        let forged = "WARN wrong username or password user=alice\nINFO signed in user=root\n";
        assert_eq!(written(forged, false), "WARN wrong username or password user=alice\\nINFO signed in user=root\n");
        for (field, shown) in [
            ("a\r\nb", "a\\r\\nb"),
            ("a\tb", "a\\tb"),
            ("a\u{1b}[31mred", "a\\x1b[31mred"),
            ("a\u{0}b\u{7f}", "a\\x00b\\x7f"),
            ("a\u{2028}b\u{2029}c\u{85}d", "a\\u{2028}b\\u{2029}c\\u{85}d"),
            ("caf\u{e9} \u{2027}", "caf\u{e9} \u{2027}"),
        ] {
            assert_eq!(written(&format!("x={field}\n"), false), format!("x={shown}\n"), "{field:?}");
        }
        assert_eq!(written("\u{1b}[32mINFO\u{1b}[0m x\n", true), "\u{1b}[32mINFO\u{1b}[0m x\n", "a terminal keeps its colours");
        assert_eq!(written("no newline", false), "no newline");
    }
}
