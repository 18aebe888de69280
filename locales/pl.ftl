# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Dalej
button-confirm = Potwierdź
button-verify = Zweryfikuj
button-cancel = Anuluj
back-to-account = Wróć do konta
back-to-security = Wróć do metod logowania
code-6-digit = 6-cyfrowy kod
code-from-email = Kod z e-maila
code-from-sms = Kod z SMS-a
proof-any = Aktualny kod z dowolnej metody lub kod zapasowy
passkey-default-name = Klucz dostępu
held-form-kept = Wysłany formularz został zachowany: zostanie przesłany, gdy tylko wpiszesz kod.
language-switch = Język
help-link = Potrzebujesz pomocy z logowaniem?
span-days = { $n ->
    [one] jeden dzień
    [few] { $n } dni
    [many] { $n } dni
   *[other] { $n } dnia
}
span-hours = { $n ->
    [one] jedną godzinę
    [few] { $n } godziny
    [many] { $n } godzin
   *[other] { $n } godziny
}
span-minutes = { $n ->
    [one] jedną minutę
    [few] { $n } minuty
    [many] { $n } minut
   *[other] { $n } minuty
}
span-seconds = { $n ->
    [one] jedną sekundę
    [few] { $n } sekundy
    [many] { $n } sekund
   *[other] { $n } sekundy
}
js-passkey-instead = Użyj klucza dostępu
js-passkey-cancelled = Klucz dostępu nie został użyty (anulowano lub upłynął limit czasu). Możesz spróbować ponownie.
js-passkey-failed = Ta przeglądarka nie może tutaj użyć klucza dostępu:

## Sign-in

login-title = Zaloguj się
login-username = Nazwa użytkownika
login-password = Hasło
login-passkey-aside = Lub bez hasła:
login-passkey-button = Zaloguj się kluczem dostępu
login-wrong = Nazwa użytkownika lub hasło są nieprawidłowe. Spróbuj ponownie.
login-busy-title = Zbyt wiele logowań w tej chwili
login-busy = Zaczekaj kilka sekund i spróbuj ponownie.
try-again = Spróbuj ponownie
passkey-unknown = Ten klucz dostępu nie jest tu zarejestrowany. Zaloguj się hasłem.
passkey-not-taken = Ten klucz dostępu nie został zaakceptowany. Spróbuj ponownie lub zaloguj się w inny sposób.
passkey-new-password = Twoje hasło zmieniło się od ostatniego użycia tego klucza dostępu. Zaloguj się raz hasłem, a potem znów wystarczy sam klucz dostępu.
passkey-expired = Trwało to zbyt długo albo strona została już użyta. Spróbuj ponownie.
passkey-cloned = Ten klucz dostępu mógł zostać skopiowany, dlatego został odrzucony. Zaloguj się w inny sposób i powiadom administratora.

## Account and sign-out

account-title = Twoje konto
account-signed-in-as = Zalogowano jako <strong>{ $name }</strong> ({ $username }).
account-forget-device = Zapomnij to urządzenie: następnym razem poproś tu o kod
account-sign-out = Wyloguj się
signed-out-title = Wylogowano
signed-out = Sesja na tym urządzeniu została zakończona.
signed-out-forgotten = Sesja została zakończona, a to urządzenie nie jest już zaufane.
sign-in-again = Zaloguj się ponownie

## Enrolment

enrol-title = Skonfiguruj aplikację uwierzytelniającą
enrol-heading = Skonfiguruj uwierzytelnianie dwuskładnikowe
enrol-replacing = Nowa aplikacja zastąpi poprzednią, gdy tylko wyświetli pierwszy kod.
enrol-why = Witryna { $site } prosi o kod z aplikacji uwierzytelniającej przy każdym logowaniu.
enrol-how = Otwórz aplikację (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile lub dowolną inną aplikację TOTP), dodaj konto i zeskanuj ten kod.
enrol-code = Wpisz 6-cyfrowy kod wyświetlany w aplikacji
enrol-passkey-heading = Lub użyj klucza dostępu
enrol-passkey-intro = Klucz dostępu zapisany na tym urządzeniu, telefonie lub kluczu bezpieczeństwa (np. YubiKey) pozwala logować się odciskiem palca, skanem twarzy lub kodem PIN zamiast kodu, a żadna podrobiona witryna nie może go wykorzystać.
enrol-passkey-name = Nazwa klucza (widoczna na stronie zabezpieczeń)
enrol-passkey-button = Skonfiguruj klucz dostępu
scan-qr-label = Kod QR z kluczem tajnym aplikacji uwierzytelniającej
scan-by-hand = Nie możesz zeskanować? Wpisz klucz ręcznie
scan-account = Konto: <strong>{ $account }</strong>
scan-key = Klucz:
scan-type = Typ: oparty na czasie, 6 cyfr, co 30 sekund.
scan-open-app = Otwórz w aplikacji uwierzytelniającej na tym urządzeniu
scan-add-to-app = Dodaj do aplikacji uwierzytelniającej
remember-label = Zaufaj temu urządzeniu na { $period }
remember-hint = Wtedy w tej przeglądarce do zalogowania wystarczy samo hasło. Nie zaznaczaj tej opcji na współdzielonym komputerze.
grace-why = Drugi krok przy logowaniu – kod z aplikacji na telefonie – chroni Twoje konto, nawet jeśli ktoś pozna Twoje hasło. Konfiguracja zajmuje minutę.
grace-until = Możesz to odłożyć do { $deadline }. Potem skonfigurujesz to przy logowaniu.
grace-now = Skonfiguruj teraz
grace-later = { $days ->
    [one] Później — został jeden dzień
    [few] Później — zostały { $days } dni
    [many] Później — zostało { $days } dni
   *[other] Później — zostało { $days } dnia
}

## The code

challenge-title = Wpisz kod
challenge-heading = Uwierzytelnianie dwuskładnikowe
challenge-trusted-device = Ta część witryny { $site } wymaga kodu nawet na zaufanym urządzeniu.
challenge-again = Ta część witryny { $site } ponownie prosi o kod.
challenge-only-passkey = Ta część witryny { $site } wymaga klucza dostępu lub klucza bezpieczeństwa.
challenge-only-passkey-none = Ta część witryny { $site } wymaga klucza dostępu lub klucza bezpieczeństwa, a nie masz jeszcze żadnego.
challenge-only-passkey-add = Dodaj go na stronie zabezpieczeń i wróć tutaj.
challenge-app = Otwórz aplikację uwierzytelniającą i wpisz kod dla konta <strong>{ $account }</strong>.
challenge-passkey = Użyj klucza dostępu lub klucza bezpieczeństwa dla konta <strong>{ $account }</strong>.
challenge-send-where = Wyślemy kod dla konta <strong>{ $account }</strong>: wybierz, dokąd.
challenge-passkeys-elsewhere = Twoje klucze dostępu zostały utworzone dla innej witryny i nie działają w witrynie { $site }. Zaloguj się kodem zapasowym, a potem dodaj tutaj klucz dostępu lub aplikację na stronie zabezpieczeń.
challenge-app-off = Witryna { $site } przyjmuje kody z aplikacji uwierzytelniającej, która została wyłączona. Zaloguj się kodem zapasowym, a potem ponownie skonfiguruj aplikację na stronie zabezpieczeń.
challenge-passkey-button = Użyj klucza dostępu lub klucza bezpieczeństwa
challenge-app-not-at-hand = Nie masz aplikacji pod ręką?
challenge-email-instead = Zamiast tego wyślij mi kod e-mailem
challenge-sms-instead = Zamiast tego wyślij mi kod SMS-em
challenge-email-me = Wyślij mi kod e-mailem
challenge-sms-me = Wyślij mi kod SMS-em
challenge-lost-phone = Zgubiony telefon? Użyj kodu zapasowego
challenge-someone-else = Zaloguj się jako inny użytkownik
wrong-code = Ten kod jest nieprawidłowy. Wpisz kod, który aplikacja pokazuje teraz. Jeśli nadal nie działa, sprawdź, czy zegar w telefonie jest ustawiany automatycznie.
used-code = Ten kod został już użyty. Zaczekaj, aż aplikacja pokaże następny.
wrong-backup-code = Ten kod zapasowy jest nieprawidłowy lub został już użyty. Każdego kodu można użyć tylko raz.
wrong-sent-code = Ten kod jest nieprawidłowy lub wygasł. Działa tylko ostatni wysłany kod.
wrong-proof = Ten kod jest nieprawidłowy. Użyj aktualnego kodu z podanej metody lub kodu zapasowego.
tries-left = { $left ->
        [one] Została jedna próba, potem logowanie zostanie na chwilę wstrzymane.
        [few] Zostały { $left } próby, potem logowanie zostanie na chwilę wstrzymane.
       *[many] Zostało { $left } prób, potem logowanie zostanie na chwilę wstrzymane.
    }
tries-left-lasting = { $left ->
        [one] Została jedna próba, potem logowanie zostanie zablokowane do czasu odblokowania przez administratora.
        [few] Zostały { $left } próby, potem logowanie zostanie zablokowane do czasu odblokowania przez administratora.
       *[many] Zostało { $left } prób, potem logowanie zostanie zablokowane do czasu odblokowania przez administratora.
    }

## Codes sent by email or text message

sent-code-title = Wpisz otrzymany kod
sent-code-check-phone = Sprawdź telefon
sent-code-check-email = Sprawdź pocztę e-mail
sent-code-sent = Wysłaliśmy kod na <strong>{ $to }</strong>. Może dotrzeć dopiero po minucie.
sent-code-nothing = Nic nie dotarło?
sent-code-again = Wyślij nowy kod
sent-code-other-ways = Inne sposoby logowania
sent-code-wait = Odczekaj { $wait }, zanim poprosisz o kolejny: kod został wysłany przed chwilą.

## Backup codes

recover-title = Użyj kodu zapasowego
recover-intro = Wpisz jeden z kodów zapasowych zapisanych podczas konfigurowania uwierzytelniania dwuskładnikowego. Każdego kodu można użyć tylko raz.
recover-code = Kod zapasowy
recover-button = Zaloguj się
recover-none = Nie masz też kodów? Poproś administratora o zresetowanie uwierzytelniania dwuskładnikowego.
backup-codes-title = Twoje kody zapasowe
backup-codes-heading = Zapisz kody zapasowe
backup-codes-intro = Jeśli zgubisz telefon, każdy z tych kodów pozwoli Ci jednorazowo zalogować się bez aplikacji. Przechowuj je w bezpiecznym miejscu, z dala od telefonu. Są wyświetlane tylko tutaj, przez kilka minut.
backup-codes-download = Pobierz jako plik tekstowy
backup-codes-print = Drukuj
backup-codes-copy = Kopiuj
backup-codes-copied = Skopiowano
backup-codes-saved = Kody zapisane — dalej
backup-codes-file = Kody zapasowe do witryny { $site }
    Każdy kod działa jeden raz, zamiast aplikacji uwierzytelniającej.
new-codes-title = Kody zapasowe
new-codes-left = { $left ->
    [one] Masz <strong>jeden</strong> niewykorzystany kod zapasowy. Nowy zestaw go zastąpi, a stary kod przestanie działać.
    [few] Masz <strong>{ $left }</strong> niewykorzystane kody zapasowe. Nowy zestaw zastąpi je wszystkie, a stare kody przestaną działać.
    [many] Masz <strong>{ $left }</strong> niewykorzystanych kodów zapasowych. Nowy zestaw zastąpi je wszystkie, a stare kody przestaną działać.
   *[other] Masz <strong>{ $left }</strong> niewykorzystanych kodów zapasowych. Nowy zestaw zastąpi je wszystkie, a stare kody przestaną działać.
}
new-codes-proof = Aby potwierdzić, podaj kod z aplikacji uwierzytelniającej (lub kod zapasowy)
new-codes-button = Utwórz nowe kody zapasowe
few-codes-title = Zostało niewiele kodów zapasowych
codes-gone-title = Te kody nie są już wyświetlane
codes-gone = Kody zapasowe są wyświetlane przez kilka minut po utworzeniu, dopóki nie potwierdzisz, że je zapisano. Jeśli ich nie zachowano, utwórz nowy zestaw: poprzedni przestanie działać.
few-codes = { $left ->
    [one] Został Ci jeden kod zapasowy. Utwórz teraz nowy zestaw, aby nie stracić dostępu do konta, jeśli zgubisz telefon.
    [few] Zostały Ci { $left } kody zapasowe. Utwórz teraz nowy zestaw, aby nie stracić dostępu do konta, jeśli zgubisz telefon.
    [many] Zostało Ci { $left } kodów zapasowych. Utwórz teraz nowy zestaw, aby nie stracić dostępu do konta, jeśli zgubisz telefon.
   *[other] Zostało Ci { $left } kodów zapasowych. Utwórz teraz nowy zestaw, aby nie stracić dostępu do konta, jeśli zgubisz telefon.
}

## Trusted devices

devices-title = Zaufane urządzenia
devices-none = Nie masz zaufanych urządzeń. Podczas wpisywania kodu zaznacz „Zaufaj temu urządzeniu”, aby w tej przeglądarce nie trzeba było podawać kodu.
devices-intro = W tych przeglądarkach do zalogowania wystarczy samo hasło – do podanej daty. Unieważnij te, których już nie używasz lub nie rozpoznajesz: unieważnienie kończy też wszystkie sesje rozpoczęte na danym urządzeniu, w tym bieżącą, jeśli to przez nie się zalogowano.
devices-this-browser = ta przeglądarka
unknown-browser = Nieznana przeglądarka
devices-dates = zaufano { $created } · ostatnie użycie { $used } · wygasa { $expires }
devices-revoke = Unieważnij
devices-revoke-label = Unieważnij: { $device }
devices-revoke-all = Unieważnij wszystkie
devices-signed-out-title = Wylogowano Cię tutaj
devices-signed-out = Unieważnione urządzenie zalogowało tę przeglądarkę, więc jej sesja również została zakończona, razem ze wszystkimi innymi sesjami rozpoczętymi przez to urządzenie.
devices-missing-title = Czegoś zabrakło
devices-missing = Nie udało się zrozumieć tego żądania.
devices-back = Wróć do urządzeń

## Sign-in methods

security-title = Metody logowania
security-two-factor = Uwierzytelnianie dwuskładnikowe
security-off = Wyłączone: do zalogowania wystarczy samo hasło.
security-off-until = Wyłączone: do { $deadline } wystarczy Ci samo hasło, a potem skonfigurujesz je przy logowaniu.
security-turn-on = Włącz uwierzytelnianie dwuskładnikowe
security-intro = Każda zmiana wymaga najpierw aktualnego kodu: z metody, którą zmieniasz, lub jednego z kodów zapasowych. Twój klucz dostępu potwierdza każdą zmianę.
security-app = Aplikacja uwierzytelniająca
security-on = Włączone.
security-off-short = Wyłączone.
security-on-to = Włączone, kody są wysyłane na { $to }.
security-app-move = Przenieś na nowy telefon lub do nowej aplikacji
security-app-move-proof = Kod z obecnej aplikacji lub kod zapasowy
security-app-off = Wyłącz aplikację uwierzytelniającą
security-app-off-proof = Kod z aplikacji lub kod zapasowy
security-app-add = Skonfiguruj aplikację uwierzytelniającą
security-app-add-proof = Wysłany do Ciebie kod lub kod zapasowy
security-only-method = To Twój jedyny sposób na otrzymanie kodu logowania. Zanim go usuniesz, dodaj inny.
security-passkeys = Klucze dostępu i klucze bezpieczeństwa
security-passkeys-none = Jeszcze brak. Klucz dostępu pozwala logować się odciskiem palca, skanem twarzy, kodem PIN lub kluczem bezpieczeństwa, a żadna podrobiona witryna nie może go wykorzystać.
security-passkey-added = Dodano { $added }
security-passkey-added-used = Dodano { $added }, ostatnio użyto { $used }
security-rename = Zmień nazwę
security-new-name = Nowa nazwa
security-remove = Usuń
security-passkey-off-proof = Kod zapasowy (lub użyj klucza dostępu)
security-only-passkey = To Twój jedyny drugi składnik logowania. Zanim go usuniesz, dodaj inny.
security-passkey-make-now = Teraz utwórz klucz dostępu: przeglądarka poprosi o odcisk palca, skan twarzy, kod PIN lub klucz bezpieczeństwa.
security-passkey-its-name = Nazwa
security-passkey-create = Utwórz klucz dostępu
security-passkey-add = Dodaj klucz dostępu lub klucz bezpieczeństwa
security-email = Kody e-mailem
security-email-off = Wyłącz kody e-mailem
security-email-off-proof = Kod z e-maila lub kod zapasowy
security-email-on = Włącz kody e-mailem
security-email-on-proof = Aktualny kod z innej metody lub kod zapasowy
security-turn-on-short = Włącz
security-sms = Kody SMS-em
security-no-phone = Brak numeru telefonu.
security-phone-change = Zmień numer telefonu
security-phone-add = Dodaj numer telefonu
security-phone-new = Nowy numer w formacie międzynarodowym (+48 600 …)
security-phone-send = Wyślij kody
security-phone-remove = Usuń numer telefonu
security-phone-remove-proof = Kod z SMS-a lub kod zapasowy
security-factor = Osobny uwierzytelniacz: { $factor }
security-factor-set-up = Skonfigurowany. Przed wejściem do części „{ $factor }” witryna prosi o jego kod.
security-factor-not-set-up = Nieskonfigurowany.
security-factor-set-up-link = Skonfiguruj uwierzytelniacz „{ $factor }”
security-backup-left = Niewykorzystane: { $left }.
security-backup-new = Utwórz nowy zestaw
security-may-turn-off = Włączone. Możesz je wyłączyć: wtedy do zalogowania wystarczy samo hasło, a aplikacja, klucze dostępu, kody i kody zapasowe zostaną usunięte.
security-turn-off = Wyłącz uwierzytelnianie dwuskładnikowe
security-turn-off-short = Wyłącz
security-not-this-form = Ten formularz nie pochodzi z tej strony.
security-cannot-turn-off = Tutaj nie można wyłączyć uwierzytelniania dwuskładnikowego.
security-turned-off = Uwierzytelnianie dwuskładnikowe jest wyłączone. Do zalogowania wystarczy samo hasło.
security-nowhere-to-send = Nie ma dokąd wysłać tego kodu.
security-code-sent = Wysłaliśmy kod na { $to }.
security-not-set-up = Ta metoda nie jest skonfigurowana.
security-only-way = To Twój jedyny sposób na otrzymanie kodu logowania w tej witrynie. Zanim go usuniesz, dodaj inny.
security-removed = Usunięto.
security-email-not-possible = Dla tego konta nie można włączyć kodów e-mailem.
security-email-is-on = Kody e-mailem są włączone.
security-app-is-set-up = Aplikacja uwierzytelniająca jest skonfigurowana. Kody ze starszych aplikacji już nie działają.
security-no-sms = Żadna z tych witryn nie wysyła kodów SMS-em.
security-same-number = To jest Twój obecny numer.
security-phone-is-set-up = Nowy numer telefonu jest skonfigurowany.
security-too-many-passkeys = Masz już maksymalną liczbę kluczy dostępu dla jednego konta. Najpierw usuń ten, którego już nie używasz.
security-no-passkeys-here = W tej witrynie nie można używać kluczy dostępu.
security-passkey-is-set-up = Klucz dostępu jest skonfigurowany.
security-no-such-passkey = Ten klucz dostępu nie jest skonfigurowany.
security-renamed = Zmieniono nazwę.
security-phone-invalid = Ten numer nie jest w formacie międzynarodowym: zacznij od + i numeru kierunkowego kraju, np. +4915112345678.
phone-change-title = Potwierdź nowy numer
phone-change-sent = Wysłaliśmy kod na numer <strong>{ $number }</strong>. Może dotrzeć dopiero po minucie.
phone-change-sent-both = Wysłaliśmy kod na numer <strong>{ $number }</strong> i drugi na Twój obecny numer { $old }. Mogą dotrzeć dopiero po minucie.
phone-change-code-new = Kod wysłany na { $number }
phone-change-code-old = Kod wysłany na { $old } (zgubiony telefon? kod zapasowy)
phone-change-code-proof = Kod z aplikacji uwierzytelniającej lub kod zapasowy

## Separate factors for step-ups

factor-enrol-title = Skonfiguruj uwierzytelniacz „{ $factor }”
factor-enrol-intro = Witryna { $site } prosi o osobny kod dla części „{ $factor }”. Dodaj nowe konto w aplikacji uwierzytelniającej (najlepiej na innym urządzeniu) i zeskanuj ten kod. To nie jest Twój kod logowania.
factor-enrol-proof = Aby potwierdzić, że to Ty: kod z aplikacji używanej do logowania (lub kod zapasowy)
factor-enrol-code = 6-cyfrowy kod, który pokazuje nowy wpis „{ $factor }”
factor-wrong-new-code = Kod z nowego wpisu jest nieprawidłowy. Upewnij się, że zeskanowany został kod z tej strony.
step-up-title = Potwierdź kodem „{ $factor }”
step-up-intro = Ta część witryny { $site } wymaga nowego kodu z uwierzytelniacza <strong>{ $factor }</strong>, a nie kodu logowania.
step-up-code = 6-cyfrowy kod „{ $factor }”
step-up-code-or-backup = 6-cyfrowy kod „{ $factor }” lub kod zapasowy „{ $factor }”
step-up-wrong = Ten kod jest nieprawidłowy. Użyj kodu z tego osobnego uwierzytelniacza, a nie kodu logowania.
step-up-no-such = Nie ma tu takiego uwierzytelniacza.
step-up-not-set-up-title = Jeszcze nie skonfigurowano
step-up-not-set-up = Wymaga to osobnego uwierzytelniacza „{ $factor }”. Skonfiguruj go na stronie metod logowania i spróbuj ponownie.

## Refusals

not-found-title = Nie znaleziono
not-found = Nie ma tu takiej strony.
form-expired-title = Ten formularz wygasł
form-expired = Wczytaj stronę ponownie i spróbuj jeszcze raz.
start-again = Zacznij od nowa
locked-title = Zbyt wiele prób
locked-until = { $minutes ->
    [one] Logowanie zostało wstrzymane po zbyt wielu nieudanych próbach. Spróbuj ponownie za minutę (po { $time }).
    [few] Logowanie zostało wstrzymane po zbyt wielu nieudanych próbach. Spróbuj ponownie za { $minutes } minuty (po { $time }).
    [many] Logowanie zostało wstrzymane po zbyt wielu nieudanych próbach. Spróbuj ponownie za { $minutes } minut (po { $time }).
   *[other] Logowanie zostało wstrzymane po zbyt wielu nieudanych próbach. Spróbuj ponownie za { $minutes } minuty (po { $time }).
}
locked-disabled = Logowanie zostało zablokowane po zbyt wielu nieudanych próbach. Poproś administratora o odblokowanie.
locked-ways = Zgubiony telefon? Po przerwie zalogujesz się kodem zapasowym zamiast aplikacji.
locked-sign-in = Zaloguj się ponownie lub jako ktoś inny
unavailable-title = Logowanie jest niedostępne
unavailable = Coś poszło nie tak po naszej stronie. Spróbuj ponownie za minutę.
reference = Numer referencyjny dla administratora: { $id }
unknown-host-title = Ta witryna nie jest tu obsługiwana
unknown-host = Pod tym adresem nie skonfigurowano żadnej witryny. Sprawdź wpisany adres lub link, z którego korzystasz.
internal-title = Coś poszło nie tak
internal = Brama nie mogła odpowiedzieć na to żądanie i niczego nie przekazała do witryny. Spróbuj ponownie; jeśli to się powtórzy, podaj administratorowi poniższy numer referencyjny.
denied-title = Odmowa dostępu
denied = Ten adres nie jest dla Ciebie dostępny.
held-submit-again = Prześlij ponownie
held-too-large = Ten formularz jest zbyt duży, aby go zachować na czas podawania kodu. Najpierw wpisz kod, a potem prześlij formularz ponownie.
held-enter-code = Wpisz kod
held-expired = Przechowujemy formularz przez pięć minut, gdy prosimy o kod. Ten wygasł lub został już wysłany. Wypełnij go i prześlij ponownie.
back-to-site = Wróć do witryny

## Emails

email-hello = Dzień dobry, { $name }!
email-when = Kiedy:        { $time }
email-browser = Przeglądarka: { $browser }
email-where = Gdzie:        { $place } (w przybliżeniu)
email-not-you = Jeśli to nie Ty, natychmiast powiadom administratora.
email-code-sign-in-subject = Twój kod logowania do witryny { $site }
email-code-sign-in = Twój kod logowania do witryny { $site } to { $code }.
    Jest jednorazowy i ważny przez { $minutes ->
        [one] minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }.

    Jeśli to nie Ty próbujesz się zalogować, ktoś zna Twoje hasło: zmień je i powiadom administratora.
email-code-confirm-subject = Twój kod potwierdzający zmianę w witrynie { $site }
email-code-confirm = Twój kod potwierdzający zmianę sposobu logowania do witryny { $site } to { $code }.
    Jest jednorazowy i ważny przez { $minutes ->
        [one] minutę
        [few] { $minutes } minuty
        [many] { $minutes } minut
       *[other] { $minutes } minuty
    }.

    Jeśli to nie Ty wprowadzasz tę zmianę, powiadom administratora.
notice-enrolled-subject = Uwierzytelnianie dwuskładnikowe jest teraz włączone na Twoim koncie
notice-enrolled = Na Twoim koncie w witrynie { $site } skonfigurowano aplikację uwierzytelniającą.
notice-device-trusted-subject = Na Twoim koncie dodano zaufane urządzenie
notice-device-trusted = W witrynie { $site } oznaczono przeglądarkę jako zaufaną: w niej do zalogowania wystarczy samo hasło.
notice-codes-renewed-subject = Masz nowe kody zapasowe
notice-codes-renewed = W witrynie { $site } utworzono nowy zestaw kodów zapasowych. Stare kody już nie działają.
notice-code-used-subject = Do logowania użyto kodu zapasowego
notice-code-used = W witrynie { $site } użyto kodu zapasowego do zalogowania. Pozostało niewykorzystanych kodów: { $left }.
notice-method-added-subject = Do Twojego konta dodano metodę logowania
notice-method-added = Dodano metodę logowania w witrynie { $site }: { $method }.
notice-method-changed-subject = Zmieniono metodę logowania na Twoim koncie
notice-method-changed = Zmieniono metodę logowania w witrynie { $site }: { $method }.
notice-method-removed-subject = Z Twojego konta usunięto metodę logowania
notice-method-removed = Usunięto metodę logowania w witrynie { $site }: { $method }.
notice-factor-added-subject = Na Twoim koncie skonfigurowano osobny uwierzytelniacz
notice-factor-added = Skonfigurowano osobny uwierzytelniacz, wymagany w chronionych częściach witryny { $site }.
notice-off-subject = Uwierzytelnianie dwuskładnikowe zostało wyłączone na Twoim koncie
notice-off = W witrynie { $site } wyłączono uwierzytelnianie dwuskładnikowe: do zalogowania wystarczy teraz samo hasło.
notice-reset-subject = Administrator zresetował Twoje uwierzytelnianie dwuskładnikowe
notice-reset = Administrator usunął Twoją aplikację uwierzytelniającą, kody zapasowe i zaufane urządzenia we { $site }. Przy następnym logowaniu ponownie skonfigurujesz aplikację uwierzytelniającą.
notice-every-site = wszystkich witrynach za tą bramą
method-app = Twoja aplikacja uwierzytelniająca
method-email = kody e-mailem
method-phone = kody SMS-em
method-passkey = klucz dostępu lub klucz bezpieczeństwa
