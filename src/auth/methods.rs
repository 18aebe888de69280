//! A user's second factors as they stand: the authenticator app, passkeys, codes by email and
//! by text (to the users file's address and number, as the user changed them), and backup
//! codes left.
//! Codes by email or text stand beside the app, or in its place once the user turned it off;
//! before the first enrolment there are none, so a password alone never reaches a code sent
//! to an address the admin typed.

use crate::policy::{Enrolment, Factor, Policy};
use crate::store::{MethodChoices, PasskeyRecord, Store, StoreError};
use crate::users::User;

/// A way of getting a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    App,
    Passkey,
    Email,
    Phone,
}

impl Method {
    /// The id of its name in the users' language, as emails say it.
    pub fn message(self) -> &'static str {
        match self {
            Method::App => "method-app",
            Method::Passkey => "method-passkey",
            Method::Email => "method-email",
            Method::Phone => "method-phone",
        }
    }

    /// For the audit trail (English, as logs are).
    pub fn label(self) -> &'static str {
        match self {
            Method::App => "your authenticator app",
            Method::Passkey => "a passkey or security key",
            Method::Email => "codes by email",
            Method::Phone => "codes by text message",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Methods {
    pub app: bool,
    /// Passkeys and security keys, oldest first.
    pub passkeys: Vec<PasskeyRecord>,
    /// Where codes by email go.
    pub email: Option<String>,
    /// Where codes by text go.
    pub phone: Option<String>,
    pub backup_left: u32,
    pub choices: MethodChoices,
    /// The policy's separate factors by name, and whether this user has set each up.
    pub factors: Vec<(String, bool)>,
}

/// What the policy makes of methods: whether any site asks for a second factor, and whether
/// any sends codes by email or text (a method no site takes cannot sign anyone in).
#[derive(Debug, Clone, Copy)]
pub struct Offers {
    pub required: bool,
    /// Every site that asks for a second factor lets each user choose whether to use one.
    pub optional: bool,
    pub email: bool,
    pub sms: bool,
}

impl Offers {
    pub fn of(policy: &Policy) -> Offers {
        Offers {
            required: policy.sites().any(|s| s.asks_for_two_factor()),
            optional: policy.sites().any(|s| s.asks_for_two_factor())
                && policy.sites().filter(|s| s.asks_for_two_factor()).all(|s| s.enrolment == Enrolment::Optional),
            email: policy.sites().any(|s| s.email_codes),
            sms: policy.sites().any(|s| s.sms_codes),
        }
    }
}

impl Methods {
    pub fn read(store: &dyn Store, user: &User, factors: &[Factor]) -> Result<Methods, StoreError> {
        let app = store.totp(&user.username)?.is_some();
        let choices = store.method_choices(&user.username)?;
        let backup_left = store.backup_codes_left(&user.username)?;
        let passkeys = store.passkeys_of(&user.username)?;
        let mut methods = Methods::of(user, app, passkeys, choices, backup_left);
        for f in factors {
            methods.factors.push((f.name.clone(), store.totp(&f.owner(&user.username))?.is_some()));
        }
        Ok(methods)
    }

    fn of(user: &User, app: bool, passkeys: Vec<PasskeyRecord>, choices: MethodChoices, backup_left: u32) -> Methods {
        let enrolled = app || choices.app_off || !passkeys.is_empty();
        let email = user.email.clone().filter(|_| enrolled && !choices.email_off);
        let phone = choices.phone.clone().unwrap_or_else(|| user.phone.clone()).filter(|_| enrolled);
        Methods { app, passkeys, email, phone, backup_left, choices, factors: Vec::new() }
    }

    /// Past the first enrolment: a second factor is owed at sign-in, never a new enrolment.
    pub fn enrolled(&self) -> bool {
        self.app || self.choices.app_off || !self.passkeys.is_empty()
    }

    pub fn has(&self, method: Method) -> bool {
        match method {
            Method::App => self.app,
            Method::Passkey => !self.passkeys.is_empty(),
            Method::Email => self.email.is_some(),
            Method::Phone => self.phone.is_some(),
        }
    }

    /// The user's choices once `method` (for a passkey, one of them) is gone: with neither an
    /// app nor a passkey left, codes by email or text stand in the app's place, so that the
    /// user stays past the first enrolment (a password alone must never lead to a new one).
    pub fn choices_without(&self, method: Method) -> MethodChoices {
        let mut choices = self.choices.clone();
        match method {
            Method::Email => choices.email_off = true,
            Method::Phone => choices.phone = Some(None),
            Method::App | Method::Passkey => {}
        }
        let app_left = self.app && method != Method::App;
        let passkeys_left = self.passkeys.len() > usize::from(method == Method::Passkey);
        if !app_left && !passkeys_left {
            choices.app_off = (self.email.is_some() && method != Method::Email) || (self.phone.is_some() && method != Method::Phone);
        }
        choices
    }

    /// Whether `method` (for a passkey, one of them) may go: where a second factor is
    /// required, another that some site takes must remain.
    pub fn may_remove(&self, method: Method, offers: Offers) -> bool {
        // What still signs in once it is gone.
        let left = |m: Method| match m {
            Method::App => self.app && method != Method::App,
            Method::Passkey => self.passkeys.len() > usize::from(method == Method::Passkey),
            Method::Email => self.email.is_some() && offers.email && method != Method::Email,
            Method::Phone => self.phone.is_some() && offers.sms && method != Method::Phone,
        };
        !offers.required || [Method::App, Method::Passkey, Method::Email, Method::Phone].into_iter().any(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> std::sync::Arc<User> {
        let hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA";
        let profile =
            crate::users::Profile { email: Some("alice@example.com".into()), phone: Some("+15550001234".into()), ..Default::default() };
        std::sync::Arc::new(User::new("alice".into(), hash.into(), profile).expect("alice"))
    }

    const ALL: Offers = Offers { required: true, optional: false, email: true, sms: true };

    #[test]
    fn nothing_counts_before_the_first_enrolment() {
        let m = Methods::of(&alice(), false, Vec::new(), MethodChoices::default(), 0);
        assert!(!m.enrolled());
        assert_eq!((m.email, m.phone), (None, None));
    }

    #[test]
    fn the_users_choices_override_the_file() {
        let choices = MethodChoices { app_off: true, email_off: true, phone: Some(Some("+4915100000000".into())) };
        let m = Methods::of(&alice(), false, Vec::new(), choices, 3);
        assert!(m.enrolled() && !m.has(Method::App) && !m.has(Method::Email));
        assert_eq!(m.phone.as_deref(), Some("+4915100000000"));
        let removed = Methods::of(&alice(), true, Vec::new(), MethodChoices { phone: Some(None), ..MethodChoices::default() }, 3);
        assert_eq!(removed.phone, None);
        assert_eq!(removed.email.as_deref(), Some("alice@example.com"));
    }

    #[test]
    fn the_last_method_that_signs_in_stays_where_two_factor_is_required() {
        let only_app =
            Methods::of(&alice(), true, Vec::new(), MethodChoices { email_off: true, phone: Some(None), ..Default::default() }, 10);
        assert!(!only_app.may_remove(Method::App, ALL));
        assert!(only_app.may_remove(Method::App, Offers { required: false, ..ALL }));
        let app_and_email = Methods::of(&alice(), true, Vec::new(), MethodChoices { phone: Some(None), ..Default::default() }, 10);
        assert!(app_and_email.may_remove(Method::App, ALL));
        assert!(app_and_email.may_remove(Method::Email, ALL));
        assert!(!app_and_email.may_remove(Method::App, Offers { email: false, ..ALL }), "email no site takes does not count");
    }

    #[test]
    fn a_passkey_counts_as_a_method_and_the_last_one_stays() {
        let key = |id: u8| PasskeyRecord {
            cred_id: vec![id],
            username: "alice".into(),
            rp_id: "app.example".into(),
            name: format!("key {id}"),
            credential: "{}".into(),
            created: 0,
            last_used: None,
            counter: 0,
            password_tag: [0; 32],
        };
        let none = MethodChoices { email_off: true, phone: Some(None), ..Default::default() };
        let one = Methods::of(&alice(), false, vec![key(1)], none.clone(), 10);
        assert!(one.enrolled() && one.has(Method::Passkey));
        assert!(!one.may_remove(Method::Passkey, ALL), "the only passkey signs in");
        let two = Methods::of(&alice(), false, vec![key(1), key(2)], none.clone(), 10);
        assert!(two.may_remove(Method::Passkey, ALL));
        let with_app = Methods::of(&alice(), true, vec![key(1)], none, 10);
        assert!(with_app.may_remove(Method::App, ALL) && with_app.may_remove(Method::Passkey, ALL));
        let email_after = Methods::of(&alice(), false, vec![key(1)], MethodChoices::default(), 10);
        assert_eq!(email_after.email.as_deref(), Some("alice@example.com"), "a passkey is a first enrolment");
    }

    #[test]
    fn removing_the_last_app_or_passkey_leaves_the_codes_in_their_place() {
        let key = PasskeyRecord {
            cred_id: vec![1],
            username: "alice".into(),
            rp_id: "app.example".into(),
            name: "key".into(),
            credential: "{}".into(),
            created: 0,
            last_used: None,
            counter: 0,
            password_tag: [0; 32],
        };
        let by_passkey = Methods::of(&alice(), false, vec![key.clone()], MethodChoices::default(), 10);
        assert!(by_passkey.may_remove(Method::Passkey, ALL), "email and text codes remain");
        let after = Methods::of(&alice(), false, Vec::new(), by_passkey.choices_without(Method::Passkey), 10);
        assert!(after.enrolled(), "still past the first enrolment");
        assert_eq!(after.email.as_deref(), Some("alice@example.com"));
        let by_app = Methods::of(&alice(), true, vec![key.clone()], MethodChoices::default(), 10);
        assert!(!by_app.choices_without(Method::App).app_off, "a passkey remains: nothing stands in");
        let phone_gone = by_app.choices_without(Method::Phone);
        assert_eq!((phone_gone.phone, phone_gone.app_off), (Some(None), false));
        let only_codes = Methods::of(&alice(), false, Vec::new(), MethodChoices { app_off: true, ..Default::default() }, 10);
        assert!(only_codes.choices_without(Method::Email).app_off, "text codes still stand in");
        let last = Methods::of(&alice(), false, Vec::new(), MethodChoices { app_off: true, phone: Some(None), ..Default::default() }, 0);
        assert!(!last.choices_without(Method::Email).app_off, "where it may go, the last method takes two-factor with it");
    }
}
