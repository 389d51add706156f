package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/medkg/medkg/graph"
	"github.com/medkg/medkg/kg"
	"github.com/medkg/medkg/loader"
)

type replOptions struct {
	*globals
	queryFlags
}

func newReplCmd(g *globals) *cobra.Command {
	o := &replOptions{globals: g}
	c := &cobra.Command{
		Use:   "repl",
		Short: "An interactive Gizmo prompt, for exploring the graph",
		Long: `Repl reads Gizmo statements and prints their results as tables. A statement may span
lines: the prompt continues until it is complete. On a terminal, the arrow keys recall
earlier statements (:history lists them). Variables set by one statement are there for the
next, until a statement is stopped by --timeout or --limit. The store is opened read-only,
and every statement has the same --timeout and --limit as medkg query.

  :help  :prefixes  :history  :quit (or Ctrl-D)`,
		Args: maxArgs(0),
		RunE: func(c *cobra.Command, _ []string) error {
			return runRepl(c.Context(), o)
		},
	}
	o.queryFlags.register(c, outTable, outJSON, outCSV)
	return c
}

// lineReader is where the prompt reads: a terminal with line editing and history, or plain
// lines from a pipe.
type lineReader interface {
	ReadLine(prompt string) (string, error)
}

type termReader struct{ t *term.Terminal }

func (r termReader) ReadLine(prompt string) (string, error) {
	r.t.SetPrompt(prompt)
	return r.t.ReadLine()
}

type plainReader struct{ sc *bufio.Scanner }

func (r plainReader) ReadLine(string) (string, error) {
	if r.sc.Scan() {
		return r.sc.Text(), nil
	}
	if err := r.sc.Err(); err != nil {
		return "", err
	}
	return "", io.EOF
}

func runRepl(ctx context.Context, o *replOptions) error {
	if err := checkOutput(o.output, outTable, outJSON, outCSV); err != nil {
		return err
	}
	st, err := o.open(true)
	if err != nil {
		return err
	}
	defer st.Close()

	out := o.io.Out
	var lr lineReader
	if f, ok := o.io.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		state, err := term.MakeRaw(int(f.Fd()))
		if err != nil {
			return err
		}
		defer term.Restore(int(f.Fd()), state)
		t := term.NewTerminal(struct {
			io.Reader
			io.Writer
		}{f, o.io.Out}, "")
		lr, out = termReader{t}, t // the terminal turns \n into \r\n in raw mode
		fmt.Fprintln(out, "medkg Gizmo prompt; :help for help, Ctrl-D to leave.")
	} else {
		sc := bufio.NewScanner(o.io.In)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		lr = plainReader{sc}
	}
	return o.loop(ctx, st, lr, out)
}

func (o *replOptions) loop(ctx context.Context, st *graph.Store, lr lineReader, out io.Writer) error {
	var history []string
	var pending strings.Builder
	sess := st.NewGizmoSession() // variables live from one statement to the next
	for {
		prompt := "gizmo> "
		if pending.Len() > 0 {
			prompt = "  ...> "
		}
		line, err := lr.ReadLine(prompt)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		trimmed := strings.TrimSpace(line)
		if pending.Len() == 0 {
			switch trimmed {
			case "":
				continue
			case ":quit", ":q", ":exit":
				return nil
			case ":help":
				fmt.Fprintln(out, `Type a Gizmo statement, e.g. g.V(g.IRI("id:cas")).in(g.IRI("schema:parentOrganization")).all()
g.IRI("prefix:local") expands the prefixes (:prefixes lists them); results print as tables.
:history lists this session's statements; :quit or Ctrl-D leaves.`)
				continue
			case ":prefixes":
				prefixes := loader.QueryPrefixes(o.base)
				names := make([]string, 0, len(prefixes))
				for p := range prefixes {
					names = append(names, p)
				}
				sort.Strings(names)
				for _, p := range names {
					fmt.Fprintf(out, "%-11s %s\n", p+":", prefixes[p])
				}
				continue
			case ":history":
				for i, h := range history {
					fmt.Fprintf(out, "%3d  %s\n", i+1, strings.ReplaceAll(h, "\n", "\n     "))
				}
				continue
			}
		}
		pending.WriteString(line + "\n")
		rows, err := kg.RunIn(ctx, sess, o.base, pending.String(), "", o.bounds())
		if err != nil && strings.Contains(err.Error(), "Unexpected end of input") {
			continue // the statement goes on on the next line
		}
		history = append(history, strings.TrimSpace(pending.String()))
		pending.Reset()
		if err != nil {
			fmt.Fprintln(out, "error:", err)
			continue
		}
		r := kg.NewRenderer(ctx, st, o.base)
		if err := writeResults(out, r, kg.NewResults(r, rows, nil), o.output); err != nil {
			return err
		}
		if len(rows) == 1 {
			fmt.Fprintln(out, "(1 row)")
		} else {
			fmt.Fprintf(out, "(%d rows)\n", len(rows))
		}
	}
}
