# Les phrases propres à la ligne de commande : comment elle dit ce qui n'a pas abouti.

cli-refused-by-rule = refusé par la règle { $rule } : { $message }
cli-refused = refusé : { $message }
cli-bad-usage = usage incorrect : { $message }
cli-ledger-unusable = le registre ne peut pas être utilisé : { $message }
cli-not-a-date = « { $text } » n’est pas une date : écrivez-la 03/11/2026 (jour/mois/année) ou 2026-11-03
cli-mode-hint = { $message } (--mode fixed ou --mode conscious)
cli-amount-currency-differs = le montant est écrit en { $written }, mais la monnaie indiquée est { $currency } : écrivez la même monnaie après le montant, ou aucune
cli-key-reused = la clé d’idempotence « { $key } » a servi à l’écriture { $sequence } pour une autre commande : donnez à cette commande une autre --key, ou répétez exactement la commande de l’écriture { $sequence }
cli-import-line = ligne { $line } : { $reason } (le lot de lignes qui la contient n’a pas été enregistré)
cli-import-refused = ligne { $line } : { $refusal } (le lot de lignes qui la contient n’a pas été enregistré)
cli-import-refused-entry = ligne { $line } : les règles refusent l’écriture { $sequence } : { $refusal } (le lot de lignes qui la contient n’a pas été enregistré)
cli-import-invalid = ligne { $line } : l’évènement n’est pas valide : { $field } : { $refusal } (le lot de lignes qui la contient n’a pas été enregistré)
