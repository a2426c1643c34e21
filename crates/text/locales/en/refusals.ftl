# The ledger's refusals: `refusal-{Rule}` for each rule (its name stays as it is), and the
# words they name: `{group}-{key}`. Each says what is wrong and how to fix it.

## Malformed input.

refusal-MalformedAmount = '{ $text }' is not an amount: write digits with at most one decimal separator, like 12.50 or 12,50
refusal-AmountNotPositive = the amount { $amount } is not positive: a payment moves a positive amount; to undo a payment, reverse its entry
refusal-AmountTooLarge = the amount { $amount } is above the ledger's limit of 1000000000000 (one trillion) per entry: split it or check for a typing mistake
refusal-TooManyDecimalPlacesAtAll = the amount { $amount } has more than 8 decimal places, which no currency allows: type it with at most 8
refusal-TooManyDecimalPlaces = the amount { $amount } has more decimal places than { $currency } allows ({ $places }): amounts are never rounded, type it with at most { $places } places
refusal-MalformedCurrencyCode = '{ $text }' is not a currency code: use 2 to 8 uppercase letters or digits starting with a letter, like EUR or GRAINE
refusal-MalformedId = '{ $text }' is not a valid { $what }: use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit, like 'paris' or 'camille-d'{ $suggested ->
        [named] ; did you mean '{ $suggestion }'? (the name, given with --name, keeps its accents and capitals)
        [plain] ; did you mean '{ $suggestion }'?
       *[none] {""}
    }
id-garden = garden id
id-person = person id
id-role = role id
id-commitment = commitment id
refusal-EmptyName = a name cannot be empty or blank: give one
refusal-TextTooLong = the text '{ $text }' is { $length } characters long, above the limit of { $max_chars }: shorten it
refusal-ControlCharacter = the text '{ $text }' holds the control character { $character }: remove it (names are one line; notes may hold newlines only)
refusal-MalformedPeriod = '{ $text }' is not a period: write a month as 2026-03 or a year as 2026
refusal-MalformedAccount = '{ $text }' is not an account: use garden:ID, member:ID, big-garden or outside

## Currencies.

refusal-UnknownCurrency = the currency { $currency } is not declared in this ledger: declare it first (jardins currency declare { $currency } ...) or check its spelling
refusal-CurrencyAlreadyDeclared = the currency { $currency } is already declared: a currency is declared once; use it as it is, or declare another code
refusal-EuroMisdeclared = only EUR is the euro, and it has 2 decimal places: declare { $currency } as a complementary currency
refusal-DecimalPlacesOutOfRange = a currency has 0 to 8 decimal places, not { $places }: declare it with 0 to 8

## Dates.

refusal-DateInFuture = the date { $on } is after today ({ $today }): the ledger records what has happened; give the date it took effect
refusal-DateBeforeGardenOpened = the date { $on } is before the garden '{ $garden }' opened ({ $opened_on }): give a date on or after { $opened_on }

## Gardens and people.

refusal-UnknownGarden = there is no garden '{ $garden }': open it first (jardins garden open) or check the id (jardins log shows every garden opened)
refusal-GardenAlreadyExists = a garden '{ $garden }' already exists: choose another id
refusal-GardenIsClosed = the garden '{ $garden }' was closed on { $closed_on }: nothing more can be recorded for it; check the garden id, or open a new garden
refusal-CoreTooSmall = a garden's core needs at least two distinct people, and { $distinct } were given: name at least two
refusal-CoreTooLarge = a garden's core has at most { $max } people, and { $count } were given: name at most { $max }
refusal-UnknownPerson = there is no person '{ $person }' in this ledger: a person appears when they join a garden (jardins member join)
refusal-NotAMember = '{ $person }' is not a member of the garden '{ $garden }' on { $on }: record them joining first (jardins member join), or check the date
refusal-AlreadyAMember = '{ $person }' is already a member of the garden '{ $garden }': nothing to record; check the person id and the garden id
refusal-RejoinBeforeLeft = '{ $person }' left the garden '{ $garden }' on { $left }: a new membership starts after that, not on { $on }; give a later date
refusal-TooManyMemberships = '{ $person }' has joined '{ $garden }' { $max } times, the limit: check that these joins are not recorded twice
refusal-CoreMemberCannotLeave = '{ $person }' belongs to the core of '{ $garden }', which needs at least two of its people as members: they may leave only while two others of the core remain; to end the garden, close it
refusal-GardenStillHoldsMoney = the garden '{ $garden }' still holds { $holding }: pay it out (an expense or a contribution) before closing it
refusal-GardenOverdrawn = the garden '{ $garden }' is overdrawn by { $overdrawn }: bring it back to zero (a contribution or a collection into it, or the reversal of the entry that overdrew it) before closing it{ $holding_count ->
        [0] { "" }
       *[other] ; it also holds { $holding }, to pay out (an expense or a contribution)
    }

## Constitutions.

refusal-ConstitutionVersionOutOfOrder = the garden '{ $garden }' is at constitution version { $current }: the next version must be { $expected }, not { $given }
refusal-ConstitutionBeforePrevious = version { $version } of the constitution of '{ $garden }' would take effect on { $on }, before version { $previous } ({ $previous_on }): give a date on or after { $previous_on }
refusal-ConstitutionBeforeJudgedEntries = version { $version } of the constitution of '{ $garden }' would take effect on { $on }, but entries of '{ $garden }' up to { $judged_until } were already judged by the constitution in force on their dates, and each keeps the version that judged it, even once reversed: adopt it on { $earliest } or later
refusal-ConstitutionInvalid = the constitution is not valid: { $problem }
invalid-too-many-versions = a garden may adopt at most { $max } versions: gather several changes in one version
invalid-too-many-rules = { $section } has { $count } rules, above the limit of { $max }: give at most { $max }
invalid-two-rules = { $point } has two rules in { $currency }: give one rule per currency
invalid-empty-purpose = the purpose (raison d'être) is empty: say why the garden exists
point-role = role { $item }
point-big-garden = big_garden
point-commitments = commitments
point-collection = collection { $item }
refusal-CurrencyNotAccepted = { $flow } of '{ $garden }' is not accepted in { $currency } by constitution version { $version }; it accepts: { $accepted_count ->
        [0] none
       *[other] { $accepted }
    }. Use an accepted currency or adopt a new version
refusal-FixedAmountDiffers = { $flow } of '{ $garden }' is a fixed amount of { $expected } in constitution version { $version }, not { $amount }: record exactly { $expected }{ $hint }
fixed-role = { " " }{ $cadence }; to value it otherwise, adopt a constitution version that says so
fixed-commitment = , the amount of commitment '{ $commitment }', { $cadence }
fixed-big-garden = , { $cadence }; to pay another amount, adopt a constitution version that sets it
fixed-member-contribution = , { $cadence }; to give more, make a commitment of the amount you mean to pay
held-monthly = for each month the role is held
held-yearly = for each year the role is held
held-one-off = once for the role
per-monthly = one payment per month
per-yearly = one payment per year
per-one-off = in one payment
refusal-ModeDiffers = { $flow } of '{ $garden }' is { $expected } in constitution version { $version }, not { $given }: record it with the mode the constitution sets
mode-fixed = fixed
mode-conscious = conscious
refusal-CommitmentBelowMinimum = a commitment of { $amount } is below the minimum of { $minimum } set by constitution version { $version } of '{ $garden }': commit at least { $minimum }
refusal-RoleNotValued = the role '{ $role }' is not valued in { $currency } by constitution version { $version } of '{ $garden }': valued roles are { $valued_count ->
        [0] none
       *[other] { $valued }
    }; value one of those, or adopt a version that values it
refusal-CollectionNotMultipleOfPrice = a collection of { $amount } is not a whole number of the fixed price { $price } set by constitution version { $version } of '{ $garden }': record a multiple of { $price }
flow-valued-role = the valued role
flow-minimum-commitment = a minimum commitment
flow-event-collection = a collection at an event
flow-gathering-collection = a collection at a gathering
flow-fundraising = a fundraising
flow-big-garden-contribution = the contribution to the big garden
flow-commitment-payment = a payment toward a commitment
flow-member-contribution = a member's contribution

## Commitments.

refusal-UnknownCommitment = there is no commitment '{ $commitment }': see jardins commitments for the ids
refusal-CommitmentAlreadyExists = a commitment '{ $commitment }' already exists: choose another id
refusal-CommitmentMismatch = commitment '{ $commitment }': { $problem }
mismatch-ends-before-start = it would end before it starts ({ $from }): give an end on or after its start
mismatch-cadence-differs = constitution version { $version } of '{ $garden }' asks { $asked } commitments in { $currency }, not { $given }
mismatch-already-ends = it already ends on { $ended }: an end can only be brought forward, give a date before { $ended }
mismatch-end-before-start = it starts on { $from }: it cannot end before that
mismatch-other-accounts = it is the commitment of member:{ $person } to garden:{ $garden }: pay it from that member to that garden
mismatch-other-currency = it is in { $committed }, not { $currency }
mismatch-payment-before-start = it starts on { $from }: date the payment on or after that
mismatch-period-outside = it runs from { $from }{ $ends ->
        [dated] { " " }to { $until }
       *[open] { "" }
    }, not in { $period }: give a --period in which it runs
mismatch-period-of-other-cadence = its payments are { $cadence }: give --period as { $example }, not { $period }
cadence-monthly = monthly
cadence-yearly = yearly
cadence-one-off = one-off

## Flows.

refusal-AccountNotAllowed = { $account } cannot { $act }
act-pay-expense = pay an expense here: expenses are paid by a garden (garden:ID) or by the big garden (big-garden)
act-pay-itself = pay itself here: a contribution goes from one account to another
act-pay-contribution = pay a contribution here: contributions are paid by a member (member:ID) or a garden (garden:ID); record takings from outside with 'collect'
act-receive-contribution = receive a contribution here: contributions go to a garden (garden:ID) or to the big garden (big-garden); a role paid to a member is recorded with 'role value'

## Corrections.

refusal-UnknownEntry = there is no entry { $entry } in the log: jardins log shows the sequence numbers
refusal-NotAMoneyEntry = entry { $entry } is a { $kind }, which moves no money and cannot be reversed{ $kind ->
        [EntryReversed] : it is itself a correction; record the original entry again instead
       *[other] ; a fact that moves no money is corrected by the fact that follows it (a member leaving, a commitment ending, a new constitution version)
    }
refusal-ReasonRequired = a correction needs a reason: say why entry { $entry } is reversed
refusal-ReversalBeforeEntry = entry { $entry } took effect on { $entry_on }: its reversal cannot take effect before ({ $on }); date it on or after { $entry_on }
refusal-AlreadyReversed = entry { $entry } was already reversed by entry { $by }: an entry is reversed once; record a new entry if needed
refusal-CollectionKindNotAccepted = constitution version { $version } of '{ $garden }' accepts no collection of the kind { $kind }; the kinds it accepts: { $accepted_count ->
        [0] none
       *[other] { $accepted }
    }. Record it as one of those (--kind), or adopt a version that accepts { $kind }
refusal-CommitmentAmbiguous = member:{ $person } holds several commitments to '{ $garden }' that run in the period this pays for ({ $commitments }), and { $amount } is the amount of none of them nor the minimum set by constitution version { $version }: pay one of { $accepted }, or add --commitment to name the one it pays toward
refusal-TooManyCommitments = member:{ $person } has made { $max } commitments to '{ $garden }', the limit: end those that no longer run (jardins commit end) and check that none is recorded twice
