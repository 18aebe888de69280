# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Continua
button-confirm = Conferma
button-verify = Verifica
button-cancel = Annulla
back-to-account = Torna al tuo account
back-to-security = Torna ai metodi di accesso
code-6-digit = Codice a 6 cifre
code-from-email = Codice ricevuto via email
code-from-sms = Codice ricevuto via SMS
proof-any = Un codice attuale da qualsiasi metodo, oppure un codice di backup
passkey-default-name = Passkey
held-form-kept = Il modulo che hai inviato è stato conservato: verrà inviato non appena avrai inserito il codice.
language-switch = Lingua
help-link = Serve aiuto per accedere?
span-days = { $n ->
    [one] un giorno
   *[other] { $n } giorni
}
span-hours = { $n ->
    [one] un'ora
   *[other] { $n } ore
}
span-minutes = { $n ->
    [one] un minuto
   *[other] { $n } minuti
}
span-seconds = { $n ->
    [one] un secondo
   *[other] { $n } secondi
}
js-passkey-instead = Usa invece una passkey
js-passkey-cancelled = La passkey non è stata usata (operazione annullata o tempo scaduto). Puoi riprovare.
js-passkey-failed = Questo browser non è riuscito a usare una passkey qui:

## Sign-in

login-title = Accedi
login-username = Nome utente
login-password = Password
login-passkey-aside = Oppure, senza password:
login-passkey-button = Accedi con una passkey
login-wrong = Nome utente e password non corrispondono. Riprova.
login-busy-title = Troppi accessi in questo momento
login-busy = Attendi qualche secondo e riprova.
try-again = Riprova
passkey-unknown = Questa passkey non è registrata qui. Accedi con la tua password.
passkey-not-taken = La passkey non è stata accettata. Riprova o usa un altro metodo di accesso.
passkey-new-password = La tua password è cambiata dall'ultima volta che hai usato questa passkey. Accedi una volta con la password, poi potrai di nuovo usare solo la passkey.
passkey-expired = Hai impiegato troppo tempo, oppure la pagina è già stata usata. Riprova.
passkey-cloned = Questa passkey potrebbe essere stata copiata ed è stata rifiutata. Usa un altro metodo di accesso e avvisa il tuo amministratore.

## Account and sign-out

account-title = Il tuo account
account-signed-in-as = Hai eseguito l'accesso come <strong>{ $name }</strong> ({ $username }).
account-forget-device = Dimentica questo dispositivo: chiedi un codice qui la prossima volta
account-sign-out = Esci
signed-out-title = Sei uscito dall'account
signed-out = La sessione su questo dispositivo è terminata.
signed-out-forgotten = La sessione è terminata e questo dispositivo non è più considerato attendibile.
sign-in-again = Accedi di nuovo

## Enrolment

enrol-title = Configura l'app di autenticazione
enrol-heading = Configura l'autenticazione a due fattori
enrol-replacing = La nuova app sostituirà quella precedente non appena avrà mostrato il suo primo codice.
enrol-why = { $site } ti chiede un codice da un'app di autenticazione a ogni accesso.
enrol-how = Apri l'app (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile o qualsiasi altra app TOTP), aggiungi un account e scansiona questo codice.
enrol-code = Inserisci il codice a 6 cifre mostrato dall'app
enrol-passkey-heading = Oppure usa una passkey
enrol-passkey-intro = Con una passkey su questo dispositivo, sul telefono o su un token di sicurezza (ad esempio una YubiKey) accedi con l'impronta, il volto o il PIN invece che con un codice, e nessun sito contraffatto può usarla.
enrol-passkey-name = Il suo nome, per la pagina della sicurezza
enrol-passkey-button = Configura invece una passkey
scan-qr-label = Codice QR contenente il segreto della tua app di autenticazione
scan-by-hand = Non riesci a scansionarlo? Inserisci la chiave manualmente
scan-account = Account: <strong>{ $account }</strong>
scan-key = Chiave:
scan-type = Tipo: basato sul tempo, 6 cifre, ogni 30 secondi.
scan-open-app = Apri in un'app di autenticazione su questo dispositivo
scan-add-to-app = Aggiungi all'app di autenticazione
remember-label = Considera attendibile questo dispositivo per { $period }
remember-hint = In seguito, da questo browser accederai solo con la password. Non selezionare questa opzione su un computer condiviso.
grace-why = Un secondo passaggio all'accesso, un codice da un'app sul telefono, protegge il tuo account anche se qualcuno scopre la tua password. Basta un minuto.
grace-until = Puoi rimandare fino al giorno { $deadline }. Dopo tale data, dovrai configurarla all'accesso.
grace-now = Configura ora l'autenticazione a due fattori
grace-later = { $days ->
    [one] Più tardi — manca un giorno
   *[other] Più tardi — mancano { $days } giorni
}

## The code

challenge-title = Inserisci il codice
challenge-heading = Autenticazione a due fattori
challenge-trusted-device = Questa sezione di { $site } richiede un codice anche su un dispositivo attendibile.
challenge-again = Questa sezione di { $site } richiede di nuovo il tuo codice.
challenge-only-passkey = Questa sezione di { $site } richiede la tua passkey o il tuo token di sicurezza.
challenge-only-passkey-none = Questa sezione di { $site } richiede una passkey o un token di sicurezza, ma non ne hai ancora nessuno.
challenge-only-passkey-add = Aggiungine uno nella pagina della sicurezza, poi torna qui.
challenge-app = Apri l'app di autenticazione e inserisci il codice per <strong>{ $account }</strong>.
challenge-passkey = Usa la passkey o il token di sicurezza per <strong>{ $account }</strong>.
challenge-send-where = Invieremo un codice per <strong>{ $account }</strong>: scegli dove.
challenge-passkeys-elsewhere = Le tue passkey sono state create per un altro sito e non funzionano su { $site }. Accedi con un codice di backup, poi aggiungi una passkey o un'app qui nella pagina della sicurezza.
challenge-app-off = { $site } accetta codici da un'app di autenticazione, che hai disattivato. Accedi con un codice di backup, poi configura di nuovo un'app nella pagina della sicurezza.
challenge-passkey-button = Usa una passkey o un token di sicurezza
challenge-app-not-at-hand = Non hai l'app a portata di mano?
challenge-email-instead = Inviami invece un codice via email
challenge-sms-instead = Inviami invece un codice via SMS
challenge-email-me = Inviami un codice via email
challenge-sms-me = Inviami un codice via SMS
challenge-lost-phone = Hai perso il telefono? Usa un codice di backup
challenge-someone-else = Accedi con un altro account
wrong-code = Il codice non è corretto. Inserisci il codice mostrato ora dall'app; se continua a non funzionare, verifica che l'ora del telefono sia impostata automaticamente.
used-code = Questo codice è già stato usato. Attendi che l'app mostri il successivo.
wrong-backup-code = Il codice di backup non è corretto oppure è già stato usato. Ogni codice può essere usato una sola volta.
wrong-sent-code = Il codice non è corretto o è scaduto. Funziona solo l'ultimo codice che ti abbiamo inviato.
wrong-proof = Il codice non è corretto. Usa un codice attuale del metodo indicato oppure un codice di backup.
tries-left = { $left ->
        [one] Resta un tentativo prima che l'accesso venga sospeso per un po'.
       *[other] Restano { $left } tentativi prima che l'accesso venga sospeso per un po'.
    }
tries-left-lasting = { $left ->
        [one] Resta un tentativo prima che l'accesso venga bloccato finché un amministratore non lo sblocca.
       *[other] Restano { $left } tentativi prima che l'accesso venga bloccato finché un amministratore non lo sblocca.
    }

## Codes sent by email or text message

sent-code-title = Inserisci il codice che ti abbiamo inviato
sent-code-check-phone = Controlla il telefono
sent-code-check-email = Controlla la tua email
sent-code-sent = Abbiamo inviato un codice a <strong>{ $to }</strong>. Potrebbe volerci un minuto prima che arrivi.
sent-code-nothing = Non hai ricevuto nulla?
sent-code-again = Invia un nuovo codice
sent-code-other-ways = Altri metodi di accesso
sent-code-wait = Attendi { $wait } prima di richiederne un altro: un codice è stato appena inviato.

## Backup codes

recover-title = Usa un codice di backup
recover-intro = Inserisci uno dei codici di backup che hai salvato quando hai configurato l'autenticazione a due fattori. Ogni codice può essere usato una sola volta.
recover-code = Codice di backup
recover-button = Accedi
recover-none = Non hai nemmeno i codici? Chiedi al tuo amministratore di reimpostare l'autenticazione a due fattori.
backup-codes-title = I tuoi codici di backup
backup-codes-heading = Salva i tuoi codici di backup
backup-codes-intro = Se perdi il telefono, ognuno di questi codici ti consente di accedere una volta al posto dell'app. Conservali in un luogo sicuro, lontano dal telefono. Vengono mostrati solo qui, per qualche minuto.
backup-codes-download = Scarica come file di testo
backup-codes-print = Stampa
backup-codes-copy = Copia
backup-codes-copied = Copiato
backup-codes-saved = Li ho salvati — continua
backup-codes-file = Codici di backup per { $site }
    Ogni codice può essere usato una sola volta, al posto dell'app di autenticazione.
new-codes-title = Codici di backup
new-codes-left = { $left ->
    [one] Hai <strong>un</strong> codice di backup non utilizzato. Un nuovo set lo sostituirà e il vecchio codice smetterà di funzionare.
   *[other] Hai <strong>{ $left }</strong> codici di backup non utilizzati. Un nuovo set li sostituirà tutti e i vecchi codici smetteranno di funzionare.
}
new-codes-proof = Per confermare, un codice dall'app di autenticazione (o un codice di backup)
new-codes-button = Genera nuovi codici di backup
few-codes-title = Ti restano pochi codici di backup
codes-gone-title = Questi codici non sono più mostrati
codes-gone = I codici di backup restano visibili per qualche minuto dopo la creazione, finché non confermi di averli salvati. Se non li hai conservati, creane di nuovi: quelli vecchi smetteranno di funzionare.
few-codes = { $left ->
    [one] Ti resta un solo codice di backup. Genera subito un nuovo set, così non rimarrai bloccato fuori se perdi il telefono.
   *[other] Ti restano { $left } codici di backup. Genera subito un nuovo set, così non rimarrai bloccato fuori se perdi il telefono.
}

## Trusted devices

devices-title = Dispositivi attendibili
devices-none = Non hai dispositivi attendibili. Quando inserisci un codice, seleziona "Considera attendibile questo dispositivo" per non dover più inserire il codice su quel browser.
devices-intro = Su questi browser accedi solo con la password, fino alla data indicata. Revoca quelli che non usi più o che non riconosci: la revoca termina anche tutte le sessioni avviate da quel dispositivo, compresa quella attuale se l'accesso è avvenuto tramite esso.
devices-this-browser = questo browser
unknown-browser = Browser sconosciuto
devices-dates = attendibile dal { $created } · ultimo utilizzo { $used } · fino al { $expires }
devices-revoke = Revoca
devices-revoke-label = Revoca { $device }
devices-revoke-all = Revoca tutti
devices-signed-out-title = Sei uscito dall'account su questo browser
devices-signed-out = Il dispositivo che hai revocato aveva eseguito l'accesso su questo browser, quindi anche questa sessione è terminata, insieme a tutte le altre sessioni avviate dal dispositivo.
devices-missing-title = Manca qualcosa
devices-missing = Non è stato possibile interpretare la richiesta.
devices-back = Torna ai tuoi dispositivi

## Sign-in methods

security-title = Metodi di accesso
security-two-factor = Autenticazione a due fattori
security-off = Disattivata: accedi solo con la password.
security-off-until = Disattivata: accedi solo con la password fino al giorno { $deadline }; dopo tale data, dovrai configurarla all'accesso.
security-turn-on = Attiva l'autenticazione a due fattori
security-intro = Ogni modifica richiede prima un codice attuale: dal metodo che modifichi oppure uno dei tuoi codici di backup; una tua passkey conferma qualsiasi modifica.
security-app = App di autenticazione
security-on = Attiva.
security-off-short = Disattivata.
security-on-to = Attiva, su { $to }.
security-app-move = Passa a un nuovo telefono o a una nuova app
security-app-move-proof = Codice dall'app attuale oppure un codice di backup
security-app-off = Disattiva l'app di autenticazione
security-app-off-proof = Codice dall'app oppure un codice di backup
security-app-add = Configura un'app di autenticazione
security-app-add-proof = Un codice che ti abbiamo inviato oppure un codice di backup
security-only-method = Questo è il tuo unico modo per ricevere un codice di accesso: aggiungine un altro prima di rimuoverlo.
security-passkeys = Passkey e token di sicurezza
security-passkeys-none = Ancora nessuna. Con una passkey accedi con l'impronta, il volto, il PIN o un token di sicurezza, e nessun sito contraffatto può usarla.
security-passkey-added = Aggiunta il { $added }
security-passkey-added-used = Aggiunta il { $added }, ultimo utilizzo { $used }
security-rename = Rinomina
security-new-name = Nuovo nome
security-remove = Rimuovi
security-passkey-off-proof = Un codice di backup (oppure usa la passkey)
security-only-passkey = Questo è il tuo unico modo per accedere con un secondo fattore: aggiungine un altro prima di rimuoverlo.
security-passkey-make-now = Ora crea la passkey: il browser ti chiederà l'impronta, il volto, il PIN o il token di sicurezza.
security-passkey-its-name = Nome
security-passkey-create = Crea la passkey
security-passkey-add = Aggiungi una passkey o un token di sicurezza
security-email = Codici via email
security-email-off = Disattiva i codici via email
security-email-off-proof = Codice ricevuto via email oppure un codice di backup
security-email-on = Attiva i codici via email
security-email-on-proof = Un codice attuale da un altro metodo oppure un codice di backup
security-turn-on-short = Attiva
security-sms = Codici via SMS
security-no-phone = Nessun numero di telefono.
security-phone-change = Cambia il numero di telefono
security-phone-add = Aggiungi un numero di telefono
security-phone-new = Nuovo numero, in formato internazionale (+49 151 …)
security-phone-send = Invia codici
security-phone-remove = Rimuovi il numero di telefono
security-phone-remove-proof = Codice ricevuto via SMS oppure un codice di backup
security-factor = Autenticatore separato: { $factor }
security-factor-set-up = Configurato. Alcune sezioni di questo sito richiedono il suo codice prima di { $factor }.
security-factor-not-set-up = Non configurato.
security-factor-set-up-link = Configura un autenticatore { $factor }
security-backup-left = Non utilizzati: { $left }.
security-backup-new = Genera un nuovo set
security-may-turn-off = Attiva. Puoi disattivarla: in tal caso accederai solo con la password e l'app, le passkey, i codici e i codici di backup verranno rimossi.
security-turn-off = Disattiva l'autenticazione a due fattori
security-turn-off-short = Disattiva
security-not-this-form = Questo modulo non appartiene a questa pagina.
security-cannot-turn-off = Qui non è possibile disattivare l'autenticazione a due fattori.
security-turned-off = L'autenticazione a due fattori è disattivata. Accedi solo con la password.
security-nowhere-to-send = Non c'è nessuna destinazione a cui inviare il codice.
security-code-sent = Abbiamo inviato un codice a { $to }.
security-not-set-up = Questo metodo non è configurato.
security-only-way = Questo è il tuo unico modo per ricevere un codice di accesso qui. Aggiungine un altro prima di rimuoverlo.
security-removed = Rimosso.
security-email-not-possible = Non è possibile attivare i codici via email per questo account.
security-email-is-on = I codici via email sono attivi.
security-app-is-set-up = L'app di autenticazione è configurata. I codici di app precedenti non funzionano più.
security-no-sms = Nessun sito qui invia codici via SMS.
security-same-number = Questo è già il tuo numero.
security-phone-is-set-up = Il nuovo numero di telefono è configurato.
security-too-many-passkeys = Hai raggiunto il numero massimo di passkey per un account. Prima rimuovine una che non usi più.
security-no-passkeys-here = Non è possibile usare le passkey su questo sito.
security-passkey-is-set-up = La passkey è configurata.
security-no-such-passkey = Questa passkey non è configurata.
security-renamed = Rinominata.
security-phone-invalid = Questo numero non è in formato internazionale: inizia con + e il prefisso del paese, ad es. +4915112345678.
phone-change-title = Conferma il nuovo numero
phone-change-sent = Abbiamo inviato un codice a <strong>{ $number }</strong>. Potrebbe volerci un minuto prima che arrivi.
phone-change-sent-both = Abbiamo inviato un codice a <strong>{ $number }</strong> e uno al tuo numero attuale, { $old }. Potrebbe volerci un minuto prima che arrivino.
phone-change-code-new = Codice inviato a { $number }
phone-change-code-old = Codice inviato a { $old } (hai perso quel telefono? un codice di backup)
phone-change-code-proof = Un codice dall'app di autenticazione oppure un codice di backup

## Separate factors for step-ups

factor-enrol-title = Configura l'autenticatore { $factor }
factor-enrol-intro = { $site } richiede un codice separato per { $factor }. Aggiungi un nuovo account nell'app di autenticazione (se puoi, su un altro dispositivo) e scansiona questo codice; non è il tuo codice di accesso.
factor-enrol-proof = Per confermare la tua identità: un codice dall'app di accesso (o un codice di backup)
factor-enrol-code = Il codice a 6 cifre mostrato dalla nuova voce { $factor }
factor-wrong-new-code = Il codice della nuova voce non è corretto. Verifica di aver scansionato il codice di questa pagina.
step-up-title = Conferma con il codice { $factor }
step-up-intro = Questa sezione di { $site } richiede un nuovo codice dall'autenticatore <strong>{ $factor }</strong>, non il tuo codice di accesso.
step-up-code = Codice { $factor } a 6 cifre
step-up-code-or-backup = Codice { $factor } a 6 cifre oppure un codice di backup { $factor }
step-up-wrong = Il codice non è corretto. Usa il codice di questo autenticatore separato, non il tuo codice di accesso.
step-up-no-such = Qui non esiste questo autenticatore.
step-up-not-set-up-title = Non ancora configurato
step-up-not-set-up = Serve un autenticatore { $factor } separato. Configuralo nella pagina dei metodi di accesso, poi riprova.

## Refusals

not-found-title = Pagina non trovata
not-found = Questa pagina non esiste.
form-expired-title = Il modulo è scaduto
form-expired = Ricarica la pagina e riprova.
start-again = Ricomincia
locked-title = Troppi tentativi
locked-until = { $minutes ->
    [one] L'accesso è sospeso dopo troppi tentativi non riusciti. Riprova tra un minuto (dopo le { $time }).
   *[other] L'accesso è sospeso dopo troppi tentativi non riusciti. Riprova tra { $minutes } minuti (dopo le { $time }).
}
locked-disabled = L'accesso è bloccato dopo troppi tentativi non riusciti. Chiedi al tuo amministratore di sbloccarlo.
locked-ways = Hai perso il telefono? Al termine della pausa, un codice di backup ti fa accedere al posto dell'app.
locked-sign-in = Accedi di nuovo, o con un altro account
unavailable-title = Accesso non disponibile
unavailable = Si è verificato un problema da parte nostra. Riprova tra un minuto.
reference = Riferimento per il tuo amministratore: { $id }
unknown-host-title = Questo sito non è servito qui
unknown-host = Nessun sito è configurato a questo indirizzo. Controlla l'indirizzo digitato o il link che hai seguito.
internal-title = Qualcosa è andato storto
internal = Il gateway non ha potuto rispondere a questa richiesta e non ha inoltrato nulla al sito. Riprova; se succede ancora, comunica al tuo amministratore il riferimento qui sotto.
denied-title = Accesso negato
denied = Non hai accesso a questo indirizzo.
held-submit-again = Invia di nuovo
held-too-large = Questo modulo è troppo grande per essere conservato mentre ti chiediamo il codice. Inserisci prima il codice, poi invia di nuovo il modulo.
held-enter-code = Inserisci il codice
held-expired = Conserviamo un modulo per cinque minuti mentre ti chiediamo il codice; questo è scaduto o è già stato inviato. Compilalo e invialo di nuovo.
back-to-site = Torna al sito

## Emails

email-hello = Ciao { $name },
email-when = Quando:  { $time }
email-browser = Browser: { $browser }
email-where = Dove:    { $place } (approssimativamente)
email-not-you = Se non sei stato tu, avvisa subito il tuo amministratore.
email-code-sign-in-subject = Il tuo codice di accesso per { $site }
email-code-sign-in = Il tuo codice per accedere a { $site } è { $code }.
    Può essere usato una sola volta, per { $minutes ->
        [one] un minuto
       *[other] { $minutes } minuti
    }.

    Se non l'hai richiesto, qualcuno conosce la tua password: cambiala e avvisa il tuo amministratore.
email-code-confirm-subject = Il tuo codice per confermare una modifica su { $site }
email-code-confirm = Il tuo codice per confermare una modifica al modo in cui accedi a { $site } è { $code }.
    Può essere usato una sola volta, per { $minutes ->
        [one] un minuto
       *[other] { $minutes } minuti
    }.

    Se non l'hai richiesto, avvisa il tuo amministratore.
notice-enrolled-subject = L'autenticazione a due fattori è ora attiva per il tuo account
notice-enrolled = È stata configurata un'app di autenticazione per il tuo account su { $site }.
notice-device-trusted-subject = Un dispositivo è stato considerato attendibile per il tuo account
notice-device-trusted = Un browser è stato considerato attendibile su { $site }: lì accedi solo con la password.
notice-codes-renewed-subject = Hai nuovi codici di backup
notice-codes-renewed = È stato generato un nuovo set di codici di backup su { $site }; i vecchi codici non funzionano più.
notice-code-used-subject = È stato usato un codice di backup per accedere
notice-code-used = È stato usato un codice di backup per accedere a { $site }. Codici non utilizzati rimanenti: { $left }.
notice-method-added-subject = È stato aggiunto un metodo di accesso al tuo account
notice-method-added = Metodo di accesso aggiunto su { $site }: { $method }.
notice-method-changed-subject = È stato modificato un metodo di accesso del tuo account
notice-method-changed = Metodo di accesso modificato su { $site }: { $method }.
notice-method-removed-subject = È stato rimosso un metodo di accesso dal tuo account
notice-method-removed = Metodo di accesso rimosso su { $site }: { $method }.
notice-factor-added-subject = È stato configurato un autenticatore separato per il tuo account
notice-factor-added = È stato configurato un autenticatore separato, richiesto nelle sezioni protette di { $site }.
notice-off-subject = L'autenticazione a due fattori è stata disattivata per il tuo account
notice-off = L'autenticazione a due fattori è stata disattivata su { $site }: ora accedi solo con la password.
notice-reset-subject = Un amministratore ha reimpostato la tua autenticazione a due fattori
notice-reset = Un amministratore ha rimosso l'autenticatore, i codici di backup e i dispositivi attendibili su { $site }. Al prossimo accesso dovrai configurare di nuovo un autenticatore.
notice-every-site = tutti i siti dietro questo gateway
method-app = la tua app di autenticazione
method-email = codici via email
method-phone = codici via SMS
method-passkey = una passkey o un token di sicurezza
