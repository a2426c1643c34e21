# The reports' tables and the words in them: headings, column heads, legends, hints. JSON and CSV
# never come here: they keep the ledger's own keys and forms in every language.

## Words the tables share.

report-settled = settled
report-arrears = arrears { $amount }
report-advance = advance { $amount }
report-kind-local = local ({ $name })
report-kind-thematic = thematic ({ $name })
report-kind-organisation = organisation ({ $name }), members only
report-members-only-account = { $account } (members only)
report-from-to = From { $from } to { $to }
report-as-of = As of { $date }
report-flow-contributions-from-members = contributions from members
report-flow-contributions-from-gardens = contributions from gardens
report-flow-contributions-to-gardens = contributions to gardens
report-flow-contributions-to-the-big-garden = contributions to the big garden
report-flow-valued-roles = valued roles
report-flow-collections = collections
report-flow-expenses = expenses
report-cadence-monthly = monthly
report-cadence-yearly = yearly
report-cadence-one-off = one-off
report-mode-fixed = fixed
report-mode-conscious = conscious
report-col-garden = garden
report-col-paid = paid
report-col-corrections = corrections
report-col-received = received
report-col-month = month
report-col-opening = opening
report-col-closing = closing
report-col-currency = currency
report-col-due = due
report-col-suggested = suggested
report-col-carried = carried
report-totals-per-currency = Totals per currency

## The balance of a garden or of the big garden.

report-balance-of-garden = Balance of { $account } — { $name }, { $kind }
report-members-only-report = MEMBERS ONLY: an organisation garden; only its members may see this report.
report-closed-on = Closed on { $date }.
report-balance-of-big-garden = Balance of the big garden (big-garden)
report-opening = opening balance
report-opening-on = opening balance ({ $date })
report-in = in: { $kind }
report-out = out: { $kind }
report-correction-reversed = correction: reversed { $kind }
report-closing = closing balance ({ $date })
report-balance-unjudged = { $mark } includes money recorded while the garden had no constitution: judged against none.
report-members-directly = members directly
report-received-by-big-garden = Received by the big garden in { $currency }
report-received-unjudged = { $mark } includes contributions paid while that garden had no constitution.
report-month-by-month = Month by month in { $currency }
report-head-in = in:
report-head-out = out:
report-short-contributions-from-members = members
report-short-contributions-from-gardens = gardens
report-short-contributions-to-gardens = to gardens
report-short-contributions-to-the-big-garden = big garden
report-short-valued-roles = valued roles
report-short-collections = collections
report-short-expenses = expenses

## What a rule in force asks, in the audit's and the commitments' tables.

report-rule-no-constitution = no constitution
report-rule-none-in-currency = v{ $version }: no rule in this currency
report-rule-committed = committed { $amount } { $cadence }
report-rule-fixed = v{ $version }: fixed { $amount } { $cadence }
report-rule-conscious-suggested = v{ $version }: conscious { $cadence }, { $suggested } suggested
report-rule-conscious = v{ $version }: conscious { $cadence }

## The audit of the flows to the big garden.

report-audit-title = Audit of the money flows to the big garden, { $span }
report-audit-from-to = from { $from } to { $to }
report-audit-up-to = up to { $to }
report-audit-after-today = This audit ends on { $to }, after today ({ $today }): its periods are judged as of today, and a period not over today is open.
report-audit-periods-legend = A period is a month under a monthly rule, the months of one year under yearly rules, the months under one-off rules, or the months of one year without a rule; it is judged by the constitution version in force on its last day, which says once what it asks. A payment counts for the period it says it pays for ("for"), else for the period of its date ("counts in"); `jardins audit --help` gives every rule.
report-audit-columns-legend = Columns: due is the fixed amount the rule asks; suggested, what a conscious rule suggests (nothing is due); paid, every payment counted in the period; difference = counted − due, where counted is what settles a fixed due: the payments made in fixed mode under a fixed rule (conscious payments, and payments no constitution calls for, are paid but settle nothing); carried, the running standing: negative is arrears, positive advance.
report-audit-open-legend = Periods marked (open) are not over on { $date }: what they ask and is not paid yet is due by their last day ("open: … due by …"), and is not carried as arrears until that day has passed.
report-audit-garden = { $account } — { $name }, { $kind }
report-members-only-part = MEMBERS ONLY: an organisation garden; only its members may see this part.
report-col-period = period
report-col-rule = rule in force
report-col-difference = difference
report-audit-carried-in-period = { $period } (carried in)
report-audit-carried-in = carried in
report-audit-open-due-by = open: { $amount } due by { $date }
report-audit-conscious-suggested = nothing due: conscious, { $suggested } suggested, { $paid } paid
report-audit-conscious = nothing due: conscious, { $paid } paid
report-audit-nothing-due = nothing due
report-audit-open-period = { $period } (open)
report-audit-payments-legend = Payments — seq: the entry; for: the period it says it pays for; counts in: the period it counts in; hash: its record's hash in the chain.
report-col-seq = seq
report-col-date = date
report-col-amount = amount
report-col-mode = mode
report-col-for = for
report-col-counts-in = counts in
report-col-hash = hash
report-col-note = note
report-pays-for-commitment = commitment { $commitment }
report-pays-for-one-off = one-off
report-pays-for-commitment-period = commitment { $commitment } for { $period }
report-note-reverses = reverses #{ $entry }
report-note-reversed-by = reversed by #{ $entry }
report-note-late = late
report-note-not-called-for = no constitution calls for it
report-audit-unpaid-heading = Gardens that paid nothing although due:
report-audit-unpaid-line = { $account }: { $amount } due, nothing paid
report-audit-none = none
report-audit-uncalled-heading = Payments that no constitution calls for:
report-audit-uncalled-line = #{ $entry } { $date } { $payer } paid { $amount }
report-audit-members-heading = Paid by members straight to the big garden
report-col-paid-by-gardens = paid by gardens
report-col-counted-toward-dues = counted toward dues
report-col-open-not-yet-due = open, not yet due
report-col-not-called-for = not called for
report-col-from-members = from members
report-audit-totals-legend = due: the fixed amounts the periods above ask. suggested: what conscious rules suggest for them (nothing is due). paid by gardens: what the gardens paid for the periods above. counted toward dues: the part of it that settles fixed dues (paid in fixed mode under a fixed rule). open, not yet due: what periods not over yet ask and is not paid. not called for: paid in periods no constitution's rule governs (the payments listed above). carried: arrears or advance at the end, open dues left out. from members: paid by members straight to the big garden, which no constitution calls for (their table above).
report-chain-full = Chain verified: { $events } events, every hash recomputed and linked, projections checked; head hash { $head }.
report-chain-links = Chain verified: { $events } events, every hash recomputed and linked; head hash { $head }. (The balances were not rebuilt from the log: `jardins verify` does that.)
report-chain-since-verify = Chain verified: { $events } events, entries 1 to { $sequence } as `jardins verify` found them on { $when } (chain and balances), every hash after recomputed and linked; head hash { $head }. (`--chain links` rechecks every link; `jardins verify` everything.)
report-chain-records-shown = Chain NOT verified in full by this audit ({ $events } events): the { $read } records behind these figures and the head record were read back, each hash recomputed; head hash { $head }. Run `jardins verify` to check every link.

## Members' commitments.

report-commitments-of-member-to-garden = Commitments of { $member } to { $garden } as of { $date }
report-commitments-to-garden = Commitments to { $garden } as of { $date }
report-commitments-of-member = Commitments of { $member } as of { $date }
report-commitments = Commitments as of { $date }
report-commitments-after-today = As of { $date }, after today ({ $today }): periods are judged as of today.
report-commitments-none = No commitment recorded.
report-col-member = member
report-col-commitment = commitment
report-col-committed = committed
report-col-runs = runs
report-col-due-to-date = due to date
report-col-standing = standing
report-commitment-runs-to = { $from } to { $until }
report-commitment-runs-from = from { $from }
report-commitments-legend = A commitment's periods are its calendar months (monthly), calendar years (yearly) or its whole run (one-off), from its first day to its last. due to date: what the periods over by then ask (how many ×); open, not yet due: what the period still running asks and is not paid, due by its last day; paid: the member's payments to the garden in that currency that name the commitment, or that name none and pay for a period it runs in (or are dated in one; when several of the member's run then, the one whose amount was paid, else the one starting first), reversals taken off; standing: paid against what is due, an advance showing at once.

## The lists of gardens and of a garden's members.

report-gardens-none = no garden is open yet: open one with `jardins garden open`
report-gardens-heading = Gardens, with the constitution version in force on { $date }
report-col-id = id
report-col-name = name
report-col-kind = kind
report-col-of = of
report-col-core = core
report-col-constitution = constitution
report-col-opened = opened
report-col-closed = closed
report-garden-kind-local = local
report-garden-kind-thematic = thematic
report-garden-kind-organisation = organisation
report-members-only-kind = { $kind }, members only
report-constitution-none = none
report-members-of = Members of { $garden } — { $name }
report-members-of-members-only = Members of { $garden } — { $name } (members only)
report-members-none = no member has joined it
report-col-role = role
report-col-since = since
report-col-until = until
report-role-gardener = gardener
report-role-companion = companion
report-role-core = { $role }, core

## A member's own balance.

report-member-balance-of = Balance of { $account } — { $name }
report-member-nothing-moved = no money moved to or from this person
report-col-blank = {""}
report-col-account = account
report-col-net = net
report-member-paid-to = paid to
report-member-received-from = received for valued roles from
report-member-paid-in-all = paid in all
report-member-received-in-all = received in all
report-member-balance-before = balance before { $date }
report-member-balance = balance ({ $date }): received − paid
report-member-in-currency = In { $currency }
report-member-legend = net: the amount less its corrections (reversed entries). The balance is what the person received less what they paid, from the beginning of the ledger.

## How to bring a report within its limits.

report-hint-later-start = give a later start (--from)
report-hint-garden-opened = garden:{ $garden } opened on { $date }, and its dues are worked out from that day; check that date with `jardins log`
report-hint-commitment-starts = commitment { $commitment } starts on { $date }; check that date with `jardins log`

## The charts (SVG).

report-chart-empty = there is nothing to draw for this period
report-chart-too-many-panels = { $count } panels would be unreadable (at most { $max }): narrow the report to one garden (--garden) or a shorter period
report-chart-too-many-periods = { $count } periods along one axis would be unreadable (at most { $max }): give a later start (--from)
report-chart-file = the chart { $path }
report-chart-balance-panel = { $account } in { $currency }: money in and out each month, balance at its end
report-chart-money-in = money in
report-chart-money-out = money out
report-chart-month-end = balance at the month's end
report-chart-garden = { $account } ({ $name })
report-chart-garden-members-only = { $account } ({ $name }, members only)
report-chart-big-garden = the big garden
report-chart-balance-title = Balance of { $who }, month by month
report-chart-suggested = suggested (conscious: nothing due)
report-chart-audit-panel = { $account } ({ $name }) to the big garden in { $currency }
report-chart-audit-panel-members-only = { $account } ({ $name }, members only) to the big garden in { $currency }
report-chart-carried = carried: arrears below zero, advance above
report-chart-audit-title = Flows to the big garden, due and paid, { $span }
report-not-a-format = '{ $text }' is not a report format: use table, json or csv
