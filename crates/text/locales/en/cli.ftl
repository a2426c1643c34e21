# The command line's own sentences: how it reports what did not complete.

cli-refused-by-rule = refused by the rule { $rule }: { $message }
cli-refused = refused: { $message }
cli-bad-usage = bad usage: { $message }
cli-ledger-unusable = the ledger cannot be used: { $message }
cli-not-a-date = '{ $text }' is not a date: write it as 2026-11-03 (year-month-day)
cli-mode-hint = { $message } (--mode fixed or --mode conscious)
cli-amount-currency-differs = the amount is written in { $written }, but the currency given is { $currency }: write the same currency after the amount, or none
cli-key-reused = the idempotency key '{ $key }' was used by entry { $sequence } for a different command: give this command another --key, or repeat entry { $sequence }'s command exactly
cli-import-line = line { $line }: { $reason } (the batch of lines holding it was not recorded)
cli-import-refused = line { $line }: { $refusal } (the batch of lines holding it was not recorded)
cli-import-refused-entry = line { $line }: the rules refuse entry { $sequence }: { $refusal } (the batch of lines holding it was not recorded)
cli-import-invalid = line { $line }: the event is not valid: { $field }: { $refusal } (the batch of lines holding it was not recorded)
