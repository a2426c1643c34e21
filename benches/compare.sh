#!/usr/bin/env bash
# Whole-process benchmarks of jardins, side by side with hledger, ledger-cli, beancount 3 and
# rustledger.
#
# Builds the release binary, makes synthetic communities with `jardins generate` (fixed seed),
# imports each into a new ledger (time, events/s, peak memory), verifies it, times `balance
# GARDEN`, `balance big-garden` and `audit` as whole processes (hyperfine), compares the disk
# used with the encoded size of the events, and times the peers on the same ledger against
# `jardins balance`: `hledger balance` and `ledger balance` on its `export journal`, beancount's
# `bean-check` and `bean-query` (a balance) and rustledger's `rledger check` and `rledger query`
# on its `export beancount`. Prints a table at the end (also written to $WORK/results.md), the
# peers side by side with their ratios ($WORK/peers.md), with every command in $WORK/commands.log.
#
# Usage: benches/compare.sh            (10k, 100k and 1M events)
#        SIZES="10000 100000" benches/compare.sh
# Environment:
#   SIZES              community sizes, in events (default "10000 100000 1000000")
#   SEED               the seed of every community (default 7)
#   WORK               where communities and ledgers go (default target/compare: the disk measured)
#   TOOLS_MAX_EVENTS   largest size at which the peers run (default 1000000)
#   TOOLS_TIMEOUT_S    longest a single run of a peer may take (default 300)
#   RUNS               hyperfine runs for the quick commands (default 20)
#   CACHED_MAX_EVENTS  largest size at which bean-query is also timed with its load cache (default 1000000)
#   PEER_MAX_MB        most virtual memory a peer's single run may take, hledger apart (default 8192)
#   PEERS_DIR          where rustledger is installed when missing (default ~/.cache/jardins-peers,
#                      outside the repository)
#   INSTALL_RUSTLEDGER 0: never build rustledger here (it is looked for again at each size)
# Installs, when missing and run as root: time, hyperfine, hledger, ledger, jq (Debian packages);
# beancount 3 and beanquery (pip); rustledger (cargo install --locked --no-default-features,
# into PEERS_DIR: about 10 minutes; 0.15.0 is its last release that builds with Rust 1.95).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SIZES=${SIZES:-"10000 100000 1000000"}
SEED=${SEED:-7}
WORK=${WORK:-$ROOT/target/compare}
TOOLS_MAX_EVENTS=${TOOLS_MAX_EVENTS:-1000000}
TOOLS_TIMEOUT_S=${TOOLS_TIMEOUT_S:-300}
RUNS=${RUNS:-20}
PEER_MAX_MB=${PEER_MAX_MB:-8192}
CACHED_MAX_EVENTS=${CACHED_MAX_EVENTS:-1000000}

# Targets (BENCHMARKS.md), at a million events: import < 4 s and < 300 MB; verify < 1.5 s;
# balance and audit --garden < 15 ms whole-process, the audit of every garden < 400 ms;
# >= 100x faster than hledger at 100k; disk < 4x the encoded events.
IMPORT_MAX_S_PER_M=4
IMPORT_MAX_MB=300
VERIFY_MAX_S_PER_M=1.5
REPORT_MAX_MS=15
AUDIT_ALL_MAX_MS=400
MIN_SPEEDUP=100
MAX_DISK_RATIO=4

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
if ! command -v bean-check >/dev/null || ! command -v bean-query >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v pip >/dev/null; then
    echo "== installing beancount 3 and beanquery (pip)"
    pip install -q beancount beanquery >/dev/null 2>&1 || true
  fi
fi
HAVE_BEANCOUNT=0
command -v bean-check >/dev/null && command -v bean-query >/dev/null && HAVE_BEANCOUNT=1 ||
  echo "beancount is missing (pip install beancount beanquery): its column will say so"
PEERS_DIR=${PEERS_DIR:-${HOME:-/tmp}/.cache/jardins-peers}
export PATH="$PATH:$PEERS_DIR/bin"
if ! command -v rledger >/dev/null && [ "$(id -u)" = 0 ] && [ "${INSTALL_RUSTLEDGER:-1}" = 1 ]; then
  # The newest release first; 0.15.0 is the last that builds with Rust 1.95.
  echo "== installing rustledger into $PEERS_DIR (cargo install; about 10 minutes)"
  cargo install rustledger --locked --no-default-features --root "$PEERS_DIR" >/dev/null 2>&1 ||
    cargo install rustledger@0.15.0 --locked --no-default-features --root "$PEERS_DIR" >/dev/null 2>&1 || true
fi
HAVE_RLEDGER=0
command -v rledger >/dev/null && HAVE_RLEDGER=1 ||
  echo "rustledger is missing (cargo install rustledger --locked): its column will say so"

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

# peer SIZE TOOL WHAT OURS_MS OURS_NAME COMMAND...: times a peer's command on the same ledger,
# by hyperfine (5 runs) at 10,000 events and fewer, or once under /usr/bin/time (which gives
# the peak memory) above; every run bounded by TOOLS_TIMEOUT_S. Adds its row, its
# ratio against OURS_MS, and a line of the side-by-side table.
PEERS=$WORK/peers.tsv
: >"$PEERS"
peer() {
  local n=$1 tool=$2 what=$3 ours=$4 ours_name=$5; shift 5
  local name="n$n-$tool-${what//[^a-z0-9]/-}" spec
  if [ "$n" -le 10000 ]; then
    local runs=5
    say "\$ hyperfine -N --warmup 1 --runs $runs 'timeout $TOOLS_TIMEOUT_S $*'"
    if ! hyperfine -N --warmup 1 --runs "$runs" --export-json "$WORK/$name.hyperfine.json" --style none \
      "$(printf '%q ' timeout "$TOOLS_TIMEOUT_S" "$@")" >"$D/$name.out" 2>"$D/$name.err"; then
      row "$n" "$tool $what" "failed, or over $TOOLS_TIMEOUT_S s (see $name.err)" "" "" "$*"
      printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$what" "failed or over ${TOOLS_TIMEOUT_S} s" "" >>"$PEERS"
      return 0
    fi
    MEAN_MS=$(jq '.results[0].mean * 1000' "$WORK/$name.hyperfine.json")
    SD_MS=$(jq '.results[0].stddev * 1000' "$WORK/$name.hyperfine.json")
    spec="± $(fmt "$SD_MS"), $runs runs"
  else
    local code=0
    if [ "$tool" = bean-query-cached ]; then
      # The first run writes the cache: not measured.
      say "\$ timeout $TOOLS_TIMEOUT_S $* (to write the cache, not measured)"
      (ulimit -v $((PEER_MAX_MB * 1024)); exec timeout "$TOOLS_TIMEOUT_S" "$@") >/dev/null 2>&1 || true
    fi
    say "\$ timeout $TOOLS_TIMEOUT_S $*"
    # Memory bounded too (the machine is shared), except for hledger: GHC's runtime reserves
    # a terabyte of address space, which any limit on virtual memory refuses.
    local limit=unlimited; [ "$tool" != hledger ] && limit=$((PEER_MAX_MB * 1024))
    (ulimit -v "$limit"; exec /usr/bin/time -f '%e %M' -o "$D/$name.time" timeout "$TOOLS_TIMEOUT_S" "$@") \
      >"$D/$name.out" 2>"$D/$name.err" || code=$?
    if [ "$code" != 0 ]; then
      local why="failed (exit $code, see $name.err)"; [ "$code" = 124 ] && why="did not finish in $TOOLS_TIMEOUT_S s"
      row "$n" "$tool $what" "$why" "" "" "$*"
      printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$what" "$why" "" >>"$PEERS"
      return 0
    fi
    read -r SECS PEAK_KB <"$D/$name.time"
    MEAN_MS=$(awk -v s="$SECS" 'BEGIN { print s * 1000 }')
    spec="1 run, peak $((PEAK_KB / 1024)) MB"
  fi
  local ratio
  ratio=$(awk -v a="$MEAN_MS" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')
  local target="" verdict=""
  if [ "$tool" = hledger ] && [ "$n" = 100000 ]; then
    target=">= ${MIN_SPEEDUP}x"
    if le $MIN_SPEEDUP "$ratio"; then verdict=met; else verdict=MISSED; fi
  fi
  row "$n" "$tool $what (ms)" "$(fmt "$MEAN_MS") $spec" "" "" "$*"
  row "$n" "  $ours_name faster by" "${ratio}x" "$target" "$verdict" ""
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$what" "$(fmt "$MEAN_MS") ms ($spec)" "${ratio}x $ours_name ($(fmt "$ours") ms)" >>"$PEERS"
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
  [ $HAVE_BEANCOUNT = 1 ] && echo "beancount: $(bean-check --version 2>&1 | head -1), beanquery $(pip show beanquery 2>/dev/null | awk '/^Version/ { print $2 }')"
  [ $HAVE_RLEDGER = 1 ] && echo "rustledger: $(rledger --version 2>&1 | head -1)"
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
  row "$N" "verify (events/s)" "$RATE" ">= $(awk -v s=$VERIFY_MAX_S_PER_M 'BEGIN { printf "%d", 1000000 / s }') (1M in $VERIFY_MAX_S_PER_M s)" "$(rate_verdict "$RATE" "$(awk -v s=$VERIFY_MAX_S_PER_M 'BEGIN { printf "%d", 1000000 / s }')")" ""
  row "$N" "verify peak memory (MB)" "$PEAK_MB" "" "" "/usr/bin/time -f %M"

  QRUNS=$RUNS; [ "$N" -ge 1000000 ] && QRUNS=5
  hf "n$N-balance-garden" "$QRUNS" "$J" --ledger "$L" balance "$GARDEN"
  BAL_G=$MEAN_MS
  row "$N" "balance $GARDEN (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins balance $GARDEN"
  hf "n$N-balance-big-garden" "$QRUNS" "$J" --ledger "$L" balance big-garden
  BAL_B=$MEAN_MS
  row "$N" "balance big-garden (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins balance big-garden"
  hf "n$N-audit" "$QRUNS" "$J" --ledger "$L" audit
  row "$N" "audit, chain checked (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $AUDIT_ALL_MAX_MS" "$(verdict "$MEAN_MS" $AUDIT_ALL_MAX_MS)" "jardins audit"
  hf "n$N-audit-shown" "$QRUNS" "$J" --ledger "$L" audit --chain records-shown
  row "$N" "audit, records shown checked (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $AUDIT_ALL_MAX_MS" "$(verdict "$MEAN_MS" $AUDIT_ALL_MAX_MS)" "jardins audit --chain records-shown"
  hf "n$N-audit-garden" "$QRUNS" "$J" --ledger "$L" audit --garden "$GARDEN"
  row "$N" "audit --garden $GARDEN (ms)" "$(fmt "$MEAN_MS") ± $(fmt "$SD_MS")" "< $REPORT_MAX_MS" "$(verdict "$MEAN_MS" $REPORT_MAX_MS)" "jardins audit --garden $GARDEN"
  timed "$D/audit" "$J" --ledger "$L" audit
  row "$N" "audit: its last line" "$(tail -1 "$D/audit.out" | cut -c1-110)…" "" "" ""

  # Side by side: the same ledger as a journal (hledger, ledger-cli) and as a beancount file
  # (beancount 3, rustledger), each peer's balance against `jardins balance`, its check of the
  # whole file against `jardins verify`.
  timed "$D/journal" "$J" --ledger "$L" export journal
  mv "$D/journal.out" "$D/journal.ledger"
  row "$N" "export journal (s)" "$(fmt "$SECS" 2)" "" "" "jardins export journal > journal.ledger"
  timed "$D/beancount" "$J" --ledger "$L" export beancount
  mv "$D/beancount.out" "$D/ledger.beancount"
  row "$N" "export beancount (s)" "$(fmt "$SECS" 2)" "" "" "jardins export beancount > ledger.beancount"
  if [ "$N" -gt "$TOOLS_MAX_EVENTS" ]; then
    row "$N" "peers" "not run (TOOLS_MAX_EVENTS=$TOOLS_MAX_EVENTS)" "" "" ""
    continue
  fi
  command -v rledger >/dev/null && HAVE_RLEDGER=1
  VERIFY_MS=$(awk -v s="$VERIFY_S" 'BEGIN { print s * 1000 }')
  GARDEN_BC="Assets:Gardens:$(echo "${GARDEN:0:1}" | tr '[:lower:]' '[:upper:]')${GARDEN:1}"
  for account in "garden:$GARDEN" big-garden; do
    ours=$BAL_G; [ $account = big-garden ] && ours=$BAL_B
    bc=$GARDEN_BC; [ $account = big-garden ] && bc=Assets:BigGarden
    # hledger and ledger read an account query as a regular expression: anchored to one account.
    query="^$account\$"
    bql="SELECT account, sum(position) WHERE account = '$bc' GROUP BY account"
    [ "$HAVE_HLEDGER" = 1 ] && peer "$N" hledger "balance $account" "$ours" "jardins balance" hledger -f "$D/journal.ledger" balance "$query"
    [ "$HAVE_HLEDGER" = 1 ] || row "$N" "hledger" "not installed" "" "" ""
    [ "$HAVE_LEDGER" = 1 ] && peer "$N" ledger "balance $account" "$ours" "jardins balance" ledger -f "$D/journal.ledger" balance "$query"
    [ "$HAVE_LEDGER" = 1 ] || row "$N" "ledger" "not installed" "" "" ""
    # beancount keeps what it loaded in a pickle next to the file (rustledger likewise, in a
    # binary cache, and both honour BEANCOUNT_DISABLE_LOAD_CACHE), used while the file is
    # unchanged: measured without it (the whole work), and with it, for the garden, up to
    # CACHED_MAX_EVENTS (its first run, which writes the cache, costs one more load).
    # Above 10,000 events bean-query runs for the garden only: it loads the whole file for
    # either account, and each load takes minutes.
    [ "$HAVE_BEANCOUNT" = 1 ] && { [ $account != big-garden ] || [ "$N" -le 10000 ]; } &&
      peer "$N" bean-query "balance $account" "$ours" "jardins balance" env BEANCOUNT_DISABLE_LOAD_CACHE=1 bean-query "$D/ledger.beancount" "$bql"
    [ "$HAVE_BEANCOUNT" = 1 ] && [ $account != big-garden ] && [ "$N" -le "$CACHED_MAX_EVENTS" ] &&
      peer "$N" bean-query-cached "balance $account" "$ours" "jardins balance" bean-query "$D/ledger.beancount" "$bql"
    [ "$HAVE_BEANCOUNT" = 1 ] || row "$N" "bean-query" "not installed" "" "" ""
    [ "$HAVE_RLEDGER" = 1 ] && peer "$N" rledger-query "balance $account" "$ours" "jardins balance" env BEANCOUNT_DISABLE_LOAD_CACHE=1 rledger query "$D/ledger.beancount" "$bql"
    [ "$HAVE_RLEDGER" = 1 ] || row "$N" "rledger query" "not installed" "" "" ""
  done
  [ "$HAVE_BEANCOUNT" = 1 ] && peer "$N" bean-check "check of the whole file" "$VERIFY_MS" "jardins verify" env BEANCOUNT_DISABLE_LOAD_CACHE=1 bean-check "$D/ledger.beancount"
  [ "$HAVE_RLEDGER" = 1 ] && peer "$N" rledger-check "check of the whole file" "$VERIFY_MS" "jardins verify" env BEANCOUNT_DISABLE_LOAD_CACHE=1 rledger check "$D/ledger.beancount"
  true
done

{
  echo "| events | measure | value | target | verdict | command |"
  echo "|---:|---|---:|---|---|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, ($6 == "" ? "" : "`" $6 "`") }' "$ROWS"
} >"$WORK/results.md"
{
  echo "| events | peer | what | peer's time | jardins faster by (against) |"
  echo "|---:|---|---|---:|---|"
  awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$PEERS"
} >"$WORK/peers.md"
echo
echo "== results (also in $WORK/results.md; commands in $LOG)"
cat "$WORK/results.md"
echo
echo "== the peers side by side (also in $WORK/peers.md)"
cat "$WORK/peers.md"
