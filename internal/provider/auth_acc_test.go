package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// TestAccAuth_rejected: a token the REST proxy does not accept (401) and a principal outside the
// REST proxy's security group (403) fail the plan with the helpful text; a wrong secret fails at the
// identity provider with its AADSTS code.
func TestAccAuth_rejected(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t, func(o *emulator.Options) {
		o.Clients = append(o.Clients, idp.Client{ID: "outsider-app", Secret: "outsider-secret", Groups: []string{"some-other-group"}})
	})
	// A second emulator's identity provider knows the same client, but its tokens are signed by
	// another key and issuer: the first emulator's REST proxy answers 401.
	other := newTestEnv(t)
	other.Emu.IdP().RegisterClient(idp.Client{ID: env.ClientID, Secret: env.ClientSecret, Groups: []string{env.Group}})
	foreignIssuer := env.providerConfigWith(env.ClientID, env.ClientSecret, "")
	foreignIssuer = strings.Replace(foreignIssuer, env.Emu.AuthorityHost(), other.Emu.AuthorityHost(), 1)
	foreignIssuer = strings.Replace(foreignIssuer, "\nEOT\n", "\n"+strings.TrimSpace(string(other.Emu.CACertPEM()))+"\nEOT\n", 1)

	topic := topicHCL("secured", 1, 1, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config: foreignIssuer + topic, PlanOnly: true,
				ExpectError: textRe("(401)", "the REST proxy rejected the access token", "tenant_id, client_id"),
			},
			{
				Config: env.providerConfigWith("outsider-app", "outsider-secret", "") + topic, PlanOnly: true,
				ExpectError: textRe("(403)", "security group"),
			},
			{
				Config: env.providerConfigWith(env.ClientID, "not-the-secret", "") + topic, PlanOnly: true,
				ExpectError: regexp.MustCompile(`AADSTS\d+`),
			},
		},
	})
}

// The auth-method tests configure the provider from environment variables alone, as pipelines that
// authenticate azurerm do. They use t.Setenv and therefore never run in parallel.

func setConnectionEnv(t *testing.T, env *testEnv) {
	t.Helper()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, env.Emu.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("HDIKAFKA_ENDPOINT", env.Emu.URL())
	t.Setenv("HDIKAFKA_AUTHORITY_HOST", env.Emu.AuthorityHost())
	t.Setenv("HDIKAFKA_CA_CERTIFICATE_FILE", caFile)
	t.Setenv("ARM_TENANT_ID", env.Emu.Tenant())
}

const emptyProviderBlock = "provider \"hdikafka\" {}\n"

func testAuthFromEnv(t *testing.T, topic string) {
	t.Helper()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: emptyProviderBlock + topicHCL(topic, 2, 1, nil),
			Check:  resource.TestCheckResourceAttr(topicAddr, "partition_count", "2"),
		}},
	})
}

func TestAccAuthFromEnv_clientSecret(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	setConnectionEnv(t, env)
	t.Setenv("ARM_CLIENT_ID", env.ClientID)
	t.Setenv("ARM_CLIENT_SECRET", env.ClientSecret)
	testAuthFromEnv(t, "env-secret")
}

func TestAccAuthFromEnv_clientCertificate(t *testing.T) {
	skipUnlessAcc(t)
	cases := []struct {
		name, password string
		pfx            bool
	}{
		{name: "pem"},
		{name: "pfx-with-password", password: "pfx-password", pfx: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			certPEM, keyPEM, pfx, err := idp.GenerateTestCertificate("hdikafka-test-"+tc.name, tc.password)
			if err != nil {
				t.Fatal(err)
			}
			env := newTestEnv(t)
			env.Emu.IdP().RegisterClient(idp.Client{ID: "cert-app", CertificatePEM: certPEM, Groups: []string{env.Group}})
			setConnectionEnv(t, env)
			file := filepath.Join(t.TempDir(), "client.pem")
			data := append(append([]byte{}, certPEM...), keyPEM...)
			if tc.pfx {
				file, data = filepath.Join(t.TempDir(), "client.pfx"), pfx
				t.Setenv("ARM_CLIENT_CERTIFICATE_PASSWORD", tc.password)
			}
			if err := os.WriteFile(file, data, 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("ARM_CLIENT_ID", "cert-app")
			t.Setenv("ARM_CLIENT_CERTIFICATE_PATH", file)
			testAuthFromEnv(t, "env-cert-"+tc.name)
		})
	}
}

func TestAccAuthFromEnv_oidcTokenFile(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	env.Emu.IdP().RegisterClient(idp.Client{ID: "federated-app", Groups: []string{env.Group},
		FederatedSubjects: []string{"repo:hdikafka/infra:ref:refs/heads/main"}})
	setConnectionEnv(t, env)
	file := filepath.Join(t.TempDir(), "federated-token")
	if err := env.Emu.IdP().WriteFederatedTokenFile(file, "repo:hdikafka/infra:ref:refs/heads/main", time.Hour); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ARM_CLIENT_ID", "federated-app")
	t.Setenv("ARM_USE_OIDC", "true")
	t.Setenv("ARM_OIDC_TOKEN_FILE_PATH", file)
	testAuthFromEnv(t, "env-oidc")
}
