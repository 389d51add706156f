package postgres

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// medkg's connections turn PostgreSQL's JIT compiler off (unless the connection string sets
// jit): its estimate of a join over a list of nodes is so high that JIT compiled every such
// query, 330 ms for a query that then ran in 20.

// connectTimeout bounds how long opening a PostgreSQL store waits for the server, unless the
// connection string or $PGCONNECT_TIMEOUT says otherwise.
const connectTimeout = "5"

// pgAddress is a PostgreSQL connection string as a user gave it (a URL such as
// postgres://user@host:5432/db?sslmode=disable, or key=value pairs such as
// "host=db user=medkg dbname=medkg"), with what medkg needs to know about it.
type pgAddress struct {
	dsn      string // what the driver is given: the user's string with a connect timeout added
	password string // the password in the string, if any, scrubbed from every message
	display  string // the address without its password, for messages: user@host:port/db
}

var reKV = regexp.MustCompile(`(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)`)

// parsePGAddress reads a connection string. An empty one means libpq's defaults and PG*
// environment variables (PGHOST, PGUSER, PGPASSWORD or ~/.pgpass, PGDATABASE...), which the
// driver reads itself, so that a password never has to appear on a command line.
func parsePGAddress(s string) (pgAddress, error) {
	a := pgAddress{dsn: s}
	host, port, user, db, schema := "", "", "", "", ""
	hasJIT := false
	hasTimeout := os.Getenv("PGCONNECT_TIMEOUT") != ""
	if strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://") {
		u, err := url.Parse(s)
		if err != nil {
			return a, fmt.Errorf("connection string is not a valid URL (postgres://user@host:port/database)")
		}
		if u.User != nil {
			user = u.User.Username()
			a.password, _ = u.User.Password()
		}
		host, port, db = u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/")
		q := u.Query()
		schema = q.Get("search_path")
		if q.Has("connect_timeout") {
			hasTimeout = true
		} else if !hasTimeout {
			q.Set("connect_timeout", connectTimeout)
		}
		if !q.Has("jit") {
			q.Set("jit", "off")
		}
		u.RawQuery = q.Encode()
		a.dsn = u.String()
	} else {
		for _, m := range reKV.FindAllStringSubmatch(s, -1) {
			v := strings.Trim(m[2], "'")
			switch m[1] {
			case "host":
				host = v
			case "port":
				port = v
			case "user":
				user = v
			case "dbname":
				db = v
			case "password":
				a.password = v
			case "connect_timeout":
				hasTimeout = true
			case "search_path":
				schema = v
			case "jit":
				hasJIT = true
			}
		}
		if !hasTimeout {
			a.dsn = strings.TrimSpace(a.dsn + " connect_timeout=" + connectTimeout)
		}
		if !hasJIT {
			a.dsn = strings.TrimSpace(a.dsn + " jit=off")
		}
	}
	if host == "" {
		host = os.Getenv("PGHOST")
	}
	if host == "" {
		host = "localhost"
	}
	if port == "" {
		port = os.Getenv("PGPORT")
	}
	if port == "" {
		port = "5432"
	}
	if user == "" {
		user = os.Getenv("PGUSER")
	}
	if db == "" {
		db = os.Getenv("PGDATABASE")
	}
	a.display = host + ":" + port
	if user != "" {
		a.display = user + "@" + a.display
	}
	if db != "" {
		a.display += "/" + db
	}
	if schema != "" {
		a.display += "?search_path=" + schema
	}
	return a, nil
}

// scrub removes the password and the raw connection string from a message: drivers and
// Cayley quote connection strings in their errors.
func (a pgAddress) scrub(msg string) string {
	if a.dsn != "" {
		msg = strings.ReplaceAll(msg, a.dsn, a.display)
	}
	for _, pw := range []string{a.password, os.Getenv("PGPASSWORD")} {
		if pw != "" {
			msg = strings.ReplaceAll(msg, pw, "********")
			if e := url.QueryEscape(pw); e != pw {
				msg = strings.ReplaceAll(msg, e, "********")
			}
			if e := url.PathEscape(pw); e != pw {
				msg = strings.ReplaceAll(msg, e, "********")
			}
		}
	}
	return msg
}

// scrubbed is an error whose message had the password removed; it still wraps its sentinel.
type scrubbed struct {
	msg  string
	kind error
}

func (e scrubbed) Error() string { return e.msg }
func (e scrubbed) Unwrap() error { return e.kind }

// wrap returns err with the password scrubbed, as kind (nil to keep no sentinel).
func (a pgAddress) wrap(kind error, format string, err error) error {
	if err == nil {
		return nil
	}
	return scrubbed{msg: a.scrub(fmt.Sprintf(format, err)), kind: kind}
}
