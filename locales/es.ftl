# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Continuar
button-confirm = Confirmar
button-verify = Verificar
button-cancel = Cancelar
back-to-account = Volver a tu cuenta
back-to-security = Volver a los métodos de inicio de sesión
code-6-digit = Código de 6 dígitos
code-from-email = Código del correo
code-from-sms = Código del SMS
proof-any = Un código actual de cualquier método o un código de respaldo
passkey-default-name = Llave de acceso
held-form-kept = El formulario que enviaste se conserva: se enviará en cuanto introduzcas el código.
language-switch = Idioma
help-link = ¿Necesitas ayuda para iniciar sesión?
span-days = { $n ->
    [one] un día
   *[other] { $n } días
}
span-hours = { $n ->
    [one] una hora
   *[other] { $n } horas
}
span-minutes = { $n ->
    [one] un minuto
   *[other] { $n } minutos
}
span-seconds = { $n ->
    [one] un segundo
   *[other] { $n } segundos
}
js-passkey-instead = Usar una llave de acceso
js-passkey-cancelled = No se usó la llave de acceso (se canceló o tardó demasiado). Puedes volver a intentarlo.
js-passkey-failed = Este navegador no ha podido usar una llave de acceso aquí:

## Sign-in

login-title = Iniciar sesión
login-username = Nombre de usuario
login-password = Contraseña
login-passkey-aside = O, sin tu contraseña:
login-passkey-button = Iniciar sesión con una llave de acceso
login-wrong = El nombre de usuario y la contraseña no coinciden. Inténtalo de nuevo.
login-busy-title = Demasiados inicios de sesión en este momento
login-busy = Espera unos segundos y vuelve a intentarlo.
try-again = Reintentar
passkey-unknown = Esa llave de acceso no está registrada aquí. Inicia sesión con tu contraseña.
passkey-not-taken = No se ha aceptado esa llave de acceso. Inténtalo de nuevo o usa otra forma de iniciar sesión.
passkey-new-password = Tu contraseña ha cambiado desde la última vez que se usó con esta llave de acceso. Inicia sesión una vez con tu contraseña y la llave de acceso volverá a funcionar por sí sola.
passkey-expired = Ha tardado demasiado o la página ya se había usado. Inténtalo de nuevo.
passkey-cloned = Es posible que esa llave de acceso se haya copiado, así que se ha rechazado. Usa otra forma de iniciar sesión e informa a tu administrador.

## Account and sign-out

account-title = Tu cuenta
account-signed-in-as = Has iniciado sesión como <strong>{ $name }</strong> ({ $username }).
account-forget-device = Olvidar este dispositivo: pedir un código aquí la próxima vez
account-sign-out = Cerrar sesión
signed-out-title = Has cerrado sesión
signed-out = Tu sesión ha finalizado en este dispositivo.
signed-out-forgotten = Tu sesión ha finalizado y este dispositivo ya no es de confianza.
sign-in-again = Volver a iniciar sesión

## Enrolment

enrol-title = Configura tu autenticador
enrol-heading = Configura la verificación en dos pasos
enrol-replacing = Tu nueva aplicación sustituirá a la anterior en cuanto muestre su primer código.
enrol-why = { $site } pide un código de una aplicación de autenticación cada vez que inicias sesión.
enrol-how = Abre tu aplicación (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile o cualquier otra aplicación TOTP), añade una cuenta y escanea este código.
enrol-code = Introduce el código de 6 dígitos que muestra la aplicación
enrol-passkey-heading = O usa una llave de acceso
enrol-passkey-intro = Una llave de acceso en este dispositivo, en tu teléfono o en una llave de seguridad (como una YubiKey) te permite iniciar sesión con tu huella, tu cara o un PIN en lugar de un código, y ningún sitio que imite a este puede usarla.
enrol-passkey-name = Su nombre, para tu página de seguridad
enrol-passkey-button = Usar una llave de acceso en su lugar
scan-qr-label = Código QR con el secreto de tu autenticador
scan-by-hand = ¿No puedes escanearlo? Introduce la clave manualmente
scan-account = Cuenta: <strong>{ $account }</strong>
scan-key = Clave:
scan-type = Tipo: basado en tiempo, 6 dígitos, cada 30 segundos.
scan-open-app = Abrir en una aplicación de autenticación de este dispositivo
scan-add-to-app = Añadir a la aplicación de autenticación
remember-label = Confiar en este dispositivo durante { $period }
remember-hint = Así, bastará con tu contraseña para iniciar sesión desde este navegador. No marques esta opción en un ordenador compartido.
grace-why = Un segundo paso al iniciar sesión, un código de una aplicación de tu teléfono, protege tu cuenta aunque alguien descubra tu contraseña. Solo lleva un minuto.
grace-until = Puedes aplazarlo hasta el { $deadline }. Después, tendrás que configurarlo al iniciar sesión.
grace-now = Configurar ahora
grace-later = { $days ->
    [one] Más tarde — queda un día
   *[other] Más tarde — quedan { $days } días
}

## The code

challenge-title = Introduce tu código
challenge-heading = Verificación en dos pasos
challenge-trusted-device = Esta parte de { $site } pide un código incluso en un dispositivo de confianza.
challenge-again = Esta parte de { $site } vuelve a pedir tu código.
challenge-only-passkey = Esta parte de { $site } pide tu llave de acceso o de seguridad.
challenge-only-passkey-none = Esta parte de { $site } pide tu llave de acceso o de seguridad, y aún no tienes ninguna.
challenge-only-passkey-add = Añade una en tu página de seguridad y vuelve después.
challenge-app = Abre tu aplicación de autenticación e introduce el código de <strong>{ $account }</strong>.
challenge-passkey = Usa tu llave de acceso o de seguridad para <strong>{ $account }</strong>.
challenge-send-where = Enviaremos un código a <strong>{ $account }</strong>: elige dónde.
challenge-passkeys-elsewhere = Tus llaves de acceso se crearon para otro sitio y no funcionan en { $site }. Inicia sesión con un código de respaldo y, después, añade aquí una llave de acceso o una aplicación en tu página de seguridad.
challenge-app-off = { $site } acepta códigos de una aplicación de autenticación, pero la desactivaste. Inicia sesión con un código de respaldo y vuelve a configurar una aplicación en tu página de seguridad.
challenge-passkey-button = Usar una llave de acceso o de seguridad
challenge-app-not-at-hand = ¿No tienes la aplicación a mano?
challenge-email-instead = Recibir un código por correo
challenge-sms-instead = Recibir un código por SMS
challenge-email-me = Enviarme un código por correo
challenge-sms-me = Enviarme un código por SMS
challenge-lost-phone = ¿Has perdido el teléfono? Usa un código de respaldo
challenge-someone-else = Iniciar sesión con otra cuenta
wrong-code = Ese código no es correcto. Introduce el código que muestra ahora tu aplicación; si sigue fallando, comprueba que la hora de tu teléfono se ajusta automáticamente.
used-code = Ese código ya se ha usado. Espera a que tu aplicación muestre el siguiente.
wrong-backup-code = Ese código de respaldo no es correcto o ya se ha usado. Cada código solo funciona una vez.
wrong-sent-code = Ese código no es correcto o ha caducado. Solo funciona el último código que hemos enviado.
wrong-proof = Ese código no es correcto. Usa un código actual del método indicado o un código de respaldo.
tries-left = { $left ->
        [one] Te queda un intento antes de que el inicio de sesión se pause un rato.
       *[other] Te quedan { $left } intentos antes de que el inicio de sesión se pause un rato.
    }
tries-left-lasting = { $left ->
        [one] Te queda un intento antes de que el inicio de sesión se bloquee hasta que un administrador lo desbloquee.
       *[other] Te quedan { $left } intentos antes de que el inicio de sesión se bloquee hasta que un administrador lo desbloquee.
    }

## Codes sent by email or text message

sent-code-title = Introduce el código que te hemos enviado
sent-code-check-phone = Revisa tu teléfono
sent-code-check-email = Revisa tu correo
sent-code-sent = Hemos enviado un código a <strong>{ $to }</strong>. Puede tardar un minuto en llegar.
sent-code-nothing = ¿No ha llegado nada?
sent-code-again = Enviar un código nuevo
sent-code-other-ways = Otras formas de iniciar sesión
sent-code-wait = Espera { $wait } antes de pedir otro: se acaba de enviar un código.

## Backup codes

recover-title = Usar un código de respaldo
recover-intro = Introduce uno de los códigos de respaldo que guardaste al configurar la verificación en dos pasos. Cada código solo funciona una vez.
recover-code = Código de respaldo
recover-button = Iniciar sesión
recover-none = ¿Tampoco tienes códigos? Pide a tu administrador que restablezca tu verificación en dos pasos.
backup-codes-title = Tus códigos de respaldo
backup-codes-heading = Guarda tus códigos de respaldo
backup-codes-intro = Si pierdes el teléfono, cada uno de estos códigos te permite iniciar sesión una vez sin la aplicación. Guárdalos en un lugar seguro, lejos de tu teléfono. Solo se muestran aquí, durante unos minutos.
backup-codes-download = Descargar como archivo de texto
backup-codes-print = Imprimir
backup-codes-copy = Copiar
backup-codes-copied = Copiado
backup-codes-saved = Ya los he guardado — continuar
backup-codes-file = Códigos de respaldo de { $site }
    Cada código funciona una vez, en lugar de tu aplicación de autenticación.
new-codes-title = Códigos de respaldo
new-codes-left = { $left ->
    [one] Tienes <strong>un</strong> código de respaldo sin usar. Un conjunto nuevo lo sustituirá y el código anterior dejará de funcionar.
   *[other] Tienes <strong>{ $left }</strong> códigos de respaldo sin usar. Un conjunto nuevo los sustituirá a todos y los códigos anteriores dejarán de funcionar.
}
new-codes-proof = Para confirmar, un código de tu aplicación de autenticación (o un código de respaldo)
new-codes-button = Generar nuevos códigos de respaldo
few-codes-title = Quedan pocos códigos de respaldo
codes-gone-title = Estos códigos ya no se muestran
codes-gone = Los códigos de respaldo se muestran unos minutos después de crearse, hasta que indicas que los has guardado. Si no los guardaste, crea un conjunto nuevo: el anterior dejará de funcionar.
few-codes = { $left ->
    [one] Te queda un código de respaldo. Genera un conjunto nuevo ahora para no quedarte sin acceso si pierdes el teléfono.
   *[other] Te quedan { $left } códigos de respaldo. Genera un conjunto nuevo ahora para no quedarte sin acceso si pierdes el teléfono.
}

## Trusted devices

devices-title = Dispositivos de confianza
devices-none = No tienes dispositivos de confianza. Al introducir un código, marca «Confiar en este dispositivo» para no tener que introducirlo en ese navegador.
devices-intro = En estos navegadores basta con tu contraseña para iniciar sesión, hasta la fecha indicada. Revoca los que ya no uses o no reconozcas: al revocar uno también se cierran todas las sesiones que inició, incluida esta si fue el que te dio acceso.
devices-this-browser = este navegador
unknown-browser = Navegador desconocido
devices-dates = de confianza desde el { $created } · último uso el { $used } · hasta el { $expires }
devices-revoke = Revocar
devices-revoke-label = Revocar { $device }
devices-revoke-all = Revocar todos
devices-signed-out-title = Se ha cerrado tu sesión aquí
devices-signed-out = El dispositivo que revocaste había iniciado la sesión de este navegador, así que esa sesión también ha finalizado, junto con todas las demás que inició el dispositivo.
devices-missing-title = Faltaba algo
devices-missing = No se ha podido entender esa solicitud.
devices-back = Volver a tus dispositivos

## Sign-in methods

security-title = Métodos de inicio de sesión
security-two-factor = Verificación en dos pasos
security-off = Desactivada: basta con tu contraseña para iniciar sesión.
security-off-until = Desactivada: basta con tu contraseña para iniciar sesión hasta el { $deadline }; después, tendrás que configurarla al iniciar sesión.
security-turn-on = Activar la verificación en dos pasos
security-intro = Cada cambio pide primero un código actual, del método que cambias o uno de tus códigos de respaldo; cualquiera de tus llaves de acceso sirve para confirmar cualquier cambio.
security-app = Aplicación de autenticación
security-on = Activado.
security-off-short = Desactivado.
security-on-to = Activado; se envían a { $to }.
security-app-move = Cambiar a un teléfono o una aplicación nuevos
security-app-move-proof = Código de tu aplicación actual o un código de respaldo
security-app-off = Desactivar la aplicación de autenticación
security-app-off-proof = Código de tu aplicación o un código de respaldo
security-app-add = Configurar una aplicación de autenticación
security-app-add-proof = Un código que te hayamos enviado o un código de respaldo
security-only-method = Es tu única forma de recibir un código de inicio de sesión; añade otra antes de quitarla.
security-passkeys = Llaves de acceso y llaves de seguridad
security-passkeys-none = Aún no tienes ninguna. Una llave de acceso te permite iniciar sesión con tu huella, tu cara, un PIN o una llave de seguridad, y ningún sitio que imite a este puede usarla.
security-passkey-added = Añadida el { $added }
security-passkey-added-used = Añadida el { $added }, último uso el { $used }
security-rename = Cambiar nombre
security-new-name = Nombre nuevo
security-remove = Quitar
security-passkey-off-proof = Un código de respaldo (o usa la llave de acceso)
security-only-passkey = Es tu única forma de iniciar sesión con un segundo factor; añade otra antes de quitarla.
security-passkey-make-now = Ahora crea la llave de acceso: tu navegador te pedirá tu huella, tu cara, un PIN o una llave de seguridad.
security-passkey-its-name = Su nombre
security-passkey-create = Crear la llave de acceso
security-passkey-add = Añadir una llave de acceso o de seguridad
security-email = Códigos por correo
security-email-off = Desactivar los códigos por correo
security-email-off-proof = Código del correo o un código de respaldo
security-email-on = Activar los códigos por correo
security-email-on-proof = Un código actual de otro método o un código de respaldo
security-turn-on-short = Activar
security-sms = Códigos por SMS
security-no-phone = No hay ningún número de teléfono.
security-phone-change = Cambiar tu número de teléfono
security-phone-add = Añadir un número de teléfono
security-phone-new = Número nuevo, en formato internacional (+34 612 …)
security-phone-send = Enviar códigos
security-phone-remove = Quitar tu número de teléfono
security-phone-remove-proof = Código del SMS o un código de respaldo
security-factor = Autenticador independiente: { $factor }
security-factor-set-up = Configurado. Algunas partes de este sitio piden su código antes de { $factor }.
security-factor-not-set-up = Sin configurar.
security-factor-set-up-link = Configurar un autenticador para { $factor }
security-backup-left = { $left } sin usar.
security-backup-new = Generar un conjunto nuevo
security-may-turn-off = Activada. Puedes desactivarla: entonces bastará con tu contraseña para iniciar sesión, y se eliminarán tu aplicación, tus llaves de acceso, tus códigos y tus códigos de respaldo.
security-turn-off = Desactivar la verificación en dos pasos
security-turn-off-short = Desactivar
security-not-this-form = Ese formulario no pertenece a esta página.
security-cannot-turn-off = La verificación en dos pasos no se puede desactivar aquí.
security-turned-off = La verificación en dos pasos está desactivada. Basta con tu contraseña para iniciar sesión.
security-nowhere-to-send = No hay ningún destino al que enviar ese código.
security-code-sent = Hemos enviado un código a { $to }.
security-not-set-up = Ese método no está configurado.
security-only-way = Es tu única forma de recibir aquí un código de inicio de sesión. Añade otra antes de quitarla.
security-removed = Se ha quitado.
security-email-not-possible = Los códigos por correo no se pueden activar para esta cuenta.
security-email-is-on = Los códigos por correo están activados.
security-app-is-set-up = Tu aplicación de autenticación está configurada. Los códigos de cualquier aplicación anterior ya no funcionan.
security-no-sms = Ningún sitio de aquí envía códigos por SMS.
security-same-number = Ese ya es tu número.
security-phone-is-set-up = Tu nuevo número de teléfono está configurado.
security-too-many-passkeys = Ya tienes el máximo de llaves de acceso que puede tener una cuenta. Primero quita una que ya no uses.
security-no-passkeys-here = En este sitio no se pueden usar llaves de acceso.
security-passkey-is-set-up = Tu llave de acceso está configurada.
security-no-such-passkey = Esa llave de acceso no está configurada.
security-renamed = Se ha cambiado el nombre.
security-phone-invalid = Ese número no está en formato internacional: empiece por + y el prefijo del país, p. ej. +4915112345678.
phone-change-title = Confirma tu nuevo número
phone-change-sent = Hemos enviado un código a <strong>{ $number }</strong>. Puede tardar un minuto en llegar.
phone-change-sent-both = Hemos enviado un código a <strong>{ $number }</strong> y otro a tu número actual, { $old }. Pueden tardar un minuto en llegar.
phone-change-code-new = Código enviado a { $number }
phone-change-code-old = Código enviado a { $old } (¿has perdido ese teléfono? Usa un código de respaldo)
phone-change-code-proof = Un código de tu aplicación de autenticación o un código de respaldo

## Separate factors for step-ups

factor-enrol-title = Configura tu autenticador para { $factor }
factor-enrol-intro = { $site } pide un código independiente para { $factor }. Añade una cuenta nueva en tu aplicación de autenticación (en otro dispositivo, si puedes) y escanea este código; no es tu código de inicio de sesión.
factor-enrol-proof = Para confirmar que eres tú: un código de tu aplicación de inicio de sesión (o un código de respaldo)
factor-enrol-code = El código de 6 dígitos que muestra la nueva entrada de { $factor }
factor-wrong-new-code = El código de la nueva entrada no es correcto. Comprueba que has escaneado el código de esta página.
step-up-title = Confirma con tu código de { $factor }
step-up-intro = Esta parte de { $site } pide un código nuevo de tu autenticador para <strong>{ $factor }</strong> — no tu código de inicio de sesión.
step-up-code = Código de { $factor } de 6 dígitos
step-up-code-or-backup = Código de { $factor } de 6 dígitos o un código de respaldo de { $factor }
step-up-wrong = Ese código no es correcto. Usa el código de este autenticador independiente, no tu código de inicio de sesión.
step-up-no-such = Aquí no existe ese autenticador.
step-up-not-set-up-title = Aún no está configurado
step-up-not-set-up = Se necesita un autenticador independiente para { $factor }. Configúralo en tu página de métodos de inicio de sesión y vuelve a intentarlo.

## Refusals

not-found-title = Página no encontrada
not-found = Esta página no existe.
form-expired-title = Este formulario ha caducado
form-expired = Vuelve a cargar la página e inténtalo de nuevo.
start-again = Empezar de nuevo
locked-title = Demasiados intentos
locked-until = { $minutes ->
    [one] El inicio de sesión está en pausa tras demasiados intentos fallidos. Vuelve a intentarlo dentro de un minuto (a partir de las { $time }).
   *[other] El inicio de sesión está en pausa tras demasiados intentos fallidos. Vuelve a intentarlo dentro de { $minutes } minutos (a partir de las { $time }).
}
locked-disabled = El inicio de sesión está bloqueado tras demasiados intentos fallidos. Pide a tu administrador que lo desbloquee.
locked-ways = ¿Has perdido el teléfono? Cuando termine la pausa, un código de respaldo te permite iniciar sesión en lugar de la aplicación.
locked-sign-in = Volver a iniciar sesión, o con otra cuenta
unavailable-title = El inicio de sesión no está disponible
unavailable = Algo ha fallado por nuestra parte. Vuelve a intentarlo dentro de un minuto.
reference = Referencia para tu administrador: { $id }
unknown-host-title = Este sitio no se sirve aquí
unknown-host = No hay ningún sitio configurado en esta dirección. Comprueba la dirección que escribiste o el enlace que seguiste.
internal-title = Algo ha fallado
internal = La pasarela no pudo responder a esta solicitud y no envió nada al sitio. Vuelve a intentarlo; si sigue ocurriendo, da a tu administrador la referencia de abajo.
denied-title = Acceso denegado
denied = Esta dirección no está disponible para ti.
held-submit-again = Vuelve a enviar el formulario
held-too-large = Este formulario es demasiado grande para conservarlo mientras te pedimos el código. Introduce primero el código y, después, vuelve a enviar el formulario.
held-enter-code = Introduce tu código
held-expired = Conservamos los formularios durante cinco minutos mientras te pedimos el código; este ha caducado o ya se envió. Rellénalo y vuelve a enviarlo.
back-to-site = Volver al sitio

## Emails

email-hello = Hola, { $name }:
email-when = Cuándo:    { $time }
email-browser = Navegador: { $browser }
email-where = Dónde:     { $place } (aproximadamente)
email-not-you = Si no has sido tú, informa a tu administrador de inmediato.
email-code-sign-in-subject = Tu código de inicio de sesión para { $site }
email-code-sign-in = Tu código para iniciar sesión en { $site } es { $code }.
    Solo funciona una vez y caduca en { $minutes ->
        [one] un minuto
       *[other] { $minutes } minutos
    }.

    Si no lo has pedido, alguien conoce tu contraseña: cámbiala e informa a tu administrador.
email-code-confirm-subject = Tu código para confirmar un cambio en { $site }
email-code-confirm = Tu código para confirmar un cambio en la forma de iniciar sesión en { $site } es { $code }.
    Solo funciona una vez y caduca en { $minutes ->
        [one] un minuto
       *[other] { $minutes } minutos
    }.

    Si no lo has pedido, informa a tu administrador.
notice-enrolled-subject = La verificación en dos pasos ya está activada en tu cuenta
notice-enrolled = Se ha configurado una aplicación de autenticación para tu cuenta en { $site }.
notice-device-trusted-subject = Se ha marcado un dispositivo como de confianza en tu cuenta
notice-device-trusted = Se ha marcado un navegador como de confianza en { $site }: en él, basta con tu contraseña para iniciar sesión.
notice-codes-renewed-subject = Tienes nuevos códigos de respaldo
notice-codes-renewed = Se ha generado un nuevo conjunto de códigos de respaldo en { $site }; los códigos anteriores ya no funcionan.
notice-code-used-subject = Se ha usado un código de respaldo para iniciar sesión
notice-code-used = Se ha usado un código de respaldo para iniciar sesión en { $site }. Códigos sin usar restantes: { $left }.
notice-method-added-subject = Se ha añadido un método de inicio de sesión a tu cuenta
notice-method-added = Método de inicio de sesión añadido en { $site }: { $method }.
notice-method-changed-subject = Se ha cambiado un método de inicio de sesión de tu cuenta
notice-method-changed = Método de inicio de sesión cambiado en { $site }: { $method }.
notice-method-removed-subject = Se ha quitado un método de inicio de sesión de tu cuenta
notice-method-removed = Método de inicio de sesión quitado en { $site }: { $method }.
notice-factor-added-subject = Se ha configurado un autenticador independiente para tu cuenta
notice-factor-added = Se ha configurado un autenticador independiente, que se pide en las partes protegidas de { $site }.
notice-off-subject = Se ha desactivado la verificación en dos pasos en tu cuenta
notice-off = Se ha desactivado la verificación en dos pasos en { $site }: ahora basta con tu contraseña para iniciar sesión.
notice-reset-subject = Un administrador ha restablecido tu verificación en dos pasos
notice-reset = Un administrador ha eliminado tu autenticador, tus códigos de respaldo y tus dispositivos de confianza en { $site }. Tendrás que volver a configurar un autenticador la próxima vez que inicies sesión.
notice-every-site = todos los sitios detrás de esta pasarela
method-app = tu aplicación de autenticación
method-email = códigos por correo
method-phone = códigos por SMS
method-passkey = una llave de acceso o de seguridad
