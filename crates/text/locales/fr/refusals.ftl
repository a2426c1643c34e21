# Les refus du registre : `refusal-{Règle}` pour chaque règle (son nom reste tel quel), et les
# mots qu'ils nomment : `{groupe}-{clé}`. Chacun dit ce qui ne va pas et comment y remédier.

## Saisies mal formées.

refusal-MalformedAmount = « { $text } » n’est pas un montant : écrivez des chiffres avec au plus un séparateur décimal, comme 12,50 ou 12.50
refusal-AmountNotPositive = le montant { $amount } n’est pas positif : un versement porte sur un montant positif ; pour annuler un versement, contre-passez son écriture
refusal-AmountTooLarge = le montant { $amount } dépasse la limite du registre, 1 000 000 000 000 (mille milliards) par écriture : fractionnez-le ou vérifiez qu’il n’y a pas de faute de frappe
refusal-TooManyDecimalPlacesAtAll = le montant { $amount } a plus de 8 décimales, ce qu’aucune monnaie ne permet : saisissez-le avec 8 décimales au plus
refusal-TooManyDecimalPlaces = le montant { $amount } a plus de décimales que { $currency } n’en permet ({ $places }) : les montants ne sont jamais arrondis, saisissez-le avec { $places ->
        [one] { $places } décimale
       *[other] { $places } décimales
    } au plus
refusal-MalformedCurrencyCode = « { $text } » n’est pas un code de monnaie : utilisez de 2 à 8 lettres majuscules ou chiffres, en commençant par une lettre, comme EUR ou GRAINE
refusal-MalformedId = « { $text } » n’est pas un { $what } valide : utilisez de 1 à 64 lettres minuscules, chiffres et tirets, en commençant et en finissant par une lettre ou un chiffre, comme « paris » ou « camille-d »{ $suggested ->
        [named]  ; vouliez-vous dire « { $suggestion } » ? (le nom, donné avec --name, garde ses accents et ses majuscules)
        [plain]  ; vouliez-vous dire « { $suggestion } » ?
       *[none] {""}
    }
id-garden = identifiant de jardin
id-person = identifiant de personne
id-role = identifiant de rôle
id-commitment = identifiant d’engagement
refusal-EmptyName = un nom ne peut pas être vide : indiquez-en un
refusal-TextTooLong = le texte « { $text } » compte { $length } caractères, au-delà de la limite de { $max_chars } : raccourcissez-le
refusal-ControlCharacter = le texte « { $text } » contient le caractère de contrôle { $character } : retirez-le (un nom tient sur une ligne ; une note ne peut contenir que des retours à la ligne)
refusal-MalformedPeriod = « { $text } » n’est pas une période : écrivez un mois sous la forme 2026-03, ou une année sous la forme 2026
refusal-MalformedAccount = « { $text } » n’est pas un compte : utilisez garden:ID, member:ID, big-garden ou outside

## Monnaies.

refusal-UnknownCurrency = la monnaie { $currency } n’est pas déclarée dans ce registre : déclarez-la d’abord (jardins currency declare { $currency } ...) ou vérifiez son orthographe
refusal-CurrencyAlreadyDeclared = la monnaie { $currency } est déjà déclarée : une monnaie ne se déclare qu’une fois ; utilisez-la telle quelle, ou déclarez un autre code
refusal-EuroMisdeclared = seul EUR est l’euro, et il a 2 décimales : déclarez { $currency } comme monnaie complémentaire
refusal-DecimalPlacesOutOfRange = une monnaie a de 0 à 8 décimales, pas { $places } : déclarez-la avec 0 à 8 décimales

## Dates.

refusal-DateInFuture = la date du { $on } est postérieure à aujourd’hui ({ $today }) : le registre consigne ce qui a eu lieu ; indiquez la date à laquelle l’opération a pris effet
refusal-DateBeforeGardenOpened = la date du { $on } précède l’ouverture du jardin « { $garden } » ({ $opened_on }) : indiquez une date à partir du { $opened_on }

## Jardins et personnes.

refusal-UnknownGarden = il n’y a pas de jardin « { $garden } » : ouvrez-le d’abord (jardins garden open) ou vérifiez l’identifiant (jardins log montre chaque jardin ouvert)
refusal-GardenAlreadyExists = un jardin « { $garden } » existe déjà : choisissez un autre identifiant
refusal-GardenIsClosed = le jardin « { $garden } » a été fermé le { $closed_on } : plus rien ne peut y être enregistré ; vérifiez l’identifiant du jardin, ou ouvrez un nouveau jardin
refusal-CoreTooSmall = le noyau d’un jardin compte au moins deux personnes distinctes, et { $distinct ->
        [0] aucune n’a été indiquée
        [one] une seule a été indiquée
       *[other] { $distinct } ont été indiquées
    } : nommez-en au moins deux
refusal-CoreTooLarge = le noyau d’un jardin compte au plus { $max } personnes, et { $count } ont été indiquées : nommez-en au plus { $max }
refusal-UnknownPerson = il n’y a pas de personne « { $person } » dans ce registre : une personne apparaît quand elle rejoint un jardin (jardins member join)
refusal-NotAMember = « { $person } » n’est pas membre du jardin « { $garden } » le { $on } : enregistrez d’abord son arrivée (jardins member join), ou vérifiez la date
refusal-AlreadyAMember = « { $person } » est déjà membre du jardin « { $garden } » : rien à enregistrer ; vérifiez l’identifiant de la personne et celui du jardin
refusal-RejoinBeforeLeft = « { $person } » a quitté le jardin « { $garden } » le { $left } : une nouvelle adhésion commence après cette date, pas le { $on } ; indiquez une date plus tardive
refusal-TooManyMemberships = « { $person } » a rejoint « { $garden } » { $max } fois, la limite : vérifiez que ces arrivées ne sont pas enregistrées en double
refusal-CoreMemberCannotLeave = « { $person } » fait partie du noyau de « { $garden } », qui doit compter au moins deux de ses personnes parmi les membres : elle ne peut partir que si deux autres personnes du noyau restent ; pour mettre fin au jardin, fermez-le
refusal-GardenStillHoldsMoney = le jardin « { $garden } » a encore un solde de { $holding } : versez-le (par une dépense ou une contribution) avant de fermer le jardin
refusal-GardenOverdrawn = le jardin « { $garden } » est à découvert de { $overdrawn } : ramenez son solde à zéro (par une contribution ou une collecte à son profit, ou par la contre-passation de l’écriture qui l’a mis à découvert) avant de le fermer{ $holding_count ->
        [0] { "" }
       *[other] ; il détient aussi { $holding }, à verser (par une dépense ou une contribution)
    }

## Constitutions.

refusal-ConstitutionVersionOutOfOrder = le jardin « { $garden } » en est à la version { $current } de sa constitution : la version suivante doit être la { $expected }, pas la { $given }
refusal-ConstitutionBeforePrevious = la version { $version } de la constitution de « { $garden } » prendrait effet le { $on }, avant la version { $previous } ({ $previous_on }) : indiquez une date à partir du { $previous_on }
refusal-ConstitutionBeforeJudgedEntries = la version { $version } de la constitution de « { $garden } » prendrait effet le { $on }, mais les écritures de « { $garden } » jusqu’au { $judged_until } ont déjà été jugées par la constitution en vigueur à leur date, et chacune garde la version qui l’a jugée, même contre-passée : adoptez-la le { $earliest } ou plus tard
refusal-ConstitutionInvalid = la constitution n’est pas valide : { $problem }
invalid-too-many-versions = un jardin peut adopter au plus { $max } versions : regroupez plusieurs changements dans une même version
invalid-too-many-rules = la section { $section } compte { $count } règles, au-delà de la limite de { $max } : donnez-en au plus { $max }
invalid-two-rules = { $point } a deux règles en { $currency } : donnez une seule règle par monnaie
invalid-empty-purpose = la raison d’être est vide : dites pourquoi le jardin existe
point-role = le rôle { $item }
point-big-garden = la section big_garden
point-commitments = la section commitments
point-collection = la collecte { $item }
refusal-CurrencyNotAccepted = la version { $version } de la constitution de « { $garden } » n’accepte pas { $currency } pour { $flow } ; elle accepte : { $accepted_count ->
        [0] aucune monnaie
       *[other] { $accepted }
    }. Utilisez une monnaie acceptée, ou adoptez une nouvelle version
refusal-FixedAmountDiffers = pour { $flow } de « { $garden } », la version { $version } de la constitution fixe un montant de { $expected }, et non { $amount } : enregistrez exactement { $expected }{ $hint }
fixed-role = { " " }{ $cadence } ; pour le valoriser autrement, adoptez une version de la constitution qui le prévoit
fixed-commitment = , le montant de l’engagement « { $commitment } », { $cadence }
fixed-big-garden = , { $cadence } ; pour verser un autre montant, adoptez une version de la constitution qui le fixe
fixed-member-contribution = , { $cadence } ; pour donner davantage, prenez un engagement du montant que vous comptez verser
held-monthly = pour chaque mois où le rôle est tenu
held-yearly = pour chaque année où le rôle est tenu
held-one-off = une seule fois pour le rôle
per-monthly = un versement par mois
per-yearly = un versement par an
per-one-off = en un seul versement
refusal-ModeDiffers = la version { $version } de la constitution de « { $garden } » demande pour { $flow } { $expected }, et non { $given } : enregistrez-le selon le mode que fixe la constitution
mode-fixed = un montant fixe
mode-conscious = une participation consciente
refusal-CommitmentBelowMinimum = un engagement de { $amount } est inférieur au minimum de { $minimum } fixé par la version { $version } de la constitution de « { $garden } » : engagez-vous pour { $minimum } au moins
refusal-RoleNotValued = le rôle « { $role } » n’est pas valorisé en { $currency } par la version { $version } de la constitution de « { $garden } », qui valorise { $valued_count ->
        [0] aucun rôle
       *[other] { $valued }
    } : valorisez l’un de ceux-là, ou adoptez une version qui valorise ce rôle
refusal-CollectionNotMultipleOfPrice = une collecte de { $amount } n’est pas un multiple entier du prix fixe de { $price } fixé par la version { $version } de la constitution de « { $garden } » : enregistrez un multiple de { $price }
flow-valued-role = le rôle valorisé
flow-minimum-commitment = un engagement minimum
flow-event-collection = une collecte lors d’un événement
flow-gathering-collection = une collecte lors d’un rassemblement
flow-fundraising = une levée de fonds
flow-big-garden-contribution = la contribution au grand jardin
flow-commitment-payment = un versement au titre d’un engagement
flow-member-contribution = la cotisation d’un membre

## Engagements.

refusal-UnknownCommitment = il n’y a pas d’engagement « { $commitment } » : jardins commitments en donne les identifiants
refusal-CommitmentAlreadyExists = un engagement « { $commitment } » existe déjà : choisissez un autre identifiant
refusal-CommitmentMismatch = engagement « { $commitment } » : { $problem }
mismatch-ends-before-start = il finirait avant de commencer ({ $from }) : indiquez une fin à partir de son début
mismatch-cadence-differs = la version { $version } de la constitution de « { $garden } » demande des engagements { $asked } en { $currency }, et non { $given }
mismatch-already-ends = il prend déjà fin le { $ended } : une fin ne peut qu’être avancée, indiquez une date antérieure au { $ended }
mismatch-end-before-start = il commence le { $from } : il ne peut pas finir avant
mismatch-other-accounts = c’est l’engagement de member:{ $person } envers garden:{ $garden } : versez-le de ce membre à ce jardin
mismatch-other-currency = il est en { $committed }, pas en { $currency }
mismatch-payment-before-start = il commence le { $from } : datez le versement de ce jour ou d’après
mismatch-period-outside = il court à partir du { $from }{ $ends ->
        [dated] { " " }jusqu’au { $until }
       *[open] { "" }
    }, et non pendant { $period } : indiquez une période (--period) pendant laquelle il court
mismatch-period-of-other-cadence = ses versements sont { $cadence } : indiquez --period sous la forme { $example }, et non { $period }
cadence-monthly = mensuels
cadence-yearly = annuels
cadence-one-off = ponctuels

## Mouvements.

refusal-AccountNotAllowed = { $account } ne peut pas { $act }
act-pay-expense = payer une dépense ici : une dépense est payée par un jardin (garden:ID) ou par le grand jardin (big-garden)
act-pay-itself = se verser à lui-même : une contribution va d’un compte à un autre
act-pay-contribution = verser une contribution ici : une contribution est versée par un membre (member:ID) ou par un jardin (garden:ID) ; enregistrez une recette venue de l’extérieur avec « collect »
act-receive-contribution = recevoir une contribution ici : une contribution va à un jardin (garden:ID) ou au grand jardin (big-garden) ; un rôle payé à un membre s’enregistre avec « role value »

## Corrections.

refusal-UnknownEntry = il n’y a pas d’écriture { $entry } dans le journal : jardins log montre les numéros d’ordre
refusal-NotAMoneyEntry = l’écriture { $entry } est de type { $kind }, qui ne déplace pas d’argent et ne peut pas être contre-passée{ $kind ->
        [EntryReversed] : c’est elle-même une correction ; enregistrez plutôt à nouveau l’écriture d’origine
       *[other] ; un fait qui ne déplace pas d’argent se corrige par le fait qui le suit (le départ d’un membre, la fin d’un engagement, une nouvelle version de la constitution)
    }
refusal-ReasonRequired = une correction a besoin d’un motif : dites pourquoi l’écriture { $entry } est contre-passée
refusal-ReversalBeforeEntry = l’écriture { $entry } a pris effet le { $entry_on } : sa contre-passation ne peut pas prendre effet avant ({ $on }) ; datez-la du { $entry_on } ou d’après
refusal-AlreadyReversed = l’écriture { $entry } a déjà été contre-passée par l’écriture { $by } : une écriture ne se contre-passe qu’une fois ; enregistrez une nouvelle écriture si nécessaire
refusal-CollectionKindNotAccepted = la version { $version } de la constitution de « { $garden } » n’accepte aucune collecte du type { $kind } ; les types qu’elle accepte : { $accepted_count ->
        [0] aucun
       *[other] { $accepted }
    }. Enregistrez-la sous l’un de ces types (--kind), ou adoptez une version qui accepte { $kind }
refusal-CommitmentAmbiguous = member:{ $person } a plusieurs engagements envers « { $garden } » qui courent pendant la période que ce versement règle ({ $commitments }), et { $amount } n’est le montant d’aucun d’eux, ni le minimum fixé par la version { $version } de la constitution : versez l’un des montants { $accepted }, ou ajoutez --commitment pour nommer celui qu’il règle
refusal-TooManyCommitments = member:{ $person } a pris { $max } engagements envers « { $garden } », la limite : mettez fin à ceux qui ne courent plus (jardins commit end) et vérifiez qu’aucun n’est enregistré en double
