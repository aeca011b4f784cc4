package provider

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// testEnv is one in-process emulator with a development identity provider that knows one client
// (ClientID/ClientSecret) which is a member of the REST proxy's allowed security group (Group).
type testEnv struct {
	Emu          *emulator.Server
	ClientID     string
	ClientSecret string
	Group        string
}

// newTestEnv starts an emulator (3 kfake brokers, no visibility delay unless a mutator sets one)
// and closes it when the test ends. Mutators may change any option, e.g. add clients or faults.
func newTestEnv(t *testing.T, mutate ...func(*emulator.Options)) *testEnv {
	t.Helper()
	env := &testEnv{
		ClientID:     "11111111-2222-3333-4444-" + randomHex(t, 6),
		ClientSecret: "secret-" + randomHex(t, 16),
		Group:        "99999999-8888-7777-6666-" + randomHex(t, 6),
	}
	opts := emulator.Options{
		Brokers:      3,
		AllowedGroup: env.Group,
		Clients: []idp.Client{{
			ID:     env.ClientID,
			Secret: env.ClientSecret,
			Groups: []string{env.Group},
		}},
	}
	for _, m := range mutate {
		m(&opts)
	}
	emu, err := emulator.New(context.Background(), opts)
	if err != nil {
		t.Fatalf("starting emulator: %v", err)
	}
	t.Cleanup(func() {
		if err := emu.Close(); err != nil {
			t.Logf("closing emulator: %v", err)
		}
	})
	env.Emu = emu
	return env
}

// ProviderConfig returns a provider block that configures every connection setting explicitly.
func (e *testEnv) ProviderConfig() string {
	return e.providerConfigWith(e.ClientID, e.ClientSecret, "")
}

// providerConfigWith renders the provider block for another client or with extra attribute lines.
func (e *testEnv) providerConfigWith(clientID, clientSecret, extra string) string {
	return fmt.Sprintf(`
provider "hdikafka" {
  endpoint       = %q
  tenant_id      = %q
  client_id      = %q
  client_secret  = %q
  authority_host = %q
  ca_certificate = <<-EOT
%s
EOT
%s
}
`, e.Emu.URL(), e.Emu.Tenant(), clientID, clientSecret, e.Emu.AuthorityHost(),
		strings.TrimSpace(string(e.Emu.CACertPEM())), extra)
}

// testFactories serves the provider in-process to the terraform CLI run by terraform-plugin-testing.
func testFactories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hdikafka": providerserver.NewProtocol6WithError(New("test")()),
	}
}

// hermeticEnvPrefixes are cleared before the tests run so that a developer's or a pipeline's Azure
// credentials never leak into (or change the outcome of) the provider under test.
var hermeticEnvPrefixes = []string{"ARM_", "AZURE_", "HDIKAFKA_", "ACTIONS_ID_TOKEN_", "SYSTEM_OIDC", "IDENTITY_", "MSI_", "IMDS_"}

func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		for _, p := range hermeticEnvPrefixes {
			if strings.HasPrefix(name, p) && name != "HDIKAFKA_LIVE" {
				os.Unsetenv(name)
			}
		}
	}
	if os.Getenv("TF_ACC") != "" {
		if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
			path, err := exec.LookPath("terraform")
			if err != nil {
				fmt.Fprintln(os.Stderr, "TF_ACC is set but no terraform CLI was found: put terraform on PATH or set TF_ACC_TERRAFORM_PATH")
				os.Exit(2)
			}
			os.Setenv("TF_ACC_TERRAFORM_PATH", path)
		} else if _, err := os.Stat(os.Getenv("TF_ACC_TERRAFORM_PATH")); err != nil {
			fmt.Fprintf(os.Stderr, "TF_ACC_TERRAFORM_PATH=%q: %v\n", os.Getenv("TF_ACC_TERRAFORM_PATH"), err)
			os.Exit(2)
		}
		if os.Getenv("CHECKPOINT_DISABLE") == "" {
			os.Setenv("CHECKPOINT_DISABLE", "1")
		}
		// terraform-plugin-testing serves the in-process provider (TF_REATTACH_PROVIDERS) and writes
		// its required_providers source as TF_ACC_PROVIDER_HOST/TF_ACC_PROVIDER_NAMESPACE/hdikafka.
		// Its defaults are registry.terraform.io and both "-" (Terraform 0.12's legacy namespace) and
		// "hashicorp". OpenTofu's default host is registry.opentofu.org, and it refuses the legacy
		// namespace on any other host. So the harness serves the provider under the host that the
		// CLI under test gives a host-less source, in the namespace that a bare provider "hdikafka"
		// block implies: the CLI finds it wherever it looks, on Terraform as on OpenTofu.
		if os.Getenv("TF_ACC_PROVIDER_NAMESPACE") == "" {
			os.Setenv("TF_ACC_PROVIDER_NAMESPACE", "hashicorp")
		}
		if os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			host, err := cliRegistryHost(os.Getenv("TF_ACC_TERRAFORM_PATH"))
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			os.Setenv("TF_ACC_PROVIDER_HOST", host)
		}
	}
	os.Exit(m.Run())
}

// providerAddrRe finds the provider address in the output of `terraform providers`,
// e.g. "provider[registry.terraform.io/hdikafka/hdikafka]".
var providerAddrRe = regexp.MustCompile(`provider\[([^/\]\s]+)/hdikafka/hdikafka\]`)

// cliRegistryHost asks the CLI at tf which registry host it gives the source address
// "hdikafka/hdikafka": registry.terraform.io for Terraform, registry.opentofu.org for OpenTofu.
// `providers` reads the configuration only: no init, no network, nothing written.
func cliRegistryHost(tf string) (string, error) {
	dir, err := os.MkdirTemp("", "hdikafka-cli-host-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	cfg := "terraform {\n  required_providers {\n    hdikafka = { source = \"hdikafka/hdikafka\" }\n  }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		return "", err
	}
	cmd := exec.Command(tf, "providers")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	m := providerAddrRe.FindSubmatch(out)
	if err != nil || m == nil {
		return "", fmt.Errorf("%s providers: cannot tell which registry host the CLI gives \"hdikafka/hdikafka\" (error: %w); set TF_ACC_PROVIDER_HOST:\n%s", tf, err, out)
	}
	return string(m[1]), nil
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random: %v", err)
	}
	return hex.EncodeToString(b)
}

// skipUnlessAcc skips a lifecycle test before it starts an emulator when TF_ACC is not set
// (resource.Test would skip it too, but only after the emulator's start-up cost).
func skipUnlessAcc(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("lifecycle test: set TF_ACC=1 to run it against the real terraform CLI")
	}
}
