//! Handing the listening sockets to a new binary (pingora's graceful upgrade), in one command:
//! `serve --upgrade` checks its config and opens its store first, then asks the running gate
//! (named by `data_dir/portcullis.pid`) with SIGQUIT, once it listens on the upgrade socket,
//! to send the sockets over. A new binary that cannot start never touches the running one.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// Where a running gate writes its process id.
pub fn pid_file(data_dir: &Path) -> PathBuf {
    data_dir.join("portcullis.pid")
}

/// Notes this process as the running gate.
pub fn running(pid_file: &Path) {
    if let Err(e) = std::fs::write(pid_file, format!("{}\n", std::process::id())) {
        tracing::warn!("cannot write {}: {e}; `serve --upgrade` will not find this gate", pid_file.display());
    }
}

/// Forgets this process as the running gate, unless a new one has taken its place.
pub fn ended(pid_file: &Path) {
    if std::fs::read_to_string(pid_file).is_ok_and(|p| p.trim() == std::process::id().to_string()) {
        let _ = std::fs::remove_file(pid_file);
    }
}

/// Checks that the gate named in `pid_file` runs, and has it sent SIGQUIT as soon as this
/// process listens on `socket` (which pingora's bootstrap binds next).
pub fn ask_running_gate(pid_file: &Path, socket: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(pid_file).with_context(|| format!("no running gate to take over from: {}", pid_file.display()))?;
    let pid: i32 = text.trim().parse().with_context(|| format!("{} does not hold a process id", pid_file.display()))?;
    if kill(Pid::from_raw(pid), None).is_err() || !runs_this_program(pid) {
        bail!("the gate named in {} (process {pid}) is not running", pid_file.display());
    }
    // A socket left by an earlier upgrade would be taken for this one's.
    let _ = std::fs::remove_file(socket);
    let socket = socket.to_path_buf();
    std::thread::Builder::new().name("upgrade".into()).spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if Instant::now() > deadline {
                tracing::error!("the upgrade socket never appeared; the running gate was left alone");
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        match kill(Pid::from_raw(pid), Signal::SIGQUIT) {
            Ok(()) => tracing::info!(pid, "asked the running gate to hand its sockets over"),
            Err(e) => tracing::error!(pid, "cannot signal the running gate: {e}"),
        }
    })?;
    Ok(())
}

/// Whether process `pid` runs a program of this one's name, where the system tells
/// (`/proc`): a pid file left by a gate that was killed may name another process by now.
fn runs_this_program(pid: i32) -> bool {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned());
    let Ok(theirs) = std::fs::read_link(format!("/proc/{pid}/exe")) else { return !Path::new("/proc/self/exe").exists() };
    let ours = std::env::current_exe().ok();
    // A replaced binary reads "portcullis (deleted)".
    matches!((name(&theirs), ours.as_deref().and_then(name)), (Some(t), Some(o)) if t == o || t.starts_with(&format!("{o} ")))
}
