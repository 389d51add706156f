package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRun runs real commands: the exit code passes through, the output lands in its
// files, and -ready stops a command that would run for a minute once it has said so.
func TestRun(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}
	tests := []struct {
		name     string
		ready    string
		script   string
		code     int
		wantErr  string
		out, err string
	}{
		{name: "ok", script: "echo data; echo progress >&2", out: "data\n", err: "progress\n"},
		{name: "exit code", script: "exit 3", code: 3},
		{name: "ready", ready: "serving", script: "echo 'x: serving on 1' >&2; exec sleep 60", err: "x: serving on 1\n"},
		{name: "never ready", ready: "serving", script: "echo nope >&2", code: 1, wantErr: `without writing "serving"`, err: "nope\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out, errf := filepath.Join(dir, "out"), filepath.Join(dir, "err")
			start := time.Now()
			var res strings.Builder
			code, err := run(&res, out, errf, tt.ready, []string{"/bin/sh", "-c", tt.script})
			if time.Since(start) > 30*time.Second {
				t.Fatalf("run took %v: -ready did not stop the command", time.Since(start))
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one that says %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tt.code {
				t.Errorf("exit code %d, want %d", code, tt.code)
			}
			if err == nil {
				var wall float64
				var rss int64
				if n, _ := fmt.Sscanf(res.String(), "%f %d\n", &wall, &rss); n != 2 || wall <= 0 {
					t.Errorf("result %q, want \"WALL_S RSS_KB\"", res.String())
				}
			}
			for file, want := range map[string]string{out: tt.out, errf: tt.err} {
				got, _ := os.ReadFile(file)
				if string(got) != want {
					t.Errorf("%s = %q, want %q", filepath.Base(file), got, want)
				}
			}
		})
	}
}
