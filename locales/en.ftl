# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Continue
button-confirm = Confirm
button-verify = Verify
button-cancel = Cancel
back-to-account = Back to your account
back-to-security = Back to sign-in methods
code-6-digit = 6-digit code
code-from-email = Code from the email
code-from-sms = Code from the text message
proof-any = A current code from any method, or a backup code
passkey-default-name = Passkey
held-form-kept = The form you sent is kept: it goes on once you have entered the code.
language-switch = Language
help-link = Need help signing in?
span-days = { $n ->
    [one] one day
   *[other] { $n } days
}
span-hours = { $n ->
    [one] one hour
   *[other] { $n } hours
}
span-minutes = { $n ->
    [one] one minute
   *[other] { $n } minutes
}
span-seconds = { $n ->
    [one] one second
   *[other] { $n } seconds
}
js-passkey-instead = Use a passkey instead
js-passkey-cancelled = The passkey was not used (cancelled, or it took too long). You can try again.
js-passkey-failed = This browser could not use a passkey here:

## Sign-in

login-title = Sign in
login-username = Username
login-password = Password
login-passkey-aside = Or, without your password:
login-passkey-button = Sign in with a passkey
login-wrong = That username and password don't match. Please try again.
login-busy-title = Too many sign-ins right now
login-busy = Please wait a few seconds and try again.
try-again = Try again
passkey-unknown = That passkey is not one registered here. Sign in with your password.
passkey-not-taken = That passkey was not accepted. Try again, or use another way to sign in.
passkey-new-password = Your password has changed since this passkey was last used with it. Sign in with your password once, then the passkey alone works again.
passkey-expired = That took too long, or the page was used already. Please try again.
passkey-cloned = That passkey may have been copied: it was refused. Use another way to sign in, and tell your administrator.

## Account and sign-out

account-title = Your account
account-signed-in-as = You are signed in as <strong>{ $name }</strong> ({ $username }).
account-forget-device = Forget this device: ask for a code here next time
account-sign-out = Sign out
signed-out-title = You are signed out
signed-out = Your session has ended on this device.
signed-out-forgotten = Your session has ended and this device is no longer trusted.
sign-in-again = Sign in again

## Enrolment

enrol-title = Set up your authenticator
enrol-heading = Set up two-factor authentication
enrol-replacing = Your new app takes the old one's place once it has shown its first code.
enrol-why = { $site } asks for a code from an authenticator app each time you sign in.
enrol-how = Open your app (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile or any other TOTP app), add an account and scan this code.
enrol-code = Enter the 6-digit code the app shows
enrol-passkey-heading = Or use a passkey
enrol-passkey-intro = A passkey on this device, your phone or a security key (such as a YubiKey) signs you in with your fingerprint, face or PIN instead of a code, and no look-alike site can use it.
enrol-passkey-name = Its name, for your security page
enrol-passkey-button = Set up a passkey instead
scan-qr-label = QR code holding your authenticator secret
scan-by-hand = Can't scan it? Enter the key by hand
scan-account = Account: <strong>{ $account }</strong>
scan-key = Key:
scan-type = Type: time-based, 6 digits, every 30 seconds.
scan-open-app = Open in an authenticator app on this device
scan-add-to-app = Add to authenticator app
remember-label = Trust this device for { $period }
remember-hint = Then your password alone signs you in from this browser. Don't tick this on a shared computer.
grace-why = A second step at sign-in, a code from an app on your phone, keeps your account safe even if someone learns your password. It takes a minute.
grace-until = You can put it off until { $deadline }. After that, you will set it up at sign-in.
grace-now = Set up two-factor now
grace-later = { $days ->
    [one] Later — one day left
   *[other] Later — { $days } days left
}

## The code

challenge-title = Enter your code
challenge-heading = Two-factor authentication
challenge-trusted-device = This part of { $site } asks for a code even on a trusted device.
challenge-again = This part of { $site } asks for your code again.
challenge-only-passkey = This part of { $site } asks for your passkey or security key.
challenge-only-passkey-none = This part of { $site } asks for your passkey or security key, and you have none yet.
challenge-only-passkey-add = Add one on your security page, then come back.
challenge-app = Open your authenticator app and enter the code for <strong>{ $account }</strong>.
challenge-passkey = Use your passkey or security key for <strong>{ $account }</strong>.
challenge-send-where = We send a code to <strong>{ $account }</strong>: choose where.
challenge-passkeys-elsewhere = Your passkeys were made for another site and do not work on { $site }. Sign in with a backup code, then add a passkey or an app here on your security page.
challenge-app-off = { $site } takes codes from an authenticator app, which you turned off. Sign in with a backup code, then set up an app again on your security page.
challenge-passkey-button = Use a passkey or security key
challenge-app-not-at-hand = App not at hand?
challenge-email-instead = Email me a code instead
challenge-sms-instead = Text me a code instead
challenge-email-me = Email me a code
challenge-sms-me = Text me a code
challenge-lost-phone = Lost your phone? Use a backup code
challenge-someone-else = Sign in as someone else
wrong-code = That code isn't right. Enter the code your app shows now; if it keeps failing, check that your phone's clock is set automatically.
used-code = That code has already been used. Wait for your app to show the next one.
wrong-backup-code = That backup code isn't right, or it was used before. Each code works once.
wrong-sent-code = That code isn't right or has expired. Only the newest code we sent works.
wrong-proof = That code isn't right. Use a current code from the method named, or a backup code.
tries-left = { $left ->
        [one] One try left before sign-in pauses for a while.
       *[other] { $left } tries left before sign-in pauses for a while.
    }
tries-left-lasting = { $left ->
        [one] One try left before sign-in is locked until an administrator unlocks it.
       *[other] { $left } tries left before sign-in is locked until an administrator unlocks it.
    }

## Codes sent by email or text message

sent-code-title = Enter the code we sent
sent-code-check-phone = Check your phone
sent-code-check-email = Check your email
sent-code-sent = We sent a code to <strong>{ $to }</strong>. It may take a minute to arrive.
sent-code-nothing = Nothing arrived?
sent-code-again = Send a new code
sent-code-other-ways = Other ways to sign in
sent-code-wait = Wait { $wait } before asking for another: a code was sent a moment ago.

## Backup codes

recover-title = Use a backup code
recover-intro = Enter one of the backup codes you saved when you set up two-factor authentication. Each code works once.
recover-code = Backup code
recover-button = Sign in
recover-none = No codes either? Ask your administrator to reset your two-factor authentication.
backup-codes-title = Your backup codes
backup-codes-heading = Save your backup codes
backup-codes-intro = If you lose your phone, each of these codes signs you in once instead of the app. Keep them somewhere safe, apart from your phone. They are shown only here, for a few minutes.
backup-codes-download = Download as a text file
backup-codes-print = Print
backup-codes-copy = Copy
backup-codes-copied = Copied
backup-codes-saved = I have saved them — continue
backup-codes-file = Backup codes for { $site }
    Each code works once, in place of your authenticator app.
new-codes-title = Backup codes
new-codes-left = { $left ->
    [one] You have <strong>one</strong> unused backup code. A new set replaces it; the old code stops working.
   *[other] You have <strong>{ $left }</strong> unused backup codes. A new set replaces them all; the old codes stop working.
}
new-codes-proof = To confirm, a code from your authenticator app (or a backup code)
new-codes-button = Make new backup codes
few-codes-title = Few backup codes left
codes-gone-title = These codes are no longer shown
codes-gone = Backup codes are shown for a few minutes after they are made, until you say you have saved them. If you did not keep them, make a new set: the old one then stops working.
few-codes = { $left ->
    [one] You have one backup code left. Make a new set now, so that you are not locked out if your phone is lost.
   *[other] You have { $left } backup codes left. Make a new set now, so that you are not locked out if your phone is lost.
}

## Trusted devices

devices-title = Trusted devices
devices-none = You have no trusted devices. When you enter a code, tick "Trust this device" to skip the code on that browser.
devices-intro = On these browsers your password alone signs you in, until the date shown. Revoke any you no longer use or don't recognise: revoking one also ends every session it started, including yours here if it signed you in.
devices-this-browser = this browser
unknown-browser = Unknown browser
devices-dates = trusted { $created } · last used { $used } · until { $expires }
devices-revoke = Revoke
devices-revoke-label = Revoke { $device }
devices-revoke-all = Revoke all
devices-signed-out-title = You are signed out here
devices-signed-out = The device you revoked had signed this browser in, so its session has ended too, with every other session the device started.
devices-missing-title = Something was missing
devices-missing = That request could not be understood.
devices-back = Back to your devices

## Sign-in methods

security-title = Sign-in methods
security-two-factor = Two-factor authentication
security-off = Off: your password alone signs you in.
security-off-until = Off: your password alone signs you in until { $deadline }; after that, you will set it up at sign-in.
security-turn-on = Turn on two-factor authentication
security-intro = Each change asks for a current code first: from the method you change, or one of your backup codes; a passkey of yours proves any change.
security-app = Authenticator app
security-on = On.
security-off-short = Off.
security-on-to = On, to { $to }.
security-app-move = Move to a new phone or app
security-app-move-proof = Code from your current app, or a backup code
security-app-off = Turn off the authenticator app
security-app-off-proof = Code from your app, or a backup code
security-app-add = Set up an authenticator app
security-app-add-proof = A code we sent you, or a backup code
security-only-method = This is your only way to get a sign-in code; add another before removing it.
security-passkeys = Passkeys and security keys
security-passkeys-none = None yet. A passkey signs you in with your fingerprint, face, PIN or security key, and no look-alike site can use it.
security-passkey-added = Added { $added }
security-passkey-added-used = Added { $added }, last used { $used }
security-rename = Rename
security-new-name = New name
security-remove = Remove
security-passkey-off-proof = A backup code (or use the passkey)
security-only-passkey = This is your only way to sign in with a second factor; add another before removing it.
security-passkey-make-now = Now make the passkey: your browser asks for your fingerprint, face, PIN or security key.
security-passkey-its-name = Its name
security-passkey-create = Create the passkey
security-passkey-add = Add a passkey or security key
security-email = Codes by email
security-email-off = Turn off codes by email
security-email-off-proof = Code from the email, or a backup code
security-email-on = Turn on codes by email
security-email-on-proof = A current code from another method, or a backup code
security-turn-on-short = Turn on
security-sms = Codes by text message
security-no-phone = No phone number.
security-phone-change = Change your phone number
security-phone-add = Add a phone number
security-phone-new = New number, in international form (+49 151 …)
security-phone-send = Send codes
security-phone-remove = Remove your phone number
security-phone-remove-proof = Code from the text message, or a backup code
security-factor = Separate authenticator: { $factor }
security-factor-set-up = Set up. Parts of this site ask for its code before { $factor }.
security-factor-not-set-up = Not set up.
security-factor-set-up-link = Set up a { $factor } authenticator
security-backup-left = { $left } unused.
security-backup-new = Make a new set
security-may-turn-off = On. You may turn it off: then your password alone signs you in, and your app, passkeys, codes and backup codes are removed.
security-turn-off = Turn off two-factor authentication
security-turn-off-short = Turn off
security-not-this-form = That form is not one of this page's.
security-cannot-turn-off = Two-factor authentication cannot be turned off here.
security-turned-off = Two-factor authentication is off. Your password alone signs you in.
security-nowhere-to-send = There is nowhere to send that code.
security-code-sent = We sent a code to { $to }.
security-not-set-up = That method is not set up.
security-only-way = This is your only way to get a sign-in code here. Add another before removing it.
security-removed = Removed.
security-email-not-possible = Codes by email cannot be turned on for this account.
security-email-is-on = Codes by email are on.
security-app-is-set-up = Your authenticator app is set up. Codes from any older app no longer work.
security-no-sms = No site here sends codes by text message.
security-same-number = That is the number you have.
security-phone-is-set-up = Your new phone number is set up.
security-too-many-passkeys = You have as many passkeys as one account may keep. Remove one you no longer use first.
security-no-passkeys-here = Passkeys cannot be used on this site.
security-passkey-is-set-up = Your passkey is set up.
security-no-such-passkey = That passkey is not set up.
security-renamed = Renamed.
security-phone-invalid = That number is not in international form: begin with + and the country code, e.g. +4915112345678.
phone-change-title = Confirm your new number
phone-change-sent = We sent a code to <strong>{ $number }</strong>. It may take a minute to arrive.
phone-change-sent-both = We sent a code to <strong>{ $number }</strong> and one to your current number, { $old }. They may take a minute to arrive.
phone-change-code-new = Code sent to { $number }
phone-change-code-old = Code sent to { $old } (lost that phone? a backup code)
phone-change-code-proof = A code from your authenticator app, or a backup code

## Separate factors for step-ups

factor-enrol-title = Set up your { $factor } authenticator
factor-enrol-intro = { $site } asks for a separate code for { $factor }. Add a new account to your authenticator app (on another device, if you can) and scan this code; it is not your sign-in code.
factor-enrol-proof = To confirm it's you: a code from your sign-in app (or a backup code)
factor-enrol-code = The 6-digit code the new { $factor } entry shows
factor-wrong-new-code = The code from the new entry isn't right. Check that you scanned this page's code.
step-up-title = Confirm with your { $factor } code
step-up-intro = This part of { $site } asks for a fresh code from your <strong>{ $factor }</strong> authenticator — not your sign-in code.
step-up-code = 6-digit { $factor } code
step-up-code-or-backup = 6-digit { $factor } code, or a { $factor } backup code
step-up-wrong = That code isn't right. Use the code of this separate authenticator, not your sign-in code.
step-up-no-such = There is no such authenticator here.
step-up-not-set-up-title = Not set up yet
step-up-not-set-up = This needs a separate { $factor } authenticator. Set it up on your sign-in methods page, then try again.

## Refusals

not-found-title = Not found
not-found = There is no such page here.
form-expired-title = This form has expired
form-expired = Please load the page again and retry.
start-again = Start again
locked-title = Too many attempts
locked-until = { $minutes ->
    [one] Sign-in is paused after too many failed attempts. Try again in one minute (after { $time }).
   *[other] Sign-in is paused after too many failed attempts. Try again in { $minutes } minutes (after { $time }).
}
locked-disabled = Sign-in is locked after too many failed attempts. Ask your administrator to unlock it.
locked-ways = Lost your phone? Once the pause is over, a backup code signs you in in place of the app.
locked-sign-in = Sign in again, or as someone else
unavailable-title = Sign-in is unavailable
unavailable = Something went wrong on our side. Please try again in a minute.
reference = Reference for your administrator: { $id }
unknown-host-title = This site is not served here
unknown-host = No site is set up at this address. Check the address you typed, or the link you followed.
internal-title = Something went wrong
internal = The gate could not answer this request, and sent nothing on to the site. Please try again; if it keeps happening, tell your administrator the reference below.
denied-title = Access denied
denied = This address is not available to you.
held-submit-again = Please submit again
held-too-large = This form is too large to keep while we ask for your code. Enter your code first, then submit the form again.
held-enter-code = Enter your code
held-expired = We keep a form for five minutes while asking for your code; this one has expired or was already sent. Please fill it in and submit it again.
back-to-site = Back to the site

## Emails

email-hello = Hello { $name },
email-when = When:    { $time }
email-browser = Browser: { $browser }
email-where = Where:   { $place } (approximately)
email-not-you = If this was not you, tell your administrator at once.
email-code-sign-in-subject = Your sign-in code for { $site }
email-code-sign-in = Your code to sign in to { $site } is { $code }.
    It works once, for { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.

    If you did not ask for it, someone knows your password: change it and tell your administrator.
email-code-confirm-subject = Your code to confirm a change for { $site }
email-code-confirm = Your code to confirm a change of how you sign in to { $site } is { $code }.
    It works once, for { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.

    If you did not ask for it, tell your administrator.
notice-enrolled-subject = Two-factor authentication is now on for your account
notice-enrolled = An authenticator app was set up for your account on { $site }.
notice-device-trusted-subject = A device was trusted for your account
notice-device-trusted = A browser was trusted on { $site }: there, your password alone signs you in.
notice-codes-renewed-subject = You have new backup codes
notice-codes-renewed = A new set of backup codes was made on { $site }; the old codes no longer work.
notice-code-used-subject = A backup code was used to sign in
notice-code-used = A backup code was used to sign in on { $site }. { $left ->
        [one] One unused code remains.
       *[other] { $left } unused codes remain.
    }
notice-method-added-subject = A sign-in method was added to your account
notice-method-added = Sign-in method added on { $site }: { $method }.
notice-method-changed-subject = A sign-in method of your account was changed
notice-method-changed = Sign-in method changed on { $site }: { $method }.
notice-method-removed-subject = A sign-in method was removed from your account
notice-method-removed = Sign-in method removed on { $site }: { $method }.
notice-factor-added-subject = A separate authenticator was set up for your account
notice-factor-added = A separate authenticator, asked for in protected parts of { $site }, was set up.
notice-off-subject = Two-factor authentication was turned off for your account
notice-off = Two-factor authentication was turned off on { $site }: your password alone now signs you in.
notice-reset-subject = An administrator reset your two-factor authentication
notice-reset = An administrator removed your authenticator, backup codes and trusted devices on { $site }. You will set up an authenticator again at your next sign-in.
notice-every-site = every site behind this gate
method-app = your authenticator app
method-email = codes by email
method-phone = codes by text message
method-passkey = a passkey or security key
