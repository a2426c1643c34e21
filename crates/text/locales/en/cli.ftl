# The command line's own sentences: how it reports what did not complete.

cli-refused-by-rule = refused by the rule { $rule }: { $message }
cli-refused = refused: { $message }
cli-bad-usage = bad usage: { $message }
cli-ledger-unusable = the ledger cannot be used: { $message }
cli-not-a-date = '{ $text }' is not a date: write it as 2026-11-03 (year-month-day)
cli-mode-hint = { $message } (--mode fixed or --mode conscious)
cli-amount-currency-differs = the amount is written in { $written }, but the currency given is { $currency }: write the same currency after the amount, or none
cli-key-reused = the idempotency key '{ $key }' was used by entry { $sequence } for a different command: give this command another --key, or repeat entry { $sequence }'s command exactly
cli-import-line = line { $line }: { $reason }
cli-import-recorded = ; lines 1 to { $through } were recorded before it ({ $appended } events appended; the head is now entry { $head }, hash { $hash }), and nothing after them: fix the line and import the same file again, the lines already recorded are recognised and not recorded twice
cli-import-nothing-recorded = ; nothing of this import was recorded
cli-import-refused = line { $line }: { $refusal }
cli-import-refused-entry = line { $line }: the rules refuse entry { $sequence }: { $refusal }
cli-import-invalid = line { $line }: the event is not valid: { $field }: { $refusal }
cli-ledger-served = `jardins serve` (pid { $pid }) holds the ledger at { $path }: while it runs, use its API, or stop it (SIGTERM or Ctrl-C) first
cli-ledger-locked = another jardins is using the ledger at { $path } (waited { $waited_ms } ms): wait for it to finish, or run the command again with a longer wait: --wait SECONDS (at most { $max })
cli-damaged = the ledger is damaged: { $what }; { $fix }
cli-damaged-at = the ledger is damaged at entry { $sequence }: { $what }; { $fix }
cli-damaged-verify = `jardins verify` checks the whole ledger and names where it is damaged; a JSON Lines backup restores it
cli-damaged-recover = restore your last backup into a new ledger (`jardins --ledger NEW init`, then `jardins --ledger NEW import BACKUP.jsonl`); without a backup, `jardins export jsonl --output rescue.jsonl` saves the records that can still be read, if the ledger still opens
cli-garden-kind = say what kind of garden it is with exactly one of --local TERRITORY, --thematic THEME or --organisation ORGANISATION
cli-constitution-unreadable = cannot read the constitution file { $path }: { $error }
cli-constitution-too-large = the constitution file { $path } is { $size } bytes, above the limit of { $max } bytes
cli-constitution-invalid = the constitution file { $path } is not valid: { $problem } (the format is described in events/constitutions/README.md)
cli-commit-usage = give the commitment's ID GARDEN PERSON AMOUNT CURRENCY (see jardins commit --help)
cli-unreadable = cannot read { $path }: { $error }
cli-chart-not-svg = a chart is drawn as SVG only: give a file name ending in .svg, such as { $example }
cli-not-a-garden = '{ $text }' is not a garden: give garden:ID (or just ID) or big-garden
cli-key-length = a key is 1 to { $max } characters long, and this one is { $length }
cli-key-control = a key cannot hold control characters
cli-key-invalid = '{ $key }' is not an idempotency key: use 1 to { $max } characters, none of them a control character
cli-no-ledger = no ledger at { $path }: create one with `jardins init`
cli-ledger-exists = { $path } already exists and is not an empty directory: choose another path for a new ledger
cli-ledger-io = cannot use the ledger at { $path }: { $error } (check that the disk has space and the directory is writable)
cli-ledger-full = the ledger holds { $max } entries, the most it may: start a new ledger

## A constitution file's problems (the place in the file is said before each).

cf-missing = missing: add a line such as { $example }
cf-example-version = version = 1
cf-example-purpose = purpose = "why the garden exists"
cf-example-entry-rules = entry_rules = "how one joins" (or "")
cf-example-exit-rules = exit_rules = "how one leaves" (or "")
cf-example-role-id = id = "facilitation"
cf-example-role-name = name = "Facilitation of the circle"
cf-example-kind = kind = "event" (or "gathering", "fundraising")
cf-example-currency = currency = "EUR"
cf-example-mode = mode = "fixed" (a set amount) or mode = "conscious" (pay what you feel)
cf-example-cadence = cadence = "monthly" (or "yearly", "one-off")
cf-example-amount = amount = "20.00" (a fixed mode needs its amount)
cf-missing-point = missing: the economic model must say { $what }; add [[{ $key }]] tables, or write { $key } = [] if there are none
cf-point-roles = the valued roles
cf-point-big-garden = the contributions to the big garden
cf-point-commitments = the minimum commitments asked of gardeners
cf-point-collections = the other ways the garden collects money
cf-too-many-rules = { $count } rules, above the limit of { $max }
cf-fixed-suggestion = a fixed amount has no suggestion: give amount = "..." only, or use mode = "conscious"
cf-conscious-amount = conscious participation has no set amount: write suggested = "..." for a suggestion, or use mode = "fixed"
cf-float = write the amount as a string, "{ $float }", so that it is exact
cf-not-an-amount = expected an amount such as "12.50", found a { $type }
cf-at = { $place }: { $problem }
