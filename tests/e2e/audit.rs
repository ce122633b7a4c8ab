//! The audit page in the real window, as the owner sees it after the staff story
//! (`staff.rs`): who did what, from where, and the chain intact.

use crate::desktop::Desktop;

/// The owner opens the audit page and finds the story's actions, newest first.
pub async fn owner_sees_the_actions(app: &Desktop) {
    app.click("#nav-audit").await;
    let table = app.wait_for_text("#audit-table", "staff.add").await;
    for action in [
        "staff.create_owner",
        "staff.add",
        "staff.sign_out",
        "staff.sign_in_failed",
        "staff.sign_in",
    ] {
        assert!(
            table.contains(action),
            "{action} is on the audit page: {table}"
        );
    }
    assert!(
        table.contains("staff:budi"),
        "the owner's own actions name them: {table}"
    );
    assert!(
        table.contains("app on "),
        "entries say where they came from: {table}"
    );
    let chain = app.wait_for_text("#chain-text", "chain intact").await;
    assert!(chain.contains("entries"), "{chain}");
    // Only the cashier's entries.
    app.choose("#audit-person", "2").await;
    app.click("#audit-apply").await;
    let hers = app.wait_for_text("#audit-table", "staff:sari").await;
    assert!(
        !hers.contains("staff.create_owner"),
        "filtered to one person: {hers}"
    );
    app.screenshot("audit").await;
    app.click("#audit-export").await;
    app.wait_for_text("#notice", "Exported").await;
}
