package provider

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", "hdikafka_topic", name))
	if err != nil {
		t.Fatalf("reading the example: %v", err)
	}
	return string(b)
}

// TestAccTopic_example applies examples/resources/hdikafka_topic/resource.tf as documented.
func TestAccTopic_example(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + readExample(t, "resource.tf"),
			Check:  checkTopicOnCluster(env, "orders", 6, 3),
		}},
	})
}

// TestAccTopic_exampleImportBlock applies resource.tf with import-by-string-id.tf against a cluster
// where "orders" already exists: the topic is adopted, not created, and the follow-up plan is empty.
func TestAccTopic_exampleImportBlock(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	if err := env.Emu.Backend().CreateTopic(context.Background(), "orders", 6, 3, nil); err != nil {
		t.Fatalf("creating orders in the backend: %v", err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + readExample(t, "resource.tf") + readExample(t, "import-by-string-id.tf"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hdikafka_topic.example", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("hdikafka_topic.defaults", plancheck.ResourceActionCreate),
				},
			},
		}},
	})
}
