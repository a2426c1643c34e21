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

## The reports' errors, as the command line says them.

cli-report-no-such-garden = there is no garden '{ $garden }': check the id (`jardins garden list` shows every garden)
cli-report-no-such-person = there is no person '{ $person }' in this ledger: check the id (`jardins member list GARDEN` shows a garden's members)
cli-report-not-reportable = a balance is reported for a garden (garden:ID), a member (member:ID) or the big garden (big-garden), not for { $account }
cli-report-bad-range = the period starts on { $from }, after its end { $to }: give a start (--from) on or before the end (--to)
cli-report-range-too-long = the report would span { $months } months, above the limit of { $max }: { $hint }
cli-report-cannot-write = cannot write { $what }: { $error }
cli-report-chart = cannot draw the chart { $path }: { $problem }
cli-report-inconsistent = the ledger's projections disagree ({ $what }): run `jardins verify` to find the damage
cli-csv-fr-failed = cannot write the CSV for a French spreadsheet: { $error }
cli-member-no-chart = --by month and --chart draw a garden's or the big garden's balance: for member:ID, give --from and --to

## What each entry did, in the log's table and the receipts.

cli-summary-currency = { $code } ({ $name }), { $kind }, { $places } decimal places
cli-currency-euro = the euro
cli-currency-complementary = complementary currency
cli-summary-garden-opened = { $garden } "{ $name }", { $kind }; core: { $core }
cli-summary-constitution = { $garden } adopts constitution version { $version }
cli-summary-joined = { $member } ("{ $name }") joins { $garden } as { $role }
cli-summary-left = { $member } leaves { $garden }
cli-summary-role-valued = { $garden } -> { $holder } { $amount }, role { $role }, { $period }
cli-summary-commitment = { $member } commits { $amount } { $cadence } to { $garden } from { $from } ({ $commitment })
cli-summary-commitment-until = { $member } commits { $amount } { $cadence } to { $garden } from { $from } until { $until } ({ $commitment })
cli-summary-commitment-ended = commitment { $commitment } ends on { $date }
cli-summary-for-commitment = for commitment { $commitment }
cli-summary-for-period = for { $period }
cli-summary-for-commitment-period = for commitment { $commitment } for { $period }
cli-summary-one-off = one-off
cli-summary-contribution = { $from } -> { $to } { $amount }, { $mode }, { $for }
cli-summary-collection = outside -> { $garden } { $amount }, { $kind } takings, { $mode }
cli-collection-event = event
cli-collection-gathering = gathering
cli-collection-fundraising = fundraising
cli-summary-expense = { $payer } -> outside { $amount }, expense
cli-summary-reversal = reverses entry { $entry }
cli-summary-closed = { $garden } closes
cli-log-none = no events match
cli-log-col-entry = entry
cli-log-col-date = date
cli-log-col-event = event
cli-log-col-what = what
cli-log-col-hash = hash

## Receipts, and what init, verify, import, checkpoints and the demo print.

cli-receipt = { $head }: { $what }
cli-receipt-what = { $kind } on { $date }: { $summary }
cli-receipt-recorded = recorded entry { $sequence }
cli-receipt-replayed = already recorded as entry { $sequence } (same --key), nothing new was recorded
cli-hash = hash { $hash }
cli-head = head: entry { $sequence }, hash { $hash }
cli-internal-error = internal error{ $location }; nothing more was recorded. Please report it, with the command you typed.
cli-warning-checks-failed = warning: entry { $sequence } is recorded, but the checks after it could not read the ledger: { $message }
cli-audit-checkpoint = Checkpoint { $path } of { $date }: entry { $sequence } still has hash { $hash }, and the chain runs from it to the head.
cli-manual-failed = cannot write the manual: { $error }
cli-init-created = created a ledger at { $path }
cli-init-euro = recorded entry { $sequence }: the euro (EUR) is declared
cli-init-next = Next: declare a complementary currency (jardins currency declare), or open a garden:
cli-init-example = jardins garden open paris --name "Jardin de Paris" --local Paris --core camille --core dominique
cli-checkpoint-holds-unsigned = checkpoint { $path } of { $date } holds: entry { $sequence } has its hash { $hash } (its signatures were not checked: give --allowed-signers)
cli-checkpoint-holds-signed = checkpoint { $path } of { $date } holds: entry { $sequence } has its hash { $hash }, signed by { $signers }
cli-verified = verified { $events } events: the hash chain is unbroken and every balance matches the events
cli-import-directory = it is a directory; name a JSON Lines file, or - for standard input
cli-imported = imported { $lines } lines: { $appended } events appended
cli-imported-restored = imported { $lines } lines: { $appended } events appended (restored with their original hashes)
cli-progress-verifying = verifying
cli-progress-importing = importing
cli-progress-exporting = exporting
cli-progress-demo = loading the demo
cli-demo-no-temporary = cannot create a temporary directory: { $error }
cli-demo-intro = The demo: a year in the life of a few gardens, { $events } events recorded in a ledger at { $path }.
cli-demo-balance-of = The balance of { $garden }
cli-demo-balance-of-big-garden = The balance of the big garden
cli-demo-audit = The audit of the flows to the big garden
cli-demo-temporary = This ledger is temporary: it is deleted as the demo ends. To keep one and explore it:
cli-demo-then = then:
cli-demo-try-next = Try next:
cli-demo-own-ledger = and for a ledger of your own: jardins init, then jardins --help.

## Checkpoints and their signatures.

cli-checkpoint-unreadable = the checkpoint file { $path } cannot be read: { $error } (`jardins checkpoint` writes one; events/README.md describes it)
cli-checkpoint-too-long = the checkpoint file { $path } is longer than { $max } bytes: a statement is five short lines (`jardins checkpoint` writes one; events/README.md describes it)
cli-checkpoint-not-a-statement = the checkpoint file { $path } is not a checkpoint statement: { $why } (`jardins checkpoint` writes one; events/README.md describes it)
cli-checkpoint-other-ledger = the checkpoint { $path } is of another ledger: it names ledger { $ledger }, and this ledger's entry 1 has hash { $hash }
cli-signature-missing = the signature { $signature } is not there: sign the checkpoint with `ssh-keygen -Y sign -f KEY -n { $namespace } { $path }`, or name the signature with --signature
cli-signature-unknown-key = the signature { $signature } of the checkpoint { $path } was made by no key of { $signers }: { $said }
cli-signature-does-not-verify = the signature { $signature } does not verify for the checkpoint { $path } as { $principal }'s: the statement was altered, or the signature is of something else ({ $said })
cli-ssh-keygen-missing = checking signatures needs OpenSSH's ssh-keygen, which cannot be run ({ $error }): install it (Debian: apt-get install openssh-client)
cli-ssh-keygen-unfinished = ssh-keygen did not finish: { $error }
cli-ssh-keygen-silent = ssh-keygen said nothing
cli-anchor-held = entry { $sequence } has the expected hash { $hash }

## The server and the access data.

cli-serve-no-runtime = cannot start the server's runtime: { $error }
cli-serve-invitation = Invitation for { $person } (valid { $days } days): { $link }
cli-access-no-person = no person '{ $person }' in the ledger: a person is known once they join a garden or its core
cli-access-invitation = Invitation for { $person }, valid until { $until }:
cli-access-steward-now = { $person } is now a steward.
cli-access-steward-already = { $person } was already a steward.
cli-access-steward-no-longer = { $person } is no longer a steward.
cli-access-steward-not = { $person } was not a steward.
cli-access-disabled = { $person } is disabled: no sign-in, no token, their sessions ended.
cli-access-disabled-already = { $person } was already disabled.
cli-access-token = API token { $id } for { $person } (shown once; send it as Authorization: Bearer TOKEN):
cli-access-revoked = Token { $id } is revoked.
cli-access-no-token = no token '{ $id }' to revoke: `jardins access list` shows the tokens

## Warnings after an entry is recorded.

cli-warning-below-zero-on = warning: entry { $sequence } leaves { $account } at { $balance } on { $date }, below zero: record the money that came in first, or reverse the entry if it is a mistake (jardins reverse { $sequence } --reason ...)
cli-warning-below-zero-after = warning: after entry { $sequence }, { $account } is at { $balance }, below zero (its balance on { $date } is { $on_its_date }): record the money that came in, or reverse the entry if it is a mistake (jardins reverse { $sequence } --reason ...)
cli-warning-identical = warning: entry { $sequence } is identical to entry { $earlier } (same parties, amount, currency, period and date): if it was recorded twice by mistake, reverse one (jardins reverse { $sequence } --reason "recorded twice"); to record a repeated entry on purpose without this warning, give each its own --key

## Writing the output, and reading a constitution file.

cli-cannot-write-to = cannot write to { $what }: { $error }
cli-cannot-create = cannot create { $path }: { $error }
cli-standard-output = standard output
cli-progress-lines = lines
cf-line-column = line { $line }, column { $column }
cf-the-line = { $problem } (the line: `{ $line }`)
cf-directory = it is a directory: name a TOML file
cf-too-large = it holds more than { $max } bytes, above the limit (a constitution is a few kilobytes)
cf-not-utf8 = it is not UTF-8 text (byte { $byte } is not): save it as UTF-8
cli-outside-no-balance = 'outside' is not an account with a balance: give garden:ID (or just ID), big-garden or member:ID
cli-cut = (cut)
