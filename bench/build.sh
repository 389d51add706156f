# bench/build.sh, sourced by run.sh and pg.sh (with $BIN set and log defined): builds medkg,
# the parameter writer, and Cayley's own CLI from the module version medkg requires, into
# $BIN; sets $MEDKG, $CAYLEY and $TIMEIT.
go build -o "$BIN/medkg" ./cmd/medkg
go build -o "$BIN/params" ./bench/params
go build -o "$BIN/timeit" ./bench/timeit
CAYLEY_VERSION=$(go list -m -f '{{.Version}}' github.com/cayleygraph/cayley)
if [ ! -x "$BIN/cayley" ] || [ "$(cat "$BIN/cayley.version" 2>/dev/null)" != "$CAYLEY_VERSION" ]; then
  # Cayley's CLI needs modules medkg does not (its other backends): resolve them in a
  # throwaway copy of go.mod, never in the repository's.
  log "building cayley $CAYLEY_VERSION (first time: a few minutes)"
  tmp=$(mktemp -d)
  cp go.mod go.sum "$tmp/"
  (cd "$tmp" && sed -i 's#^module .*#module cayleybench#' go.mod &&
    GOFLAGS=-mod=mod GONOSUMDB=github.com/cayleygraph/cayley go build -o "$BIN/cayley" github.com/cayleygraph/cayley/cmd/cayley)
  rm -rf "$tmp"
  echo "$CAYLEY_VERSION" > "$BIN/cayley.version"
fi
MEDKG=$BIN/medkg
CAYLEY=$BIN/cayley
TIMEIT=$BIN/timeit
