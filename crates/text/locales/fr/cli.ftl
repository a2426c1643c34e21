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
