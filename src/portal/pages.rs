//! The gate's HTML pages (templates under `templates/`), rendered into responses.

use std::borrow::Cow;
use std::fmt::Display;

use askama::Template;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use fluent_bundle::FluentValue;

use super::passkeys::Offer;
use crate::lang::Lang;
use crate::policy::Branding;
use crate::store::PasskeyRecord;

use crate::web::response::Response;

/// What every page shows: the site's name and where the gate's own files live, in the
/// visitor's language.
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    pub site: &'a str,
    pub brand: &'a Branding,
    pub prefix: &'a str,
    /// The CSRF token every form carries.
    pub csrf: &'a str,
    pub lang: Lang,
    /// This page's address, ending in `?` or `&`, for the language switch's links; none
    /// where the page cannot be asked for again (the gate's own refusals).
    pub switch: Option<&'a str>,
}

impl Frame<'_> {
    pub fn t(&self, id: &str) -> Cow<'static, str> {
        self.lang.t(id)
    }

    pub fn t1(&self, id: &str, name: &str, value: impl Display) -> String {
        self.lang.t_args(id, [(name, value.to_string().into())])
    }

    pub fn t2(&self, id: &str, a: &str, va: impl Display, b: &str, vb: impl Display) -> String {
        self.lang.t_args(id, [(a, va.to_string().into()), (b, vb.to_string().into())])
    }

    #[allow(clippy::too_many_arguments)] // three named arguments, each a name and its value
    pub fn t3(&self, id: &str, a: &str, va: impl Display, b: &str, vb: impl Display, c: &str, vc: impl Display) -> String {
        self.lang.t_args(id, [(a, va.to_string().into()), (b, vb.to_string().into()), (c, vc.to_string().into())])
    }

    /// A message of a number, for its plural forms.
    pub fn tn<'n>(&self, id: &str, name: &str, n: impl Into<FluentValue<'n>>) -> String {
        self.lang.t_args(id, [(name, n.into())])
    }

    /// A message that holds markup (ours), its argument escaped.
    pub fn html1(&self, id: &str, name: &str, value: impl Display) -> String {
        self.lang.t_args(id, [(name, escape(value).into())])
    }

    pub fn html2(&self, id: &str, a: &str, va: impl Display, b: &str, vb: impl Display) -> String {
        self.lang.t_args(id, [(a, escape(va).into()), (b, escape(vb).into())])
    }

    /// A message naming a moment, as UTC that the page's script shows in local time.
    pub fn at(&self, id: &str, name: &str, t: &i64) -> String {
        self.lang.t_args(id, [(name, moment(*t).into())])
    }

    /// [`Frame::at`] with a number too, for its plural forms.
    pub fn at_n(&self, id: &str, name: &str, t: i64, n_name: &str, n: i64) -> String {
        self.lang.t_args(id, [(name, moment(t).into()), (n_name, n.into())])
    }

    pub fn languages(&self) -> impl Iterator<Item = Lang> {
        Lang::all()
    }
}

/// A `<time>` in UTC, which `portal.js` rewrites in the reader's local time.
fn moment(t: i64) -> String {
    let (date, time) = (crate::clock::date(t), crate::clock::time_of_day(t));
    format!("<time datetime=\"{date}T{time}Z\" data-local>{date} {time} UTC</time>")
}

/// Text for HTML, by the templates' own escaper: what a user or admin wrote never becomes markup.
pub fn escape(value: impl Display) -> String {
    match askama::filters::escape(value, askama::filters::Html) {
        Ok(safe) => safe.to_string(),
        Err(never) => match never {},
    }
}

#[derive(Template)]
#[template(path = "login.html")]
pub struct Login<'a> {
    pub frame: Frame<'a>,
    pub return_to: &'a str,
    pub username: &'a str,
    /// A sign-in by a passkey alone, offered by autofill and a button.
    pub passkey: Option<&'a Offer>,
    pub error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "enrol.html")]
pub struct Enrol<'a> {
    pub frame: Frame<'a>,
    /// A signed-in user's new app, from the security page.
    pub replacing: bool,
    pub return_to: &'a str,
    pub account: &'a str,
    pub scan: Scan,
    /// The period "Trust this device for …" offers, if the site offers it.
    pub remember: Option<&'a str>,
    /// Making a passkey instead of using an app.
    pub passkey: Option<&'a Offer>,
    pub error: Option<&'a str>,
}

/// The interstitial of a grace before enrolment: set up now, or later.
#[derive(Template)]
#[template(path = "grace.html")]
pub struct Grace<'a> {
    pub frame: Frame<'a>,
    pub return_to: &'a str,
    pub enrol_url: &'a str,
    /// The deadline, in Unix time.
    pub deadline: i64,
    pub days_left: i64,
}

/// A new authenticator's secret, to scan as a QR code or type.
pub struct Scan {
    pub qr_svg: String,
    pub secret_text: String,
    pub otpauth_url: String,
}

/// A separate factor's enrolment: its own secret, confirmed by its first code and by a code
/// of the user's sign-in methods.
#[derive(Template)]
#[template(path = "factor_enrol.html")]
pub struct FactorEnrol<'a> {
    pub frame: Frame<'a>,
    pub factor: &'a str,
    pub return_to: &'a str,
    pub account: &'a str,
    pub scan: Scan,
    pub error: Option<&'a str>,
}

/// A separate factor's code, for a step-up.
#[derive(Template)]
#[template(path = "step_up.html")]
pub struct StepUpPage<'a> {
    pub frame: Frame<'a>,
    pub factor: &'a str,
    pub return_to: &'a str,
    /// The factor has backup codes, which the field also takes.
    pub backup_codes: bool,
    pub error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "challenge.html")]
pub struct Challenge<'a> {
    pub frame: Frame<'a>,
    pub return_to: &'a str,
    pub account: &'a str,
    pub remember: Option<&'a str>,
    /// The user has an authenticator app, whose code the page asks for.
    pub app: bool,
    /// A sign-in with one of the user's passkeys.
    pub passkey: Option<&'a Offer>,
    /// A rule wants a passkey here: nothing else is offered.
    pub only_passkey: bool,
    /// The user's passkeys are all for other relying parties.
    pub passkeys_elsewhere: bool,
    /// "Email me a code instead" is offered.
    pub email_offer: bool,
    /// "Text me a code instead" is offered.
    pub sms_offer: bool,
    /// Signed in already, asked for a code by a rule that wants one (fresh).
    pub again: bool,
    /// Signed in by a trusted device.
    pub on_trusted_device: bool,
    pub error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct Message<'a> {
    pub frame: Frame<'a>,
    pub title: &'a str,
    /// Markup: words escaped, or a message's own markup.
    pub message: &'a str,
    pub link: Option<(&'a str, &'a str)>,
    /// What to quote to an admin, who finds it in the log.
    pub reference: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "account.html")]
pub struct Account<'a> {
    pub frame: Frame<'a>,
    pub username: &'a str,
    pub display_name: &'a str,
    /// This browser holds a trusted-device cookie, so sign-out offers to forget it.
    pub trusted_here: bool,
}

/// A new set of backup codes, shown until saved (a reload shows them again).
#[derive(Template)]
#[template(path = "backup_codes.html")]
pub struct BackupCodesPage<'a> {
    pub frame: Frame<'a>,
    pub codes: &'a [String],
    pub continue_to: &'a str,
}

/// A code sent by email: where it went, and the form for it.
#[derive(Template)]
#[template(path = "sent_code.html")]
pub struct SentCode<'a> {
    pub frame: Frame<'a>,
    pub return_to: &'a str,
    /// The address or number, partly hidden.
    pub to: &'a str,
    /// `email` or `sms`, for sending again.
    pub via: &'a str,
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// A backup code in place of the authenticator.
#[derive(Template)]
#[template(path = "recover.html")]
pub struct Recover<'a> {
    pub frame: Frame<'a>,
    pub return_to: &'a str,
    pub error: Option<&'a str>,
}

/// How many backup codes are left, and a form to make a new set.
#[derive(Template)]
#[template(path = "new_codes.html")]
pub struct NewCodes<'a> {
    pub frame: Frame<'a>,
    pub left: u32,
    pub error: Option<&'a str>,
}

/// A signed-in user's ways of getting a code, and forms to change them.
#[derive(Template)]
#[template(path = "security.html")]
pub struct SecurityPage<'a> {
    pub frame: Frame<'a>,
    /// Past the first enrolment; if not, the page offers to turn two-factor on.
    pub enrolled: bool,
    pub enrol_url: &'a str,
    /// The end of the user's grace, if they are in one.
    pub deadline: Option<i64>,
    /// Every site that asks for two factors lets each user choose.
    pub may_turn_off: bool,
    pub app: bool,
    pub may_remove_app: bool,
    /// Some site takes emailed codes and the account has an address.
    pub email_offered: bool,
    /// Where emailed codes go (partly hidden), if they are on.
    pub email: Option<String>,
    pub may_remove_email: bool,
    /// Some site takes texted codes.
    pub sms_offered: bool,
    pub phone: Option<String>,
    pub may_remove_phone: bool,
    pub backup_left: u32,
    /// Separate factors for step-ups, and whether each is set up.
    pub factors: &'a [(String, bool)],
    pub passkeys: &'a [PasskeyRow],
    pub may_remove_passkey: bool,
    /// Passkeys can be made here, and the user has room for one more.
    pub may_add_passkey: bool,
    /// A sign-in with a passkey, to prove a change with.
    pub proof_passkey: Option<&'a Offer>,
    /// A passkey to make now, the proof given.
    pub adding_passkey: Option<&'a Offer>,
    pub notice: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// A passkey as the security page lists it.
pub struct PasskeyRow {
    /// Its credential id, in base64url, naming it in forms.
    pub id: String,
    pub name: String,
    pub added: String,
    pub last_used: Option<String>,
}

impl PasskeyRow {
    pub fn of(p: &PasskeyRecord) -> PasskeyRow {
        PasskeyRow {
            id: PasskeyRow::id_of(p),
            name: p.name.clone(),
            added: crate::clock::date(p.created),
            last_used: p.last_used.map(crate::clock::date),
        }
    }

    pub fn id_of(p: &PasskeyRecord) -> String {
        URL_SAFE_NO_PAD.encode(&p.cred_id)
    }
}

/// The two codes that confirm a new phone number.
#[derive(Template)]
#[template(path = "phone_change.html")]
pub struct PhoneChange<'a> {
    pub frame: Frame<'a>,
    /// The new number, in full: the user just typed it.
    pub number: &'a str,
    /// The current number, partly hidden; none when adding a first one.
    pub old: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// One trusted device as the devices page lists it.
pub struct DeviceRow {
    /// The record's key, for the revoke button.
    pub id: String,
    pub label: String,
    pub place: Option<String>,
    pub created: String,
    pub last_used: String,
    pub expires: String,
    pub this_browser: bool,
}

#[derive(Template)]
#[template(path = "devices.html")]
pub struct DevicesPage<'a> {
    pub frame: Frame<'a>,
    pub devices: &'a [DeviceRow],
}

/// Renders a page; a template that fails to render is a bug, answered with a plain 500.
pub fn render(status: u16, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Response::html(status, html),
        Err(e) => {
            tracing::error!("rendering a page failed: {e}");
            Response::plain(500, "internal error")
        }
    }
}

/// A page that only says something, with an optional link onward.
/// A page that says one thing: `title` and the link's label are message ids, `message` is in
/// words already (its message may take arguments).
pub fn message(status: u16, frame: &Frame<'_>, title: &str, message: &str, link: Option<(&str, &str)>) -> Response {
    message_html(status, frame, title, &escape(message), link)
}

/// [`message`] with markup of ours (a [`Frame::at`]) in the message.
pub fn message_html(status: u16, frame: &Frame<'_>, title: &str, message: &str, link: Option<(&str, &str)>) -> Response {
    render(status, &Message { frame: *frame, title, message, link, reference: None })
}

/// A refusal or failure (403, 404, 421, 5xx): its title and message by id, a way back, and
/// `reference`, which the caller logs with what happened.
pub fn refusal(status: u16, frame: &Frame<'_>, said: (&str, &str), link: Option<(&str, &str)>, reference: &str) -> Response {
    let message = escape(frame.t(said.1));
    render(status, &Message { frame: *frame, title: said.0, message: &message, link, reference: Some(reference) })
}

/// A new reference for a refusal: short enough to read out, random enough to find one line.
pub fn reference() -> String {
    let n: u32 = rand::random();
    format!("{:04X}-{:04X}", n >> 16, n & 0xffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_with_markup_escapes_what_it_is_given() {
        let frame = Frame { site: "s", brand: &Branding::default(), prefix: "/p", csrf: "", lang: Lang::ENGLISH, switch: None };
        let html = frame.html1("challenge-app", "account", "<b>a&b\"</b>");
        assert!(html.contains("<strong>&#60;b&#62;a&#38;b&#34;&#60;/b&#62;</strong>"), "{html}");
        assert!(frame
            .at("grace-until", "deadline", &0)
            .contains("<time datetime=\"1970-01-01T00:00Z\" data-local>1970-01-01 00:00 UTC</time>"));
    }
}
