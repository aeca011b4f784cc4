package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// examplesDir is the repository's examples/ folder, relative to this package.
const examplesDir = "../../examples"

// requireTerraform skips unless TF_ACC is set (like resource.Test) and returns the terraform CLI
// that TestMain resolved; with TF_ACC set, a missing terraform has already failed the run.
func requireTerraform(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("drives the terraform CLI: set TF_ACC=1 (make test does)")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		t.Fatal("TF_ACC is set but TF_ACC_TERRAFORM_PATH is empty")
	}
	return tf
}

// exampleDirs lists every directory under root that holds .tf files, relative to root and sorted.
func exampleDirs(t *testing.T, root string) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if d.IsDir() || filepath.Ext(path) != ".tf" {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", root, err)
	}
	slices.Sort(dirs)
	return dirs
}

// buildProvider compiles this module's provider binary into a temporary directory and returns
// that directory, ready to be named in dev_overrides.
func buildProvider(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build the provider binary: %v", err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.CommandContext(t.Context(), goBin, "build", "-o", filepath.Join(dir, "terraform-provider-hdikafka"), ".")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the provider: %v\n%s", err, out)
	}
	return dir
}

// devOverridesConfig writes a Terraform CLI configuration that serves both source addresses an
// example may use (hdikafka/hdikafka, or the implied hashicorp/hdikafka of a snippet without a
// terraform block) from binDir, and that has no installation method that could download.
func devOverridesConfig(t *testing.T, binDir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraformrc")
	cfg := "provider_installation {\n  dev_overrides {\n" +
		"    \"hdikafka/hdikafka\" = \"" + filepath.ToSlash(binDir) + "\"\n" +
		"    \"hashicorp/hdikafka\" = \"" + filepath.ToSlash(binDir) + "\"\n" +
		"  }\n}\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// copyTerraformFiles copies the .tf files of src into a new temporary directory, so that terraform
// never writes into the checkout.
func copyTerraformFiles(t *testing.T, src string) string {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := t.TempDir()
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".tf" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// validateResult is the part of `terraform validate -json` output the test reads.
type validateResult struct {
	Valid       bool `json:"valid"`
	Diagnostics []struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostics"`
}

// TestExamplesValidate runs `terraform validate` on every example directory with this module's
// provider, so that an example using a removed or renamed attribute fails the build.
func TestExamplesValidate(t *testing.T) {
	tf := requireTerraform(t)
	dirs := exampleDirs(t, examplesDir)
	for _, want := range []string{"provider", "quickstart"} {
		if !slices.Contains(dirs, want) {
			t.Errorf("examples/%s is missing (found %v)", want, dirs)
		}
	}
	cliConfig := devOverridesConfig(t, buildProvider(t))

	for _, dir := range dirs {
		t.Run(filepath.ToSlash(dir), func(t *testing.T) {
			work := copyTerraformFiles(t, filepath.Join(examplesDir, dir))
			result, runErr := terraformValidate(t, tf, cliConfig, work)
			for _, d := range result.Diagnostics {
				// The only expected diagnostic is the notice that dev_overrides are in effect.
				if isDevOverridesNotice(d.Severity, d.Summary) {
					continue
				}
				t.Errorf("examples/%s: %s: %s: %s", filepath.ToSlash(dir), d.Severity, d.Summary, d.Detail)
			}
			if !result.Valid || runErr != nil {
				t.Errorf("examples/%s is not valid (terraform validate: %v)", filepath.ToSlash(dir), runErr)
			}
		})
	}

	// terraform validate, without a configured provider (no credentials, no endpoint), already
	// refuses a topic property that no supported Kafka version accepts.
	t.Run("invalid topic_properties", func(t *testing.T) {
		work := t.TempDir()
		cfg := "resource \"hdikafka_topic\" \"typo\" {\n  name = \"typo\"\n" +
			"  topic_properties = {\n    \"retension.ms\" = \"1000\"\n  }\n}\n"
		if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		result, runErr := terraformValidate(t, tf, cliConfig, work)
		if result.Valid || runErr == nil {
			t.Errorf("terraform validate accepted a misspelt topic property (error: %v)", runErr)
		}
		var errs []string
		for _, d := range result.Diagnostics {
			if d.Severity == "error" {
				errs = append(errs, d.Summary+": "+d.Detail)
			} else if !isDevOverridesNotice(d.Severity, d.Summary) {
				t.Errorf("unexpected %s: %s: %s", d.Severity, d.Summary, d.Detail)
			}
		}
		if len(errs) != 1 || !strings.Contains(errs[0], "Invalid topic property") ||
			!strings.Contains(errs[0], `"retension.ms"`) || !strings.Contains(errs[0], `did you mean "retention.ms"?`) {
			t.Errorf("want one \"Invalid topic property\" error with a suggestion, got %q", errs)
		}
	})
}

// terraformValidate runs `terraform validate -json` in work with the provider served from the
// dev_overrides of cliConfig; the error is the command's (non-nil when the configuration is invalid).
func terraformValidate(t *testing.T, tf, cliConfig, work string) (validateResult, error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), tf, "validate", "-json")
	cmd.Dir = work
	cmd.Env = append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_DATA_DIR="+filepath.Join(work, ".terraform"),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)
	out, runErr := cmd.Output()
	var result validateResult
	if err := json.Unmarshal(out, &result); err != nil {
		t.Fatalf("terraform validate in %s: %v (output is not JSON: %v)\n%s", work, runErr, err, out)
	}
	return result, runErr
}

// isDevOverridesNotice reports the warning terraform prints while dev_overrides are in effect.
func isDevOverridesNotice(severity, summary string) bool {
	return severity == "warning" && strings.Contains(summary, "development overrides")
}

// TestExamplesQuickstartApply applies examples/quickstart, unchanged, against an in-process
// emulator configured through the environment variables that `make demo` sets; the framework then
// asserts that the follow-up plan is empty and destroys (forgets) the topics.
func TestExamplesQuickstartApply(t *testing.T) {
	requireTerraform(t)
	env := newTestEnv(t, func(o *emulator.Options) {
		// Like HDInsight's metadata cache: new topics become visible only after a while.
		o.VisibilityDelay = 300 * time.Millisecond
	})

	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, env.Emu.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	// The quickstart declares source "hdikafka/hdikafka"; serve the in-process provider under it
	// (on the registry host of the CLI under test, which TestMain put in TF_ACC_PROVIDER_HOST).
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hdikafka")
	t.Setenv("HDIKAFKA_ENDPOINT", env.Emu.URL())
	t.Setenv("HDIKAFKA_AUTHORITY_HOST", env.Emu.AuthorityHost())
	t.Setenv("HDIKAFKA_CA_CERTIFICATE_FILE", caFile)
	t.Setenv("ARM_TENANT_ID", env.Emu.Tenant())
	t.Setenv("ARM_CLIENT_ID", env.ClientID)
	t.Setenv("ARM_CLIENT_SECRET", env.ClientSecret)

	resource.Test(t, resource.TestCase{
		Steps: []resource.TestStep{{
			// The quickstart has its own provider block, so the factories belong to the step.
			ProtoV6ProviderFactories: testFactories(),
			ConfigDirectory:          config.StaticDirectory(filepath.Join(examplesDir, "quickstart")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("topics", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("audit.log"),
					knownvalue.StringExact("customers"),
					knownvalue.StringExact("orders"),
				})),
				statecheck.ExpectKnownOutputValue("shapes", knownvalue.MapExact(map[string]knownvalue.Check{
					"orders":    knownvalue.StringExact("6 partitions x 3 replicas"),
					"customers": knownvalue.StringExact("3 partitions x 3 replicas"),
					"audit.log": knownvalue.StringExact("1 partitions x 2 replicas"),
				})),
				statecheck.ExpectKnownOutputValue("orders_partition_leaders", knownvalue.MapSizeExact(6)),
				statecheck.ExpectKnownOutputValue("brokers", knownvalue.MapSizeExact(3)),
			},
			// The REST proxy cannot read topic configuration back, so look at what Kafka holds.
			Check: func(*terraform.State) error {
				return checkTopicConfigs(context.Background(), env.Emu, quickstartProperties)
			},
		}},
	})
}

// quickstartProperties are the topic_properties examples/quickstart sets, checked on the cluster.
var quickstartProperties = map[string]map[string]string{
	"orders":    {"cleanup.policy": "delete", "retention.ms": "604800000", "min.insync.replicas": "2"},
	"customers": {"cleanup.policy": "compact", "min.compaction.lag.ms": "60000", "compression.type": "zstd"},
	"audit.log": {"retention.bytes": "1073741824", "segment.bytes": "104857600"},
}

// checkTopicConfigs compares the configuration Kafka holds for each topic with want.
func checkTopicConfigs(ctx context.Context, emu *emulator.Server, want map[string]map[string]string) error {
	names := slices.Sorted(maps.Keys(want))
	configs, err := emu.Backend().Admin().DescribeTopicConfigs(ctx, names...)
	if err != nil {
		return fmt.Errorf("describing topic configs of %v: %w", names, err)
	}
	var errs []error
	for _, name := range names {
		rc, err := configs.On(name, nil)
		if err != nil {
			errs = append(errs, fmt.Errorf("topic %q: %w", name, err))
			continue
		}
		if rc.Err != nil {
			errs = append(errs, fmt.Errorf("topic %q: %w", name, rc.Err))
			continue
		}
		got := make(map[string]string, len(rc.Configs))
		for _, c := range rc.Configs {
			if c.Value != nil {
				got[c.Key] = *c.Value
			}
		}
		for _, key := range slices.Sorted(maps.Keys(want[name])) {
			if got[key] != want[name][key] {
				errs = append(errs, fmt.Errorf("topic %q: config %q = %q on the cluster, want %q", name, key, got[key], want[name][key]))
			}
		}
	}
	return errors.Join(errs...)
}
