#!/usr/bin/env bash
# bench/run.sh: medkg against Cayley's own CLI, side by side in the same run, on generated
# corpora of 10k, 100k and 1M quads (10M with --10m). Prints a markdown table on stdout;
# progress and raw figures go to stderr and bench/out/.
#
#   bench/run.sh                 # 10k, 100k, 1M; 3 runs of each command (medians)
#   bench/run.sh --10m           # and 10M (allow an hour and 10 GB of disk)
#   bench/run.sh --sizes "10000" --runs 1     # quick
#
# For each size it measures, for medkg and for `cayley` built from the module version medkg
# requires: (a) load quads/s (`medkg import` vs `cayley load`), (b) the flagship and two other
# stored queries: in-process p50/p99 (medkg, go test -bench) and cold CLI wall time (a new
# process each run, the OS page cache warm; `cayley query --lang gizmo` runs the same script
# with medkg's prefixes and the parameters bound, written by bench/params), (c) export quads/s
# (`medkg export` vs `cayley dump`), (d) the peak RSS of each command (/usr/bin/time -v),
# (e) the store's size on disk. Each figure is the median of --runs runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/bench/.bin
OUT=$ROOT/bench/out
SIZES="10000 100000 1000000"
RUNS=3
QRUNS=10
SEED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --10m) SIZES="$SIZES 10000000" ;;
    --sizes) SIZES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --query-runs) QRUNS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$BIN" "$OUT"
log() { echo "bench: $*" >&2; }

# /usr/bin/time (GNU time, Debian package `time`) for peak RSS.
if [ ! -x /usr/bin/time ]; then
  log "installing GNU time"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi

log "building medkg"
. bench/build.sh

# measure NAME CMD...: runs CMD under /usr/bin/time, appends "NAME wall_s rss_kb" to $RES.
measure() {
  local name=$1; shift
  local tf; tf=$(mktemp)
  local t0 t1
  t0=$(date +%s%N)
  if ! /usr/bin/time -v -o "$tf" "$@" >"$OUT/last.out" 2>"$OUT/last.err"; then
    log "FAILED: $*"; cat "$OUT/last.err" >&2; rm -f "$tf"; return 1
  fi
  t1=$(date +%s%N)
  local rss; rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tf")
  rm -f "$tf"
  echo "$name $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}') $rss" >>"$RES"
}
# med NAME FIELD: the median of field 2 (wall) or 3 (rss) of NAME's runs.
med() {
  awk -v n="$1" -v f="$2" '$1==n{print $f}' "$RES" | sort -g | awk '{a[NR]=$1} END{if(NR==0){print "nan"; exit} if(NR%2){print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'
}
fmt_rate() { awk -v q="$1" -v s="$2" 'BEGIN{r=q/s; if(r>=1e6) printf "%.2fM", r/1e6; else printf "%.0fk", r/1e3}'; }
fmt_ms() { awk -v s="$1" 'BEGIN{printf "%.0f ms", s*1000}'; }
fmt_s() { awk -v s="$1" 'BEGIN{if (s<10) printf "%.2f s", s; else printf "%.1f s", s}'; }
fmt_mb() { awk -v k="$1" 'BEGIN{printf "%.0f MB", k/1024}'; }
# faster CAYLEY_TIME MEDKG_TIME; less CAYLEY_AMOUNT MEDKG_AMOUNT
faster() { awk -v c="$1" -v m="$2" 'BEGIN{if(c==0||m==0) print "-"; else if(c>=m) printf "%.1f× faster", c/m; else printf "%.1f× slower", m/c}'; }
less() { awk -v c="$1" -v m="$2" 'BEGIN{if(c==0||m==0) print "-"; else if(c>=m) printf "%.1f× less", c/m; else printf "%.1f× more", m/c}'; }

TABLE=$OUT/table.md
{
  echo "| size | measure | medkg | cayley | medkg vs cayley |"
  echo "| --- | --- | --- | --- | --- |"
} >"$TABLE"
row() { echo "| $1 | $2 | $3 | $4 | $5 |" >>"$TABLE"; }

for N in $SIZES; do
  RES=$OUT/results-$N.txt
  : >"$RES"
  corpus=$OUT/corpus-$N.nq
  if [ ! -s "$corpus" ]; then
    log "generating $N quads"
    "$MEDKG" gen --quads "$N" --seed "$SEED" --out "$corpus" 2>/dev/null
  fi
  Q=$(wc -l <"$corpus")
  read -r ACADEMY CENTRE CITY < <("$BIN/params" -quads "$N" -seed "$SEED" -dir "$OUT")
  mdb=$OUT/medkg-$N
  cdb=$OUT/cayley-$N

  # (a) load, (d) peak RSS, (e) size on disk
  for r in $(seq "$RUNS"); do
    log "$N: load run $r/$RUNS"
    rm -rf "$mdb" "$cdb"; mkdir -p "$cdb"
    sync
    measure m_load "$MEDKG" --db "$mdb" import --progress=false "$corpus"
    sync
    measure c_load "$CAYLEY" load --init --db bolt --dbpath "$cdb" -i "$corpus"
  done
  msize=$(du -sk "$mdb" | cut -f1); csize=$(du -sk "$cdb" | cut -f1)

  # (b) queries: cold CLI, each in a new process
  for r in $(seq "$QRUNS"); do
    log "$N: query run $r/$QRUNS"
    measure m_flagship "$MEDKG" --db "$mdb" query centres-cofounded-by --param "org=<$ACADEMY>" -o json --limit 0
    measure c_flagship "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/flagship.js")"
    measure m_founders "$MEDKG" --db "$mdb" query founders-of --param "centre=<$CENTRE>" -o json --limit 0
    measure c_founders "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/founders-of.js")"
    measure m_located "$MEDKG" --db "$mdb" query located-in --param "place=<$CITY>" -o json --limit 0
    measure c_located "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/located-in.js")"
    # the same scripts through medkg query -f: no parameter to resolve, so no name index
    measure m_flagship_f "$MEDKG" --db "$mdb" query -f "$OUT/flagship.js" -o json --limit 0
    measure m_founders_f "$MEDKG" --db "$mdb" query -f "$OUT/founders-of.js" -o json --limit 0
    measure m_located_f "$MEDKG" --db "$mdb" query -f "$OUT/located-in.js" -o json --limit 0
  done
  # in process (medkg): p50/p99 over many runs of each query, on the store just loaded
  log "$N: in-process query benchmarks"
  MEDKG_BENCH_QUADS=$N MEDKG_BENCH_SEED=$SEED MEDKG_BENCH_STORE=$mdb \
    go test -run '^$' -bench 'Query' -benchtime 50x ./graph >"$OUT/inproc-$N.txt" 2>&1
  ip() { awk -v b="$1" -v u="$2" '$1 ~ "^Benchmark"b"(-[0-9]+)?$" {for(i=1;i<NF;i++) if($(i+1)==u) print $i}' "$OUT/inproc-$N.txt"; }

  # (c) export
  for r in $(seq "$RUNS"); do
    log "$N: export run $r/$RUNS"
    rm -f "$OUT/export-medkg.nq" "$OUT/export-cayley.nq"
    measure m_export "$MEDKG" --db "$mdb" export -O "$OUT/export-medkg.nq"
    measure c_export "$CAYLEY" dump --db bolt --dbpath "$cdb" --dump_format nquads -o "$OUT/export-cayley.nq"
  done

  # the seed articles, once per run of the script
  if [ "$N" = "$(echo $SIZES | cut -d' ' -f1)" ]; then
    for r in $(seq "$RUNS"); do
      rm -rf "$OUT/seeds-db"
      measure m_seedload "$MEDKG" --db "$OUT/seeds-db" load
    done
    rm -rf "$OUT/seeds-db"
  fi

  size=$(awk -v q="$N" 'BEGIN{if(q>=1e6) printf "%gM", q/1e6; else printf "%gk", q/1e3}')
  ml=$(med m_load 2); cl=$(med c_load 2)
  row "$size" "load quads/s (\`medkg import\` / \`cayley load\`)" "$(fmt_rate "$Q" "$ml") ($(fmt_s "$ml"))" "$(fmt_rate "$Q" "$cl") ($(fmt_s "$cl"))" "$(faster "$cl" "$ml")"
  row "$size" "load peak RSS" "$(fmt_mb "$(med m_load 3)")" "$(fmt_mb "$(med c_load 3)")" "$(less "$(med c_load 3)" "$(med m_load 3)")"
  row "$size" "store on disk" "$(fmt_mb "$msize")" "$(fmt_mb "$csize")" "$(less "$csize" "$msize")"
  for q in flagship:QueryFlagship:centres-cofounded-by founders:QueryFoundersOf:founders-of located:QueryLocatedIn:located-in; do
    IFS=: read -r key bench name <<<"$q"
    mq=$(med "m_$key" 2); cq=$(med "c_$key" 2)
    row "$size" "\`$name\` in process p50 / p99" "$(ip "$bench" p50-ms) / $(ip "$bench" p99-ms) ms ($(ip "$bench" rows | awk '{printf "%d", $1}') rows)" "" ""
    row "$size" "\`$name\` cold CLI wall (peak RSS)" "$(fmt_ms "$mq") ($(fmt_mb "$(med "m_$key" 3)"))" "$(fmt_ms "$cq") ($(fmt_mb "$(med "c_$key" 3)"))" "$(faster "$cq" "$mq")"
    mf=$(med "m_${key}_f" 2)
    row "$size" "\`$name\` cold CLI, script via \`medkg query -f\` (peak RSS)" "$(fmt_ms "$mf") ($(fmt_mb "$(med "m_${key}_f" 3)"))" "" "$(faster "$cq" "$mf")"
  done
  me=$(med m_export 2); ce=$(med c_export 2)
  row "$size" "export quads/s (\`medkg export\` / \`cayley dump\`)" "$(fmt_rate "$Q" "$me") ($(fmt_s "$me"))" "$(fmt_rate "$Q" "$ce") ($(fmt_s "$ce"))" "$(faster "$ce" "$me")"
  row "$size" "export peak RSS" "$(fmt_mb "$(med m_export 3)")" "$(fmt_mb "$(med c_export 3)")" "$(less "$(med c_export 3)" "$(med m_export 3)")"
  if grep -q '^m_seedload ' "$RES"; then
    row "seeds" "\`medkg load\` of the 5 seed articles, new store: wall (peak RSS)" "$(fmt_ms "$(med m_seedload 2)") ($(fmt_mb "$(med m_seedload 3)"))" "" ""
  fi
  rm -f "$OUT/export-medkg.nq" "$OUT/export-cayley.nq"
  log "$N: done"
done
cat "$TABLE"
