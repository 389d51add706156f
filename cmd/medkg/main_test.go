package main

import (
	"context"
	"os"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/medkg/medkg/cmd"
)

// TestMain lets testscript run the real medkg binary: the test binary re-executes itself as
// "medkg" for each `exec medkg` in a script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"medkg": func() {
			os.Exit(cmd.Main(context.Background(), os.Args[1:], cmd.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
		},
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
