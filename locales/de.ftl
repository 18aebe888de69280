# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Weiter
button-confirm = Bestätigen
button-verify = Überprüfen
button-cancel = Abbrechen
back-to-account = Zurück zu Ihrem Konto
back-to-security = Zurück zu den Anmeldemethoden
code-6-digit = 6-stelliger Code
code-from-email = Code aus der E-Mail
code-from-sms = Code aus der SMS
proof-any = Ein aktueller Code einer beliebigen Methode oder ein Backup-Code
passkey-default-name = Passkey
held-form-kept = Das von Ihnen gesendete Formular bleibt erhalten: Es wird übermittelt, sobald Sie den Code eingegeben haben.
language-switch = Sprache
help-link = Brauchen Sie Hilfe bei der Anmeldung?
span-days = { $n ->
    [one] einen Tag
   *[other] { $n } Tage
}
span-hours = { $n ->
    [one] eine Stunde
   *[other] { $n } Stunden
}
span-minutes = { $n ->
    [one] eine Minute
   *[other] { $n } Minuten
}
span-seconds = { $n ->
    [one] eine Sekunde
   *[other] { $n } Sekunden
}
js-passkey-instead = Stattdessen Passkey verwenden
js-passkey-cancelled = Der Passkey wurde nicht verwendet (abgebrochen oder Zeitüberschreitung). Sie können es erneut versuchen.
js-passkey-failed = Dieser Browser konnte hier keinen Passkey verwenden:

## Sign-in

login-title = Anmelden
login-username = Benutzername
login-password = Passwort
login-passkey-aside = Oder ohne Passwort:
login-passkey-button = Mit Passkey anmelden
login-wrong = Benutzername und Passwort stimmen nicht überein. Bitte versuchen Sie es erneut.
login-busy-title = Derzeit zu viele Anmeldungen
login-busy = Bitte warten Sie einige Sekunden und versuchen Sie es dann erneut.
try-again = Erneut versuchen
passkey-unknown = Dieser Passkey ist hier nicht registriert. Melden Sie sich mit Ihrem Passwort an.
passkey-not-taken = Dieser Passkey wurde nicht akzeptiert. Versuchen Sie es erneut oder melden Sie sich auf andere Weise an.
passkey-new-password = Ihr Passwort wurde geändert, seit dieser Passkey zuletzt damit verwendet wurde. Melden Sie sich einmal mit Ihrem Passwort an, danach funktioniert der Passkey wieder allein.
passkey-expired = Das hat zu lange gedauert oder die Seite wurde bereits verwendet. Bitte versuchen Sie es erneut.
passkey-cloned = Dieser Passkey wurde möglicherweise kopiert und daher abgelehnt. Melden Sie sich auf andere Weise an und informieren Sie Ihren Administrator.

## Account and sign-out

account-title = Ihr Konto
account-signed-in-as = Sie sind als <strong>{ $name }</strong> ({ $username }) angemeldet.
account-forget-device = Dieses Gerät vergessen: beim nächsten Mal hier nach einem Code fragen
account-sign-out = Abmelden
signed-out-title = Sie sind abgemeldet
signed-out = Ihre Sitzung auf diesem Gerät wurde beendet.
signed-out-forgotten = Ihre Sitzung wurde beendet und dieses Gerät ist nicht mehr vertrauenswürdig.
sign-in-again = Erneut anmelden

## Enrolment

enrol-title = Authenticator einrichten
enrol-heading = Zwei-Faktor-Authentifizierung einrichten
enrol-replacing = Ihre neue App ersetzt die alte, sobald sie ihren ersten Code angezeigt hat.
enrol-why = { $site } fragt bei jeder Anmeldung nach einem Code aus einer Authenticator-App.
enrol-how = Öffnen Sie Ihre App (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile oder eine andere TOTP-App), fügen Sie ein Konto hinzu und scannen Sie diesen Code.
enrol-code = Geben Sie den 6-stelligen Code ein, den die App anzeigt
enrol-passkey-heading = Oder einen Passkey verwenden
enrol-passkey-intro = Mit einem Passkey auf diesem Gerät, Ihrem Smartphone oder einem Sicherheitsschlüssel (etwa einem YubiKey) melden Sie sich statt mit einem Code per Fingerabdruck, Gesichtserkennung oder PIN an – und keine gefälschte Website kann ihn verwenden.
enrol-passkey-name = Name des Passkeys (für Ihre Sicherheitsseite)
enrol-passkey-button = Stattdessen Passkey einrichten
scan-qr-label = QR-Code mit Ihrem Authenticator-Schlüssel
scan-by-hand = Scannen nicht möglich? Schlüssel manuell eingeben
scan-account = Konto: <strong>{ $account }</strong>
scan-key = Schlüssel:
scan-type = Typ: zeitbasiert, 6 Ziffern, alle 30 Sekunden.
scan-open-app = In einer Authenticator-App auf diesem Gerät öffnen
scan-add-to-app = Zur Authenticator-App hinzufügen
remember-label = Diesem Gerät für { $period } vertrauen
remember-hint = Danach genügt in diesem Browser Ihr Passwort zur Anmeldung. Aktivieren Sie diese Option nicht auf einem gemeinsam genutzten Computer.
grace-why = Ein zweiter Schritt bei der Anmeldung – ein Code aus einer App auf Ihrem Smartphone – schützt Ihr Konto, selbst wenn jemand Ihr Passwort kennt. Die Einrichtung dauert nur eine Minute.
grace-until = Sie können die Einrichtung bis { $deadline } aufschieben. Danach richten Sie sie bei der Anmeldung ein.
grace-now = Jetzt einrichten
grace-later = { $days ->
    [one] Später – noch ein Tag
   *[other] Später – noch { $days } Tage
}

## The code

challenge-title = Code eingeben
challenge-heading = Zwei-Faktor-Authentifizierung
challenge-trusted-device = Dieser Bereich von { $site } verlangt auch auf einem vertrauenswürdigen Gerät einen Code.
challenge-again = Dieser Bereich von { $site } verlangt Ihren Code erneut.
challenge-only-passkey = Dieser Bereich von { $site } verlangt Ihren Passkey oder Sicherheitsschlüssel.
challenge-only-passkey-none = Dieser Bereich von { $site } verlangt Ihren Passkey oder Sicherheitsschlüssel, aber Sie haben noch keinen.
challenge-only-passkey-add = Fügen Sie auf Ihrer Sicherheitsseite einen hinzu und kehren Sie dann hierher zurück.
challenge-app = Öffnen Sie Ihre Authenticator-App und geben Sie den Code für <strong>{ $account }</strong> ein.
challenge-passkey = Verwenden Sie Ihren Passkey oder Sicherheitsschlüssel für <strong>{ $account }</strong>.
challenge-send-where = Wir senden Ihnen einen Code für <strong>{ $account }</strong>. Wählen Sie, wohin.
challenge-passkeys-elsewhere = Ihre Passkeys wurden für eine andere Website erstellt und funktionieren nicht auf { $site }. Melden Sie sich mit einem Backup-Code an und fügen Sie dann hier auf Ihrer Sicherheitsseite einen Passkey oder eine App hinzu.
challenge-app-off = { $site } akzeptiert Codes aus einer Authenticator-App, die Sie deaktiviert haben. Melden Sie sich mit einem Backup-Code an und richten Sie dann auf Ihrer Sicherheitsseite erneut eine App ein.
challenge-passkey-button = Passkey oder Sicherheitsschlüssel verwenden
challenge-app-not-at-hand = App nicht zur Hand?
challenge-email-instead = Stattdessen Code per E-Mail senden
challenge-sms-instead = Stattdessen Code per SMS senden
challenge-email-me = Code per E-Mail senden
challenge-sms-me = Code per SMS senden
challenge-lost-phone = Smartphone verloren? Backup-Code verwenden
challenge-someone-else = Mit einem anderen Konto anmelden
wrong-code = Dieser Code ist nicht korrekt. Geben Sie den Code ein, den Ihre App gerade anzeigt. Wenn es weiterhin nicht klappt, prüfen Sie, ob die Uhrzeit Ihres Smartphones automatisch eingestellt wird.
used-code = Dieser Code wurde bereits verwendet. Warten Sie, bis Ihre App den nächsten anzeigt.
wrong-backup-code = Dieser Backup-Code ist nicht korrekt oder wurde bereits verwendet. Jeder Code funktioniert nur einmal.
wrong-sent-code = Dieser Code ist nicht korrekt oder abgelaufen. Nur der zuletzt gesendete Code ist gültig.
wrong-proof = Dieser Code ist nicht korrekt. Verwenden Sie einen aktuellen Code der genannten Methode oder einen Backup-Code.
tries-left = { $left ->
        [one] Noch ein Versuch, dann wird die Anmeldung für eine Weile gesperrt.
       *[other] Noch { $left } Versuche, dann wird die Anmeldung für eine Weile gesperrt.
    }
tries-left-lasting = { $left ->
        [one] Noch ein Versuch, dann wird die Anmeldung gesperrt, bis ein Administrator sie entsperrt.
       *[other] Noch { $left } Versuche, dann wird die Anmeldung gesperrt, bis ein Administrator sie entsperrt.
    }

## Codes sent by email or text message

sent-code-title = Gesendeten Code eingeben
sent-code-check-phone = Prüfen Sie Ihr Smartphone
sent-code-check-email = Prüfen Sie Ihre E-Mails
sent-code-sent = Wir haben einen Code an <strong>{ $to }</strong> gesendet. Es kann eine Minute dauern, bis er ankommt.
sent-code-nothing = Nichts angekommen?
sent-code-again = Neuen Code senden
sent-code-other-ways = Andere Anmeldemöglichkeiten
sent-code-wait = Warten Sie { $wait }, bevor Sie einen weiteren Code anfordern: Vor einem Moment wurde einer gesendet.

## Backup codes

recover-title = Backup-Code verwenden
recover-intro = Geben Sie einen der Backup-Codes ein, die Sie bei der Einrichtung der Zwei-Faktor-Authentifizierung gespeichert haben. Jeder Code funktioniert nur einmal.
recover-code = Backup-Code
recover-button = Anmelden
recover-none = Auch keine Codes? Bitten Sie Ihren Administrator, Ihre Zwei-Faktor-Authentifizierung zurückzusetzen.
backup-codes-title = Ihre Backup-Codes
backup-codes-heading = Backup-Codes speichern
backup-codes-intro = Wenn Sie Ihr Smartphone verlieren, können Sie sich mit jedem dieser Codes einmal anstelle der App anmelden. Bewahren Sie sie an einem sicheren Ort auf, getrennt von Ihrem Smartphone. Sie werden nur hier und nur für einige Minuten angezeigt.
backup-codes-download = Als Textdatei herunterladen
backup-codes-print = Drucken
backup-codes-copy = Kopieren
backup-codes-copied = Kopiert
backup-codes-saved = Ich habe sie gespeichert – weiter
backup-codes-file = Backup-Codes für { $site }
    Jeder Code funktioniert einmal anstelle Ihrer Authenticator-App.
new-codes-title = Backup-Codes
new-codes-left = { $left ->
    [one] Sie haben noch <strong>einen</strong> unbenutzten Backup-Code. Ein neuer Satz ersetzt ihn; der alte Code funktioniert dann nicht mehr.
   *[other] Sie haben noch <strong>{ $left }</strong> unbenutzte Backup-Codes. Ein neuer Satz ersetzt sie alle; die alten Codes funktionieren dann nicht mehr.
}
new-codes-proof = Zur Bestätigung: ein Code aus Ihrer Authenticator-App (oder ein Backup-Code)
new-codes-button = Neue Backup-Codes erstellen
few-codes-title = Nur noch wenige Backup-Codes
codes-gone-title = Diese Codes werden nicht mehr angezeigt
codes-gone = Backup-Codes werden nach dem Erstellen einige Minuten lang angezeigt, bis Sie bestätigen, dass Sie sie gespeichert haben. Falls Sie sie nicht aufbewahrt haben, erstellen Sie neue: Die alten gelten dann nicht mehr.
few-codes = { $left ->
    [one] Sie haben nur noch einen Backup-Code. Erstellen Sie jetzt einen neuen Satz, damit Sie nicht ausgesperrt werden, falls Ihr Smartphone verloren geht.
   *[other] Sie haben nur noch { $left } Backup-Codes. Erstellen Sie jetzt einen neuen Satz, damit Sie nicht ausgesperrt werden, falls Ihr Smartphone verloren geht.
}

## Trusted devices

devices-title = Vertrauenswürdige Geräte
devices-none = Sie haben keine vertrauenswürdigen Geräte. Aktivieren Sie bei der Eingabe eines Codes „Diesem Gerät vertrauen“, um den Code in diesem Browser künftig zu überspringen.
devices-intro = In diesen Browsern genügt Ihr Passwort zur Anmeldung, bis zum angezeigten Datum. Widerrufen Sie alle, die Sie nicht mehr verwenden oder nicht erkennen: Dadurch werden auch alle Sitzungen beendet, die darüber gestartet wurden – auch Ihre Sitzung hier, falls Sie darüber angemeldet wurden.
devices-this-browser = dieser Browser
unknown-browser = Unbekannter Browser
devices-dates = vertraut seit { $created } · zuletzt verwendet: { $used } · gültig bis { $expires }
devices-revoke = Widerrufen
devices-revoke-label = { $device } widerrufen
devices-revoke-all = Alle widerrufen
devices-signed-out-title = Sie wurden hier abgemeldet
devices-signed-out = Über das widerrufene Gerät war dieser Browser angemeldet. Daher wurde auch diese Sitzung beendet, zusammen mit allen anderen Sitzungen, die über das Gerät gestartet wurden.
devices-missing-title = Angaben fehlen
devices-missing = Diese Anfrage konnte nicht verarbeitet werden.
devices-back = Zurück zu Ihren Geräten

## Sign-in methods

security-title = Anmeldemethoden
security-two-factor = Zwei-Faktor-Authentifizierung
security-off = Aus: Sie melden sich nur mit Ihrem Passwort an.
security-off-until = Aus: Bis { $deadline } melden Sie sich nur mit Ihrem Passwort an; danach richten Sie sie bei der Anmeldung ein.
security-turn-on = Zwei-Faktor-Authentifizierung aktivieren
security-intro = Jede Änderung erfordert zuerst einen aktuellen Code: von der Methode, die Sie ändern, oder einen Ihrer Backup-Codes. Mit einem Ihrer Passkeys können Sie jede Änderung bestätigen.
security-app = Authenticator-App
security-on = An.
security-off-short = Aus.
security-on-to = An. Codes gehen an { $to }.
security-app-move = Zu neuem Smartphone oder neuer App wechseln
security-app-move-proof = Code aus Ihrer aktuellen App oder ein Backup-Code
security-app-off = Authenticator-App deaktivieren
security-app-off-proof = Code aus Ihrer App oder ein Backup-Code
security-app-add = Authenticator-App einrichten
security-app-add-proof = Ein Code, den wir Ihnen gesendet haben, oder ein Backup-Code
security-only-method = Dies ist Ihre einzige Möglichkeit, einen Anmeldecode zu erhalten. Fügen Sie eine weitere hinzu, bevor Sie diese entfernen.
security-passkeys = Passkeys und Sicherheitsschlüssel
security-passkeys-none = Noch keine. Mit einem Passkey melden Sie sich per Fingerabdruck, Gesichtserkennung, PIN oder Sicherheitsschlüssel an – und keine gefälschte Website kann ihn verwenden.
security-passkey-added = Hinzugefügt: { $added }
security-passkey-added-used = Hinzugefügt: { $added }, zuletzt verwendet: { $used }
security-rename = Umbenennen
security-new-name = Neuer Name
security-remove = Entfernen
security-passkey-off-proof = Ein Backup-Code (oder verwenden Sie den Passkey)
security-only-passkey = Dies ist Ihre einzige Möglichkeit, sich mit einem zweiten Faktor anzumelden. Fügen Sie eine weitere hinzu, bevor Sie diese entfernen.
security-passkey-make-now = Erstellen Sie jetzt den Passkey: Ihr Browser fragt nach Ihrem Fingerabdruck, Ihrem Gesicht, Ihrer PIN oder Ihrem Sicherheitsschlüssel.
security-passkey-its-name = Name
security-passkey-create = Passkey erstellen
security-passkey-add = Passkey oder Sicherheitsschlüssel hinzufügen
security-email = Codes per E-Mail
security-email-off = Codes per E-Mail deaktivieren
security-email-off-proof = Code aus der E-Mail oder ein Backup-Code
security-email-on = Codes per E-Mail aktivieren
security-email-on-proof = Ein aktueller Code einer anderen Methode oder ein Backup-Code
security-turn-on-short = Aktivieren
security-sms = Codes per SMS
security-no-phone = Keine Telefonnummer.
security-phone-change = Telefonnummer ändern
security-phone-add = Telefonnummer hinzufügen
security-phone-new = Neue Nummer im internationalen Format (+49 151 …)
security-phone-send = Codes senden
security-phone-remove = Telefonnummer entfernen
security-phone-remove-proof = Code aus der SMS oder ein Backup-Code
security-factor = Separater Authenticator: { $factor }
security-factor-set-up = Eingerichtet. Für { $factor } verlangen Teile dieser Website seinen Code.
security-factor-not-set-up = Nicht eingerichtet.
security-factor-set-up-link = { $factor }-Authenticator einrichten
security-backup-left = { $left } unbenutzt.
security-backup-new = Neuen Satz erstellen
security-may-turn-off = An. Sie können sie deaktivieren: Dann melden Sie sich nur mit Ihrem Passwort an, und Ihre App, Passkeys, Codes und Backup-Codes werden entfernt.
security-turn-off = Zwei-Faktor-Authentifizierung deaktivieren
security-turn-off-short = Deaktivieren
security-not-this-form = Dieses Formular gehört nicht zu dieser Seite.
security-cannot-turn-off = Die Zwei-Faktor-Authentifizierung kann hier nicht deaktiviert werden.
security-turned-off = Die Zwei-Faktor-Authentifizierung ist deaktiviert. Sie melden sich nur mit Ihrem Passwort an.
security-nowhere-to-send = Es gibt kein Ziel, an das dieser Code gesendet werden kann.
security-code-sent = Wir haben einen Code an { $to } gesendet.
security-not-set-up = Diese Methode ist nicht eingerichtet.
security-only-way = Dies ist hier Ihre einzige Möglichkeit, einen Anmeldecode zu erhalten. Fügen Sie eine weitere hinzu, bevor Sie diese entfernen.
security-removed = Entfernt.
security-email-not-possible = Codes per E-Mail können für dieses Konto nicht aktiviert werden.
security-email-is-on = Codes per E-Mail sind aktiviert.
security-app-is-set-up = Ihre Authenticator-App ist eingerichtet. Codes aus älteren Apps funktionieren nicht mehr.
security-no-sms = Keine Website hier sendet Codes per SMS.
security-same-number = Das ist bereits Ihre Nummer.
security-phone-is-set-up = Ihre neue Telefonnummer ist eingerichtet.
security-too-many-passkeys = Sie haben die maximale Anzahl an Passkeys für ein Konto erreicht. Entfernen Sie zuerst einen, den Sie nicht mehr verwenden.
security-no-passkeys-here = Auf dieser Website können keine Passkeys verwendet werden.
security-passkey-is-set-up = Ihr Passkey ist eingerichtet.
security-no-such-passkey = Dieser Passkey ist nicht eingerichtet.
security-renamed = Umbenannt.
security-phone-invalid = Diese Nummer ist nicht im internationalen Format: Beginnen Sie mit + und der Ländervorwahl, z. B. +4915112345678.
phone-change-title = Neue Nummer bestätigen
phone-change-sent = Wir haben einen Code an <strong>{ $number }</strong> gesendet. Es kann eine Minute dauern, bis er ankommt.
phone-change-sent-both = Wir haben einen Code an <strong>{ $number }</strong> und einen an Ihre aktuelle Nummer { $old } gesendet. Es kann eine Minute dauern, bis sie ankommen.
phone-change-code-new = An { $number } gesendeter Code
phone-change-code-old = An { $old } gesendeter Code (Smartphone verloren? Dann ein Backup-Code)
phone-change-code-proof = Ein Code aus Ihrer Authenticator-App oder ein Backup-Code

## Separate factors for step-ups

factor-enrol-title = { $factor }-Authenticator einrichten
factor-enrol-intro = { $site } verlangt einen separaten Code für { $factor }. Fügen Sie Ihrer Authenticator-App ein neues Konto hinzu (wenn möglich auf einem anderen Gerät) und scannen Sie diesen Code. Es handelt sich nicht um Ihren Anmeldecode.
factor-enrol-proof = Zur Bestätigung Ihrer Identität: ein Code aus Ihrer Anmelde-App (oder ein Backup-Code)
factor-enrol-code = Der 6-stellige Code, den der neue { $factor }-Eintrag anzeigt
factor-wrong-new-code = Der Code aus dem neuen Eintrag ist nicht korrekt. Prüfen Sie, ob Sie den Code auf dieser Seite gescannt haben.
step-up-title = Mit Ihrem { $factor }-Code bestätigen
step-up-intro = Dieser Bereich von { $site } verlangt einen neuen Code aus Ihrem <strong>{ $factor }</strong>-Authenticator – nicht Ihren Anmeldecode.
step-up-code = 6-stelliger { $factor }-Code
step-up-code-or-backup = 6-stelliger { $factor }-Code oder ein { $factor }-Backup-Code
step-up-wrong = Dieser Code ist nicht korrekt. Verwenden Sie den Code dieses separaten Authenticators, nicht Ihren Anmeldecode.
step-up-no-such = Diesen Authenticator gibt es hier nicht.
step-up-not-set-up-title = Noch nicht eingerichtet
step-up-not-set-up = Hierfür ist ein separater { $factor }-Authenticator erforderlich. Richten Sie ihn auf der Seite „Anmeldemethoden“ ein und versuchen Sie es dann erneut.

## Refusals

not-found-title = Nicht gefunden
not-found = Diese Seite gibt es hier nicht.
form-expired-title = Dieses Formular ist abgelaufen
form-expired = Bitte laden Sie die Seite neu und versuchen Sie es erneut.
start-again = Neu beginnen
locked-title = Zu viele Versuche
locked-until = { $minutes ->
    [one] Die Anmeldung ist nach zu vielen Fehlversuchen vorübergehend gesperrt. Versuchen Sie es in einer Minute erneut (ab { $time }).
   *[other] Die Anmeldung ist nach zu vielen Fehlversuchen vorübergehend gesperrt. Versuchen Sie es in { $minutes } Minuten erneut (ab { $time }).
}
locked-disabled = Die Anmeldung ist nach zu vielen Fehlversuchen gesperrt. Bitten Sie Ihren Administrator, sie zu entsperren.
locked-ways = Handy verloren? Nach der Pause meldet Sie ein Backup-Code anstelle der App an.
locked-sign-in = Erneut oder als jemand anderes anmelden
unavailable-title = Anmeldung nicht verfügbar
unavailable = Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es in einer Minute erneut.
reference = Referenz für Ihren Administrator: { $id }
unknown-host-title = Diese Website wird hier nicht angeboten
unknown-host = Unter dieser Adresse ist keine Website eingerichtet. Prüfen Sie die eingegebene Adresse oder den Link, dem Sie gefolgt sind.
internal-title = Etwas ist schiefgelaufen
internal = Das Gateway konnte diese Anfrage nicht beantworten und hat nichts an die Website weitergegeben. Bitte versuchen Sie es erneut; wenn es wieder passiert, nennen Sie Ihrem Administrator die Referenz unten.
denied-title = Zugriff verweigert
denied = Diese Adresse ist für Sie nicht verfügbar.
held-submit-again = Bitte erneut senden
held-too-large = Dieses Formular ist zu groß, um es aufzubewahren, während wir Ihren Code abfragen. Geben Sie zuerst Ihren Code ein und senden Sie das Formular dann erneut.
held-enter-code = Code eingeben
held-expired = Wir bewahren ein Formular fünf Minuten lang auf, während wir Ihren Code abfragen. Dieses ist abgelaufen oder wurde bereits gesendet. Bitte füllen Sie es erneut aus und senden Sie es ab.
back-to-site = Zurück zur Website

## Emails

email-hello = Hallo { $name },
email-when = Zeit:    { $time }
email-browser = Browser: { $browser }
email-where = Ort:     { $place } (ungefähr)
email-not-you = Falls Sie das nicht waren, informieren Sie umgehend Ihren Administrator.
email-code-sign-in-subject = Ihr Anmeldecode für { $site }
email-code-sign-in = Ihr Code für die Anmeldung bei { $site } lautet { $code }.
    Er ist einmal und { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    } lang gültig.

    Falls Sie ihn nicht angefordert haben, kennt jemand Ihr Passwort: Ändern Sie es und informieren Sie Ihren Administrator.
email-code-confirm-subject = Ihr Code zum Bestätigen einer Änderung bei { $site }
email-code-confirm = Ihr Code zum Bestätigen einer Änderung Ihrer Anmeldemethoden bei { $site } lautet { $code }.
    Er ist einmal und { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    } lang gültig.

    Falls Sie ihn nicht angefordert haben, informieren Sie Ihren Administrator.
notice-enrolled-subject = Die Zwei-Faktor-Authentifizierung ist jetzt für Ihr Konto aktiviert
notice-enrolled = Für Ihr Konto bei { $site } wurde eine Authenticator-App eingerichtet.
notice-device-trusted-subject = Ein Gerät wurde für Ihr Konto als vertrauenswürdig eingestuft
notice-device-trusted = Ein Browser wurde bei { $site } als vertrauenswürdig eingestuft: Dort genügt Ihr Passwort zur Anmeldung.
notice-codes-renewed-subject = Sie haben neue Backup-Codes
notice-codes-renewed = Bei { $site } wurde ein neuer Satz Backup-Codes erstellt; die alten Codes funktionieren nicht mehr.
notice-code-used-subject = Ein Backup-Code wurde zur Anmeldung verwendet
notice-code-used = Bei { $site } wurde ein Backup-Code zur Anmeldung verwendet. Verbleibende unbenutzte Codes: { $left }.
notice-method-added-subject = Ihrem Konto wurde eine Anmeldemethode hinzugefügt
notice-method-added = Anmeldemethode bei { $site } hinzugefügt: { $method }.
notice-method-changed-subject = Eine Anmeldemethode Ihres Kontos wurde geändert
notice-method-changed = Anmeldemethode bei { $site } geändert: { $method }.
notice-method-removed-subject = Eine Anmeldemethode wurde aus Ihrem Konto entfernt
notice-method-removed = Anmeldemethode bei { $site } entfernt: { $method }.
notice-factor-added-subject = Für Ihr Konto wurde ein separater Authenticator eingerichtet
notice-factor-added = Ein separater Authenticator, der in geschützten Bereichen von { $site } abgefragt wird, wurde eingerichtet.
notice-off-subject = Die Zwei-Faktor-Authentifizierung wurde für Ihr Konto deaktiviert
notice-off = Die Zwei-Faktor-Authentifizierung wurde bei { $site } deaktiviert: Sie melden sich jetzt nur noch mit Ihrem Passwort an.
notice-reset-subject = Ein Administrator hat Ihre Zwei-Faktor-Authentifizierung zurückgesetzt
notice-reset = Ein Administrator hat Ihren Authenticator, Ihre Backup-Codes und Ihre vertrauenswürdigen Geräte bei { $site } entfernt. Bei Ihrer nächsten Anmeldung richten Sie erneut einen Authenticator ein.
notice-every-site = allen Websites hinter diesem Gateway
method-app = Ihre Authenticator-App
method-email = Codes per E-Mail
method-phone = Codes per SMS
method-passkey = ein Passkey oder Sicherheitsschlüssel
