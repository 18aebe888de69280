//! Upgraded connections (WebSocket tunnels) and the sessions that opened them. A tunnel
//! relays for as long as both ends keep it open, long after the request that was judged; so
//! when its session ends, here or anywhere the store announces it, its upstream connection is
//! shut down, and the proxy then closes the client's side.

use std::collections::HashMap;
use std::io;
use std::net::{Shutdown, TcpStream};
use std::os::fd::BorrowedFd;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// The open tunnels of each session, by session id hash.
#[derive(Default)]
pub struct Tunnels {
    open: Mutex<Open>,
    next: AtomicU64,
}

/// Each session's tunnels: a number that tells them apart, and the upstream socket.
type Open = HashMap<[u8; 32], Vec<(u64, TcpStream)>>;

/// An open tunnel; dropping it (its request is over) forgets it.
pub struct Tunnel {
    tunnels: Arc<Tunnels>,
    session: [u8; 32],
    id: u64,
}

impl Tunnels {
    /// Keeps the upstream connection `socket` of a tunnel `session` opened. The descriptor is
    /// duplicated: the copy keeps the socket (not just a number the kernel may hand to another
    /// connection once the proxy closes its own) until the tunnel is dropped.
    pub fn open(self: &Arc<Self>, session: [u8; 32], socket: BorrowedFd<'_>) -> io::Result<Tunnel> {
        let socket = TcpStream::from(socket.try_clone_to_owned()?);
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().entry(session).or_default().push((id, socket));
        Ok(Tunnel { tunnels: Arc::clone(self), session, id })
    }

    /// Cuts every tunnel of `session`; returns how many there were.
    pub fn cut(&self, session: &[u8; 32]) -> usize {
        let cut = self.lock().remove(session).unwrap_or_default();
        for (_, socket) in &cut {
            // Already closed by the other end is as good as cut.
            let _ = socket.shutdown(Shutdown::Both);
        }
        cut.len()
    }

    /// The sessions that have tunnels open.
    pub fn sessions(&self) -> Vec<[u8; 32]> {
        self.lock().keys().copied().collect()
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        // The map stays whole whatever a panicking holder did: every change is one call.
        self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        let mut open = self.tunnels.lock();
        if let Some(list) = open.get_mut(&self.session) {
            list.retain(|(id, _)| *id != self.id);
            if list.is_empty() {
                open.remove(&self.session);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;
    use std::os::fd::AsFd;

    fn connected() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        (client, listener.accept().expect("accept").0)
    }

    #[test]
    fn cutting_a_session_shuts_its_tunnels_and_no_other() {
        let tunnels = Arc::new(Tunnels::default());
        let (mine, mut my_far_end) = connected();
        let (other, mut other_far_end) = connected();
        let kept = [tunnels.open([1; 32], mine.as_fd()).expect("open"), tunnels.open([2; 32], other.as_fd()).expect("open")];
        // The proxy closing its own descriptor does not stop the cut from reaching the socket.
        drop(mine);
        assert_eq!(tunnels.cut(&[1; 32]), 1);
        assert_eq!(my_far_end.read(&mut [0; 8]).expect("read"), 0, "the far end sees the tunnel closed");
        other_far_end.set_nonblocking(true).expect("nonblocking");
        assert_eq!(other_far_end.read(&mut [0; 8]).map_err(|e| e.kind()), Err(io::ErrorKind::WouldBlock), "another session's tunnel stays");
        assert_eq!(tunnels.sessions(), vec![[2; 32]]);
        drop(kept);
        assert!(tunnels.sessions().is_empty(), "dropped tunnels are forgotten");
        assert_eq!(tunnels.cut(&[2; 32]), 0);
    }
}
