//! Policy changes without a restart.

use std::time::{Duration, Instant};

use crate::harness::{Gate, PASSWORD};

#[tokio::test]
async fn users_reload_when_the_file_changes_and_a_broken_file_changes_nothing() {
    let gate = Gate::start().await;
    let b = gate.browser();
    assert_eq!(b.password("carol", PASSWORD, "/").await.status, 401);
    gate.write_users(&["carol"]);
    let deadline = Instant::now() + Duration::from_secs(15);
    while b.password("carol", PASSWORD, "/").await.status != 302 {
        assert!(Instant::now() < deadline, "carol was never let in:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    std::fs::write(gate.users_path(), "users:\n  carol: [").expect("write");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !gate.log().contains("not reloaded") {
        assert!(Instant::now() < deadline, "the broken file was not noticed:\n{}", gate.log());
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert!(gate.log().contains("users.yaml"), "the log names the file:\n{}", gate.log());
    assert_eq!(gate.browser().password("carol", PASSWORD, "/").await.status, 302, "the running policy stays");
}
