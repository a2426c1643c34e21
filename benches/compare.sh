#!/usr/bin/env bash
# Whole-process benchmarks of jardins, side by side with hledger and ledger-cli.
#
# Builds the release binary, makes synthetic communities with `jardins generate` (fixed seed),
# imports each into a new ledger (time, events/s, peak memory), verifies it, times `balance
# GARDEN`, `balance big-garden` and `audit` as whole processes (hyperfine), compares the disk
# used with the encoded size of the events, and times `hledger balance` and `ledger balance` on
# the ledger's `export journal` against `jardins balance`. Prints a table at the end (also
# written to $WORK/results.md), with every command in $WORK/commands.log.
#
# Usage: benches/compare.sh            (10k, 100k and 1M events)
#        SIZES="10000 100000" benches/compare.sh
# Environment:
#   SIZES              community sizes, in events (default "10000 100000 1000000")
#   SEED               the seed of every community (default 7)
#   WORK               where communities and ledgers go (default target/compare: the disk measured)
#   TOOLS_MAX_EVENTS   largest size at which hledger and ledger run (default 1000000)
#   TOOLS_TIMEOUT_S    longest a single hledger/ledger run may take (default 300)
#   RUNS               hyperfine runs for the quick commands (default 20)
# Installs (Debian packages, when missing and run as root): time, hyperfine, hledger, ledger, jq.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SIZES=${SIZES:-"10000 100000 1000000"}
SEED=${SEED:-7}
WORK=${WORK:-$ROOT/target/compare}
TOOLS_MAX_EVENTS=${TOOLS_MAX_EVENTS:-1000000}
TOOLS_TIMEOUT_S=${TOOLS_TIMEOUT_S:-300}
RUNS=${RUNS:-20}

# Targets (BENCHMARKS.md): import of 1M events < 5 s and < 300 MB; verify of 1M < 3 s;
# balance and audit < 50 ms whole-process; >= 100x faster than hledger at 100k; disk < 3x.
IMPORT_MAX_S_PER_M=5
IMPORT_MAX_MB=300
VERIFY_MAX_S_PER_M=3
REPORT_MAX_MS=50
MIN_SPEEDUP=100
MAX_DISK_RATIO=3

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing $2"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }
  fi
  command -v "$1" >/dev/null 2>&1
}
[ -x /usr/bin/time ] || need time time || true
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed for peak memory: apt-get install time" >&2; exit 2; }
need hyperfine hyperfine || { echo "hyperfine is needed: apt-get install hyperfine (or cargo install hyperfine)" >&2; exit 2; }
need jq jq || { echo "jq is needed: apt-get install jq" >&2; exit 2; }
HAVE_HLEDGER=0; need hledger hledger && HAVE_HLEDGER=1 || echo "hledger is missing: its column will say so"
HAVE_LEDGER=0; need ledger ledger && HAVE_LEDGER=1 || echo "ledger is missing: its column will say so"

echo "== building the release binary"
cargo build --release --locked -p jardins
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory)
J=$TARGET_DIR/release/jardins
[ -x "$J" ] || { echo "no binary at $J" >&2; exit 2; }

mkdir -p "$WORK"
LOG=$WORK/commands.log
: >"$LOG"
ROWS=$WORK/rows.tsv
: >"$ROWS"

say() { echo "$*" | tee -a "$LOG"; }
# row SIZE WHAT VALUE TARGET VERDICT COMMAND
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$ROWS"; }

# timed OUT_PREFIX COMMAND...: runs once under /usr/bin/time; sets SECS and PEAK_MB.
timed() {
  local prefix=$1; shift
  say "\$ $*"
  /usr/bin/time -f '%e %M' -o "$prefix.time" "$@" >"$prefix.out" 2>"$prefix.err" || {
    echo "failed: $* (see $prefix.err)" >&2; tail -5 "$prefix.err" >&2; return 1; }
  read -r SECS PEAK_KB <"$prefix.time"
  PEAK_MB=$(awk -v k="$PEAK_KB" 'BEGIN { printf "%.0f", k / 1024 }')
}

# hf NAME RUNS COMMAND...: hyperfine without a shell; sets MEAN_MS and SD_MS.
hf() {
  local name=$1 runs=$2; shift 2
  local json=$WORK/$name.hyperfine.json
  say "\$ hyperfine -N --warmup 2 --runs $runs '$*'"
  hyperfine -N --warmup 2 --runs "$runs" --export-json "$json" --style none "$*" >/dev/null
  MEAN_MS=$(jq '.results[0].mean * 1000' "$json")
  SD_MS=$(jq '.results[0].stddev * 1000' "$json")
}

fmt() { awk -v x="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, x }'; }
# rate_verdict RATE MIN: met when RATE >= MIN, else by how much it falls short.
rate_verdict() { if le "$2" "$1"; then echo "met"; else echo "MISSED ($(fmt "$(awk -v a="$2" -v b="$1" 'BEGIN { print a / b }')" 1)x too slow)"; fi; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }
verdict() { if le "$1" "$2"; then echo "met"; else echo "MISSED ($(fmt "$(awk -v a="$1" -v b="$2" 'BEGIN { print a / b }')" 1)x the target)"; fi; }

echo "== machine"
{
  echo "cores: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo || true
  free -m | awk '/Mem:/ { print "memory: " $2 " MiB" }'
  df -h "$WORK" | awk 'NR == 2 { print "disk: " $1 " (" $2 ", mounted on " $6 ")" }'
  echo "jardins: $("$J" --version)"
  [ $HAVE_HLEDGER = 1 ] && hledger --version | head -1
  [ $HAVE_LEDGER = 1 ] && ledger --version | head -1
  hyperfine --version
} | tee "$WORK/machine.txt"

for N in $SIZES; do
  echo "== $N events"
  row "$N" "load average before (1 min)" "$(cut -d' ' -f1 /proc/loadavg)" "" "" "/proc/loadavg"
  D=$WORK/n$N
  rm -rf "$D"
  mkdir -p "$D"
  L=$D/ledger
  JSONL=$D/community.jsonl

  timed "$D/generate" "$J" generate --events "$N" --seed "$SEED"
  mv "$D/generate.out" "$JSONL"
  row "$N" "generate (s)" "$(fmt "$SECS" 2)" "" "" "jardins generate --events $N --seed $SEED > community.jsonl"
  GARDEN=$(grep -m1 -o '"GardenOpened":{"garden":"[^"]*"' "$JSONL" | sed 's/.*"garden":"\([^"]*\)"/\1/')
  [ -n "$GARDEN" ] || { echo "no garden in the community" >&2; exit 1; }

  "$J" --ledger "$L" init >/dev/null
  timed "$D/import" "$J" --ledger "$L" import "$JSONL"
  EVENTS=$(awk 'NR == 1 { print $2 }' "$D/import.out")
  [ "$EVENTS" = "$N" ] || { echo "imported $EVENTS lines, not $N" >&2; exit 1; }
  RATE=$(awk -v n="$N" -v s="$SECS" 'BEGIN { printf "%.0f", n / s }')
  row "$N" "import (s)" "$(fmt "$SECS" 2)" "" "" "jardins import community.jsonl"
  row "$N" "import (events/s)" "$RATE" ">= $((1000000 / IMPORT_MAX_S_PER_M)) (1M in $IMPORT_MAX_S_PER_M s)" "$(rate_verdict "$RATE" $((1000000 / IMPORT_MAX_S_PER_M)))" ""
  row "$N" "import peak memory (MB)" "$PEAK_MB" "< $IMPORT_MAX_MB" "$(verdict "$PEAK_MB" $IMPORT_MAX_MB)" "/usr/bin/time -f %M"

  # Disk: what the ledger's directory holds on disk, against the encoded events alone (the
  # bincode bytes of each event, as `export jsonl` shows them in event_bytes) and the records
  # (event bytes plus the 81-byte header of version, hashes, sequence and time).
  DISK=$(du -s --block-size=1 "$L" | cut -f1)
  say "\$ jardins export jsonl | (sum of event_bytes)"
  ENCODED=$("$J" --ledger "$L" export jsonl | LC_ALL=C grep -o '"event_bytes":"[0-9a-f]*"' |
    awk '{ s += length($0) - 16 } END { printf "%.0f", s / 2 }')
  TOTAL=$((N + 1))
  RECORDS=$((ENCODED + 81 * TOTAL))
  RATIO=$(awk -v a="$DISK" -v b="$ENCODED" 'BEGIN { printf "%.2f", a / b }')
  row "$N" "disk per event (bytes)" "$((DISK / TOTAL))" "" "" "du -s --block-size=1 ledger"
  row "$N" "encoded event per event (bytes)" "$((ENCODED / TOTAL))" "" "" "bincode event bytes; record adds 81"
  row "$N" "disk / encoded events" "$RATIO" "< $MAX_DISK_RATIO" "$(verdict "$RATIO" $MAX_DISK_RATIO)" ""
  row "$N" "disk / records" "$(awk -v a="$DISK" -v b="$RECORDS" 'BEGIN { printf "%.2f", a / b }')" "" "" ""

  # The first open after an import replays sled's log since its last snapshot (sled writes a
  # snapshot only when it opens): measured apart, once, so that the runs below are comparable.
  timed "$D/first-open" "$J" --ledger "$L" balance big-garden
  row "$N" "first open after import (s)" "$(fmt "$SECS" 2)" "" "" "jardins balance big-garden (once)"

  timed "$D/verify" "$J" --ledger "$L" verify
  VERIFY_S=$SECS
  if [ "$N" -lt 1000000 ]; then
    hf "n$N-verify" 5 "$J" --ledger "$L" verify
    VERIFY_S=$(awk -v m="$MEAN_MS" 'BEGIN { print m / 1000 }')
  fi
  RATE=$(awk -v n="$TOTAL" -v s="$VERIFY_S" 'BEGIN { printf "%.0f", n / s }')
  row "$N" "verify (s)" "$(fmt "$VERIFY_S" 3)" "" "" "jardins verify"
  row "$N" "verify (events/s)" "$RATE" ">= $((1000000 / VERIFY_MAX_S_PER_M)) (1M in $VERIFY_MAX_S_PER_M s)" "$(rate_verdict "$RATE" $((1000000 / VERIFY_MAX_S_PER_M)))" ""
  row "$N" "verify peak memory (MB)" "$PEAK_MB" "" "" "/usr/bin/time -f %M"

  QRUNS=$RUNS; [ "$N" -ge 1000000 ] && QRUNS=5
  hf "n$N-balance-garden" "$QRUNS" "$J" --ledger "$L" balance "$GARDEN"
  BAL_G=$MEAN_MS
  row "$N" "balance $GARDEN (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins balance $GARDEN"
  hf "n$N-balance-big-garden" "$QRUNS" "$J" --ledger "$L" balance big-garden
  BAL_B=$MEAN_MS
  row "$N" "balance big-garden (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins balance big-garden"
  hf "n$N-audit" "$QRUNS" "$J" --ledger "$L" audit
  row "$N" "audit, chain checked (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins audit"
  hf "n$N-audit-shown" "$QRUNS" "$J" --ledger "$L" audit --chain records-shown
  row "$N" "audit, records shown checked (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins audit --chain records-shown"
  hf "n$N-audit-garden" "$QRUNS" "$J" --ledger "$L" audit --garden "$GARDEN"
  row "$N" "audit --garden $GARDEN (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins audit --garden $GARDEN"
  timed "$D/audit" "$J" --ledger "$L" audit
  row "$N" "audit: its last line" "$(tail -1 "$D/audit.out" | cut -c1-110)…" "" "" ""

  # Side by side: the same ledger as a journal, hledger and ledger-cli against jardins.
  timed "$D/journal" "$J" --ledger "$L" export journal
  mv "$D/journal.out" "$D/journal.ledger"
  row "$N" "export journal (s)" "$(fmt "$SECS" 2)" "" "" "jardins export journal > journal.ledger"
  if [ "$N" -gt "$TOOLS_MAX_EVENTS" ]; then
    row "$N" "hledger / ledger" "not run (TOOLS_MAX_EVENTS=$TOOLS_MAX_EVENTS)" "" "" ""
    continue
  fi
  for tool in hledger ledger; do
    have=$HAVE_HLEDGER; [ $tool = ledger ] && have=$HAVE_LEDGER
    if [ "$have" != 1 ]; then
      row "$N" "$tool" "not installed" "" "" ""
      continue
    fi
    for account in "garden:$GARDEN" big-garden; do
      ours=$BAL_G; [ $account = big-garden ] && ours=$BAL_B
      name="n$N-$tool-${account//:/-}"
      # Both tools read an account query as a regular expression: anchor it to one account.
      query="^$account\$"
      if [ "$N" -ge 1000000 ]; then
        # One run, bounded: at a million transactions these tools take long.
        say "\$ timeout $TOOLS_TIMEOUT_S $tool -f journal.ledger balance '$query'"
        if /usr/bin/time -f '%e %M' -o "$D/$name.time" timeout "$TOOLS_TIMEOUT_S" \
          $tool -f "$D/journal.ledger" balance "$query" >"$D/$name.out" 2>"$D/$name.err"; then
          read -r SECS PEAK_KB <"$D/$name.time"
          MEAN_MS=$(awk -v s="$SECS" 'BEGIN { print s * 1000 }')
          SPEC="1 run, peak $((PEAK_KB / 1024)) MB"
        else
          row "$N" "$tool balance $account" "did not finish in $TOOLS_TIMEOUT_S s" "" "" "$tool -f journal.ledger balance '$query'"
          continue
        fi
      else
        TRUNS=5; [ "$N" -le 10000 ] && TRUNS=10
        hf "$name" $TRUNS $tool -f "$D/journal.ledger" balance "$query"
        SPEC="± $(fmt "$SD_MS")"
      fi
      SPEEDUP=$(awk -v a="$MEAN_MS" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')
      TARGET=""; VERDICT=""
      if [ $tool = hledger ] && [ "$N" = 100000 ]; then
        TARGET=">= ${MIN_SPEEDUP}x"
        if le $MIN_SPEEDUP "$SPEEDUP"; then VERDICT=met; else VERDICT="MISSED"; fi
      fi
      row "$N" "$tool balance $account (ms)" "$(fmt "$MEAN_MS") $SPEC" "" "" "$tool -f journal.ledger balance '$query'"
      row "$N" "  jardins faster by" "${SPEEDUP}x" "$TARGET" "$VERDICT" ""
    done
  done
done

{
  echo "| events | measure | value | target | verdict | command |"
  echo "|---:|---|---:|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, ($6 == "" ? "" : "`" $6 "`") }' "$ROWS"
} >"$WORK/results.md"
echo
echo "== results (also in $WORK/results.md; commands in $LOG)"
cat "$WORK/results.md"
