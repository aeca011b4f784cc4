package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIReplaceRefused runs the terraform CLI, because terraform-plugin-testing has no -replace:
// every way Terraform plans a replacement of a managed topic (-replace, taint) is refused at plan
// time, saying that the REST proxy cannot delete the old topic and what to do, never with import
// advice; the state keeps the topic, and untaint then destroy work.
func TestCLIReplaceRefused(t *testing.T) {
	tf := requireTerraform(t)
	env := newTestEnv(t)
	binDir := buildProvider(t)
	dir := t.TempDir()
	cfg := "terraform {\n  required_providers {\n    hdikafka = { source = \"hdikafka/hdikafka\" }\n  }\n}\n" +
		env.ProviderConfig() + topicHCL("replaced", 1, 1, nil)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cliConfig := devOverridesConfig(t, binDir)
	run := func(wantOK bool, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), tf, append(args, "-no-color")...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		if (err == nil) != wantOK {
			t.Fatalf("terraform %s: err = %v, want success %v\n%s", strings.Join(args, " "), err, wantOK, out)
		}
		return string(out)
	}
	refused := func(out string) {
		t.Helper()
		for _, want := range []string{"Kafka topic cannot be replaced", "already manages", "cannot delete topics",
			"drop -replace", "terraform untaint", "new name"} {
			if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "terraform import") {
			t.Errorf("a replacement of a managed topic must not advise an import:\n%s", out)
		}
	}

	run(true, "apply", "-auto-approve", "-input=false")
	refused(run(false, "plan", "-input=false", "-replace=hdikafka_topic.test"))
	refused(run(false, "apply", "-auto-approve", "-input=false", "-replace=hdikafka_topic.test"))
	run(true, "taint", "hdikafka_topic.test")
	refused(run(false, "plan", "-input=false"))
	run(true, "untaint", "hdikafka_topic.test")
	if out := run(true, "state", "list"); strings.TrimSpace(out) != "hdikafka_topic.test" {
		t.Errorf("state list = %q, want the topic still managed", out)
	}
	run(true, "plan", "-input=false", "-detailed-exitcode")
	run(true, "destroy", "-auto-approve", "-input=false")
	if n := env.Emu.Counters()["create_topic"]; n != 1 {
		t.Errorf("create requests = %d, want 1: nothing sent for the refused replacements", n)
	}
}
