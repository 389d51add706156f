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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cmd.Main(ctx, os.Args[1:], cmd.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
