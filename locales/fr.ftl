# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Continuer
button-confirm = Confirmer
button-verify = Valider
button-cancel = Annuler
back-to-account = Retour à votre compte
back-to-security = Retour aux méthodes de connexion
code-6-digit = Code à 6 chiffres
code-from-email = Code reçu par e-mail
code-from-sms = Code reçu par SMS
proof-any = Un code actuel de n'importe quelle méthode, ou un code de secours
passkey-default-name = Clé d'accès
held-form-kept = Le formulaire envoyé est conservé : il sera transmis dès que vous aurez saisi le code.
language-switch = Langue
help-link = Besoin d’aide pour vous connecter ?
span-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}
span-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
span-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
span-seconds = { $n ->
    [one] une seconde
   *[other] { $n } secondes
}
js-passkey-instead = Utiliser plutôt une clé d'accès
js-passkey-cancelled = La clé d'accès n'a pas été utilisée (opération annulée ou délai dépassé). Vous pouvez réessayer.
js-passkey-failed = Ce navigateur n'a pas pu utiliser de clé d'accès ici :

## Sign-in

login-title = Connexion
login-username = Nom d'utilisateur
login-password = Mot de passe
login-passkey-aside = Ou, sans votre mot de passe :
login-passkey-button = Se connecter avec une clé d'accès
login-wrong = Le nom d'utilisateur et le mot de passe ne correspondent pas. Veuillez réessayer.
login-busy-title = Trop de connexions en ce moment
login-busy = Veuillez patienter quelques secondes, puis réessayer.
try-again = Réessayer
passkey-unknown = Cette clé d'accès n'est pas enregistrée ici. Connectez-vous avec votre mot de passe.
passkey-not-taken = Cette clé d'accès n'a pas été acceptée. Réessayez ou utilisez un autre moyen de connexion.
passkey-new-password = Votre mot de passe a changé depuis la dernière utilisation de cette clé d'accès. Connectez-vous une fois avec votre mot de passe ; la clé d'accès suffira ensuite à nouveau.
passkey-expired = Le délai a expiré ou la page a déjà été utilisée. Veuillez réessayer.
passkey-cloned = Cette clé d'accès a peut-être été copiée : elle a été refusée. Utilisez un autre moyen de connexion et prévenez votre administrateur.

## Account and sign-out

account-title = Votre compte
account-signed-in-as = Session ouverte en tant que <strong>{ $name }</strong> ({ $username }).
account-forget-device = Oublier cet appareil : demander un code ici la prochaine fois
account-sign-out = Se déconnecter
signed-out-title = Vous êtes déconnecté
signed-out = Votre session a pris fin sur cet appareil.
signed-out-forgotten = Votre session a pris fin et cet appareil n'est plus un appareil de confiance.
sign-in-again = Se reconnecter

## Enrolment

enrol-title = Configurer votre application d'authentification
enrol-heading = Configurer l'authentification à deux facteurs
enrol-replacing = Votre nouvelle application remplacera l'ancienne dès qu'elle aura affiché son premier code.
enrol-why = { $site } demande un code généré par une application d'authentification à chaque connexion.
enrol-how = Ouvrez votre application (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile ou toute autre application TOTP), ajoutez un compte et scannez ce code.
enrol-code = Saisissez le code à 6 chiffres affiché par l'application
enrol-passkey-heading = Ou utilisez une clé d'accès
enrol-passkey-intro = Une clé d'accès enregistrée sur cet appareil, sur votre téléphone ou sur une clé de sécurité (comme une YubiKey) vous connecte avec votre empreinte digitale, votre visage ou votre code PIN au lieu d'un code, et aucun faux site ne peut l'utiliser.
enrol-passkey-name = Son nom, pour votre page de sécurité
enrol-passkey-button = Configurer plutôt une clé d'accès
scan-qr-label = Code QR contenant votre clé secrète d'authentification
scan-by-hand = Impossible de le scanner ? Saisissez la clé manuellement
scan-account = Compte : <strong>{ $account }</strong>
scan-key = Clé :
scan-type = Type : basé sur l'heure, 6 chiffres, toutes les 30 secondes.
scan-open-app = Ouvrir dans une application d'authentification sur cet appareil
scan-add-to-app = Ajouter à l’application d’authentification
remember-label = Faire confiance à cet appareil pendant { $period }
remember-hint = Votre mot de passe suffira alors pour vous connecter depuis ce navigateur. Ne cochez pas cette case sur un ordinateur partagé.
grace-why = Une deuxième étape lors de la connexion, un code généré par une application sur votre téléphone, protège votre compte même si quelqu'un découvre votre mot de passe. Cela ne prend qu'une minute.
grace-until = Vous pouvez reporter cette étape jusqu'au { $deadline }. Ensuite, vous devrez la configurer lors de la connexion.
grace-now = Configurer maintenant
grace-later = { $days ->
    [one] Plus tard — { $days } jour restant
   *[other] Plus tard — { $days } jours restants
}

## The code

challenge-title = Saisissez votre code
challenge-heading = Authentification à deux facteurs
challenge-trusted-device = Cette partie de { $site } demande un code, même sur un appareil de confiance.
challenge-again = Cette partie de { $site } vous redemande votre code.
challenge-only-passkey = Cette partie de { $site } demande votre clé d'accès ou votre clé de sécurité.
challenge-only-passkey-none = Cette partie de { $site } demande votre clé d'accès ou votre clé de sécurité, et vous n'en avez pas encore.
challenge-only-passkey-add = Ajoutez-en une sur votre page de sécurité, puis revenez ici.
challenge-app = Ouvrez votre application d'authentification et saisissez le code pour <strong>{ $account }</strong>.
challenge-passkey = Utilisez votre clé d'accès ou votre clé de sécurité pour <strong>{ $account }</strong>.
challenge-send-where = Nous allons envoyer un code à <strong>{ $account }</strong> : choisissez où.
challenge-passkeys-elsewhere = Vos clés d'accès ont été créées pour un autre site et ne fonctionnent pas sur { $site }. Connectez-vous avec un code de secours, puis ajoutez une clé d'accès ou une application ici, sur votre page de sécurité.
challenge-app-off = { $site } accepte les codes d'une application d'authentification, que vous avez désactivée. Connectez-vous avec un code de secours, puis configurez à nouveau une application sur votre page de sécurité.
challenge-passkey-button = Utiliser une clé d'accès ou de sécurité
challenge-app-not-at-hand = Vous n'avez pas l'application sous la main ?
challenge-email-instead = Recevoir plutôt un code par e-mail
challenge-sms-instead = Recevoir plutôt un code par SMS
challenge-email-me = Recevoir un code par e-mail
challenge-sms-me = Recevoir un code par SMS
challenge-lost-phone = Téléphone perdu ? Utilisez un code de secours
challenge-someone-else = Se connecter avec un autre compte
wrong-code = Ce code est incorrect. Saisissez le code actuellement affiché par votre application ; si l'erreur persiste, vérifiez que l'heure de votre téléphone est réglée automatiquement.
used-code = Ce code a déjà été utilisé. Attendez que votre application affiche le suivant.
wrong-backup-code = Ce code de secours est incorrect ou a déjà été utilisé. Chaque code ne fonctionne qu'une seule fois.
wrong-sent-code = Ce code est incorrect ou a expiré. Seul le dernier code envoyé fonctionne.
wrong-proof = Ce code est incorrect. Utilisez un code actuel de la méthode indiquée, ou un code de secours.
tries-left = { $left ->
        [one] Encore un essai avant que la connexion ne soit suspendue un moment.
       *[other] Encore { $left } essais avant que la connexion ne soit suspendue un moment.
    }
tries-left-lasting = { $left ->
        [one] Encore un essai avant que la connexion ne soit bloquée jusqu’à ce qu’un administrateur la débloque.
       *[other] Encore { $left } essais avant que la connexion ne soit bloquée jusqu’à ce qu’un administrateur la débloque.
    }

## Codes sent by email or text message

sent-code-title = Saisissez le code envoyé
sent-code-check-phone = Consultez votre téléphone
sent-code-check-email = Consultez vos e-mails
sent-code-sent = Nous avons envoyé un code à <strong>{ $to }</strong>. Il peut mettre une minute à arriver.
sent-code-nothing = Vous n'avez rien reçu ?
sent-code-again = Envoyer un nouveau code
sent-code-other-ways = Autres moyens de connexion
sent-code-wait = Attendez { $wait } avant d’en demander un autre : un code vient d’être envoyé.

## Backup codes

recover-title = Utiliser un code de secours
recover-intro = Saisissez l'un des codes de secours que vous avez enregistrés lors de la configuration de l'authentification à deux facteurs. Chaque code ne fonctionne qu'une seule fois.
recover-code = Code de secours
recover-button = Se connecter
recover-none = Vous n'avez pas non plus de codes ? Demandez à votre administrateur de réinitialiser votre authentification à deux facteurs.
backup-codes-title = Vos codes de secours
backup-codes-heading = Enregistrez vos codes de secours
backup-codes-intro = Si vous perdez votre téléphone, chacun de ces codes vous permet de vous connecter une fois à la place de l'application. Conservez-les en lieu sûr, ailleurs que sur votre téléphone. Ils ne s'affichent qu'ici, pendant quelques minutes.
backup-codes-download = Télécharger en fichier texte
backup-codes-print = Imprimer
backup-codes-copy = Copier
backup-codes-copied = Copié
backup-codes-saved = Je les ai enregistrés — continuer
backup-codes-file = Codes de secours pour { $site }
    Chaque code fonctionne une seule fois, à la place de votre application d'authentification.
new-codes-title = Codes de secours
new-codes-left = { $left ->
    [one] Il vous reste <strong>{ $left }</strong> code de secours inutilisé. Un nouveau jeu de codes le remplace ; l'ancien code ne fonctionnera plus.
   *[other] Il vous reste <strong>{ $left }</strong> codes de secours inutilisés. Un nouveau jeu de codes les remplace tous ; les anciens codes ne fonctionneront plus.
}
new-codes-proof = Pour confirmer, un code de votre application d'authentification (ou un code de secours)
new-codes-button = Générer de nouveaux codes de secours
few-codes-title = Il vous reste peu de codes de secours
codes-gone-title = Ces codes ne sont plus affichés
codes-gone = Les codes de secours restent affichés quelques minutes après leur création, jusqu’à ce que vous indiquiez les avoir enregistrés. Si vous ne les avez pas gardés, créez-en de nouveaux : les anciens cesseront alors de fonctionner.
few-codes = { $left ->
    [one] Il vous reste { $left } code de secours. Générez-en un nouveau jeu dès maintenant pour ne pas perdre l'accès à votre compte si vous perdez votre téléphone.
   *[other] Il vous reste { $left } codes de secours. Générez-en un nouveau jeu dès maintenant pour ne pas perdre l'accès à votre compte si vous perdez votre téléphone.
}

## Trusted devices

devices-title = Appareils de confiance
devices-none = Vous n'avez aucun appareil de confiance. Lorsque vous saisissez un code, cochez « Faire confiance à cet appareil » pour ne plus avoir à saisir de code sur ce navigateur.
devices-intro = Sur ces navigateurs, votre mot de passe suffit pour vous connecter, jusqu'à la date indiquée. Révoquez ceux que vous n'utilisez plus ou que vous ne reconnaissez pas : révoquer un appareil met aussi fin à toutes les sessions qu'il a ouvertes, y compris la vôtre ici si vous vous êtes connecté par son biais.
devices-this-browser = ce navigateur
unknown-browser = Navigateur inconnu
devices-dates = approuvé le { $created } · dernière utilisation le { $used } · jusqu'au { $expires }
devices-revoke = Révoquer
devices-revoke-label = Révoquer { $device }
devices-revoke-all = Tout révoquer
devices-signed-out-title = Vous êtes déconnecté sur ce navigateur
devices-signed-out = L'appareil que vous avez révoqué avait connecté ce navigateur : sa session a donc également pris fin, ainsi que toutes les autres sessions ouvertes par cet appareil.
devices-missing-title = Il manque quelque chose
devices-missing = Cette demande n'a pas pu être comprise.
devices-back = Retour à vos appareils

## Sign-in methods

security-title = Méthodes de connexion
security-two-factor = Authentification à deux facteurs
security-off = Désactivée : votre mot de passe suffit pour vous connecter.
security-off-until = Désactivée : votre mot de passe suffit pour vous connecter jusqu'au { $deadline } ; ensuite, vous devrez la configurer lors de la connexion.
security-turn-on = Activer l'authentification à deux facteurs
security-intro = Chaque modification demande d'abord un code actuel : celui de la méthode que vous modifiez, ou l'un de vos codes de secours ; l'une de vos clés d'accès suffit pour confirmer toute modification.
security-app = Application d'authentification
security-on = Activé.
security-off-short = Désactivé.
security-on-to = Activé, vers { $to }.
security-app-move = Passer à un nouveau téléphone ou à une nouvelle application
security-app-move-proof = Code de votre application actuelle, ou un code de secours
security-app-off = Désactiver l'application d'authentification
security-app-off-proof = Code de votre application, ou un code de secours
security-app-add = Configurer une application d'authentification
security-app-add-proof = Un code que nous vous avons envoyé, ou un code de secours
security-only-method = C'est votre seul moyen d'obtenir un code de connexion ; ajoutez-en un autre avant de le supprimer.
security-passkeys = Clés d'accès et clés de sécurité
security-passkeys-none = Aucune pour l'instant. Une clé d'accès vous connecte avec votre empreinte digitale, votre visage, votre code PIN ou une clé de sécurité, et aucun faux site ne peut l'utiliser.
security-passkey-added = Ajoutée le { $added }
security-passkey-added-used = Ajoutée le { $added }, dernière utilisation le { $used }
security-rename = Renommer
security-new-name = Nouveau nom
security-remove = Supprimer
security-passkey-off-proof = Un code de secours (ou utilisez la clé d'accès)
security-only-passkey = C'est votre seul moyen de vous connecter avec un second facteur ; ajoutez-en un autre avant de le supprimer.
security-passkey-make-now = Créez maintenant la clé d'accès : votre navigateur vous demandera votre empreinte digitale, votre visage, votre code PIN ou votre clé de sécurité.
security-passkey-its-name = Son nom
security-passkey-create = Créer la clé d'accès
security-passkey-add = Ajouter une clé d'accès ou une clé de sécurité
security-email = Codes par e-mail
security-email-off = Désactiver les codes par e-mail
security-email-off-proof = Code reçu par e-mail, ou un code de secours
security-email-on = Activer les codes par e-mail
security-email-on-proof = Un code actuel d'une autre méthode, ou un code de secours
security-turn-on-short = Activer
security-sms = Codes par SMS
security-no-phone = Aucun numéro de téléphone.
security-phone-change = Changer de numéro de téléphone
security-phone-add = Ajouter un numéro de téléphone
security-phone-new = Nouveau numéro, au format international (+33 6 …)
security-phone-send = Envoyer les codes
security-phone-remove = Supprimer votre numéro de téléphone
security-phone-remove-proof = Code reçu par SMS, ou un code de secours
security-factor = Authentificateur distinct : { $factor }
security-factor-set-up = Configuré. Certaines parties de ce site demandent son code pour { $factor }.
security-factor-not-set-up = Non configuré.
security-factor-set-up-link = Configurer un authentificateur { $factor }
security-backup-left = Codes inutilisés : { $left }.
security-backup-new = Générer un nouveau jeu
security-may-turn-off = Activée. Vous pouvez la désactiver : votre mot de passe suffira alors pour vous connecter, et votre application, vos clés d'accès, vos codes et vos codes de secours seront supprimés.
security-turn-off = Désactiver l'authentification à deux facteurs
security-turn-off-short = Désactiver
security-not-this-form = Ce formulaire n'appartient pas à cette page.
security-cannot-turn-off = L'authentification à deux facteurs ne peut pas être désactivée ici.
security-turned-off = L'authentification à deux facteurs est désactivée. Votre mot de passe suffit pour vous connecter.
security-nowhere-to-send = Aucune destination n'est disponible pour envoyer ce code.
security-code-sent = Nous avons envoyé un code à { $to }.
security-not-set-up = Cette méthode n'est pas configurée.
security-only-way = C'est votre seul moyen d'obtenir un code de connexion ici. Ajoutez-en un autre avant de le supprimer.
security-removed = Supprimé.
security-email-not-possible = Les codes par e-mail ne peuvent pas être activés pour ce compte.
security-email-is-on = Les codes par e-mail sont activés.
security-app-is-set-up = Votre application d'authentification est configurée. Les codes de toute ancienne application ne fonctionnent plus.
security-no-sms = Aucun site ici n'envoie de codes par SMS.
security-same-number = C'est déjà votre numéro actuel.
security-phone-is-set-up = Votre nouveau numéro de téléphone est configuré.
security-too-many-passkeys = Vous avez atteint le nombre maximal de clés d'accès pour un compte. Supprimez d'abord une clé que vous n'utilisez plus.
security-no-passkeys-here = Les clés d'accès ne peuvent pas être utilisées sur ce site.
security-passkey-is-set-up = Votre clé d'accès est configurée.
security-no-such-passkey = Cette clé d'accès n'est pas configurée.
security-renamed = Renommée.
security-phone-invalid = Ce numéro n’est pas au format international : commencez par + et l’indicatif du pays, par ex. +4915112345678.
phone-change-title = Confirmez votre nouveau numéro
phone-change-sent = Nous avons envoyé un code au <strong>{ $number }</strong>. Il peut mettre une minute à arriver.
phone-change-sent-both = Nous avons envoyé un code au <strong>{ $number }</strong> et un autre à votre numéro actuel, le { $old }. Ils peuvent mettre une minute à arriver.
phone-change-code-new = Code envoyé au { $number }
phone-change-code-old = Code envoyé au { $old } (téléphone perdu ? un code de secours)
phone-change-code-proof = Un code de votre application d'authentification, ou un code de secours

## Separate factors for step-ups

factor-enrol-title = Configurer votre authentificateur { $factor }
factor-enrol-intro = { $site } demande un code distinct pour { $factor }. Ajoutez un nouveau compte dans votre application d'authentification (sur un autre appareil, si possible) et scannez ce code ; ce n'est pas votre code de connexion.
factor-enrol-proof = Pour confirmer votre identité : un code de votre application de connexion (ou un code de secours)
factor-enrol-code = Le code à 6 chiffres affiché par la nouvelle entrée { $factor }
factor-wrong-new-code = Le code de la nouvelle entrée est incorrect. Vérifiez que vous avez bien scanné le code de cette page.
step-up-title = Confirmez avec votre code { $factor }
step-up-intro = Cette partie de { $site } demande un nouveau code de votre authentificateur <strong>{ $factor }</strong> — et non votre code de connexion.
step-up-code = Code { $factor } à 6 chiffres
step-up-code-or-backup = Code { $factor } à 6 chiffres, ou code de secours { $factor }
step-up-wrong = Ce code est incorrect. Utilisez le code de cet authentificateur distinct, et non votre code de connexion.
step-up-no-such = Cet authentificateur n'existe pas ici.
step-up-not-set-up-title = Pas encore configuré
step-up-not-set-up = Cette action nécessite un authentificateur { $factor } distinct. Configurez-le sur votre page Méthodes de connexion, puis réessayez.

## Refusals

not-found-title = Page introuvable
not-found = Cette page n'existe pas.
form-expired-title = Ce formulaire a expiré
form-expired = Veuillez recharger la page et réessayer.
start-again = Recommencer
locked-title = Trop de tentatives
locked-until = { $minutes ->
    [one] La connexion est suspendue après trop de tentatives infructueuses. Réessayez dans { $minutes } minute (à partir de { $time }).
   *[other] La connexion est suspendue après trop de tentatives infructueuses. Réessayez dans { $minutes } minutes (à partir de { $time }).
}
locked-disabled = La connexion est bloquée après trop de tentatives infructueuses. Demandez à votre administrateur de la débloquer.
locked-ways = Téléphone perdu ? Une fois la pause terminée, un code de secours vous connecte à la place de l’application.
locked-sign-in = Se reconnecter, ou avec un autre compte
unavailable-title = Connexion indisponible
unavailable = Un problème est survenu de notre côté. Veuillez réessayer dans une minute.
reference = Référence pour votre administrateur : { $id }
unknown-host-title = Ce site n’est pas servi ici
unknown-host = Aucun site n’est configuré à cette adresse. Vérifiez l’adresse saisie ou le lien que vous avez suivi.
internal-title = Une erreur s’est produite
internal = La passerelle n’a pas pu répondre à cette requête et n’a rien transmis au site. Veuillez réessayer ; si cela se reproduit, donnez à votre administrateur la référence ci-dessous.
denied-title = Accès refusé
denied = Cette adresse ne vous est pas accessible.
held-submit-again = Veuillez renvoyer le formulaire
held-too-large = Ce formulaire est trop volumineux pour être conservé pendant que nous vous demandons votre code. Saisissez d'abord votre code, puis renvoyez le formulaire.
held-enter-code = Saisissez votre code
held-expired = Nous conservons un formulaire pendant cinq minutes le temps de vous demander votre code ; celui-ci a expiré ou a déjà été envoyé. Veuillez le remplir et l'envoyer à nouveau.
back-to-site = Retour au site

## Emails

email-hello = Bonjour { $name },
email-when = Date :       { $time }
email-browser = Navigateur : { $browser }
email-where = Lieu :       { $place } (approximatif)
email-not-you = Si ce n'était pas vous, prévenez immédiatement votre administrateur.
email-code-sign-in-subject = Votre code de connexion pour { $site }
email-code-sign-in = Votre code pour vous connecter à { $site } est { $code }.
    Il ne fonctionne qu'une seule fois, pendant { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }.

    Si vous ne l'avez pas demandé, quelqu'un connaît votre mot de passe : changez-le et prévenez votre administrateur.
email-code-confirm-subject = Votre code pour confirmer une modification sur { $site }
email-code-confirm = Votre code pour confirmer une modification de votre mode de connexion à { $site } est { $code }.
    Il ne fonctionne qu'une seule fois, pendant { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }.

    Si vous ne l'avez pas demandé, prévenez votre administrateur.
notice-enrolled-subject = L'authentification à deux facteurs est maintenant activée pour votre compte
notice-enrolled = Une application d'authentification a été configurée pour votre compte sur { $site }.
notice-device-trusted-subject = Un appareil de confiance a été ajouté à votre compte
notice-device-trusted = Un navigateur a été défini comme appareil de confiance sur { $site } : sur celui-ci, votre mot de passe suffit pour vous connecter.
notice-codes-renewed-subject = Vous avez de nouveaux codes de secours
notice-codes-renewed = Un nouveau jeu de codes de secours a été généré sur { $site } ; les anciens codes ne fonctionnent plus.
notice-code-used-subject = Un code de secours a été utilisé pour vous connecter
notice-code-used = Un code de secours a été utilisé pour vous connecter sur { $site }. Codes inutilisés restants : { $left }.
notice-method-added-subject = Une méthode de connexion a été ajoutée à votre compte
notice-method-added = Méthode de connexion ajoutée sur { $site } : { $method }.
notice-method-changed-subject = Une méthode de connexion de votre compte a été modifiée
notice-method-changed = Méthode de connexion modifiée sur { $site } : { $method }.
notice-method-removed-subject = Une méthode de connexion a été supprimée de votre compte
notice-method-removed = Méthode de connexion supprimée sur { $site } : { $method }.
notice-factor-added-subject = Un authentificateur distinct a été configuré pour votre compte
notice-factor-added = Un authentificateur distinct, demandé dans les parties protégées de { $site }, a été configuré.
notice-off-subject = L'authentification à deux facteurs a été désactivée pour votre compte
notice-off = L'authentification à deux facteurs a été désactivée sur { $site } : votre mot de passe suffit désormais pour vous connecter.
notice-reset-subject = Un administrateur a réinitialisé votre authentification à deux facteurs
notice-reset = Un administrateur a supprimé votre authentificateur, vos codes de secours et vos appareils de confiance sur { $site }. Vous configurerez à nouveau un authentificateur lors de votre prochaine connexion.
notice-every-site = tous les sites derrière cette passerelle
method-app = votre application d'authentification
method-email = les codes par e-mail
method-phone = les codes par SMS
method-passkey = une clé d'accès ou une clé de sécurité
