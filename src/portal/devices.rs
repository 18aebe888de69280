//! The trusted-devices page: a signed-in user sees the browsers they trusted and revokes one
//! or all. Revoking ends every session those browsers started, this browser's own included
//! when a revoked device signed it in: whoever revokes a device they distrust wants it out.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;

use super::pages::{self, DeviceRow};
use super::{cookies, field, Response, Unavailable, Visit};
use crate::audit;
use crate::clock::date;

pub async fn page(v: &Visit<'_>) -> Result<Response, Unavailable> {
    let Some((_, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path("devices"))));
    };
    let this = v.this_device();
    let rows: Vec<DeviceRow> = v
        .state
        .devices
        .list(&user, v.now)
        .await?
        .into_iter()
        .map(|d| DeviceRow {
            id: B64URL.encode(d.id_hash),
            this_browser: this == Some(d.id_hash),
            label: if d.label.is_empty() { v.lang.t("unknown-browser").into_owned() } else { d.label },
            place: d.place,
            created: date(d.created),
            last_used: date(d.last_used),
            expires: date(d.expires),
        })
        .collect();
    Ok(pages::render(200, &pages::DevicesPage { frame: v.frame(), devices: &rows }))
}

/// `action=revoke` with `device=<id>`, or `action=revoke-all`; then back to the list.
pub async fn revoke(v: &Visit<'_>, form: &[(String, String)]) -> Result<Response, Unavailable> {
    let Some((session, user)) = v.signed_in().await? else {
        return Ok(Response::redirect(&v.url("login", &v.path("devices"))));
    };
    let only = match field(form, "action") {
        "revoke-all" => None,
        "revoke" => match B64URL.decode(field(form, "device")).ok().and_then(|id| <[u8; 32]>::try_from(id).ok()) {
            Some(id) => Some(id),
            None => return Ok(bad_form(v)),
        },
        _ => return Ok(bad_form(v)),
    };
    let revoked = v.state.devices.revoke(&user.username, only).await?;
    v.state.sessions.evict(&revoked.sessions);
    tracing::info!(user = %user.username, devices = revoked.devices, sessions = revoked.sessions.len(), "trusted devices revoked");
    let detail = format!("{} devices, {} sessions ended", revoked.devices, revoked.sessions.len());
    v.audit(v.audit_entry(audit::Event::DeviceRevoked, &user.username).detail(detail)).await;
    let this = v.this_device();
    let forgot_this = this.is_some() && (only.is_none() || only == this);
    let resp = if revoked.sessions.contains(&session.id_hash) {
        let said = v.lang.t("devices-signed-out");
        pages::message(200, &v.frame(), "devices-signed-out-title", &said, Some((&v.url("login", &v.path("devices")), "sign-in-again")))
            .cookie(&v.session_cookie().cleared(v.tls))
    } else {
        Response::redirect(&v.path("devices"))
    };
    Ok(if forgot_this { resp.cookie(&cookies::cleared(&cookies::DEVICE, v.tls)) } else { resp })
}

fn bad_form(v: &Visit<'_>) -> Response {
    let back = v.path("devices");
    pages::message(400, &v.frame(), "devices-missing-title", &v.lang.t("devices-missing"), Some((&back, "devices-back")))
}
