# Les phrases propres à la ligne de commande : comment elle dit ce qui n'a pas abouti.

cli-refused-by-rule = refusé par la règle { $rule } : { $message }
cli-refused = refusé : { $message }
cli-bad-usage = usage incorrect : { $message }
cli-ledger-unusable = le registre ne peut pas être utilisé : { $message }
cli-not-a-date = « { $text } » n’est pas une date : écrivez-la 03/11/2026 (jour/mois/année) ou 2026-11-03
cli-mode-hint = { $message } (--mode fixed ou --mode conscious)
cli-amount-currency-differs = le montant est écrit en { $written }, mais la monnaie indiquée est { $currency } : écrivez la même monnaie après le montant, ou aucune
cli-key-reused = la clé d’idempotence « { $key } » a servi à l’écriture { $sequence } pour une autre commande : donnez à cette commande une autre --key, ou répétez exactement la commande de l’écriture { $sequence }
cli-import-line = ligne { $line } : { $reason }
cli-import-recorded =  ; les lignes 1 à { $through } ont été enregistrées avant elle ({ $appended } évènements ajoutés ; la tête est maintenant l’écriture { $head }, empreinte { $hash }), et rien après elles : corrigez la ligne et importez à nouveau le même fichier, les lignes déjà enregistrées sont reconnues et ne sont pas enregistrées deux fois
cli-import-nothing-recorded =  ; rien de cet import n’a été enregistré
cli-import-refused = ligne { $line } : { $refusal }
cli-import-refused-entry = ligne { $line } : les règles refusent l’écriture { $sequence } : { $refusal }
cli-import-invalid = ligne { $line } : l’évènement n’est pas valide : { $field } : { $refusal }
cli-ledger-served = `jardins serve` (pid { $pid }) tient le registre situé à { $path } : tant qu’il tourne, passez par son API, ou arrêtez-le d’abord (SIGTERM ou Ctrl-C)
cli-ledger-locked = un autre jardins utilise le registre situé à { $path } (attente de { $waited_ms } ms) : attendez qu’il ait fini, ou relancez la commande avec une attente plus longue : --wait SECONDES (au plus { $max })
cli-damaged = le registre est endommagé : { $what } ; { $fix }
cli-damaged-at = le registre est endommagé à l’écriture { $sequence } : { $what } ; { $fix }
cli-damaged-verify = `jardins verify` vérifie tout le registre et indique où il est endommagé ; une sauvegarde JSON Lines le restaure
cli-damaged-recover = restaurez votre dernière sauvegarde dans un nouveau registre (`jardins --ledger NOUVEAU init`, puis `jardins --ledger NOUVEAU import SAUVEGARDE.jsonl`) ; sans sauvegarde, `jardins export jsonl --output secours.jsonl` enregistre les écritures encore lisibles, si le registre s’ouvre encore
cli-garden-kind = indiquez la sorte de jardin avec une seule des options --local TERRITOIRE, --thematic THÈME ou --organisation ORGANISATION
cli-constitution-unreadable = impossible de lire le fichier de constitution { $path } : { $error }
cli-constitution-too-large = le fichier de constitution { $path } fait { $size } octets, au-delà de la limite de { $max } octets
cli-constitution-invalid = le fichier de constitution { $path } n’est pas valide : { $problem } (son format est décrit dans events/constitutions/README.md)
cli-commit-usage = indiquez l’ID de l’engagement, puis JARDIN PERSONNE MONTANT MONNAIE (voir jardins commit --help)
cli-unreadable = impossible de lire { $path } : { $error }
cli-chart-not-svg = un graphique n’est dessiné qu’en SVG : donnez un nom de fichier finissant par .svg, comme { $example }
cli-not-a-garden = « { $text } » n’est pas un jardin : indiquez garden:ID (ou simplement ID) ou big-garden
cli-key-length = une clé compte de 1 à { $max } caractères, et celle-ci en compte { $length }
cli-key-control = une clé ne peut pas contenir de caractères de contrôle
cli-key-invalid = « { $key } » n’est pas une clé d’idempotence : utilisez de 1 à { $max } caractères, sans caractère de contrôle
cli-no-ledger = pas de registre à { $path } : créez-en un avec `jardins init`
cli-ledger-exists = { $path } existe déjà et n’est pas un répertoire vide : choisissez un autre chemin pour un nouveau registre
cli-ledger-io = impossible d’utiliser le registre situé à { $path } : { $error } (vérifiez qu’il reste de la place sur le disque et que le répertoire est accessible en écriture)
cli-ledger-full = le registre contient { $max } écritures, le maximum possible : commencez un nouveau registre

## Les problèmes d'un fichier de constitution (l'endroit du fichier est dit avant chacun).

cf-missing = manquant : ajoutez une ligne comme { $example }
cf-example-version = version = 1
cf-example-purpose = purpose = "pourquoi le jardin existe"
cf-example-entry-rules = entry_rules = "comment on y entre" (ou "")
cf-example-exit-rules = exit_rules = "comment on en sort" (ou "")
cf-example-role-id = id = "facilitation"
cf-example-role-name = name = "Facilitation du cercle"
cf-example-kind = kind = "event" (ou "gathering", "fundraising")
cf-example-currency = currency = "EUR"
cf-example-mode = mode = "fixed" (un montant fixe) ou mode = "conscious" (participation consciente)
cf-example-cadence = cadence = "monthly" (ou "yearly", "one-off")
cf-example-amount = amount = "20.00" (un mode fixe demande son montant)
cf-missing-point = manquant : le modèle économique doit dire { $what } ; ajoutez des tables [[{ $key }]], ou écrivez { $key } = [] s’il n’y en a pas
cf-point-roles = les rôles valorisés
cf-point-big-garden = les contributions au grand jardin
cf-point-commitments = les engagements minimums demandés aux jardinier·e·s
cf-point-collections = les autres façons dont le jardin collecte de l’argent
cf-too-many-rules = { $count } règles, au-delà de la limite de { $max }
cf-fixed-suggestion = un montant fixe n’a pas de suggestion : donnez seulement amount = "...", ou utilisez mode = "conscious"
cf-conscious-amount = la participation consciente n’a pas de montant fixé : écrivez suggested = "..." pour une suggestion, ou utilisez mode = "fixed"
cf-float = écrivez le montant entre guillemets, "{ $float }", pour qu’il soit exact
cf-not-an-amount = un montant comme "12.50" était attendu, et non une valeur de type { $type }

cf-at = { $place } : { $problem }

## Les erreurs des rapports, comme la ligne de commande les dit.

cli-report-no-such-garden = il n’y a pas de jardin « { $garden } » : vérifiez l’identifiant (`jardins garden list` montre chaque jardin)
cli-report-no-such-person = il n’y a pas de personne « { $person } » dans ce registre : vérifiez l’identifiant (`jardins member list JARDIN` montre les membres d’un jardin)
cli-report-not-reportable = un solde se calcule pour un jardin (garden:ID), un membre (member:ID) ou le grand jardin (big-garden), pas pour { $account }
cli-report-bad-range = la période commence le { $from }, après sa fin le { $to } : donnez un début (--from) au plus tard à la fin (--to)
cli-report-range-too-long = le rapport couvrirait { $months } mois, au-delà de la limite de { $max } : { $hint }
cli-report-cannot-write = impossible d’écrire { $what } : { $error }
cli-report-chart = impossible de dessiner le graphique { $path } : { $problem }
cli-report-inconsistent = les projections du registre ne concordent pas ({ $what }) : lancez `jardins verify` pour trouver le dommage
cli-csv-fr-failed = impossible d’écrire le CSV pour un tableur français : { $error }
cli-member-no-chart = --by month et --chart dessinent le solde d’un jardin ou du grand jardin : pour member:ID, donnez --from et --to

## Ce que fit chaque écriture, dans le tableau du journal et les reçus.

cli-summary-currency = { $code } ({ $name }), { $kind }, { $places } décimales
cli-currency-euro = l’euro
cli-currency-complementary = monnaie complémentaire
cli-summary-garden-opened = { $garden } « { $name } », { $kind } ; noyau : { $core }
cli-summary-constitution = { $garden } adopte la version { $version } de sa constitution
cli-summary-joined = { $member } (« { $name } ») rejoint { $garden } comme { $role }
cli-summary-left = { $member } quitte { $garden }
cli-summary-role-valued = { $garden } -> { $holder } { $amount }, rôle { $role }, { $period }
cli-summary-commitment = { $member } s’engage à { $amount } { $cadence } envers { $garden } à partir du { $from } ({ $commitment })
cli-summary-commitment-until = { $member } s’engage à { $amount } { $cadence } envers { $garden } du { $from } au { $until } ({ $commitment })
cli-summary-commitment-ended = l’engagement { $commitment } prend fin le { $date }
cli-summary-for-commitment = pour l’engagement { $commitment }
cli-summary-for-period = pour { $period }
cli-summary-for-commitment-period = pour l’engagement { $commitment } pour { $period }
cli-summary-one-off = ponctuel
cli-summary-contribution = { $from } -> { $to } { $amount }, { $mode }, { $for }
cli-summary-collection = outside -> { $garden } { $amount }, recette { $kind }, { $mode }
cli-collection-event = d’évènement
cli-collection-gathering = de rassemblement
cli-collection-fundraising = de collecte de fonds
cli-summary-expense = { $payer } -> outside { $amount }, dépense
cli-summary-reversal = contre-passe l’écriture { $entry }
cli-summary-closed = { $garden } ferme
cli-log-none = aucune écriture ne correspond
cli-log-col-entry = écriture
cli-log-col-date = date
cli-log-col-event = évènement
cli-log-col-what = quoi
cli-log-col-hash = empreinte

## Les reçus, et ce qu'écrivent init, verify, import, les points de contrôle et la démo.

cli-receipt = { $head } : { $what }
cli-receipt-what = { $kind } du { $date } : { $summary }
cli-receipt-recorded = écriture { $sequence } enregistrée
cli-receipt-replayed = déjà enregistrée comme écriture { $sequence } (même --key), rien de nouveau n’a été enregistré
cli-hash = empreinte { $hash }
cli-head = tête : écriture { $sequence }, empreinte { $hash }
cli-internal-error = erreur interne{ $location } ; rien de plus n’a été enregistré. Merci de la signaler, avec la commande tapée.
cli-warning-checks-failed = avertissement : l’écriture { $sequence } est enregistrée, mais les vérifications qui la suivent n’ont pas pu lire le registre : { $message }
cli-audit-checkpoint = Point de contrôle { $path } du { $date } : l’écriture { $sequence } a toujours l’empreinte { $hash }, et la chaîne va d’elle jusqu’à la tête.
cli-manual-failed = impossible d’écrire le manuel : { $error }
cli-init-created = registre créé à { $path }
cli-init-euro = écriture { $sequence } enregistrée : l’euro (EUR) est déclaré
cli-init-next = Ensuite : déclarez une monnaie complémentaire (jardins currency declare), ou ouvrez un jardin :
cli-init-example = jardins garden open paris --name "Jardin de Paris" --local Paris --core camille --core dominique
cli-checkpoint-holds-unsigned = le point de contrôle { $path } du { $date } tient : l’écriture { $sequence } a son empreinte { $hash } (ses signatures n’ont pas été vérifiées : donnez --allowed-signers)
cli-checkpoint-holds-signed = le point de contrôle { $path } du { $date } tient : l’écriture { $sequence } a son empreinte { $hash }, signé par { $signers }
cli-verified = { $events } { $events ->
        [one] écriture vérifiée
       *[other] écritures vérifiées
    } : la chaîne d’empreintes est intacte et chaque solde concorde avec les écritures
cli-import-directory = c’est un répertoire ; donnez un fichier JSON Lines, ou - pour l’entrée standard
cli-imported = { $lines } { $lines ->
        [one] ligne importée
       *[other] lignes importées
    } : { $appended } { $appended ->
        [one] écriture ajoutée
       *[other] écritures ajoutées
    }
cli-imported-restored = { $lines } { $lines ->
        [one] ligne importée
       *[other] lignes importées
    } : { $appended } { $appended ->
        [one] écriture ajoutée
       *[other] écritures ajoutées
    } (avec leurs empreintes d’origine)
cli-progress-verifying = vérification
cli-progress-importing = import
cli-progress-exporting = export
cli-progress-demo = chargement de la démo
cli-demo-no-temporary = impossible de créer un répertoire temporaire : { $error }
cli-demo-intro = La démo : une année dans la vie de quelques jardins, { $events } écritures enregistrées dans un registre à { $path }.
cli-demo-balance-of = Le solde de { $garden }
cli-demo-balance-of-big-garden = Le solde du grand jardin
cli-demo-audit = L’audit des flux vers le grand jardin
cli-demo-temporary = Ce registre est temporaire : il est supprimé à la fin de la démo. Pour en garder un et l’explorer :
cli-demo-then = puis :
cli-demo-try-next = À essayer ensuite :
cli-demo-own-ledger = et pour un registre à vous : jardins init, puis jardins --help.

## Les points de contrôle et leurs signatures.

cli-checkpoint-unreadable = le fichier de point de contrôle { $path } ne peut pas être lu : { $error } (`jardins checkpoint` en écrit un ; events/README.md le décrit)
cli-checkpoint-too-long = le fichier de point de contrôle { $path } dépasse { $max } octets : une déclaration tient en cinq lignes courtes (`jardins checkpoint` en écrit un ; events/README.md le décrit)
cli-checkpoint-not-a-statement = le fichier de point de contrôle { $path } n’est pas une déclaration de point de contrôle : { $why } (`jardins checkpoint` en écrit un ; events/README.md le décrit)
cli-checkpoint-other-ledger = le point de contrôle { $path } est celui d’un autre registre : il nomme le registre { $ledger }, et l’écriture 1 de ce registre a l’empreinte { $hash }
cli-signature-missing = la signature { $signature } est absente : signez le point de contrôle avec `ssh-keygen -Y sign -f CLÉ -n { $namespace } { $path }`, ou nommez la signature avec --signature
cli-signature-unknown-key = la signature { $signature } du point de contrôle { $path } n’a été faite par aucune clé de { $signers } : { $said }
cli-signature-does-not-verify = la signature { $signature } ne se vérifie pas pour le point de contrôle { $path } comme celle de { $principal } : la déclaration a été modifiée, ou la signature porte sur autre chose ({ $said })
cli-ssh-keygen-missing = vérifier des signatures demande ssh-keygen d’OpenSSH, qui ne peut pas être lancé ({ $error }) : installez-le (Debian : apt-get install openssh-client)
cli-ssh-keygen-unfinished = ssh-keygen n’a pas fini : { $error }
cli-ssh-keygen-silent = ssh-keygen n’a rien dit
cli-anchor-held = l’écriture { $sequence } a l’empreinte attendue { $hash }

## Le serveur et les données d'accès.

cli-serve-no-runtime = impossible de démarrer le moteur du serveur : { $error }
cli-serve-invitation = Invitation pour { $person } (valable { $days } jours) : { $link }
cli-access-no-person = pas de personne « { $person } » dans le registre : une personne est connue dès qu’elle rejoint un jardin ou son noyau
cli-access-invitation = Invitation pour { $person }, valable jusqu’au { $until } :
cli-access-steward-now = { $person } est maintenant intendant·e.
cli-access-steward-already = { $person } était déjà intendant·e.
cli-access-steward-no-longer = { $person } n’est plus intendant·e.
cli-access-steward-not = { $person } n’était pas intendant·e.
cli-access-disabled = { $person } est désactivé·e : plus de connexion, plus de jeton, ses sessions sont closes.
cli-access-disabled-already = { $person } était déjà désactivé·e.
cli-access-token = Jeton d’API { $id } pour { $person } (montré une seule fois ; envoyez-le comme Authorization: Bearer TOKEN) :
cli-access-revoked = Le jeton { $id } est révoqué.
cli-access-no-token = pas de jeton « { $id } » à révoquer : `jardins access list` montre les jetons

## Les avertissements après une écriture.

cli-warning-below-zero-on = avertissement : l’écriture { $sequence } laisse { $account } à { $balance } le { $date }, sous zéro : enregistrez d’abord l’argent qui est entré, ou contre-passez l’écriture si c’est une erreur (jardins reverse { $sequence } --reason ...)
cli-warning-below-zero-after = avertissement : après l’écriture { $sequence }, { $account } est à { $balance }, sous zéro (son solde le { $date } est de { $on_its_date }) : enregistrez l’argent qui est entré, ou contre-passez l’écriture si c’est une erreur (jardins reverse { $sequence } --reason ...)
cli-warning-identical = avertissement : l’écriture { $sequence } est identique à l’écriture { $earlier } (mêmes parties, montant, monnaie, période et date) : si elle a été enregistrée deux fois par erreur, contre-passez-en une (jardins reverse { $sequence } --reason "enregistrée deux fois") ; pour enregistrer exprès une écriture répétée sans cet avertissement, donnez à chacune sa propre --key

## Écrire la sortie, et lire un fichier de constitution.

cli-cannot-write-to = impossible d’écrire sur { $what } : { $error }
cli-cannot-create = impossible de créer { $path } : { $error }
cli-standard-output = la sortie standard
cli-progress-lines = lignes
cf-line-column = ligne { $line }, colonne { $column }
cf-the-line = { $problem } (la ligne : `{ $line }`)
cf-directory = c’est un répertoire : donnez un fichier TOML
cf-too-large = il contient plus de { $max } octets, au-delà de la limite (une constitution fait quelques kilo-octets)
cf-not-utf8 = ce n’est pas du texte UTF-8 (l’octet { $byte } ne l’est pas) : enregistrez-le en UTF-8
cli-outside-no-balance = « outside » n’est pas un compte qui a un solde : donnez garden:ID (ou simplement ID), big-garden ou member:ID
cli-cut = (coupé)
