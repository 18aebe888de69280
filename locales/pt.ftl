# The gate's pages and emails, in English: the catalog every other language follows.
# Messages holding <strong> or <time> are HTML; their arguments are escaped before they go in.

## Shared

button-continue = Continuar
button-confirm = Confirmar
button-verify = Verificar
button-cancel = Cancelar
back-to-account = Voltar à sua conta
back-to-security = Voltar aos métodos de início de sessão
code-6-digit = Código de 6 dígitos
code-from-email = Código recebido por e-mail
code-from-sms = Código recebido por SMS
proof-any = Um código atual de qualquer método ou um código de recuperação
passkey-default-name = Chave de acesso
held-form-kept = O formulário que enviou foi guardado e será submetido assim que introduzir o código.
language-switch = Idioma
help-link = Precisa de ajuda para iniciar sessão?
span-days = { $n ->
    [one] { $n } dia
   *[other] { $n } dias
}
span-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
span-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
span-seconds = { $n ->
    [one] um segundo
   *[other] { $n } segundos
}
js-passkey-instead = Utilizar uma chave de acesso
js-passkey-cancelled = A chave de acesso não foi utilizada (a operação foi cancelada ou demorou demasiado tempo). Pode tentar novamente.
js-passkey-failed = Este navegador não conseguiu utilizar uma chave de acesso aqui:

## Sign-in

login-title = Iniciar sessão
login-username = Nome de utilizador
login-password = Palavra-passe
login-passkey-aside = Ou, sem palavra-passe:
login-passkey-button = Iniciar sessão com uma chave de acesso
login-wrong = O nome de utilizador e a palavra-passe não correspondem. Tente novamente.
login-busy-title = Demasiados inícios de sessão neste momento
login-busy = Aguarde alguns segundos e tente novamente.
try-again = Tentar novamente
passkey-unknown = Essa chave de acesso não está registada aqui. Inicie sessão com a sua palavra-passe.
passkey-not-taken = Essa chave de acesso não foi aceite. Tente novamente ou utilize outra forma de iniciar sessão.
passkey-new-password = A sua palavra-passe mudou desde a última vez que esta chave de acesso foi utilizada com ela. Inicie sessão uma vez com a palavra-passe e a chave de acesso voltará a funcionar sozinha.
passkey-expired = Demorou demasiado tempo ou a página já tinha sido utilizada. Tente novamente.
passkey-cloned = Essa chave de acesso pode ter sido copiada: foi recusada. Utilize outra forma de iniciar sessão e informe o seu administrador.

## Account and sign-out

account-title = A sua conta
account-signed-in-as = Sessão iniciada como <strong>{ $name }</strong> ({ $username }).
account-forget-device = Esquecer este dispositivo: pedir um código aqui da próxima vez
account-sign-out = Terminar sessão
signed-out-title = Sessão terminada
signed-out = A sua sessão terminou neste dispositivo.
signed-out-forgotten = A sua sessão terminou e este dispositivo deixou de ser de confiança.
sign-in-again = Iniciar sessão novamente

## Enrolment

enrol-title = Configurar a aplicação de autenticação
enrol-heading = Configurar a autenticação de dois fatores
enrol-replacing = A nova aplicação substitui a anterior assim que tiver mostrado o primeiro código.
enrol-why = { $site } pede um código de uma aplicação de autenticação sempre que inicia sessão.
enrol-how = Abra a sua aplicação (Google Authenticator, Microsoft Authenticator, Authy, 1Password, Duo Mobile ou qualquer outra aplicação TOTP), adicione uma conta e leia este código.
enrol-code = Introduza o código de 6 dígitos apresentado na aplicação
enrol-passkey-heading = Ou utilize uma chave de acesso
enrol-passkey-intro = Uma chave de acesso neste dispositivo, no seu telefone ou numa chave de segurança (como uma YubiKey) permite iniciar sessão com a impressão digital, o rosto ou o PIN em vez de um código, e nenhum site falso a pode utilizar.
enrol-passkey-name = Nome, para a sua página de segurança
enrol-passkey-button = Configurar uma chave de acesso
scan-qr-label = Código QR com o segredo da sua aplicação de autenticação
scan-by-hand = Não consegue ler o código? Introduza a chave manualmente
scan-account = Conta: <strong>{ $account }</strong>
scan-key = Chave:
scan-type = Tipo: baseado no tempo, 6 dígitos, a cada 30 segundos.
scan-open-app = Abrir numa aplicação de autenticação neste dispositivo
scan-add-to-app = Adicionar à aplicação de autenticação
remember-label = Confiar neste dispositivo durante { $period }
remember-hint = A partir daí, basta a palavra-passe para iniciar sessão neste navegador. Não selecione esta opção num computador partilhado.
grace-why = Um segundo passo no início de sessão, um código de uma aplicação no seu telefone, mantém a sua conta segura mesmo que alguém descubra a sua palavra-passe. Demora um minuto.
grace-until = Pode adiar até { $deadline }. Depois disso, a configuração será pedida ao iniciar sessão.
grace-now = Configurar agora
grace-later = { $days ->
    [one] Mais tarde — falta { $days } dia
   *[other] Mais tarde — faltam { $days } dias
}

## The code

challenge-title = Introduza o código
challenge-heading = Autenticação de dois fatores
challenge-trusted-device = Esta parte de { $site } pede um código mesmo num dispositivo de confiança.
challenge-again = Esta parte de { $site } volta a pedir o seu código.
challenge-only-passkey = Esta parte de { $site } pede a sua chave de acesso ou chave de segurança.
challenge-only-passkey-none = Esta parte de { $site } pede a sua chave de acesso ou chave de segurança, mas ainda não tem nenhuma.
challenge-only-passkey-add = Adicione uma na sua página de segurança e volte aqui.
challenge-app = Abra a sua aplicação de autenticação e introduza o código de <strong>{ $account }</strong>.
challenge-passkey = Utilize a sua chave de acesso ou chave de segurança para <strong>{ $account }</strong>.
challenge-send-where = Vamos enviar um código para <strong>{ $account }</strong>: escolha para onde.
challenge-passkeys-elsewhere = As suas chaves de acesso foram criadas para outro site e não funcionam em { $site }. Inicie sessão com um código de recuperação e, depois, adicione uma chave de acesso ou uma aplicação aqui, na sua página de segurança.
challenge-app-off = { $site } aceita códigos de uma aplicação de autenticação, que desativou. Inicie sessão com um código de recuperação e, depois, volte a configurar uma aplicação na sua página de segurança.
challenge-passkey-button = Utilizar uma chave de acesso ou chave de segurança
challenge-app-not-at-hand = Não tem a aplicação à mão?
challenge-email-instead = Receber um código por e-mail
challenge-sms-instead = Receber um código por SMS
challenge-email-me = Enviar-me um código por e-mail
challenge-sms-me = Enviar-me um código por SMS
challenge-lost-phone = Perdeu o telefone? Utilize um código de recuperação
challenge-someone-else = Iniciar sessão com outra conta
wrong-code = Esse código não está correto. Introduza o código que a aplicação mostra agora; se continuar a falhar, verifique se a data e a hora do seu telefone estão definidas automaticamente.
used-code = Esse código já foi utilizado. Aguarde que a aplicação mostre o seguinte.
wrong-backup-code = Esse código de recuperação não está correto ou já foi utilizado. Cada código só funciona uma vez.
wrong-sent-code = Esse código não está correto ou expirou. Só funciona o código mais recente que enviámos.
wrong-proof = Esse código não está correto. Utilize um código atual do método indicado ou um código de recuperação.
tries-left = { $left ->
        [one] Resta uma tentativa antes de o início de sessão ficar suspenso por algum tempo.
       *[other] Restam { $left } tentativas antes de o início de sessão ficar suspenso por algum tempo.
    }
tries-left-lasting = { $left ->
        [one] Resta uma tentativa antes de o início de sessão ser bloqueado até um administrador o desbloquear.
       *[other] Restam { $left } tentativas antes de o início de sessão ser bloqueado até um administrador o desbloquear.
    }

## Codes sent by email or text message

sent-code-title = Introduza o código que enviámos
sent-code-check-phone = Verifique o seu telefone
sent-code-check-email = Verifique o seu e-mail
sent-code-sent = Enviámos um código para <strong>{ $to }</strong>. Pode demorar um minuto a chegar.
sent-code-nothing = Não recebeu nada?
sent-code-again = Enviar um novo código
sent-code-other-ways = Outras formas de iniciar sessão
sent-code-wait = Aguarde { $wait } antes de pedir outro: foi enviado um código há instantes.

## Backup codes

recover-title = Utilizar um código de recuperação
recover-intro = Introduza um dos códigos de recuperação que guardou quando configurou a autenticação de dois fatores. Cada código só funciona uma vez.
recover-code = Código de recuperação
recover-button = Iniciar sessão
recover-none = Também não tem códigos? Peça ao seu administrador que redefina a sua autenticação de dois fatores.
backup-codes-title = Os seus códigos de recuperação
backup-codes-heading = Guarde os seus códigos de recuperação
backup-codes-intro = Se perder o telefone, cada um destes códigos permite iniciar sessão uma vez, em vez da aplicação. Guarde-os num local seguro, separados do telefone. Só são mostrados aqui, durante alguns minutos.
backup-codes-download = Transferir como ficheiro de texto
backup-codes-print = Imprimir
backup-codes-copy = Copiar
backup-codes-copied = Copiado
backup-codes-saved = Já os guardei — continuar
backup-codes-file = Códigos de recuperação de { $site }
    Cada código funciona uma vez, em vez da aplicação de autenticação.
new-codes-title = Códigos de recuperação
new-codes-left = { $left ->
    [one] Tem <strong>{ $left }</strong> código de recuperação não utilizado. Um novo conjunto vai substituí-lo; o código antigo deixará de funcionar.
   *[other] Tem <strong>{ $left }</strong> códigos de recuperação não utilizados. Um novo conjunto vai substituí-los todos; os códigos antigos deixarão de funcionar.
}
new-codes-proof = Para confirmar, um código da sua aplicação de autenticação (ou um código de recuperação)
new-codes-button = Criar novos códigos de recuperação
few-codes-title = Restam poucos códigos de recuperação
codes-gone-title = Estes códigos já não são mostrados
codes-gone = Os códigos de recuperação são mostrados durante alguns minutos após serem criados, até indicar que os guardou. Se não os guardou, crie um novo conjunto: o anterior deixa de funcionar.
few-codes = { $left ->
    [one] Resta { $left } código de recuperação. Crie já um novo conjunto para não ficar sem acesso à conta se perder o telefone.
   *[other] Restam { $left } códigos de recuperação. Crie já um novo conjunto para não ficar sem acesso à conta se perder o telefone.
}

## Trusted devices

devices-title = Dispositivos de confiança
devices-none = Não tem dispositivos de confiança. Quando introduzir um código, selecione "Confiar neste dispositivo" para deixar de precisar do código nesse navegador.
devices-intro = Nestes navegadores, basta a palavra-passe para iniciar sessão até à data indicada. Revogue os que já não utiliza ou não reconhece: revogar um deles termina também todas as sessões que ele iniciou, incluindo esta, se tiver sido ele a iniciá-la.
devices-this-browser = este navegador
unknown-browser = Navegador desconhecido
devices-dates = de confiança desde { $created } · última utilização: { $used } · até { $expires }
devices-revoke = Revogar
devices-revoke-label = Revogar { $device }
devices-revoke-all = Revogar todos
devices-signed-out-title = A sua sessão foi terminada aqui
devices-signed-out = O dispositivo que revogou tinha iniciado sessão neste navegador, por isso esta sessão também terminou, juntamente com todas as outras sessões iniciadas por esse dispositivo.
devices-missing-title = Falta informação
devices-missing = Não foi possível compreender esse pedido.
devices-back = Voltar aos seus dispositivos

## Sign-in methods

security-title = Métodos de início de sessão
security-two-factor = Autenticação de dois fatores
security-off = Desativada: basta a palavra-passe para iniciar sessão.
security-off-until = Desativada: basta a palavra-passe para iniciar sessão até { $deadline }; depois disso, a configuração será pedida ao iniciar sessão.
security-turn-on = Ativar a autenticação de dois fatores
security-intro = Cada alteração pede primeiro um código atual: do método que pretende alterar ou um dos seus códigos de recuperação; uma das suas chaves de acesso comprova qualquer alteração.
security-app = Aplicação de autenticação
security-on = Ativado.
security-off-short = Desativado.
security-on-to = Ativado, para { $to }.
security-app-move = Mudar para um novo telefone ou aplicação
security-app-move-proof = Código da aplicação atual ou um código de recuperação
security-app-off = Desativar a aplicação de autenticação
security-app-off-proof = Código da aplicação ou um código de recuperação
security-app-add = Configurar uma aplicação de autenticação
security-app-add-proof = Um código que lhe enviámos ou um código de recuperação
security-only-method = Esta é a sua única forma de receber um código de início de sessão; adicione outra antes de a remover.
security-passkeys = Chaves de acesso e chaves de segurança
security-passkeys-none = Ainda não tem nenhuma. Uma chave de acesso permite iniciar sessão com a impressão digital, o rosto, um PIN ou uma chave de segurança, e nenhum site falso a pode utilizar.
security-passkey-added = Adicionada em { $added }
security-passkey-added-used = Adicionada em { $added }, utilizada pela última vez em { $used }
security-rename = Mudar o nome
security-new-name = Novo nome
security-remove = Remover
security-passkey-off-proof = Um código de recuperação (ou utilize a chave de acesso)
security-only-passkey = Esta é a sua única forma de iniciar sessão com um segundo fator; adicione outra antes de a remover.
security-passkey-make-now = Agora crie a chave de acesso: o navegador vai pedir a sua impressão digital, rosto, PIN ou chave de segurança.
security-passkey-its-name = Nome
security-passkey-create = Criar a chave de acesso
security-passkey-add = Adicionar uma chave de acesso ou chave de segurança
security-email = Códigos por e-mail
security-email-off = Desativar os códigos por e-mail
security-email-off-proof = Código recebido por e-mail ou um código de recuperação
security-email-on = Ativar os códigos por e-mail
security-email-on-proof = Um código atual de outro método ou um código de recuperação
security-turn-on-short = Ativar
security-sms = Códigos por SMS
security-no-phone = Sem número de telefone.
security-phone-change = Alterar o número de telefone
security-phone-add = Adicionar um número de telefone
security-phone-new = Novo número, em formato internacional (+49 151 …)
security-phone-send = Enviar códigos
security-phone-remove = Remover o número de telefone
security-phone-remove-proof = Código recebido por SMS ou um código de recuperação
security-factor = Autenticador separado: { $factor }
security-factor-set-up = Configurado. Algumas partes deste site pedem este código para { $factor }.
security-factor-not-set-up = Não configurado.
security-factor-set-up-link = Configurar um autenticador para { $factor }
security-backup-left = Não utilizados: { $left }.
security-backup-new = Criar um novo conjunto
security-may-turn-off = Ativada. Pode desativá-la: passará a bastar a palavra-passe para iniciar sessão, e a sua aplicação, as chaves de acesso, os códigos e os códigos de recuperação serão removidos.
security-turn-off = Desativar a autenticação de dois fatores
security-turn-off-short = Desativar
security-not-this-form = Esse formulário não pertence a esta página.
security-cannot-turn-off = Não é possível desativar aqui a autenticação de dois fatores.
security-turned-off = A autenticação de dois fatores está desativada. Basta a palavra-passe para iniciar sessão.
security-nowhere-to-send = Não há nenhum destino para onde enviar esse código.
security-code-sent = Enviámos um código para { $to }.
security-not-set-up = Esse método não está configurado.
security-only-way = Esta é a sua única forma de receber aqui um código de início de sessão. Adicione outra antes de a remover.
security-removed = Removido.
security-email-not-possible = Não é possível ativar os códigos por e-mail para esta conta.
security-email-is-on = Os códigos por e-mail estão ativados.
security-app-is-set-up = A sua aplicação de autenticação está configurada. Os códigos de qualquer aplicação anterior deixaram de funcionar.
security-no-sms = Nenhum site aqui envia códigos por SMS.
security-same-number = Esse já é o seu número.
security-phone-is-set-up = O seu novo número de telefone está configurado.
security-too-many-passkeys = Já tem o número máximo de chaves de acesso permitido por conta. Remova primeiro uma que já não utilize.
security-no-passkeys-here = Não é possível utilizar chaves de acesso neste site.
security-passkey-is-set-up = A sua chave de acesso está configurada.
security-no-such-passkey = Essa chave de acesso não está configurada.
security-renamed = Nome alterado.
security-phone-invalid = Esse número não está no formato internacional: comece com + e o código do país, p. ex. +4915112345678.
phone-change-title = Confirme o seu novo número
phone-change-sent = Enviámos um código para <strong>{ $number }</strong>. Pode demorar um minuto a chegar.
phone-change-sent-both = Enviámos um código para <strong>{ $number }</strong> e outro para o seu número atual, { $old }. Podem demorar um minuto a chegar.
phone-change-code-new = Código enviado para { $number }
phone-change-code-old = Código enviado para { $old } (perdeu esse telefone? um código de recuperação)
phone-change-code-proof = Um código da sua aplicação de autenticação ou um código de recuperação

## Separate factors for step-ups

factor-enrol-title = Configurar o seu autenticador para { $factor }
factor-enrol-intro = { $site } pede um código separado para { $factor }. Adicione uma nova conta à sua aplicação de autenticação (noutro dispositivo, se possível) e leia este código; não é o seu código de início de sessão.
factor-enrol-proof = Para confirmar a sua identidade: um código da aplicação que utiliza para iniciar sessão (ou um código de recuperação)
factor-enrol-code = O código de 6 dígitos apresentado pela nova entrada de { $factor }
factor-wrong-new-code = O código da nova entrada não está correto. Verifique se leu o código desta página.
step-up-title = Confirmar com o seu código de { $factor }
step-up-intro = Esta parte de { $site } pede um novo código do seu autenticador de <strong>{ $factor }</strong> — não o seu código de início de sessão.
step-up-code = Código de 6 dígitos de { $factor }
step-up-code-or-backup = Código de 6 dígitos de { $factor } ou um código de recuperação de { $factor }
step-up-wrong = Esse código não está correto. Utilize o código deste autenticador separado, não o seu código de início de sessão.
step-up-no-such = Esse autenticador não existe aqui.
step-up-not-set-up-title = Ainda não configurado
step-up-not-set-up = Isto requer um autenticador separado para { $factor }. Configure-o na página de métodos de início de sessão e tente novamente.

## Refusals

not-found-title = Não encontrado
not-found = Esta página não existe.
form-expired-title = Este formulário expirou
form-expired = Volte a carregar a página e tente novamente.
start-again = Recomeçar
locked-title = Demasiadas tentativas
locked-until = { $minutes ->
    [one] O início de sessão está suspenso após demasiadas tentativas sem sucesso. Tente novamente daqui a { $minutes } minuto (após { $time }).
   *[other] O início de sessão está suspenso após demasiadas tentativas sem sucesso. Tente novamente daqui a { $minutes } minutos (após { $time }).
}
locked-disabled = O início de sessão está bloqueado após demasiadas tentativas sem sucesso. Peça ao seu administrador que o desbloqueie.
locked-ways = Perdeu o telemóvel? Quando a pausa terminar, um código de recuperação inicia sessão em vez da aplicação.
locked-sign-in = Iniciar sessão de novo, ou com outra conta
unavailable-title = O início de sessão não está disponível
unavailable = Ocorreu um problema do nosso lado. Tente novamente daqui a um minuto.
reference = Referência para o seu administrador: { $id }
unknown-host-title = Este site não é servido aqui
unknown-host = Não há nenhum site configurado neste endereço. Verifique o endereço que escreveu ou a ligação que seguiu.
internal-title = Algo correu mal
internal = O gateway não conseguiu responder a este pedido e não enviou nada ao site. Tente novamente; se voltar a acontecer, indique ao seu administrador a referência abaixo.
denied-title = Acesso negado
denied = Não tem acesso a este endereço.
held-submit-again = Envie novamente
held-too-large = Este formulário é demasiado grande para ser guardado enquanto pedimos o seu código. Introduza primeiro o código e, depois, envie novamente o formulário.
held-enter-code = Introduza o seu código
held-expired = Guardamos um formulário durante cinco minutos enquanto pedimos o seu código; este expirou ou já foi enviado. Preencha-o e envie-o novamente.
back-to-site = Voltar ao site

## Emails

email-hello = Olá, { $name },
email-when = Quando:    { $time }
email-browser = Navegador: { $browser }
email-where = Onde:      { $place } (aproximadamente)
email-not-you = Se não reconhece esta atividade, informe imediatamente o seu administrador.
email-code-sign-in-subject = O seu código de início de sessão para { $site }
email-code-sign-in = O seu código para iniciar sessão em { $site } é { $code }.
    Funciona uma vez, durante { $minutes ->
        [one] um minuto
       *[other] { $minutes } minutos
    }.

    Se não o pediu, alguém sabe a sua palavra-passe: altere-a e informe o seu administrador.
email-code-confirm-subject = O seu código para confirmar uma alteração em { $site }
email-code-confirm = O seu código para confirmar uma alteração na forma como inicia sessão em { $site } é { $code }.
    Funciona uma vez, durante { $minutes ->
        [one] um minuto
       *[other] { $minutes } minutos
    }.

    Se não o pediu, informe o seu administrador.
notice-enrolled-subject = A autenticação de dois fatores está agora ativada na sua conta
notice-enrolled = Foi configurada uma aplicação de autenticação para a sua conta em { $site }.
notice-device-trusted-subject = Um dispositivo passou a ser de confiança na sua conta
notice-device-trusted = Um navegador passou a ser de confiança em { $site }: nesse navegador, basta a palavra-passe para iniciar sessão.
notice-codes-renewed-subject = Tem novos códigos de recuperação
notice-codes-renewed = Foi criado um novo conjunto de códigos de recuperação em { $site }; os códigos antigos deixaram de funcionar.
notice-code-used-subject = Foi utilizado um código de recuperação para iniciar sessão
notice-code-used = Foi utilizado um código de recuperação para iniciar sessão em { $site }. Códigos não utilizados restantes: { $left }.
notice-method-added-subject = Foi adicionado um método de início de sessão à sua conta
notice-method-added = Método de início de sessão adicionado em { $site }: { $method }.
notice-method-changed-subject = Foi alterado um método de início de sessão da sua conta
notice-method-changed = Método de início de sessão alterado em { $site }: { $method }.
notice-method-removed-subject = Foi removido um método de início de sessão da sua conta
notice-method-removed = Método de início de sessão removido em { $site }: { $method }.
notice-factor-added-subject = Foi configurado um autenticador separado para a sua conta
notice-factor-added = Foi configurado um autenticador separado, pedido nas áreas protegidas de { $site }.
notice-off-subject = A autenticação de dois fatores foi desativada na sua conta
notice-off = A autenticação de dois fatores foi desativada em { $site }: agora basta a palavra-passe para iniciar sessão.
notice-reset-subject = Um administrador redefiniu a sua autenticação de dois fatores
notice-reset = Um administrador removeu o seu autenticador, os códigos de recuperação e os dispositivos de confiança em { $site }. Terá de configurar novamente um autenticador no próximo início de sessão.
notice-every-site = todos os sites por trás deste gateway
method-app = a sua aplicação de autenticação
method-email = códigos por e-mail
method-phone = códigos por SMS
method-passkey = uma chave de acesso ou chave de segurança
