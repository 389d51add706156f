package cmd

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/medkg/medkg/internal/outfile"
)

// The one CLI surface: -o/--output FORMAT on every command that prints data, --out FILE on
// every command that writes a file. The spellings before it (gen and draw's -o FILE,
// export's --format and -O, show's "text") are kept for one release as hidden aliases that
// warn on stderr.

// warnDeprecated tells the user, on stderr, that an old spelling was used and what to write.
func warnDeprecated(w io.Writer, old, instead string) {
	fmt.Fprintf(w, "medkg: warning: %s is deprecated and will be removed in the next release: use %s\n", old, instead)
}

// hiddenString registers a hidden string flag (an old spelling) and returns where its value goes.
func hiddenString(c *cobra.Command, name, short string) *string {
	p := new(string)
	c.Flags().StringVarP(p, name, short, "", "deprecated")
	c.Flags().MarkHidden(name)
	return p
}

// outputOrFile reads a -o value on a command whose -o named a FILE before: a known format
// is the format; anything else is the old spelling, a file, with a warning. out is --out.
func outputOrFile(c *cobra.Command, errw io.Writer, output, out *string, formats []string) error {
	if !c.Flags().Changed("output") || slices.Contains(formats, *output) {
		return nil
	}
	if c.Flags().Changed("out") {
		return usageError{fmt.Errorf("unknown output format %q: use %s (and --out FILE for the file)", *output, strings.Join(formats, ", "))}
	}
	warnDeprecated(errw, "-o FILE", "--out "+*output+" (-o is the output format: "+strings.Join(formats, ", ")+")")
	*out, *output = *output, ""
	return nil
}

// createOutput opens the file --out names for writing (internal/outfile: a finished file or
// none, devices written in place, never over a directory); "" and "-" are standard output.
// Call commit when everything is written; abort (deferred) otherwise.
func createOutput(path string, stdout io.Writer) (w io.Writer, commit func() error, abort func(), err error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, func() {}, nil
	}
	f, err := outfile.Create(path)
	if err != nil {
		return nil, nil, nil, err
	}
	return f, f.Commit, f.Abort, nil
}
