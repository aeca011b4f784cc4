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

// Override is a dev_overrides directory whose terraform-provider-hdikafka is
// a wrapper that records the pid of every provider process, then execs the
// real binary (same pid, so /proc shows the provider itself).
type Override struct {
	Dir        string // the dev_overrides directory
	CLIConfig  string // TF_CLI_CONFIG_FILE
	PIDLog     string // one pid per line, one line per provider process started
	RealBinary string
}

// NewOverride writes the wrapper and the CLI configuration into dir.
func NewOverride(dir, realBinary string) (*Override, error) {
	o := &Override{
		Dir:        filepath.Join(dir, "plugins"),
		CLIConfig:  filepath.Join(dir, "terraform.tfrc"),
		PIDLog:     filepath.Join(dir, "provider-pids.log"),
		RealBinary: realBinary,
	}
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", o.Dir, err)
	}
	wrapper := fmt.Sprintf("#!/bin/sh\necho $$ >> %s\nexec %s \"$@\"\n", shellQuote(o.PIDLog), shellQuote(realBinary))
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
