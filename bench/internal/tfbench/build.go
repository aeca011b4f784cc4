package tfbench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const modulePath = "github.com/hdikafka/terraform-provider-hdikafka"

// ProviderBinaryName is the file name terraform looks for in a dev_overrides directory.
const ProviderBinaryName = "terraform-provider-hdikafka"

// RepoRoot walks up from the working directory to the module root.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("working directory: %w", err)
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module "+modulePath+"\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod of module %s above the working directory", modulePath)
		}
		dir = parent
	}
}

// Terraform returns the terraform CLI on PATH, or an error that says how to get one.
func Terraform() (string, error) {
	p, err := exec.LookPath("terraform")
	if err != nil {
		return "", errors.New("terraform CLI not found on PATH: the benchmark and the soak run the real terraform (1.11 or later); install it and retry")
	}
	return p, nil
}

// BuildProvider builds the provider from the module root into dir and returns
// the binary's path.
func BuildProvider(ctx context.Context, root, dir string) (string, error) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("go not found on PATH: building the provider for the benchmark needs the Go toolchain; add its bin directory to PATH and retry")
	}
	out := filepath.Join(dir, ProviderBinaryName)
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, ".")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("building the provider (go build -o %s . in %s): %w\n%s", out, root, err, stderr.String())
	}
	return out, nil
}

// BuildProviderAt extracts revision rev of the repository at root (git
// archive, so the repository and its worktrees stay untouched) into dir/src
// and builds the provider there; it returns the binary's path.
func BuildProviderAt(ctx context.Context, root, rev, dir string) (string, error) {
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", src, err)
	}
	archive := exec.CommandContext(ctx, "git", "-C", root, "archive", "--format=tar", rev)
	extract := exec.CommandContext(ctx, "tar", "-x", "-C", src)
	var stderr bytes.Buffer
	archive.Stderr, extract.Stderr = &stderr, &stderr
	pipe, err := archive.StdoutPipe()
	if err != nil {
		return "", err
	}
	extract.Stdin = pipe
	if err := extract.Start(); err != nil {
		return "", fmt.Errorf("starting tar: %w", err)
	}
	if err := archive.Run(); err != nil {
		_ = extract.Wait()
		return "", fmt.Errorf("git archive %s (is it a revision of %s?): %w\n%s", rev, root, err, stderr.String())
	}
	if err := extract.Wait(); err != nil {
		return "", fmt.Errorf("extracting git archive %s: %w\n%s", rev, err, stderr.String())
	}
	return BuildProvider(ctx, src, filepath.Join(dir, "bin"))
}

// Override is a dev_overrides directory whose terraform-provider-hdikafka is
// a wrapper that records the pid of every provider process, then execs the
// real binary (same pid, so /proc shows the provider itself). When
// /usr/bin/time (GNU time) exists, the wrapper runs the provider under it,
// which appends "maxrss_kb user_s system_s" to ResourceLog when the provider
// exits.
type Override struct {
	Dir         string // the dev_overrides directory
	CLIConfig   string // TF_CLI_CONFIG_FILE
	PIDLog      string // one pid per line, one line per provider process started
	ResourceLog string // GNU time lines "%M %U %S" per provider process; "" without /usr/bin/time
	RealBinary  string
}

// gnuTime is the GNU time binary the wrapper uses to measure each provider
// process's CPU time and peak RSS (Debian package "time").
const gnuTime = "/usr/bin/time"

// NewOverride writes the wrapper and the CLI configuration into dir. With
// measure, the wrapper runs the provider under GNU time when /usr/bin/time
// exists (the benchmark); without, it only logs the pid (the soak, whose
// interrupted applies should reach the provider without a process between).
func NewOverride(dir, realBinary string, measure bool) (*Override, error) {
	o := &Override{
		Dir:        filepath.Join(dir, "plugins"),
		CLIConfig:  filepath.Join(dir, "terraform.tfrc"),
		PIDLog:     filepath.Join(dir, "provider-pids.log"),
		RealBinary: realBinary,
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", o.Dir, err)
	}
	// The inner shell logs its pid and execs the provider, so the logged pid
	// is the provider's even when GNU time is its parent.
	inner := fmt.Sprintf("echo $$ >> %s; exec \"$0\" \"$@\"", shellQuote(o.PIDLog))
	wrapper := fmt.Sprintf("#!/bin/sh\nexec /bin/sh -c %s %s \"$@\"\n", shellQuote(inner), shellQuote(realBinary))
	if st, err := os.Stat(gnuTime); measure && err == nil && !st.IsDir() {
		o.ResourceLog = filepath.Join(dir, "provider-resources.log")
		wrapper = fmt.Sprintf("#!/bin/sh\nexec %s -f '%%M %%U %%S' -a -o %s /bin/sh -c %s %s \"$@\"\n",
			gnuTime, shellQuote(o.ResourceLog), shellQuote(inner), shellQuote(realBinary))
	}
	if err := os.WriteFile(filepath.Join(o.Dir, ProviderBinaryName), []byte(wrapper), 0o755); err != nil {
		return nil, fmt.Errorf("writing the provider wrapper: %w", err)
	}
	cfg := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", ProviderSource, o.Dir)
	if err := os.WriteFile(o.CLIConfig, []byte(cfg), 0o644); err != nil {
		return nil, fmt.Errorf("writing the terraform CLI configuration: %w", err)
	}
	return o, nil
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
