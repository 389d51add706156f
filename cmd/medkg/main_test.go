package main

import (
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the real medkg binary: the test binary re-executes itself as
// "medkg" for each `exec medkg` in a script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"medkg": func() { os.Exit(run()) },
	})
}

// TestScripts runs the end-to-end scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("MEDKG_DB", env.WorkDir+"/db")
			env.Setenv("HOME", env.WorkDir)
			return nil
		},
	})
}
