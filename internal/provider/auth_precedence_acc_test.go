package provider

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// Issue 11 item 4b: an explicit attribute wins over the environment, `""` in a block means "not
// set here", and an environment that configures two methods authenticates with the one azurerm
// would use. These tests use t.Setenv and therefore never run in parallel.

// checkGrantsOnly asserts that the emulator's token endpoint saw grants of one kind only, at least one.
func checkGrantsOnly(env *testEnv, kind string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := env.Emu.IdP().Stats()
		if stats.ByKind[kind] < 1 || stats.Requests != stats.ByKind[kind] || stats.Failed != 0 {
			return fmt.Errorf("token endpoint grants = %v (failed %d), want %s grants only", stats.ByKind, stats.Failed, kind)
		}
		return nil
	}
}

// TestAccAuthPrecedence_emptyStringInAliasedBlock: an aliased provider block with use_oidc = true,
// oidc_token_file_path and client_secret = "" authenticates with OIDC while ARM_CLIENT_SECRET is set
// (to the valid secret of another application, so a wrong choice would still authenticate).
func TestAccAuthPrecedence_emptyStringInAliasedBlock(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	const subject = "repo:hdikafka/infra:environment:production"
	env.Emu.IdP().RegisterClient(idp.Client{ID: "federated-app", Groups: []string{env.Group}, FederatedSubjects: []string{subject}})
	file := filepath.Join(t.TempDir(), "federated-token")
	if err := env.Emu.IdP().WriteFederatedTokenFile(file, subject, time.Hour); err != nil {
		t.Fatal(err)
	}
	setConnectionEnv(t, env)
	t.Setenv("ARM_CLIENT_ID", env.ClientID)
	t.Setenv("ARM_CLIENT_SECRET", env.ClientSecret)
	config := fmt.Sprintf(`
provider "hdikafka" {
  alias                = "pipeline"
  client_id            = "federated-app"
  use_oidc             = true
  oidc_token_file_path = %q
  client_secret        = ""
}

resource "hdikafka_topic" "test" {
  provider           = hdikafka.pipeline
  name               = "aliased-oidc"
  partition_count    = 2
  replication_factor = 1
}
`, file)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: config,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(topicAddr, "partition_count", "2"),
				checkGrantsOnly(env, idp.KindFederated),
			),
		}},
	})
}

// TestAccAuthPrecedence_secretBeforeOIDC: ARM_CLIENT_SECRET with ARM_USE_OIDC and ARM_OIDC_TOKEN
// is not refused: as azurerm, the provider uses the client secret (and warns about OIDC).
func TestAccAuthPrecedence_secretBeforeOIDC(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	const subject = "repo:hdikafka/infra:ref:refs/heads/main"
	env.Emu.IdP().RegisterClient(idp.Client{ID: "federated-app", Groups: []string{env.Group}, FederatedSubjects: []string{subject}})
	assertion, err := env.Emu.IdP().FederatedAssertion(subject, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	setConnectionEnv(t, env)
	t.Setenv("ARM_CLIENT_ID", env.ClientID)
	t.Setenv("ARM_CLIENT_SECRET", env.ClientSecret)
	t.Setenv("ARM_USE_OIDC", "true")
	t.Setenv("ARM_OIDC_TOKEN", assertion)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: emptyProviderBlock + topicHCL("secret-before-oidc", 2, 1, nil),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(topicAddr, "partition_count", "2"),
				checkGrantsOnly(env, idp.KindClientSecret),
			),
		}},
	})
}
