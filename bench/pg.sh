#!/usr/bin/env bash
# bench/pg.sh: medkg on PostgreSQL against Cayley's stock SQL backend (`cayley load --db
# postgres`, built from the module version medkg requires), on generated corpora. Prints a
# markdown table on stdout; progress on stderr, raw figures in bench/out/pg-*.
#
#   PGTEST_DURABLE=1 scripts/pgtest bench/pg.sh     # a throwaway server (fsync on); 100k, 1M
#   scripts/pgtest bench/pg.sh --sizes 100000       # one size
#   MEDKG_TEST_POSTGRES=postgres://... bench/pg.sh  # a server of your own (it creates and
#                                                   # drops databases medkg_bench_*)
#
# Per size N: (a) load quads/s (`medkg import` / `cayley load`), (b) the flagship query
# (`medkg query centres-cofounded-by` / the same Gizmo script through `cayley query`), cold
# CLI wall time, cut at --query-timeout (120 s), also medkg's run of the Gizmo script instead
# of the SQL plan (MEDKG_NO_SQL_PLAN=1); (c) export quads/s (`medkg export` / `cayley dump`,
# cut at --dump-timeout, 300 s); (d) whether `cayley dump` of medkg's store equals its export.
# One run of each (the stock load of 1M quads alone takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=$ROOT/bench/.bin
OUT=$ROOT/bench/out
SIZES="100000 1000000"
QTIMEOUT=120
DTIMEOUT=300
SEED=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES="$2"; shift ;;
    --query-timeout) QTIMEOUT="$2"; shift ;;
    --dump-timeout) DTIMEOUT="$2"; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench/pg.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
SERVER=${MEDKG_TEST_POSTGRES:?set MEDKG_TEST_POSTGRES to a postgres:// URL, or run under scripts/pgtest}
mkdir -p "$BIN" "$OUT"
log() { echo "bench: $*" >&2; }

. bench/build.sh

# db NAME: a fresh database NAME on the server; prints its URL.
db() {
  psql -q "$SERVER" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  python3 -c 'import sys,urllib.parse as u; p=u.urlparse(sys.argv[1]); print(u.urlunparse(p._replace(path="/"+sys.argv[2])))' "$SERVER" "$1"
}
# secs CMD...: wall seconds of CMD (stdout to $OUT/last.out), or "timeout".
secs() {
  local t0 t1 rc=0
  t0=$(date +%s%N)
  timeout "$QTIMEOUT" "$@" >"$OUT/last.out" 2>"$OUT/last.err" || rc=$?
  t1=$(date +%s%N)
  if [ $rc = 124 ]; then echo timeout; return; fi
  if [ $rc != 0 ]; then log "FAILED ($rc): $*"; cat "$OUT/last.err" >&2; echo failed; return; fi
  awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}'
}
rate() { case "$2" in timeout|failed) echo "$2";; *) awk -v q="$1" -v s="$2" 'BEGIN{r=q/s; if(r>=1e6) printf "%.2fM/s (%.1f s)", r/1e6, s; else printf "%.1fk/s (%.1f s)", r/1e3, s}';; esac; }
ms() { case "$1" in timeout) echo "> $QTIMEOUT s (cut)";; failed) echo failed;; *) awk -v s="$1" 'BEGIN{if(s<10) printf "%.0f ms", s*1000; else printf "%.1f s", s}';; esac; }
ratio() { case "$1$2" in *timeout*|*failed*) echo "-";; *) awk -v c="$1" -v m="$2" 'BEGIN{if(c>=m) printf "%.1f× faster", c/m; else printf "%.1f× slower", m/c}';; esac; }

echo "| size | measure | medkg on PostgreSQL | Cayley's SQL backend | medkg vs Cayley |"
echo "| --- | --- | --- | --- | --- |"
for N in $SIZES; do
  corpus=$OUT/corpus-$N.nq
  [ -s "$corpus" ] || { log "generating $N quads"; "$MEDKG" gen --quads "$N" --seed "$SEED" --out "$corpus" 2>/dev/null; }
  Q=$(wc -l <"$corpus")
  read -r ACADEMY CENTRE CITY < <("$BIN/params" -quads "$N" -seed "$SEED" -dir "$OUT")
  M=$(db "medkg_bench_m$N"); C=$(db "medkg_bench_c$N")
  log "$N: medkg import"
  ml=$(secs "$MEDKG" --backend postgres --address "$M" import --progress=false "$corpus")
  log "$N: cayley load ($ml s for medkg)"
  cl=$(QTIMEOUT=100000 secs "$CAYLEY" load --init --db postgres --dbpath "$C" -i "$corpus")
  log "$N: flagship query"
  mq=$(secs "$MEDKG" --backend postgres --address "$M" query centres-cofounded-by --param "org=<$ACADEMY>" -o json --limit 0 --timeout "${QTIMEOUT}s")
  rows=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/last.out" 2>/dev/null || echo "?")
  mg=$(MEDKG_NO_SQL_PLAN=1 secs "$MEDKG" --backend postgres --address "$M" query centres-cofounded-by --param "org=<$ACADEMY>" -o json --limit 0 --timeout "${QTIMEOUT}s")
  if [ "$mg" = failed ] && grep -q 'timed out' "$OUT/last.err"; then mg=timeout; fi
  cq=$(secs "$CAYLEY" query --db postgres --dbpath "$C" --lang gizmo -n 0 "$(cat "$OUT/flagship.js")")
  log "$N: export"
  me=$(secs "$MEDKG" --backend postgres --address "$M" export --out "$OUT/pg-export-medkg.nq")
  ce=$(QTIMEOUT=$DTIMEOUT secs "$CAYLEY" dump --db postgres --dbpath "$C" --dump_format nquads -o "$OUT/pg-export-cayley.nq")
  # The two stores hold the same quads, and Cayley's own dump reads medkg's store.
  same="not checked (dump cut)"; readable="not checked (dump cut)"
  if [ "$ce" != timeout ]; then
    same=$(cmp -s <(sort -u "$OUT/pg-export-medkg.nq") <(sort -u "$OUT/pg-export-cayley.nq") && echo yes || echo NO)
    rd=$(QTIMEOUT=$DTIMEOUT secs "$CAYLEY" dump --db postgres --dbpath "$M" --dump_format nquads -o "$OUT/pg-export-cayley-of-medkg.nq")
    [ "$rd" != timeout ] && readable=$(cmp -s <(sort -u "$OUT/pg-export-medkg.nq") <(sort -u "$OUT/pg-export-cayley-of-medkg.nq") && echo yes || echo NO)
  fi
  size=$(awk -v q="$N" 'BEGIN{if(q>=1e6) printf "%gM", q/1e6; else printf "%gk", q/1e3}')
  echo "| $size | load (\`medkg import\` / \`cayley load\`) | $(rate "$Q" "$ml") | $(rate "$Q" "$cl") | $(ratio "$cl" "$ml") |"
  echo "| $size | flagship \`centres-cofounded-by\`, cold CLI ($rows rows): medkg's SQL plan / \`cayley query\` | $(ms "$mq") | $(ms "$cq") | $(ratio "$cq" "$mq") |"
  echo "| $size | the same, medkg running the Gizmo script (\`MEDKG_NO_SQL_PLAN=1\`) | $(ms "$mg") | $(ms "$cq") | $(ratio "$cq" "$mg") |"
  echo "| $size | export (\`medkg export\` / \`cayley dump\`) | $(rate "$Q" "$me") | $(rate "$Q" "$ce") | $(ratio "$ce" "$me") |"
  echo "| $size | both stores hold the same quads (sorted exports equal) | $same | | |"
  echo "| $size | \`cayley dump\` of medkg's store equals \`medkg export\` | $readable | | |"
  rm -f "$OUT/pg-export-medkg.nq" "$OUT/pg-export-cayley.nq" "$OUT/pg-export-cayley-of-medkg.nq"
  psql -q "$SERVER" -c "DROP DATABASE medkg_bench_m$N" -c "DROP DATABASE medkg_bench_c$N" >/dev/null
done
