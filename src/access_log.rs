//! The access log, when configured (`access_log: { file, stderr }`): one JSON line per
//! request. Lines go to a writer thread through a bounded queue, so a request never waits on
//! the disk; should the disk fall behind the traffic, lines are dropped and counted
//! (`portcullis_access_log_dropped`), never a request held.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::Serialize;

use crate::metrics;

/// Lines waiting for the writer at most; about a second of a busy gate's traffic.
const QUEUE: usize = 16_384;

/// Where the lines go.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sink {
    pub file: Option<PathBuf>,
    pub stderr: bool,
}

/// One request, as the line tells it. Its path is the one the rules judged, without the
/// query (which may hold tokens).
#[derive(Serialize)]
pub struct Line<'a> {
    pub site: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<&'a str>,
    pub decision: &'static str,
    pub client: IpAddr,
    /// From the request to the end of its answer.
    pub duration_ms: f64,
    /// From asking the upstream to its response header, for a forwarded request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_ms: Option<f64>,
}

/// Room for a line as most are (a path of some 60 bytes), so that it is not grown.
const LINE_BYTES: usize = 256;

enum Message {
    Line(Vec<u8>),
    /// Look at the reopen flag.
    Wake,
    /// Written out, which the writer then tells.
    Flush(SyncSender<()>),
}

pub struct AccessLog {
    queue: SyncSender<Message>,
    /// Set to have the writer reopen the file after the line it is at, full queue or not.
    reopen: Arc<AtomicBool>,
}

impl AccessLog {
    /// Opens the file (appending; an error names it, and the gate does not start) and starts
    /// the writer.
    pub fn start(sink: Sink) -> std::io::Result<AccessLog> {
        let file = sink.file.as_ref().map(open).transpose()?;
        let (queue, lines) = sync_channel(QUEUE);
        let reopen = Arc::new(AtomicBool::new(false));
        let writer = Writer::new(sink, file, Arc::clone(&reopen));
        std::thread::Builder::new().name("access log".into()).spawn(move || writer.run(lines))?;
        Ok(AccessLog { queue, reopen })
    }

    pub fn write(&self, line: &Line<'_>) {
        // The time first, as log readers expect, without a map to order the fields: the object
        // is opened with it and the line's own `{` taken out; the line with its end, to be
        // written at once. One buffer, sized for a line.
        let mut text = Vec::with_capacity(LINE_BYTES);
        let _ = write!(text, "{{\"time\":\"{}\",", humantime::format_rfc3339_millis(SystemTime::now()));
        let opened = text.len();
        if serde_json::to_writer(&mut text, line).is_err() {
            return;
        }
        text.remove(opened);
        text.push(b'\n');
        if let Err(TrySendError::Full(_)) = self.queue.try_send(Message::Line(text)) {
            metrics::access_log_dropped();
        }
    }

    /// Opens the file again (after log rotation moved it away); the writer is woken for it
    /// if it is idle, and does it after its current line if it is busy.
    pub fn reopen(&self) {
        self.reopen.store(true, Ordering::Relaxed);
        let _ = self.queue.try_send(Message::Wake);
    }

    /// Waits, at most `within`, until every line queued so far is written (before an exit);
    /// queued from a thread of its own, as the queue may be full.
    pub fn flush(&self, within: Duration) {
        let (done, written) = sync_channel(1);
        let queue = self.queue.clone();
        let _ = std::thread::Builder::new().name("access log".into()).spawn(move || queue.send(Message::Flush(done)));
        let _ = written.recv_timeout(within);
    }
}

fn open(path: &PathBuf) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| std::io::Error::new(e.kind(), format!("access log {}: {e}", path.display())))
}

struct Writer {
    path: Option<PathBuf>,
    reopen: Arc<AtomicBool>,
    file: Option<BufWriter<File>>,
    /// Unbuffered: each line is one write, never split by other output.
    stderr: Option<std::io::Stderr>,
}

impl Writer {
    fn new(sink: Sink, file: Option<File>, reopen: Arc<AtomicBool>) -> Writer {
        Writer { path: sink.file, reopen, file: file.map(BufWriter::new), stderr: sink.stderr.then(std::io::stderr) }
    }

    /// Writes lines as they come, flushing whenever the queue runs dry; ends with the gate.
    fn run(mut self, lines: Receiver<Message>) {
        while let Ok(first) = lines.recv() {
            let mut next = Some(first);
            while let Some(message) = next.take() {
                match message {
                    Message::Line(text) => self.each(|w| w.write_all(&text)),
                    Message::Wake => {}
                    Message::Flush(done) => {
                        self.each(|w| w.flush());
                        let _ = done.try_send(());
                    }
                }
                if self.reopen.swap(false, Ordering::Relaxed) {
                    self.reopen();
                }
                next = lines.try_recv().ok();
            }
            self.each(|w| w.flush());
        }
    }

    fn each(&mut self, mut write: impl FnMut(&mut dyn Write) -> std::io::Result<()>) {
        let file = self.file.iter_mut().map(|w| w as &mut dyn Write);
        for w in file.chain(self.stderr.iter_mut().map(|w| w as &mut dyn Write)) {
            if let Err(e) = write(w) {
                tracing::error!("access log: cannot write: {e}");
            }
        }
    }

    fn reopen(&mut self) {
        let Some(path) = &self.path else { return };
        match open(path) {
            Ok(f) => {
                if let Some(mut old) = self.file.replace(BufWriter::new(f)) {
                    let _ = old.flush();
                }
            }
            Err(e) => tracing::error!("{e}; still writing to the file as it was"),
        }
    }
}
