#!/usr/bin/env python3
"""Recompute the audit of the flows to the big garden from a ledger's `jardins export jsonl`,
by the rules README.md states ("The audit's period model"), and compare it with what
`jardins audit --format json` printed for the same days.

This script shares no code with jardins: it reads the exported events and applies the
documented rules itself, with the standard library only.

    audit_recompute.py EVENTS.jsonl AUDIT.json --to DATE --today DATE [--from DATE]

It prints one line per disagreement and exits 1 if there is any; otherwise it prints what it
compared and exits 0.
"""

import argparse
import datetime as dt
import json
import sys
from decimal import Decimal

ZERO = Decimal(0)


# --- Calendar --------------------------------------------------------------------------------

def month_of(day):
    return (day.year, day.month)


def next_month(month):
    year, number = month
    return (year + 1, 1) if number == 12 else (year, number + 1)


def first_day(month):
    return dt.date(month[0], month[1], 1)


def last_day(month):
    return first_day(next_month(month)) - dt.timedelta(days=1)


def parse_day(text):
    return dt.date.fromisoformat(text)


def parse_period(pays_for):
    """A payment's `pays_for` as ("month", (y, m)), ("year", y) or None."""
    if isinstance(pays_for, dict) and "Period" in pays_for:
        period = pays_for["Period"]
        if isinstance(period, dict) and "Month" in period:
            text = period["Month"]
            if isinstance(text, str):
                year, month = text.split("-")
                return ("month", (int(year), int(month)))
            return ("month", (int(text["year"]), int(text["month"])))
        if isinstance(period, dict) and "Year" in period:
            return ("year", int(period["Year"]))
        if isinstance(period, str):
            if len(period) == 4:
                return ("year", int(period))
            year, month = period.split("-")
            return ("month", (int(year), int(month)))
        raise ValueError(f"unknown period {period!r}")
    return None


# --- The ledger, as its events say -----------------------------------------------------------

class Garden:
    def __init__(self, opened_on):
        self.opened_on = opened_on
        self.closed_on = None
        self.versions = []  # (version, effective, big_garden rules)


def read_events(path):
    records = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                records.append(json.loads(line))
    records.sort(key=lambda r: r["sequence"])
    return records


def money_rule(rule):
    """A flow rule as (currency, mode, amount or suggestion, cadence)."""
    mode = rule["mode"]
    if "Fixed" in mode:
        return (rule["currency"], "fixed", Decimal(mode["Fixed"]["amount"]), rule["cadence"])
    suggested = mode["Conscious"].get("suggested")
    return (rule["currency"], "conscious",
            None if suggested is None else Decimal(suggested), rule["cadence"])


def ledger_of(records):
    """Gardens, and payments to the big garden (corrections included) as dicts."""
    gardens = {}
    payments = {}  # sequence -> payment to the big garden
    lines = []
    for record in records:
        event = record["event"]
        on = parse_day(event["on"])
        (name, body), = event["kind"].items()
        if name == "GardenOpened":
            gardens[body["garden"]] = Garden(on)
        elif name == "GardenClosed":
            gardens[body["garden"]].closed_on = on
        elif name == "ConstitutionAdopted":
            constitution = body["constitution"]
            rules = [money_rule(r) for r in constitution["model"]["big_garden"]]
            gardens[body["garden"]].versions.append(
                (constitution["version"], parse_day(constitution["effective"]), rules))
        elif name == "ContributionPaid" and body["to"] == "big-garden":
            payment = {
                "sequence": record["sequence"],
                "on": on,
                "placed_on": on,
                "payer": body["from"],
                "amount": Decimal(body["amount"]),
                "currency": body["currency"],
                "fixed": body["mode"] == "Fixed",
                "pays_for": parse_period(body["pays_for"]),
            }
            payments[record["sequence"]] = payment
            lines.append(payment)
        elif name == "EntryReversed" and body["entry"] in payments:
            original = payments[body["entry"]]
            # A correction counts where the payment it reverses counts (rule 6).
            lines.append(dict(original, sequence=record["sequence"], on=on,
                              amount=-original["amount"]))
    for garden in gardens.values():
        garden.versions.sort(key=lambda v: v[0])
    return gardens, lines


# --- The period model (README.md, rules 1 to 8) ----------------------------------------------

def governing(versions, currency, day):
    """Rule 1: ("none", None) without constitution, ("norule", v) or ("rule", v, mode,
    amount, cadence) as the version in force on `day` says."""
    in_force = None
    for version in versions:
        if version[1] <= day:
            in_force = version
    if in_force is None:
        return ("none", None)
    for rule in in_force[2]:
        if rule[0] == currency:
            return ("rule", in_force[0], rule[1], rule[2], rule[3])
    return ("norule", in_force[0])


def cadence(asked):
    return asked[4] if asked[0] == "rule" else None


def continues(previous, asked, first, month):
    """Rule 2: whether `month` (under `asked`) joins the period begun in `first`."""
    a, b = cadence(previous), cadence(asked)
    if a == "Monthly" or b == "Monthly":
        return False
    if a == "Yearly" and b == "Yearly":
        return first[0] == month[0]
    if a == "OneOff" and b == "OneOff":
        return True
    if a is None and b is None:
        return previous == asked and first[0] == month[0]
    return False


def periods_of(garden, currency, to, over_through):
    closed = garden.closed_on if garden.closed_on is not None and garden.closed_on <= to else None
    end_day = closed if closed is not None else to
    versions = [v for v in garden.versions if v[1] <= to]
    start, end = month_of(garden.opened_on), month_of(end_day)
    runs = []
    month = start
    while month <= end:
        asked = governing(versions, currency, min(last_day(month), end_day))
        if runs and continues(runs[-1][2], asked, runs[-1][0], month):
            runs[-1][1] = month
            runs[-1][2] = asked
        else:
            runs.append([month, month, asked])
        month = next_month(month)
    periods = []
    for first, last, asked in runs:
        kind = cadence(asked)
        if last == end:
            if closed is not None:
                period_last = closed
            elif kind == "Yearly":
                period_last = dt.date(last[0], 12, 31)
            else:
                period_last = last_day(last)
        else:
            period_last = last_day(last)
        due, suggested = ZERO, None
        if asked[0] == "rule":
            if asked[2] == "fixed":
                due = asked[3]
            else:
                suggested = asked[3]
        if kind is None:
            due_by = None
        elif kind == "OneOff":
            due_by = min(last_day(first), period_last)
        else:
            due_by = period_last
        periods.append({
            "first": first, "last": last,
            "first_day": max(first_day(first), garden.opened_on),
            "last_day": period_last,
            "asked": asked,
            "due": due, "suggested": suggested, "due_by": due_by,
            "open": due_by is not None and due_by > over_through,
            "paid": ZERO, "counted": ZERO, "carried": ZERO, "outstanding": ZERO,
        })
    return periods


def counts_in(periods, pays_for, placed_on):
    """Rule 6: the index of the period a payment counts in."""
    def holding(month):
        for index, period in enumerate(periods):
            if period["first"] <= month <= period["last"]:
                return index
        return None

    named = None
    if pays_for is not None and pays_for[0] == "month":
        named = holding(pays_for[1])
    elif pays_for is not None and pays_for[0] == "year":
        year = pays_for[1]
        of_year = [i for i, p in enumerate(periods) if p["first"][0] <= year <= p["last"][0]]
        yearly = [i for i in of_year if cadence(periods[i]["asked"]) == "Yearly"]
        ruled = [i for i in of_year if periods[i]["asked"][0] == "rule"]
        named = (yearly or ruled or of_year or [None])[0]
    if named is None:
        named = holding(month_of(placed_on))
    return named


def audit_garden(garden, currency, lines, start_day, to, over_through):
    periods = periods_of(garden, currency, to, over_through)
    placed = []
    for line in lines:
        index = counts_in(periods, line["pays_for"], line["placed_on"])
        if index is None:
            raise ValueError(f"entry {line['sequence']} falls in no period")
        period = periods[index]
        period["paid"] += line["amount"]
        fixed_rule = period["asked"][0] == "rule" and period["asked"][2] == "fixed"
        if line["fixed"] and fixed_rule:
            period["counted"] += line["amount"]
        placed.append((index, line))
    carried = ZERO
    carried_in = ZERO
    shown_from = month_of(start_day) if start_day else month_of(garden.opened_on)
    hidden = 0
    for period in periods:
        difference = period["counted"] - period["due"]
        if period["open"]:
            carried += max(difference, ZERO)
            period["outstanding"] = max(-difference, ZERO)
        else:
            carried += difference
        period["carried"] = carried
        if period["last"] < shown_from:
            carried_in = carried
            hidden += 1
    shown = periods[hidden:]
    in_dates = [l for _, l in placed if start_day is None or start_day <= l["on"]]

    def total(key):
        return sum((p[key] for p in shown), ZERO)

    return {
        "periods": shown,
        "carried_in": carried_in,
        "due": total("due"),
        "suggested": sum((p["suggested"] or ZERO for p in shown), ZERO),
        "paid": total("paid"),
        "counted": total("counted"),
        "not_called_for": sum((p["paid"] for p in shown if p["asked"][0] != "rule"), ZERO),
        "carried_out": shown[-1]["carried"] if shown else carried_in,
        "outstanding": total("outstanding"),
        "paid_in_dates": sum((l["amount"] for l in in_dates), ZERO),
    }


# --- Comparison ------------------------------------------------------------------------------

class Compare:
    def __init__(self):
        self.problems = []
        self.figures = 0

    def same(self, where, mine, theirs):
        self.figures += 1
        if isinstance(mine, Decimal):
            theirs = None if theirs is None else Decimal(theirs)
        if mine != theirs:
            self.problems.append(f"{where}: recomputed {mine}, audit says {theirs}")


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("events")
    arguments.add_argument("audit")
    arguments.add_argument("--to", required=True, type=parse_day)
    arguments.add_argument("--today", required=True, type=parse_day)
    arguments.add_argument("--from", dest="start", type=parse_day)
    options = arguments.parse_args()
    to, today = options.to, options.today
    # An audit from a day starts on the first day of its month.
    start = first_day(month_of(options.start)) if options.start else None
    # Rule 5: a day is over when it is on or before --to and before today.
    over_through = to if to < today else today - dt.timedelta(days=1)
    gardens, lines = ledger_of(read_events(options.events))
    with open(options.audit, encoding="utf-8") as text:
        report = json.load(text)
    compare = Compare()
    shown = {g["garden"]: g for g in report["gardens"]}
    totals = {}
    audited = 0
    for garden_id, garden in sorted(gardens.items()):
        if garden.opened_on > to:
            if garden_id in shown:
                compare.problems.append(f"garden {garden_id} opened after --to, yet audited")
            continue
        if garden_id not in shown:
            compare.problems.append(f"garden {garden_id} is missing from the audit")
            continue
        audited += 1
        own = [l for l in lines if l["payer"] == f"garden:{garden_id}" and l["on"] <= to]
        versions = [v for v in garden.versions if v[1] <= to]
        codes = {"EUR"} | {r[0] for v in versions for r in v[2]} | {l["currency"] for l in own}
        theirs = {c["currency"]: c for c in shown[garden_id]["currencies"]}
        if set(theirs) != codes:
            compare.problems.append(
                f"{garden_id}: currencies {sorted(codes)}, audit has {sorted(theirs)}")
        for code in sorted(codes & set(theirs)):
            mine = audit_garden(garden, code, [l for l in own if l["currency"] == code],
                                start, to, over_through)
            their = theirs[code]
            where = f"{garden_id} {code}"
            for key in ["carried_in", "due", "suggested", "paid", "counted", "not_called_for",
                        "carried_out", "outstanding", "paid_in_dates"]:
                compare.same(f"{where} {key}", mine[key], their[key])
                if key != "carried_in":
                    totals.setdefault(code, {}).setdefault(key, ZERO)
                    totals[code][key] += mine[key]
            if len(mine["periods"]) != len(their["periods"]):
                compare.problems.append(
                    f"{where}: {len(mine['periods'])} periods, audit has {len(their['periods'])}")
                continue
            for period, reported in zip(mine["periods"], their["periods"]):
                at = f"{where} {reported['period']}"
                compare.same(f"{at} first_day", str(period["first_day"]), reported["first_day"])
                compare.same(f"{at} last_day", str(period["last_day"]), reported["last_day"])
                compare.same(f"{at} version", period["asked"][1], reported["version"])
                compare.same(f"{at} due_by",
                             None if period["due_by"] is None else str(period["due_by"]),
                             reported["due_by"])
                compare.same(f"{at} open", period["open"], reported["open"])
                for key in ["due", "paid", "counted", "carried", "outstanding"]:
                    compare.same(f"{at} {key}", period[key], reported[key])
                compare.same(f"{at} suggested", period["suggested"], reported["suggested"])
    for garden_id in shown:
        if garden_id not in gardens:
            compare.problems.append(f"the audit shows {garden_id}, which never opened")
    # Members' payments straight to the big garden over the audit's days.
    for line in lines:
        if line["payer"].startswith("member:") and line["on"] <= to \
                and (start is None or start <= line["on"]):
            totals.setdefault(line["currency"], {}).setdefault("from_members", ZERO)
            totals[line["currency"]]["from_members"] += line["amount"]
    reported_totals = {t["currency"]: t for t in report["totals"]}
    for code, figures in sorted(totals.items()):
        if code not in reported_totals:
            if any(figures.values()):
                compare.problems.append(f"totals: {code} is missing")
            continue
        for key, value in figures.items():
            compare.same(f"totals {code} {key}", value, reported_totals[code][key])
    if compare.problems:
        for problem in compare.problems:
            print(problem)
        print(f"{len(compare.problems)} disagreements in {compare.figures} figures", file=sys.stderr)
        return 1
    print(f"agreed: {compare.figures} figures of {audited} gardens")
    return 0


if __name__ == "__main__":
    sys.exit(main())
