// Command medkg builds and queries a knowledge graph of China's medical-device innovation
// ecosystem from news articles. All of its behaviour lives in package cmd.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/medkg/medkg/cmd"
)

func main() { os.Exit(run()) }

// run is main without the exit, shared with the end-to-end tests: Ctrl-C or SIGTERM cancel
// the context, which stops a running query or a load between articles.
func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cmd.Main(ctx, os.Args[1:], cmd.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
}
