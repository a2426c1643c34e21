# Les tableaux des rapports et leurs mots : titres, en-têtes de colonnes, légendes, conseils. Le JSON
# et le CSV ne passent jamais par ici : ils gardent les clés et les formes du registre dans toutes les langues.

## Les mots que les tableaux partagent.

report-settled = à jour
report-arrears = arriéré { $amount }
report-advance = avance { $amount }
report-kind-local = local ({ $name })
report-kind-thematic = thématique ({ $name })
report-kind-organisation = d’organisation ({ $name }), réservé à ses membres
report-members-only-account = { $account } (réservé aux membres)
report-from-to = Du { $from } au { $to }
report-as-of = Au { $date }
report-flow-contributions-from-members = contributions des membres
report-flow-contributions-from-gardens = contributions des jardins
report-flow-contributions-to-gardens = contributions à des jardins
report-flow-contributions-to-the-big-garden = contributions au grand jardin
report-flow-valued-roles = rôles valorisés
report-flow-collections = collectes
report-flow-expenses = dépenses
report-cadence-monthly = mensuel
report-cadence-yearly = annuel
report-cadence-one-off = ponctuel
report-mode-fixed = fixe
report-mode-conscious = consciente
report-col-garden = jardin
report-col-paid = versé
report-col-corrections = corrections
report-col-received = reçu
report-col-month = mois
report-col-opening = ouverture
report-col-closing = clôture
report-col-currency = monnaie
report-col-due = dû
report-col-suggested = suggéré
report-col-carried = cumul
report-totals-per-currency = Totaux par monnaie

## Le solde d'un jardin ou du grand jardin.

report-balance-of-garden = Solde de { $account } — { $name }, { $kind }
report-members-only-report = RÉSERVÉ AUX MEMBRES : un jardin d’organisation ; seuls ses membres peuvent voir ce rapport.
report-closed-on = Fermé le { $date }.
report-balance-of-big-garden = Solde du grand jardin (big-garden)
report-opening = solde d’ouverture
report-opening-on = solde d’ouverture ({ $date })
report-in = entrées : { $kind }
report-out = sorties : { $kind }
report-correction-reversed = correction : { $kind } contre-passées
report-closing = solde de clôture ({ $date })
report-balance-unjudged = { $mark } comprend de l’argent enregistré quand le jardin n’avait pas de constitution : jugé selon aucune.
report-members-directly = membres directement
report-received-by-big-garden = Reçu par le grand jardin en { $currency }
report-received-unjudged = { $mark } comprend des contributions versées quand ce jardin n’avait pas de constitution.
report-month-by-month = Mois par mois en { $currency }
report-head-in = entrées :
report-head-out = sorties :
report-short-contributions-from-members = membres
report-short-contributions-from-gardens = jardins
report-short-contributions-to-gardens = aux jardins
report-short-contributions-to-the-big-garden = grand jardin
report-short-valued-roles = rôles valorisés
report-short-collections = collectes
report-short-expenses = dépenses

## Ce que demande une règle en vigueur, dans les tableaux de l'audit et des engagements.

report-rule-no-constitution = aucune constitution
report-rule-none-in-currency = v{ $version } : aucune règle dans cette monnaie
report-rule-committed = engagement de { $amount }, { $cadence }
report-rule-fixed = v{ $version } : { $amount } fixe, { $cadence }
report-rule-conscious-suggested = v{ $version } : consciente, { $cadence }, { $suggested } suggéré
report-rule-conscious = v{ $version } : consciente, { $cadence }

## L'audit des flux vers le grand jardin.

report-audit-title = Audit des flux d’argent vers le grand jardin, { $span }
report-audit-from-to = du { $from } au { $to }
report-audit-up-to = jusqu’au { $to }
report-audit-after-today = Cet audit finit le { $to }, après aujourd’hui ({ $today }) : ses périodes sont jugées à la date d’aujourd’hui, et une période qui n’est pas finie aujourd’hui est ouverte.
report-audit-periods-legend = Une période est un mois sous une règle mensuelle, les mois d’une année sous des règles annuelles, les mois sous des règles ponctuelles, ou les mois d’une année sans règle ; elle est jugée par la version de la constitution en vigueur à son dernier jour, qui dit une fois ce qu’elle demande. Un versement compte pour la période qu’il dit payer (« pour »), sinon pour la période de sa date (« compte en ») ; `jardins audit --help` donne toutes les règles.
report-audit-columns-legend = Colonnes : dû est le montant fixe que demande la règle ; suggéré, ce que suggère une règle de participation consciente (rien n’est dû) ; versé, chaque versement compté dans la période ; écart = compté − dû, où compté est ce qui règle un dû fixe : les versements faits en mode fixe sous une règle fixe (les versements en participation consciente, et ceux qu’aucune constitution ne demande, sont versés mais ne règlent rien) ; cumul, la situation courante : négatif, c’est un arriéré, positif, une avance.
report-audit-open-legend = Les périodes marquées (ouverte) ne sont pas finies le { $date } : ce qu’elles demandent et qui n’est pas encore versé est dû à leur dernier jour (« ouverte : … dû le … »), et n’est pas reporté comme arriéré avant que ce jour soit passé.
report-audit-garden = { $account } — { $name }, { $kind }
report-members-only-part = RÉSERVÉ AUX MEMBRES : un jardin d’organisation ; seuls ses membres peuvent voir cette partie.
report-col-period = période
report-col-rule = règle en vigueur
report-col-difference = écart
report-audit-carried-in-period = { $period } (reporté)
report-audit-carried-in = report
report-audit-open-due-by = ouverte : { $amount } dû le { $date }
report-audit-conscious-suggested = rien de dû : participation consciente, { $suggested } suggéré, { $paid } versé
report-audit-conscious = rien de dû : participation consciente, { $paid } versé
report-audit-nothing-due = rien de dû
report-audit-open-period = { $period } (ouverte)
report-audit-payments-legend = Versements — n° : l’écriture ; pour : la période qu’il dit payer ; compte en : la période où il compte ; empreinte : l’empreinte de son écriture dans la chaîne.
report-col-seq = n°
report-col-date = date
report-col-amount = montant
report-col-mode = mode
report-col-for = pour
report-col-counts-in = compte en
report-col-hash = empreinte
report-col-note = note
report-pays-for-commitment = engagement { $commitment }
report-pays-for-one-off = ponctuel
report-pays-for-commitment-period = engagement { $commitment } pour { $period }
report-note-reverses = contre-passe #{ $entry }
report-note-reversed-by = contre-passé par #{ $entry }
report-note-late = en retard
report-note-not-called-for = aucune constitution ne le demande
report-audit-unpaid-heading = Jardins qui n’ont rien versé alors qu’ils devaient :
report-audit-unpaid-line = { $account } : { $amount } dû, rien versé
report-audit-none = aucun
report-audit-uncalled-heading = Versements qu’aucune constitution ne demande :
report-audit-uncalled-line = #{ $entry } { $date } { $payer } a versé { $amount }
report-audit-members-heading = Versé par des membres directement au grand jardin
report-col-paid-by-gardens = versé par les jardins
report-col-counted-toward-dues = compté dans les dus
report-col-open-not-yet-due = ouvert, pas encore dû
report-col-not-called-for = non demandé
report-col-from-members = des membres
report-audit-totals-legend = dû : les montants fixes que demandent les périodes ci-dessus. suggéré : ce que les règles de participation consciente suggèrent pour elles (rien n’est dû). versé par les jardins : ce que les jardins ont versé pour les périodes ci-dessus. compté dans les dus : la part qui règle des dus fixes (versée en mode fixe sous une règle fixe). ouvert, pas encore dû : ce que les périodes pas encore finies demandent et qui n’est pas versé. non demandé : versé pour des périodes qu’aucune règle de constitution ne régit (les versements listés ci-dessus). cumul : arriéré ou avance à la fin, dus ouverts à part. des membres : versé par des membres directement au grand jardin, ce qu’aucune constitution ne demande (leur tableau ci-dessus).
report-chain-full = Chaîne vérifiée : { $events } { $events ->
        [one] écriture
       *[other] écritures
    }, chaque empreinte recalculée et chaînée, projections contrôlées ; empreinte de tête { $head }.
report-chain-links = Chaîne vérifiée : { $events } { $events ->
        [one] écriture
       *[other] écritures
    }, chaque empreinte recalculée et chaînée ; empreinte de tête { $head }. (Les soldes n’ont pas été reconstruits depuis le journal : `jardins verify` le fait.)
report-chain-since-verify = Chaîne vérifiée : { $events } { $events ->
        [one] écriture
       *[other] écritures
    }, les écritures 1 à { $sequence } telles que `jardins verify` les a trouvées le { $when } (chaîne et soldes), chaque empreinte suivante recalculée et chaînée ; empreinte de tête { $head }. (`--chain links` revérifie chaque lien ; `jardins verify`, tout.)
report-chain-records-shown = Chaîne NON vérifiée en entier par cet audit ({ $events } { $events ->
        [one] écriture
       *[other] écritures
    }) : les { $read } écritures derrière ces chiffres et l’écriture de tête ont été relues, chaque empreinte recalculée ; empreinte de tête { $head }. Lancez `jardins verify` pour vérifier chaque lien.

## Les engagements des membres.

report-commitments-of-member-to-garden = Engagements de { $member } envers { $garden } au { $date }
report-commitments-to-garden = Engagements envers { $garden } au { $date }
report-commitments-of-member = Engagements de { $member } au { $date }
report-commitments = Engagements au { $date }
report-commitments-after-today = Au { $date }, après aujourd’hui ({ $today }) : les périodes sont jugées à la date d’aujourd’hui.
report-commitments-none = Aucun engagement enregistré.
report-col-member = membre
report-col-commitment = engagement
report-col-committed = engagé
report-col-runs = durée
report-col-due-to-date = dû à ce jour
report-col-standing = situation
report-commitment-runs-to = du { $from } au { $until }
report-commitment-runs-from = depuis le { $from }
report-commitments-legend = Les périodes d’un engagement sont ses mois civils (mensuel), ses années civiles (annuel) ou toute sa durée (ponctuel), de son premier jour à son dernier. dû à ce jour : ce que demandent les périodes finies à cette date (combien de fois ×) ; ouvert, pas encore dû : ce que demande la période en cours et qui n’est pas versé, dû à son dernier jour ; versé : les versements du membre au jardin dans cette monnaie qui nomment l’engagement, ou qui n’en nomment aucun et paient une période qu’il couvre (ou sont datés dans l’une d’elles ; quand plusieurs engagements du membre courent alors, celui dont le montant a été versé, sinon celui qui commence le premier), contre-passations déduites ; situation : le versé face au dû, une avance se voyant tout de suite.

## Les listes des jardins et des membres d'un jardin.

report-gardens-none = aucun jardin n’est encore ouvert : ouvrez-en un avec `jardins garden open`
report-gardens-heading = Jardins, avec la version de constitution en vigueur le { $date }
report-col-id = id
report-col-name = nom
report-col-kind = sorte
report-col-of = de
report-col-core = noyau
report-col-constitution = constitution
report-col-opened = ouvert
report-col-closed = fermé
report-garden-kind-local = local
report-garden-kind-thematic = thématique
report-garden-kind-organisation = d’organisation
report-members-only-kind = { $kind }, réservé aux membres
report-constitution-none = aucune
report-members-of = Membres de { $garden } — { $name }
report-members-of-members-only = Membres de { $garden } — { $name } (réservé aux membres)
report-members-none = aucun membre ne l’a rejoint
report-col-role = rôle
report-col-since = depuis
report-col-until = jusqu’au
report-role-gardener = jardinier·e
report-role-companion = compagnon·ne
report-role-core = { $role }, noyau

## Le solde d'un membre.

report-member-balance-of = Solde de { $account } — { $name }
report-member-nothing-moved = aucun argent n’a circulé vers ou depuis cette personne
report-col-blank = {""}
report-col-account = compte
report-col-net = net
report-member-paid-to = versé à
report-member-received-from = reçu pour des rôles valorisés de
report-member-paid-in-all = versé en tout
report-member-received-in-all = reçu en tout
report-member-balance-before = solde avant le { $date }
report-member-balance = solde ({ $date }) : reçu − versé
report-member-in-currency = En { $currency }
report-member-legend = net : le montant moins ses corrections (écritures contre-passées). Le solde est ce que la personne a reçu moins ce qu’elle a versé, depuis le début du registre.

## Comment ramener un rapport dans ses limites.

report-hint-later-start = donnez un début plus tardif (--from)
report-hint-garden-opened = garden:{ $garden } a ouvert le { $date }, et ses dus sont calculés depuis ce jour ; vérifiez cette date avec `jardins log`
report-hint-commitment-starts = l’engagement { $commitment } commence le { $date } ; vérifiez cette date avec `jardins log`

## Les graphiques (SVG).

report-chart-empty = il n’y a rien à dessiner pour cette période
report-chart-too-many-panels = { $count } panneaux seraient illisibles (au plus { $max }) : limitez le rapport à un jardin (--garden) ou à une période plus courte
report-chart-too-many-periods = { $count } périodes sur un axe seraient illisibles (au plus { $max }) : donnez un début plus tardif (--from)
report-chart-file = le graphique { $path }
report-chart-balance-panel = { $account } en { $currency } : entrées et sorties chaque mois, solde à la fin du mois
report-chart-money-in = entrées
report-chart-money-out = sorties
report-chart-month-end = solde à la fin du mois
report-chart-garden = { $account } ({ $name })
report-chart-garden-members-only = { $account } ({ $name }, réservé aux membres)
report-chart-big-garden = le grand jardin
report-chart-balance-title = Solde de { $who }, mois par mois
report-chart-suggested = suggéré (participation consciente : rien de dû)
report-chart-audit-panel = { $account } ({ $name }) vers le grand jardin en { $currency }
report-chart-audit-panel-members-only = { $account } ({ $name }, réservé aux membres) vers le grand jardin en { $currency }
report-chart-carried = cumul : arriéré sous zéro, avance au-dessus
report-chart-audit-title = Flux vers le grand jardin, dû et versé, { $span }
report-not-a-format = « { $text } » n’est pas un format de rapport : utilisez table, json ou csv
