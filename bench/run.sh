#!/usr/bin/env bash
# bench/run.sh: medkg beside Cayley's own CLI, OpenLink Virtuoso and Oxigraph, in the same run,
# on the same generated corpora (`medkg gen --quads N --seed 1`; 100k and 1M by default).
# Prints markdown tables, one per operation, on stdout; progress on stderr; raw figures
# (one line per run: name, wall seconds, peak RSS in KB, 1-minute load average) in
# bench/out/results-N.txt.
#
#   bench/run.sh                          # 100k and 1M; 3 runs of loads and exports, 10 of queries
#   bench/run.sh --sizes "100000 1000000 10000000"   # and 10M (allow hours and 10 GB of disk)
#   bench/run.sh --sizes 10000 --runs 1   # quick (a few minutes, most of it starting Virtuoso)
#   bench/run.sh --no-virtuoso --no-oxigraph         # medkg and cayley only
#   bench/run.sh --sizes "100000 1000000:2:5"         # SIZE[:RUNS[:QUERY_RUNS]]: fewer runs at 1M
#
# Oxigraph runs only at sizes up to --oxigraph-max quads (4M): its WebAssembly memory cannot
# grow past 4 GiB, and it held 1.0 GB at 1M; its cells say "over WASM's 4 GiB" above that.
#
# The tools (each installed by this script if missing; nothing listens beyond loopback):
# - medkg, built here; `cayley`, built from the module version medkg requires (bench/build.sh);
# - Virtuoso from Debian's `virtuoso-opensource` (bench/virtuoso.sh): a private server per
#   load, its database under bench/out/virtuoso, bulk-loaded with ld_dir + rdf_loader_run +
#   checkpoint, queried over its SPARQL endpoint on 127.0.0.1, stopped at the end;
# - Oxigraph from npm (`oxigraph`, WebAssembly) under Debian's node (bench/oxigraph/bench.js):
#   in memory, loaded and queried in one node process.
#
# Every run of one operation alternates the tools (medkg, cayley, Virtuoso, Oxigraph, then
# again), so a load on the machine that comes and goes hits them alike; each figure is the
# median of its runs, and each table gives the range of the 1-minute load average sampled
# at its runs (this machine has 2 cores: above 2, other work competed for them).
#
# Before any timing counts, every tool's answer set for the flagship (centres-cofounded-by
# from the first academy; SPARQL equivalent in bench/out/flagship.rq, written by
# bench/params) is compared, as (centre, founder, article) triples; a difference fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/bench/.bin
OUT=$ROOT/bench/out
SIZES="100000 1000000"
RUNS=3
QRUNS=10
SEED=1
VIRTUOSO=1
OXIGRAPH=1
OXIGRAPH_VERSION=0.5.11
OXIGRAPH_MAX=4000000
SEARCH_TEXT="Anan Academy"
while [ $# -gt 0 ]; do
  case "$1" in
    --10m) SIZES="$SIZES 10000000" ;;
    --sizes) SIZES="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    --query-runs) QRUNS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --no-virtuoso) VIRTUOSO= ;;
    --no-oxigraph) OXIGRAPH= ;;
    --oxigraph-max) OXIGRAPH_MAX="$2"; shift ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$BIN" "$OUT"
log() { echo "bench: $(date -u +%H:%M:%S) $*" >&2; }

need=()
command -v curl >/dev/null || need+=(curl)
[ -z "$OXIGRAPH" ] || command -v node >/dev/null || need+=(nodejs)
[ -z "$OXIGRAPH" ] || command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]} (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

log "building medkg"
. bench/build.sh
. bench/virtuoso.sh
if [ -n "$VIRTUOSO" ]; then
  virt_install
  trap virt_stop EXIT
fi
if [ -n "$OXIGRAPH" ] && [ "$(node -p "require('$BIN/oxigraph/node_modules/oxigraph/package.json').version" 2>/dev/null)" != "$OXIGRAPH_VERSION" ]; then
  log "installing oxigraph $OXIGRAPH_VERSION (npm)"
  npm install --silent --no-audit --no-fund --prefix "$BIN/oxigraph" "oxigraph@$OXIGRAPH_VERSION" >&2
fi

loadavg() { cut -d' ' -f1 /proc/loadavg; }
# measure NAME CMD...: runs CMD under bench/timeit (stdout to $OUT/last.out, stderr to
# $OUT/last.err), records its wall time and peak RSS. (timeit reads the clock around the
# child alone: date + GNU time added ~16 ms a run here, see bench/timeit.)
measure() {
  local name=$1; shift
  local la t
  la=$(loadavg)
  if ! t=$("$TIMEIT" -stdout "$OUT/last.out" -stderr "$OUT/last.err" -- "$@"); then
    log "FAILED: $*"; cat "$OUT/last.err" >&2; return 1
  fi
  echo "$name $t $la" >>"$RES"
}
# rows NAME json|table: records how many rows the last command printed (a JSON array's
# length, or a table's lines less its header) as "rows_NAME", once a size: what a query
# returns grows with the data at some sizes, and its time with it.
rows() {
  grep -q "^rows_$1 " "$RES" && return
  local n
  if [ "$2" = json ]; then
    n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/last.out")
  else
    n=$(($(wc -l <"$OUT/last.out") - 1))
  fi
  echo "rows_$1 $n 0 0" >>"$RES"
}
# med NAME FIELD: the median of field 2 (wall s), 3 (RSS KB) of NAME's runs; "" if none.
med() {
  awk -v n="$1" -v f="$2" '$1==n{print $f}' "$RES" | sort -g | awk '{a[NR]=$1} END{if(NR==0){exit} if(NR%2){print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'
}
# loadrange NAME...: the range of the load average over the runs of NAMEs.
loadrange() {
  local re; re="^($(echo "$*" | tr ' ' '|')) "
  { grep -E "$re" "$RES" || true; } | awk '{print $4}' | sort -g | awk 'NR==1{a=$1} {b=$1} END{if(NR) printf "%.1f–%.1f", a, b}'
}
n() { awk -v n="$1" '$1==n' "$RES" | wc -l; }
fmt_rate() { [ -n "$2" ] && awk -v q="$1" -v s="$2" 'BEGIN{r=q/s; if(r>=1e6) printf "%.2fM q/s", r/1e6; else printf "%.1fk q/s", r/1e3}'; }
fmt_ms() { [ -n "$1" ] && awk -v s="$1" 'BEGIN{if(s<0.01) printf "%.1f ms", s*1000; else printf "%.0f ms", s*1000}'; }
fmt_s() { [ -n "$1" ] && awk -v s="$1" 'BEGIN{if (s<10) printf "%.2f s", s; else printf "%.1f s", s}'; }
fmt_mb() { [ -n "$1" ] && [ "$1" != 0 ] && awk -v k="$1" 'BEGIN{printf "%.0f MB", k/1024}'; }
# cell WALL_NAME: "time (RSS)" for a timed command.
cell() { local w; w=$(med "$1" 2); [ -n "$w" ] || { echo "–"; return; }; echo "$(fmt_ms "$w") ($(fmt_mb "$(med "$1" 3)"))"; }
# ratio A B: how many times B's figure is A's ("3.1×" means A takes 3.1 times as long as B).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{if(a==""||b==""||a==0||b==0) print "–"; else printf "%.2f×", a/b}'; }

# One table per operation, filled size by size.
T=$OUT/tables
rm -rf "$T"; mkdir -p "$T"
table() { # table FILE HEADER...: starts FILE with a markdown header.
  local f=$T/$1; shift
  [ -s "$f" ] && return
  { printf '|'; printf ' %s |' "$@"; echo; printf '|'; for _ in "$@"; do printf ' --- |'; done; echo; } >"$f"
}
trow() { local f=$T/$1; shift; { printf '|'; printf ' %s |' "$@"; echo; } >>"$f"; }

V=$([ -n "$VIRTUOSO" ] && echo "Virtuoso $VIRT_VERSION" || echo "Virtuoso (not run)")
O=$([ -n "$OXIGRAPH" ] && echo "Oxigraph $OXIGRAPH_VERSION (WASM)" || echo "Oxigraph (not run)")

SPEC_SIZES=$SIZES
SIZES=$(for s in $SPEC_SIZES; do echo -n "${s%%:*} "; done)
DEF_RUNS=$RUNS DEF_QRUNS=$QRUNS
for spec in $SPEC_SIZES; do
  IFS=: read -r N r q <<<"$spec"
  RUNS=${r:-$DEF_RUNS} QRUNS=${q:-$DEF_QRUNS}
  RES=$OUT/results-$N.txt
  : >"$RES"
  # OXN: Oxigraph at this size (empty: not run, and why in OXWHY).
  OXN=$OXIGRAPH OXWHY="not run"
  if [ -n "$OXIGRAPH" ] && [ "$N" -gt "$OXIGRAPH_MAX" ]; then
    OXN= OXWHY="over WASM's 4 GiB"
    log "$N quads: Oxigraph left out (more than --oxigraph-max $OXIGRAPH_MAX)"
  fi
  corpus=$OUT/corpus-$N.nq
  if [ ! -s "$corpus" ]; then
    log "generating $N quads"
    "$MEDKG" gen --quads "$N" --seed "$SEED" --out "$corpus" 2>/dev/null
  fi
  Q=$(wc -l <"$corpus")
  read -r ACADEMY CENTRE CITY < <("$BIN/params" -quads "$N" -seed "$SEED" -dir "$OUT")
  size=$(awk -v q="$N" 'BEGIN{if(q>=1e6) printf "%gM", q/1e6; else printf "%gk", q/1e3}')
  mdb=$OUT/medkg-$N
  cdb=$OUT/cayley-$N
  ANS=$OUT/answers-$N
  rm -rf "$ANS"; mkdir -p "$ANS"

  # Load: a new store each run, the four tools in turn.
  for r in $(seq "$RUNS"); do
    log "$size: load run $r/$RUNS"
    rm -rf "$mdb" "$cdb"; mkdir -p "$cdb"
    sync
    measure m_load "$MEDKG" --db "$mdb" import --progress=false "$corpus"
    sync
    measure c_load "$CAYLEY" load --init --db bolt --dbpath "$cdb" -i "$corpus"
    if [ -n "$VIRTUOSO" ]; then
      virt_start "$OUT"          # untimed: creating an empty database
      sync
      la=$(loadavg); t0=$(date +%s%N)
      virt_load "$corpus"
      t1=$(date +%s%N)
      echo "v_load $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", (b-a)/1e9}') $(virt_rss_kb) $la" >>"$RES"
      # the last run's server stays up for the queries
      [ "$r" = "$RUNS" ] || virt_stop
    fi
    if [ -n "$OXN" ]; then
      # One node process: load, then the flagship QRUNS times in process.
      measure o_proc node bench/oxigraph/bench.js "$corpus" "$OUT/flagship.rq" "$((QRUNS + 1))"
      cp "$OUT/last.out" "$OUT/oxigraph-$N-$r.json"
      python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("o_load", d["load_s"], 0, sys.argv[2]); [print("o_flagship", t/1000, 0, sys.argv[2]) for t in d["query_ms"][1:]]; print("o_quads", d["quads"], 0, 0)' \
        "$OUT/last.out" "$(loadavg)" >>"$RES"
    fi
  done
  msize=$(du -sk "$mdb" | cut -f1); csize=$(du -sk "$cdb" | cut -f1)
  vsize=$([ -n "$VIRTUOSO" ] && du -sk "$VIRT_DIR" --exclude='*.log' | cut -f1 || echo 0)

  # Answers: every tool's flagship, as (centre, founder, article) triples.
  log "$size: flagship answers"
  "$MEDKG" --db "$mdb" query centres-cofounded-by --param "org=<$ACADEMY>" -o json --limit 0 >"$ANS/medkg.json"
  python3 bench/answers.py medkg "$ANS/medkg.json" >"$ANS/medkg.tsv"
  "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/flagship.js")" >"$ANS/cayley.out" 2>/dev/null
  python3 bench/answers.py cayley "$ANS/cayley.out" >"$ANS/cayley.tsv"
  if [ -n "$VIRTUOSO" ]; then
    virt_query "$OUT/flagship.rq" >"$ANS/virtuoso.csv"
    python3 bench/answers.py csv "$ANS/virtuoso.csv" >"$ANS/virtuoso.tsv"
  fi
  if [ -n "$OXN" ]; then
    python3 bench/answers.py oxigraph "$OUT/oxigraph-$N-1.json" >"$ANS/oxigraph.tsv"
  fi
  oxcell() { if [ -n "$OXN" ]; then echo "$1"; else echo "– ($OXWHY)"; fi; }
  table answers "size" "quads" "flagship answers (centre, founder, article)" "medkg" "cayley" "$V" "$O" "all equal"
  agree=yes
  for f in "$ANS"/*.tsv; do cmp -s "$ANS/medkg.tsv" "$f" || agree=NO; done
  vq=$([ -n "$VIRTUOSO" ] && virt_count || echo "–")
  oq=$([ -n "$OXN" ] && awk '$1=="o_quads"{print $2; exit}' "$RES" || echo "–")
  cnt() { [ -f "$ANS/$1.tsv" ] && wc -l <"$ANS/$1.tsv" || echo "–"; }
  trow answers "$size" "$Q in the file; Virtuoso holds $vq, Oxigraph $oq" "rows" "$(cnt medkg)" "$(cnt cayley)" "$(cnt virtuoso)" "$(oxcell "$(cnt oxigraph)")" "$agree"
  if [ "$agree" != yes ]; then
    log "the tools disagree on the flagship at $size: see $ANS (diff the .tsv files)"
    cat "$T/answers"; exit 1
  fi

  # Queries: each CLI query in a new process (the OS page cache warm); Virtuoso's flagship
  # over HTTP on its warm server (curl's own time included).
  for r in $(seq "$QRUNS"); do
    log "$size: query run $r/$QRUNS"
    measure m_flagship "$MEDKG" --db "$mdb" query centres-cofounded-by --param "org=<$ACADEMY>" -o json --limit 0
    rows m_flagship json
    measure c_flagship "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/flagship.js")"
    measure m_founders "$MEDKG" --db "$mdb" query founders-of --param "centre=<$CENTRE>" -o json --limit 0
    rows m_founders json
    measure c_founders "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/founders-of.js")"
    measure m_located "$MEDKG" --db "$mdb" query located-in --param "place=<$CITY>" -o json --limit 0
    rows m_located json
    measure c_located "$CAYLEY" query --db bolt --dbpath "$cdb" --lang gizmo -n 0 "$(cat "$OUT/located-in.js")"
    measure m_search "$MEDKG" --db "$mdb" search "$SEARCH_TEXT"
    rows m_search table
    measure m_stats "$MEDKG" --db "$mdb" stats
    rows m_stats table
    # serve: from the start of the process to its "serving" line (listening, index ready).
    la=$(loadavg)
    t=$("$TIMEIT" -stderr "$OUT/serve.err" -ready serving -- "$MEDKG" --db "$mdb" serve --addr 127.0.0.1:0) ||
      { log "serve failed"; cat "$OUT/serve.err" >&2; exit 1; }
    echo "m_serve $t $la" >>"$RES"
  done
  if [ -n "$VIRTUOSO" ]; then
    # Virtuoso warm: the flagship QRUNS+1 times in one isql session on the loaded server,
    # its own time for each (the first, a warm-up, dropped).
    la=$(loadavg)
    virt_warm "$OUT/flagship.rq" $((QRUNS + 1)) | tail -n +2 | while read -r s; do echo "v_flagship $s 0 $la"; done >>"$RES"
    virt_stop
  fi
  # In process (medkg): p50 over many runs of each query, on the store just loaded.
  log "$size: in-process query benchmarks"
  MEDKG_BENCH_QUADS=$N MEDKG_BENCH_SEED=$SEED MEDKG_BENCH_STORE=$mdb \
    go test -run '^$' -bench 'Query' -benchtime 50x ./graph >"$OUT/inproc-$N.txt" 2>&1
  ip() { awk -v b="$1" -v u="$2" '$1 ~ "^Benchmark"b"(-[0-9]+)?$" {for(i=1;i<NF;i++) if($(i+1)==u) print $i}' "$OUT/inproc-$N.txt"; }

  # Export: medkg export against cayley dump.
  for r in $(seq "$RUNS"); do
    log "$size: export run $r/$RUNS"
    rm -f "$OUT/export-medkg.nq" "$OUT/export-cayley.nq"
    measure m_export "$MEDKG" --db "$mdb" export --out "$OUT/export-medkg.nq"
    measure c_export "$CAYLEY" dump --db bolt --dbpath "$cdb" --dump_format nquads -o "$OUT/export-cayley.nq"
  done
  # Cayley's own dump of medkg's store (medkg's extra buckets included) holds medkg's export.
  "$CAYLEY" dump --db bolt --dbpath "$mdb" --dump_format nquads -o "$OUT/export-cayley-of-medkg.nq" >/dev/null 2>"$OUT/cayley-dump.err"
  dumpsame=$(cmp -s <(sort -u "$OUT/export-medkg.nq") <(sort -u "$OUT/export-cayley-of-medkg.nq") && echo yes || echo NO)

  # The tables.
  ml=$(med m_load 2); cl=$(med c_load 2); vl=$(med v_load 2); ol=$(med o_load 2)
  loadcell() { [ -n "$1" ] && echo "$(fmt_s "$1"), $(fmt_rate "$Q" "$1")${2:+, $(fmt_mb "$2")}" || echo "–"; }
  table load "size" "medkg import" "cayley load" "$V (ld_dir + rdf_loader_run + checkpoint)" "$O (Store.load, in memory)" "cayley / medkg" "medkg / Virtuoso" "medkg / Oxigraph" "load avg" "runs"
  trow load "$size" "$(loadcell "$ml" "$(med m_load 3)")" "$(loadcell "$cl" "$(med c_load 3)")" "$(loadcell "$vl" "$(med v_load 3)")" "$(oxcell "$(loadcell "$ol" "$(med o_proc 3)")")" \
    "$(ratio "$cl" "$ml")" "$(ratio "$ml" "$vl")" "$(ratio "$ml" "$ol")" "$(loadrange m_load c_load v_load o_load)" "$(n m_load)"
  table disk "size" "medkg" "cayley" "$V" "$O"
  trow disk "$size" "$(fmt_mb "$msize")" "$(fmt_mb "$csize")" "$(fmt_mb "$vsize")" "$(oxcell "in memory")"

  table warm "size" "flagship, warm: median (p99 for medkg)" "medkg in process (go test -bench, 50 runs)" "$V, server time (isql, one session)" "$O in process" "medkg / Virtuoso" "medkg / Oxigraph" "load avg"
  mp50=$(ip QueryFlagship p50-ms); mp99=$(ip QueryFlagship p99-ms)
  vf=$(med v_flagship 2); of=$(med o_flagship 2)
  trow warm "$size" "$(wc -l <"$ANS/medkg.tsv") answers" "${mp50:-–} ms (p99 ${mp99:-–} ms)" "$(fmt_ms "$vf")" "$(oxcell "$(fmt_ms "$of")")" \
    "$(ratio "$(awk -v m="$mp50" 'BEGIN{if(m!="") print m/1000}')" "$vf")" "$(ratio "$(awk -v m="$mp50" 'BEGIN{if(m!="") print m/1000}')" "$of")" "$(loadrange v_flagship o_flagship)"

  table cold "size" "query as a new process: median wall (peak RSS)" "rows" "medkg" "cayley" "cayley / medkg" "medkg in process p50" "load avg" "runs"
  for q in flagship:QueryFlagship:centres-cofounded-by founders:QueryFoundersOf:founders-of located:QueryLocatedIn:located-in; do
    IFS=: read -r key bench name <<<"$q"
    trow cold "$size" "\`$name\`" "$(med "rows_m_$key" 2)" "$(cell "m_$key")" "$(cell "c_$key")" "$(ratio "$(med "c_$key" 2)" "$(med "m_$key" 2)")" "$(ip "$bench" p50-ms) ms" "$(loadrange "m_$key" "c_$key")" "$(n "m_$key")"
  done

  table medkg "size" "medkg only, new process" "rows" "median wall (peak RSS)" "target at 1M" "load avg" "runs"
  trow medkg "$size" "\`medkg search \"$SEARCH_TEXT\"\`" "$(med rows_m_search 2)" "$(cell m_search)" "≤ 100 ms" "$(loadrange m_search)" "$(n m_search)"
  trow medkg "$size" "\`medkg stats\`" "$(med rows_m_stats 2)" "$(cell m_stats)" "≤ 500 ms" "$(loadrange m_stats)" "$(n m_stats)"
  trow medkg "$size" "\`medkg serve\` ready (process start to listening)" "" "$(fmt_ms "$(med m_serve 2)")" "≤ 1 s" "$(loadrange m_serve)" "$(n m_serve)"

  me=$(med m_export 2); ce=$(med c_export 2)
  table export "size" "medkg export (sorted)" "cayley dump (storage order)" "cayley / medkg" "\`cayley dump\` of medkg's store = \`medkg export\` (as sets)" "load avg" "runs"
  trow export "$size" "$(fmt_s "$me"), $(fmt_rate "$Q" "$me") ($(fmt_mb "$(med m_export 3)"))" "$(fmt_s "$ce"), $(fmt_rate "$Q" "$ce") ($(fmt_mb "$(med c_export 3)"))" \
    "$(ratio "$ce" "$me")" "$dumpsame" "$(loadrange m_export c_export)" "$(n m_export)"
  rm -f "$OUT/export-medkg.nq" "$OUT/export-cayley.nq" "$OUT/export-cayley-of-medkg.nq"
  log "$size: done"
done

echo "bench/run.sh --sizes \"$SPEC_SIZES\" --runs $DEF_RUNS --query-runs $DEF_QRUNS at $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
for t in answers load disk warm cold medkg export; do
  echo
  case $t in
    answers) echo "Answer sets (every timing below is of tools that agree):" ;;
    load) echo "Load: median wall, quads/s, peak RSS (a new store each run; the tools alternated run by run; ratios > 1 mean the first named takes longer):" ;;
    disk) echo "Store on disk after the load:" ;;
    warm) echo "Flagship, warm (the store or server already open):" ;;
    cold) echo "Stored queries as a new process (\`medkg query NAME -o json\`, \`cayley query --lang gizmo\` of the same script):" ;;
    medkg) echo "Search, stats and serve (medkg):" ;;
    export) echo "Export: median wall, quads/s (peak RSS), alternated:" ;;
  esac
  echo
  cat "$T/$t"
done
