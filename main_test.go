package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/logenv"
)

// sdkRecord marks a JSON log record of the plugin SDK (terraform-plugin-go, its protocol subsystem
// and the framework all log under @module "sdk" or "sdk.<subsystem>").
const sdkRecord = `"@module":"sdk`

const validateConfig = `terraform {
  required_providers {
    hdikafka = { source = "hdikafka/hdikafka" }
  }
}

provider "hdikafka" {}

resource "hdikafka_topic" "t" {
  name               = "orders"
  partition_count    = 3
  replication_factor = 2
}
`

// built is the provider binary, built once for the tests of this package.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// logTestSetup skips unless TF_ACC is set (the test drives the terraform CLI, like the acceptance
// tests), builds the provider and returns terraform, the binary and a directory with a configuration
// that `terraform validate` checks without credentials.
func logTestSetup(t *testing.T) (terraform, binary, workDir string) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("drives the terraform CLI: set TF_ACC=1 (make test does)")
	}
	terraform = os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is empty")
	}
	built.once.Do(func() {
		goBin, err := exec.LookPath("go")
		if err != nil {
			built.err = err
			return
		}
		if built.dir, err = os.MkdirTemp("", "hdikafka-logtest-"); err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(built.dir, "terraform-provider-hdikafka")
		built.out, built.err = exec.Command(goBin, "build", "-o", built.path, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build of the provider: %v\n%s", built.err, built.out)
	}
	binary = built.path
	workDir = t.TempDir()
	if err := os.WriteFile(filepath.Join(workDir, "main.tf"), []byte(validateConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	return terraform, binary, workDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// baseEnv is this process's environment without any TF_* variable, plus extra.
func baseEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") {
			env = append(env, kv)
		}
	}
	return append(append(env, "CHECKPOINT_DISABLE=1"), extra...)
}

// countSDKRecords counts the lines of stderr that are SDK log records.
func countSDKRecords(stderr string) int {
	return strings.Count(stderr, sdkRecord)
}

// TestLogRecordsOnlyWhenRequested runs `terraform validate` against the built provider with no
// TF_LOG* variable and with each variable of logenv.Requesting set. Terraform hands the provider's
// stderr to its own log, which it drops without TF_LOG; the dev_overrides wrapper therefore sends
// the provider's stderr to a file, so that the test sees what the provider itself wrote.
func TestLogRecordsOnlyWhenRequested(t *testing.T) {
	terraform, binary, workDir := logTestSetup(t)
	stderrFile := filepath.Join(t.TempDir(), "provider-stderr.log")
	plugins := t.TempDir()
	wrapper := "#!/bin/sh\nexec '" + binary + "' \"$@\" 2>>'" + stderrFile + "'\n"
	if err := os.WriteFile(filepath.Join(plugins, "terraform-provider-hdikafka"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	cliConfig := filepath.Join(t.TempDir(), "terraformrc")
	cfg := "provider_installation {\n  dev_overrides {\n    \"hdikafka/hdikafka\" = \"" + plugins + "\"\n  }\n  direct {}\n}\n"
	if err := os.WriteFile(cliConfig, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	validate := func(t *testing.T, extra ...string) string {
		t.Helper()
		_ = os.Remove(stderrFile)
		cmd := exec.CommandContext(t.Context(), terraform, "validate", "-no-color")
		cmd.Dir = workDir
		// TF_LOG_PATH keeps terraform's own log out of the test output when TF_LOG is set.
		cmd.Env = baseEnv(append([]string{"TF_CLI_CONFIG_FILE=" + cliConfig, "TF_LOG_PATH=" + filepath.Join(t.TempDir(), "terraform.log")}, extra...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform validate (%v): %v\n%s", extra, err, out)
		}
		b, err := os.ReadFile(stderrFile)
		if err != nil {
			t.Fatalf("the provider's stderr was not captured (%v): %v", extra, err)
		}
		return string(b)
	}

	t.Run("none set", func(t *testing.T) {
		if out := validate(t); countSDKRecords(out) != 0 {
			t.Errorf("with no TF_LOG* variable the provider wrote %d SDK log records, want 0:\n%.2000s", countSDKRecords(out), out)
		}
	})
	for _, name := range logenv.Requesting {
		t.Run(name, func(t *testing.T) {
			if out := validate(t, name+"=TRACE"); countSDKRecords(out) == 0 {
				t.Errorf("with %s=TRACE the provider wrote no SDK log records:\n%.2000s", name, out)
			}
		})
	}
}

// TestDebugModeLogRecordsOnlyWhenRequested starts the provider with -debug (as a developer does for
// a debugger or a profiler), attaches terraform through TF_REATTACH_PROVIDERS and counts the SDK log
// records on the provider's stderr, without and with TF_LOG in the provider's environment.
func TestDebugModeLogRecordsOnlyWhenRequested(t *testing.T) {
	terraform, binary, workDir := logTestSetup(t)
	run := func(t *testing.T, providerEnv ...string) string {
		t.Helper()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		prov := exec.CommandContext(ctx, binary, "-debug")
		prov.Cancel = func() error { return prov.Process.Signal(os.Interrupt) }
		prov.WaitDelay = 10 * time.Second
		prov.Env = baseEnv(providerEnv...)
		var stderr bytes.Buffer
		prov.Stderr = &stderr
		stdout, err := prov.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := prov.Start(); err != nil {
			t.Fatal(err)
		}
		reattach := ""
		sc := bufio.NewScanner(stdout)
		for reattach == "" && sc.Scan() {
			if _, v, ok := strings.Cut(sc.Text(), "TF_REATTACH_PROVIDERS="); ok {
				reattach = strings.Trim(v, "'")
			}
		}
		if reattach == "" {
			t.Fatalf("the provider printed no TF_REATTACH_PROVIDERS line; stderr:\n%s", stderr.String())
		}
		go func() { _, _ = bufio.NewReader(stdout).WriteTo(new(bytes.Buffer)) }()
		cmd := exec.CommandContext(t.Context(), terraform, "validate", "-no-color")
		cmd.Dir = workDir
		cmd.Env = baseEnv("TF_REATTACH_PROVIDERS=" + reattach)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform validate against the debug provider: %v\n%s", err, out)
		}
		cancel()
		_ = prov.Wait()
		return stderr.String()
	}

	t.Run("none set", func(t *testing.T) {
		if out := run(t); countSDKRecords(out) != 0 {
			t.Errorf("-debug with no TF_LOG* variable: %d SDK log records, want 0:\n%.2000s", countSDKRecords(out), out)
		}
	})
	t.Run("TF_LOG", func(t *testing.T) {
		if out := run(t, "TF_LOG=TRACE"); countSDKRecords(out) == 0 {
			t.Errorf("-debug with TF_LOG=TRACE: no SDK log records:\n%.2000s", out)
		}
	})
}
