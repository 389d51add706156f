package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/lib/pq"
	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the real medkg binary: the test binary re-executes itself as
// "medkg" for each `exec medkg` in a script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"medkg": func() { os.Exit(run()) },
	})
}

// envTestPostgres names a PostgreSQL server (a postgres:// URL) to run the scripts against,
// each in a schema of its own; scripts/pgtest starts a throwaway server and sets it.
const envTestPostgres = "MEDKG_TEST_POSTGRES"

// TestScripts runs the end-to-end scripts in testdata/script: against bbolt, or with
// MEDKG_TEST_POSTGRES set against PostgreSQL (the condition [postgres] marks what differs).
func TestScripts(t *testing.T) {
	server := os.Getenv(envTestPostgres)
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("MEDKG_DB", env.WorkDir+"/db")
			env.Setenv("HOME", env.WorkDir)
			if server != "" {
				dsn, drop, err := newSchema(server)
				if err != nil {
					return err
				}
				env.Defer(drop)
				env.Setenv("MEDKG_BACKEND", "postgres")
				env.Setenv("MEDKG_ADDRESS", dsn)
				u, _ := url.Parse(dsn)
				u.User = url.UserPassword(u.User.Username(), "wrong-pw-123")
				env.Setenv("WRONG_PASSWORD_ADDRESS", u.String())
				pw, _ := url.Parse(dsn)
				real, _ := pw.User.Password()
				env.Setenv("REAL_PASSWORD", real)
				u.User = url.User(u.User.Username())
				env.Setenv("NO_PASSWORD_ADDRESS", u.String())
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// newstore NAME points the script at a new, empty store: a directory for bbolt,
			// a new schema for PostgreSQL.
			"newstore": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: newstore NAME")
				}
				ts.Setenv("MEDKG_DB", ts.MkAbs(args[0]))
				if server != "" {
					dsn, drop, err := newSchema(server)
					ts.Check(err)
					ts.Defer(drop)
					ts.Setenv("MEDKG_ADDRESS", dsn)
				}
			},
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "postgres":
				return server != "", nil
			}
			return false, nil
		},
	})
}

// newSchema creates a schema in server and returns a connection string that uses it, and a
// function that drops it.
func newSchema(server string) (string, func(), error) {
	b := make([]byte, 6)
	rand.Read(b)
	schema := "medkg_script_" + hex.EncodeToString(b)
	db, err := sql.Open("postgres", server)
	if err != nil {
		return "", nil, err
	}
	if _, err := db.Exec(`CREATE SCHEMA ` + schema); err != nil {
		db.Close()
		return "", nil, err
	}
	drop := func() {
		db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		db.Close()
	}
	u, err := url.Parse(server)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}
