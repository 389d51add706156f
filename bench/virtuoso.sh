# bench/virtuoso.sh, sourced by run.sh (with $OUT set and log defined): OpenLink Virtuoso from
# Debian's `virtuoso-opensource` (installed if missing), run as a private server for the
# benchmark: its own database directory under $OUT, listening on loopback only (SQL on
# 127.0.0.1:$VIRT_SQL, SPARQL over HTTP on 127.0.0.1:$VIRT_HTTP), never Debian's service.
# Loaded the way Virtuoso documents for bulk loads: ld_dir, rdf_loader_run, checkpoint.
VIRT_SQL=${VIRT_SQL:-21111}
VIRT_HTTP=${VIRT_HTTP:-28890}
VIRT_DIR=$OUT/virtuoso
VIRT_PID=

virt_install() {
  if ! command -v virtuoso-t >/dev/null || ! command -v isql-vt >/dev/null; then
    log "installing virtuoso-opensource (Debian)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
  fi
  VIRT_VERSION=$( (virtuoso-t -? 2>&1 || true) | sed -n 's/.*Version \([0-9.]*\).*/\1/p' | head -1)
}

# virt_start DATA_DIR: a new, empty server whose ld_dir may read DATA_DIR; waits until it
# answers SQL.
virt_start() {
  virt_stop
  rm -rf "$VIRT_DIR"; mkdir -p "$VIRT_DIR"
  # Debian's ini with our paths and ports. Buffers: Virtuoso's own sizing table gives
  # 170000 (1.3 GB) for a machine with 2 GB free for it; this one has 24 GB.
  sed -e "s#/var/lib/virtuoso-opensource-7/db#$VIRT_DIR#g" \
    -e "s#^ServerPort *= *1111#ServerPort = 127.0.0.1:$VIRT_SQL#" \
    -e "s#^ServerPort *= *8890#ServerPort = 127.0.0.1:$VIRT_HTTP#" \
    -e "s#^DirsAllowed *=.*#DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, $1#" \
    -e "s#^NumberOfBuffers *=.*#NumberOfBuffers = 170000#" \
    -e "s#^MaxDirtyBuffers *=.*#MaxDirtyBuffers = 130000#" \
    -e "s#^ResultSetMaxRows *=.*#ResultSetMaxRows = 10000000#" \
    /etc/virtuoso-opensource-7/virtuoso.ini >"$VIRT_DIR/virtuoso.ini"
  (cd "$VIRT_DIR" && exec virtuoso-t +foreground +configfile "$VIRT_DIR/virtuoso.ini" >"$VIRT_DIR/stdout.log" 2>&1) &
  VIRT_PID=$!
  for _ in $(seq 240); do
    if virt_sql "select 1;" >/dev/null 2>&1; then return 0; fi
    kill -0 "$VIRT_PID" 2>/dev/null || { log "virtuoso did not start:"; tail -20 "$VIRT_DIR/virtuoso.log" >&2; return 1; }
    sleep 0.5
  done
  log "virtuoso did not answer within 2 minutes"; return 1
}

virt_sql() { isql-vt "127.0.0.1:$VIRT_SQL" dba dba exec="$1" </dev/null; }
# virt_scalar SQL: the one number a statement returns.
virt_scalar() { virt_sql "$1" 2>/dev/null | awk '/^[0-9]+ *$/ && !d {print $1; d=1}' || true; }

# virt_load FILE: the bulk loader on one N-Quads file (default-graph quads into
# urn:medkg:default; a query without FROM reads the union of all graphs).
virt_load() {
  virt_sql "ld_dir('$(dirname "$1")', '$(basename "$1")', 'urn:medkg:default'); rdf_loader_run(); checkpoint;" >"$VIRT_DIR/load.log" 2>&1
  # The loader records a failed file in load_list rather than failing the call.
  if [ "$(virt_scalar "select count(*) from DB.DBA.load_list where ll_error is not null;")" != 0 ]; then
    log "virtuoso load failed:"; virt_sql "select ll_file, ll_error from DB.DBA.load_list;" >&2; return 1
  fi
}

# virt_count: quads in the store (all graphs, Virtuoso's own system graphs excluded).
virt_count() {
  virt_scalar "sparql select count(*) where { graph ?g { ?s ?p ?o } filter(?g != <http://www.openlinksw.com/schemas/virtrdf#> && !strstarts(str(?g), 'http://www.w3.org/') && !strstarts(str(?g), 'http://localhost') && !strstarts(str(?g), 'urn:activitystreams-owl:map')) };"
}

# virt_query FILE: runs the SPARQL query in FILE over HTTP; CSV on stdout.
virt_query() {
  curl -sf -H 'Accept: text/csv' --data-urlencode "query@$1" "http://127.0.0.1:$VIRT_HTTP/sparql"
}

# virt_warm FILE RUNS: the SPARQL query in FILE run RUNS times in one isql session, the
# server's own time for each (isql's "-- N msec."), in seconds, one a line.
virt_warm() {
  local q stmts="" i
  q=$(tr '\n' ' ' <"$1")
  for i in $(seq "$2"); do stmts="$stmts sparql $q;"; done
  virt_sql "$stmts" 2>/dev/null | sed -n 's/.* Rows\. -- \([0-9]*\) msec\..*/\1/p' | awk '{print $1/1000}'
}

virt_rss_kb() { awk '/^VmHWM/{print $2}' "/proc/$VIRT_PID/status" 2>/dev/null || echo 0; }

virt_stop() {
  if [ -n "$VIRT_PID" ] && kill -0 "$VIRT_PID" 2>/dev/null; then
    virt_sql "shutdown;" >/dev/null 2>&1 || kill "$VIRT_PID" 2>/dev/null || true
    for _ in $(seq 120); do kill -0 "$VIRT_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$VIRT_PID" 2>/dev/null && kill -9 "$VIRT_PID" 2>/dev/null
    wait "$VIRT_PID" 2>/dev/null || true
  fi
  VIRT_PID=
}
