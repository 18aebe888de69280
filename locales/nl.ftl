# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Doorgaan
button-confirm = Bevestigen
button-verify = Verifiëren
button-cancel = Annuleren
back-to-account = Terug naar je account
back-to-security = Terug naar inlogmethoden
code-6-digit = 6-cijferige code
code-from-email = Code uit de e-mail
code-from-sms = Code uit de sms
proof-any = Een actuele code van een willekeurige methode, of een back-upcode
passkey-default-name = Passkey
held-form-kept = Het formulier dat je hebt verstuurd, is bewaard: het wordt verstuurd zodra je de code hebt ingevoerd.
language-switch = Taal
help-link = Hulp nodig bij het inloggen?
span-days = { $n ->
    [one] één dag
   *[other] { $n } dagen
}
span-hours = { $n ->
    [one] één uur
   *[other] { $n } uur
}
span-minutes = { $n ->
    [one] één minuut
   *[other] { $n } minuten
}
span-seconds = { $n ->
    [one] één seconde
   *[other] { $n } seconden
}
js-passkey-instead = Liever een passkey gebruiken
js-passkey-cancelled = De passkey is niet gebruikt (geannuleerd, of het duurde te lang). Je kunt het opnieuw proberen.
js-passkey-failed = Deze browser kon hier geen passkey gebruiken:

## Sign-in

login-title = Inloggen
login-username = Gebruikersnaam
login-password = Wachtwoord
login-passkey-aside = Of zonder je wachtwoord:
login-passkey-button = Inloggen met een passkey
login-wrong = Deze gebruikersnaam en dit wachtwoord horen niet bij elkaar. Probeer het opnieuw.
login-busy-title = Te veel inlogpogingen op dit moment
login-busy = Wacht een paar seconden en probeer het opnieuw.
try-again = Opnieuw proberen
passkey-unknown = Die passkey is hier niet geregistreerd. Log in met je wachtwoord.
passkey-not-taken = Die passkey is niet geaccepteerd. Probeer het opnieuw, of log op een andere manier in.
passkey-new-password = Je wachtwoord is gewijzigd sinds je deze passkey er voor het laatst mee hebt gebruikt. Log één keer in met je wachtwoord; daarna werkt de passkey weer op zichzelf.
passkey-expired = Dat duurde te lang, of de pagina is al gebruikt. Probeer het opnieuw.
passkey-cloned = Die passkey is mogelijk gekopieerd en is daarom geweigerd. Log op een andere manier in en laat het je beheerder weten.

## Account and sign-out

account-title = Je account
account-signed-in-as = Je bent ingelogd als <strong>{ $name }</strong> ({ $username }).
account-forget-device = Dit apparaat vergeten: hier de volgende keer om een code vragen
account-sign-out = Uitloggen
signed-out-title = Je bent uitgelogd
signed-out = Je sessie op dit apparaat is beëindigd.
signed-out-forgotten = Je sessie is beëindigd en dit apparaat wordt niet meer vertrouwd.
sign-in-again = Opnieuw inloggen

## Enrolment

enrol-title = Je authenticator instellen
enrol-heading = Tweestapsverificatie instellen
enrol-replacing = Je nieuwe app vervangt de oude zodra hij zijn eerste code heeft getoond.
enrol-why = { $site } vraagt elke keer dat je inlogt om een code uit een authenticator-app.
enrol-how = Open je app (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile of een andere TOTP-app), voeg een account toe en scan deze code.
enrol-code = Voer de 6-cijferige code in die de app toont
enrol-passkey-heading = Of gebruik een passkey
enrol-passkey-intro = Met een passkey op dit apparaat, je telefoon of een beveiligingssleutel (zoals een YubiKey) log je in met je vingerafdruk, gezicht of pincode in plaats van een code, en geen enkele nagemaakte site kan hem gebruiken.
enrol-passkey-name = De naam, voor je beveiligingspagina
enrol-passkey-button = Liever een passkey instellen
scan-qr-label = QR-code met je authenticator-geheim
scan-by-hand = Lukt scannen niet? Voer de sleutel handmatig in
scan-account = Account: <strong>{ $account }</strong>
scan-key = Sleutel:
scan-type = Type: op tijd gebaseerd, 6 cijfers, elke 30 seconden.
scan-open-app = Openen in een authenticator-app op dit apparaat
scan-add-to-app = Toevoegen aan authenticator-app
remember-label = Dit apparaat vertrouwen voor { $period }
remember-hint = Dan log je in deze browser in met alleen je wachtwoord. Vink dit niet aan op een gedeelde computer.
grace-why = Een tweede stap bij het inloggen, een code uit een app op je telefoon, houdt je account veilig, zelfs als iemand je wachtwoord te weten komt. Het kost maar een minuut.
grace-until = Je kunt het uitstellen tot { $deadline }. Daarna stel je het in bij het inloggen.
grace-now = Tweestapsverificatie nu instellen
grace-later = { $days ->
    [one] Later — nog één dag
   *[other] Later — nog { $days } dagen
}

## The code

challenge-title = Voer je code in
challenge-heading = Tweestapsverificatie
challenge-trusted-device = Dit deel van { $site } vraagt om een code, ook op een vertrouwd apparaat.
challenge-again = Dit deel van { $site } vraagt opnieuw om je code.
challenge-only-passkey = Dit deel van { $site } vraagt om je passkey of beveiligingssleutel.
challenge-only-passkey-none = Dit deel van { $site } vraagt om je passkey of beveiligingssleutel, en je hebt er nog geen.
challenge-only-passkey-add = Voeg er een toe op je beveiligingspagina en kom dan terug.
challenge-app = Open je authenticator-app en voer de code voor <strong>{ $account }</strong> in.
challenge-passkey = Gebruik je passkey of beveiligingssleutel voor <strong>{ $account }</strong>.
challenge-send-where = We sturen een code voor <strong>{ $account }</strong>: kies waarheen.
challenge-passkeys-elsewhere = Je passkeys zijn gemaakt voor een andere site en werken niet op { $site }. Log in met een back-upcode en voeg daarna hier op je beveiligingspagina een passkey of app toe.
challenge-app-off = { $site } accepteert codes uit een authenticator-app, maar die heb je uitgezet. Log in met een back-upcode en stel daarna opnieuw een app in op je beveiligingspagina.
challenge-passkey-button = Passkey of beveiligingssleutel gebruiken
challenge-app-not-at-hand = App niet bij de hand?
challenge-email-instead = Mail me liever een code
challenge-sms-instead = Sms me liever een code
challenge-email-me = Mail me een code
challenge-sms-me = Sms me een code
challenge-lost-phone = Telefoon kwijt? Gebruik een back-upcode
challenge-someone-else = Inloggen als iemand anders
wrong-code = Die code klopt niet. Voer de code in die je app nu toont. Blijft het mislukken, controleer dan of de klok van je telefoon automatisch wordt ingesteld.
used-code = Die code is al gebruikt. Wacht tot je app de volgende toont.
wrong-backup-code = Die back-upcode klopt niet of is al eerder gebruikt. Elke code werkt maar één keer.
wrong-sent-code = Die code klopt niet of is verlopen. Alleen de nieuwste code die we hebben gestuurd, werkt.
wrong-proof = Die code klopt niet. Gebruik een actuele code van de genoemde methode, of een back-upcode.
tries-left = { $left ->
        [one] Nog één poging voordat inloggen even wordt gepauzeerd.
       *[other] Nog { $left } pogingen voordat inloggen even wordt gepauzeerd.
    }
tries-left-lasting = { $left ->
        [one] Nog één poging voordat inloggen wordt geblokkeerd tot een beheerder het vrijgeeft.
       *[other] Nog { $left } pogingen voordat inloggen wordt geblokkeerd tot een beheerder het vrijgeeft.
    }

## Codes sent by email or text message

sent-code-title = Voer de code in die we hebben gestuurd
sent-code-check-phone = Kijk op je telefoon
sent-code-check-email = Kijk in je e-mail
sent-code-sent = We hebben een code gestuurd naar <strong>{ $to }</strong>. Het kan een minuut duren voordat die aankomt.
sent-code-nothing = Niets ontvangen?
sent-code-again = Nieuwe code sturen
sent-code-other-ways = Andere manieren om in te loggen
sent-code-wait = Wacht { $wait } voordat je een nieuwe aanvraagt: er is zojuist een code gestuurd.

## Backup codes

recover-title = Een back-upcode gebruiken
recover-intro = Voer een van de back-upcodes in die je hebt bewaard toen je tweestapsverificatie instelde. Elke code werkt maar één keer.
recover-code = Back-upcode
recover-button = Inloggen
recover-none = Ook geen codes? Vraag je beheerder om je tweestapsverificatie te resetten.
backup-codes-title = Je back-upcodes
backup-codes-heading = Bewaar je back-upcodes
backup-codes-intro = Als je je telefoon kwijtraakt, kun je met elk van deze codes één keer inloggen in plaats van met de app. Bewaar ze op een veilige plek, niet bij je telefoon. Ze worden alleen hier getoond, een paar minuten lang.
backup-codes-download = Downloaden als tekstbestand
backup-codes-print = Afdrukken
backup-codes-copy = Kopiëren
backup-codes-copied = Gekopieerd
backup-codes-saved = Ik heb ze bewaard — doorgaan
backup-codes-file = Back-upcodes voor { $site }
    Elke code werkt één keer, in plaats van je authenticator-app.
new-codes-title = Back-upcodes
new-codes-left = { $left ->
    [one] Je hebt <strong>één</strong> ongebruikte back-upcode. Een nieuwe set vervangt deze; de oude code werkt dan niet meer.
   *[other] Je hebt <strong>{ $left }</strong> ongebruikte back-upcodes. Een nieuwe set vervangt ze allemaal; de oude codes werken dan niet meer.
}
new-codes-proof = Ter bevestiging: een code uit je authenticator-app (of een back-upcode)
new-codes-button = Nieuwe back-upcodes maken
few-codes-title = Nog maar weinig back-upcodes
codes-gone-title = Deze codes worden niet meer getoond
codes-gone = Back-upcodes worden na het aanmaken een paar minuten getoond, tot je aangeeft dat je ze hebt bewaard. Heb je ze niet bewaard, maak dan een nieuwe set: de oude werkt dan niet meer.
few-codes = { $left ->
    [one] Je hebt nog één back-upcode. Maak nu een nieuwe set, zodat je niet buitengesloten wordt als je je telefoon kwijtraakt.
   *[other] Je hebt nog { $left } back-upcodes. Maak nu een nieuwe set, zodat je niet buitengesloten wordt als je je telefoon kwijtraakt.
}

## Trusted devices

devices-title = Vertrouwde apparaten
devices-none = Je hebt geen vertrouwde apparaten. Vink bij het invoeren van een code "Dit apparaat vertrouwen" aan om de code in die browser over te slaan.
devices-intro = In deze browsers log je tot de getoonde datum in met alleen je wachtwoord. Trek browsers in die je niet meer gebruikt of niet herkent: daarmee beëindig je ook alle sessies die ermee zijn gestart, ook die van jou hier als je er zo mee bent ingelogd.
devices-this-browser = deze browser
unknown-browser = Onbekende browser
devices-dates = vertrouwd { $created } · laatst gebruikt { $used } · tot { $expires }
devices-revoke = Intrekken
devices-revoke-label = { $device } intrekken
devices-revoke-all = Alles intrekken
devices-signed-out-title = Je bent hier uitgelogd
devices-signed-out = Het apparaat dat je hebt ingetrokken, had deze browser ingelogd. Daarom is ook deze sessie beëindigd, samen met alle andere sessies die het apparaat had gestart.
devices-missing-title = Er ontbrak iets
devices-missing = Dat verzoek kon niet worden begrepen.
devices-back = Terug naar je apparaten

## Sign-in methods

security-title = Inlogmethoden
security-two-factor = Tweestapsverificatie
security-off = Uit: je logt in met alleen je wachtwoord.
security-off-until = Uit: tot { $deadline } log je in met alleen je wachtwoord; daarna stel je het in bij het inloggen.
security-turn-on = Tweestapsverificatie aanzetten
security-intro = Voor elke wijziging is eerst een actuele code nodig: van de methode die je wijzigt, of een van je back-upcodes. Met een eigen passkey kun je elke wijziging bevestigen.
security-app = Authenticator-app
security-on = Aan.
security-off-short = Uit.
security-on-to = Aan, naar { $to }.
security-app-move = Overzetten naar een nieuwe telefoon of app
security-app-move-proof = Code uit je huidige app, of een back-upcode
security-app-off = Authenticator-app uitzetten
security-app-off-proof = Code uit je app, of een back-upcode
security-app-add = Een authenticator-app instellen
security-app-add-proof = Een code die we je hebben gestuurd, of een back-upcode
security-only-method = Dit is je enige manier om een inlogcode te krijgen; voeg eerst een andere toe voordat je deze verwijdert.
security-passkeys = Passkeys en beveiligingssleutels
security-passkeys-none = Nog geen. Met een passkey log je in met je vingerafdruk, gezicht, pincode of beveiligingssleutel, en geen enkele nagemaakte site kan hem gebruiken.
security-passkey-added = Toegevoegd { $added }
security-passkey-added-used = Toegevoegd { $added }, laatst gebruikt { $used }
security-rename = Naam wijzigen
security-new-name = Nieuwe naam
security-remove = Verwijderen
security-passkey-off-proof = Een back-upcode (of gebruik de passkey)
security-only-passkey = Dit is je enige manier om in te loggen met een tweede factor; voeg eerst een andere toe voordat je deze verwijdert.
security-passkey-make-now = Maak nu de passkey: je browser vraagt om je vingerafdruk, gezicht, pincode of beveiligingssleutel.
security-passkey-its-name = De naam
security-passkey-create = Passkey maken
security-passkey-add = Passkey of beveiligingssleutel toevoegen
security-email = Codes per e-mail
security-email-off = Codes per e-mail uitzetten
security-email-off-proof = Code uit de e-mail, of een back-upcode
security-email-on = Codes per e-mail aanzetten
security-email-on-proof = Een actuele code van een andere methode, of een back-upcode
security-turn-on-short = Aanzetten
security-sms = Codes per sms
security-no-phone = Geen telefoonnummer.
security-phone-change = Je telefoonnummer wijzigen
security-phone-add = Een telefoonnummer toevoegen
security-phone-new = Nieuw nummer, in internationale notatie (+31 6 …)
security-phone-send = Codes sturen
security-phone-remove = Je telefoonnummer verwijderen
security-phone-remove-proof = Code uit de sms, of een back-upcode
security-factor = Aparte authenticator: { $factor }
security-factor-set-up = Ingesteld. Sommige delen van deze site vragen om de code hiervan voor { $factor }.
security-factor-not-set-up = Niet ingesteld.
security-factor-set-up-link = Een authenticator voor { $factor } instellen
security-backup-left = { $left } ongebruikt.
security-backup-new = Nieuwe set maken
security-may-turn-off = Aan. Je kunt het uitzetten: dan log je in met alleen je wachtwoord, en worden je app, passkeys, codes en back-upcodes verwijderd.
security-turn-off = Tweestapsverificatie uitzetten
security-turn-off-short = Uitzetten
security-not-this-form = Dat formulier hoort niet bij deze pagina.
security-cannot-turn-off = Tweestapsverificatie kan hier niet worden uitgezet.
security-turned-off = Tweestapsverificatie staat uit. Je logt in met alleen je wachtwoord.
security-nowhere-to-send = Er is geen adres om die code naartoe te sturen.
security-code-sent = We hebben een code gestuurd naar { $to }.
security-not-set-up = Die methode is niet ingesteld.
security-only-way = Dit is hier je enige manier om een inlogcode te krijgen. Voeg eerst een andere toe voordat je deze verwijdert.
security-removed = Verwijderd.
security-email-not-possible = Codes per e-mail kunnen voor dit account niet worden aangezet.
security-email-is-on = Codes per e-mail staan aan.
security-app-is-set-up = Je authenticator-app is ingesteld. Codes uit een oudere app werken niet meer.
security-no-sms = Geen enkele site hier stuurt codes per sms.
security-same-number = Dat is je huidige nummer.
security-phone-is-set-up = Je nieuwe telefoonnummer is ingesteld.
security-too-many-passkeys = Je hebt het maximale aantal passkeys voor één account. Verwijder eerst een passkey die je niet meer gebruikt.
security-no-passkeys-here = Passkeys kunnen op deze site niet worden gebruikt.
security-passkey-is-set-up = Je passkey is ingesteld.
security-no-such-passkey = Die passkey is niet ingesteld.
security-renamed = Naam gewijzigd.
security-phone-invalid = Dat nummer staat niet in internationale vorm: begin met + en de landcode, bijv. +4915112345678.
phone-change-title = Bevestig je nieuwe nummer
phone-change-sent = We hebben een code gestuurd naar <strong>{ $number }</strong>. Het kan een minuut duren voordat die aankomt.
phone-change-sent-both = We hebben een code gestuurd naar <strong>{ $number }</strong> en een naar je huidige nummer, { $old }. Het kan een minuut duren voordat ze aankomen.
phone-change-code-new = Code gestuurd naar { $number }
phone-change-code-old = Code gestuurd naar { $old } (die telefoon kwijt? een back-upcode)
phone-change-code-proof = Een code uit je authenticator-app, of een back-upcode

## Separate factors for step-ups

factor-enrol-title = Je authenticator voor { $factor } instellen
factor-enrol-intro = { $site } vraagt om een aparte code voor { $factor }. Voeg een nieuw account toe aan je authenticator-app (zo mogelijk op een ander apparaat) en scan deze code; dit is niet je inlogcode.
factor-enrol-proof = Ter bevestiging dat jij het bent: een code uit je inlog-app (of een back-upcode)
factor-enrol-code = De 6-cijferige code die het nieuwe item voor { $factor } toont
factor-wrong-new-code = De code van het nieuwe item klopt niet. Controleer of je de code op deze pagina hebt gescand.
step-up-title = Bevestig met je code voor { $factor }
step-up-intro = Dit deel van { $site } vraagt om een nieuwe code uit je authenticator voor <strong>{ $factor }</strong> — niet je inlogcode.
step-up-code = 6-cijferige code voor { $factor }
step-up-code-or-backup = 6-cijferige code voor { $factor }, of een back-upcode voor { $factor }
step-up-wrong = Die code klopt niet. Gebruik de code van deze aparte authenticator, niet je inlogcode.
step-up-no-such = Zo'n authenticator bestaat hier niet.
step-up-not-set-up-title = Nog niet ingesteld
step-up-not-set-up = Hiervoor is een aparte authenticator voor { $factor } nodig. Stel die in op je pagina met inlogmethoden en probeer het daarna opnieuw.

## Refusals

not-found-title = Niet gevonden
not-found = Deze pagina bestaat hier niet.
form-expired-title = Dit formulier is verlopen
form-expired = Laad de pagina opnieuw en probeer het nog eens.
start-again = Opnieuw beginnen
locked-title = Te veel pogingen
locked-until = { $minutes ->
    [one] Inloggen is gepauzeerd na te veel mislukte pogingen. Probeer het over één minuut opnieuw (na { $time }).
   *[other] Inloggen is gepauzeerd na te veel mislukte pogingen. Probeer het over { $minutes } minuten opnieuw (na { $time }).
}
locked-disabled = Inloggen is geblokkeerd na te veel mislukte pogingen. Vraag je beheerder om het te deblokkeren.
locked-ways = Telefoon kwijt? Na de pauze log je met een back-upcode in plaats van de app in.
locked-sign-in = Opnieuw inloggen, of als iemand anders
unavailable-title = Inloggen is niet beschikbaar
unavailable = Er is bij ons iets misgegaan. Probeer het over een minuut opnieuw.
reference = Referentie voor je beheerder: { $id }
unknown-host-title = Deze site wordt hier niet aangeboden
unknown-host = Op dit adres is geen site ingesteld. Controleer het adres dat je typte of de link die je volgde.
internal-title = Er ging iets mis
internal = De gateway kon dit verzoek niet beantwoorden en heeft niets naar de site doorgestuurd. Probeer het opnieuw; gebeurt het weer, geef je beheerder dan de referentie hieronder.
denied-title = Toegang geweigerd
denied = Dit adres is niet voor jou beschikbaar.
held-submit-again = Verstuur het formulier opnieuw
held-too-large = Dit formulier is te groot om te bewaren terwijl we om je code vragen. Voer eerst je code in en verstuur het formulier daarna opnieuw.
held-enter-code = Voer je code in
held-expired = We bewaren een formulier vijf minuten terwijl we om je code vragen; dit formulier is verlopen of al verstuurd. Vul het opnieuw in en verstuur het nogmaals.
back-to-site = Terug naar de site

## Emails

email-hello = Hallo { $name },
email-when = Wanneer: { $time }
email-browser = Browser: { $browser }
email-where = Waar:    { $place } (bij benadering)
email-not-you = Was jij dit niet? Laat het dan meteen je beheerder weten.
email-code-sign-in-subject = Je inlogcode voor { $site }
email-code-sign-in = Je code om in te loggen bij { $site } is { $code }.
    De code werkt één keer en is { $minutes ->
        [one] één minuut
       *[other] { $minutes } minuten
    } geldig.

    Heb je er niet om gevraagd? Dan kent iemand je wachtwoord: wijzig het en laat het je beheerder weten.
email-code-confirm-subject = Je code om een wijziging te bevestigen voor { $site }
email-code-confirm = Je code om een wijziging in de manier waarop je inlogt bij { $site } te bevestigen, is { $code }.
    De code werkt één keer en is { $minutes ->
        [one] één minuut
       *[other] { $minutes } minuten
    } geldig.

    Heb je er niet om gevraagd? Laat het dan je beheerder weten.
notice-enrolled-subject = Tweestapsverificatie staat nu aan voor je account
notice-enrolled = Er is een authenticator-app ingesteld voor je account op { $site }.
notice-device-trusted-subject = Er is een apparaat vertrouwd voor je account
notice-device-trusted = Er is een browser als vertrouwd ingesteld op { $site }: daar log je in met alleen je wachtwoord.
notice-codes-renewed-subject = Je hebt nieuwe back-upcodes
notice-codes-renewed = Er is een nieuwe set back-upcodes gemaakt op { $site }; de oude codes werken niet meer.
notice-code-used-subject = Er is een back-upcode gebruikt om in te loggen
notice-code-used = Er is een back-upcode gebruikt om in te loggen op { $site }. Ongebruikte codes over: { $left }.
notice-method-added-subject = Er is een inlogmethode aan je account toegevoegd
notice-method-added = Inlogmethode toegevoegd op { $site }: { $method }.
notice-method-changed-subject = Er is een inlogmethode van je account gewijzigd
notice-method-changed = Inlogmethode gewijzigd op { $site }: { $method }.
notice-method-removed-subject = Er is een inlogmethode van je account verwijderd
notice-method-removed = Inlogmethode verwijderd op { $site }: { $method }.
notice-factor-added-subject = Er is een aparte authenticator ingesteld voor je account
notice-factor-added = Er is een aparte authenticator ingesteld, die wordt gevraagd in beveiligde delen van { $site }.
notice-off-subject = Tweestapsverificatie is uitgezet voor je account
notice-off = Tweestapsverificatie is uitgezet op { $site }: je logt nu in met alleen je wachtwoord.
notice-reset-subject = Een beheerder heeft je tweestapsverificatie gereset
notice-reset = Een beheerder heeft je authenticator, back-upcodes en vertrouwde apparaten op { $site } verwijderd. Bij je volgende keer inloggen stel je opnieuw een authenticator in.
notice-every-site = alle sites achter deze gateway
method-app = je authenticator-app
method-email = codes per e-mail
method-phone = codes per sms
method-passkey = een passkey of beveiligingssleutel
