package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccTopic_importOneShotUnverified: after an import only the first apply may record
// topic_properties unverified. An import whose configuration has no properties still plans that
// recording update (null properties included), so properties added afterwards are refused (a warning at
// plan time, an error at apply time) like for a topic Terraform created; with the CLI import as with an
// import block.
func TestAccTopic_importOneShotUnverified(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	ctx := context.Background()
	p := env.ProviderConfig()
	recordingUpdate := resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionUpdate)},
	}
	added := map[string]string{"retention.ms": "1000"}
	addedLater := resource.TestStep{
		Config:      p + topicHCL("bare", 2, 1, added),
		ExpectError: textRe("Cannot change topic_properties", `"retention.ms": recorded (not set), configured "1000"`, "Nothing was sent to the cluster"),
	}
	t.Run("import block without properties", func(t *testing.T) {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testFactories(),
			Steps: []resource.TestStep{
				{
					PreConfig: func() {
						if err := env.Emu.Backend().CreateTopic(ctx, "bare", 2, 1, nil); err != nil {
							t.Fatalf("creating topic in the backend: %v", err)
						}
					},
					Config:           p + "import {\n  to = hdikafka_topic.test\n  id = \"bare\"\n}\n" + topicHCL("bare", 2, 1, nil),
					ConfigPlanChecks: recordingUpdate,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("id"), knownvalue.StringExact("bare")),
						statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.Null()),
					},
				},
				addedLater,
			},
		})
	})
	t.Run("import command without properties", func(t *testing.T) {
		if err := env.Emu.Backend().CreateTopic(ctx, "bare-cli", 2, 1, nil); err != nil {
			t.Fatalf("creating topic in the backend: %v", err)
		}
		cfg := p + topicHCL("bare-cli", 2, 1, nil)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testFactories(),
			Steps: []resource.TestStep{
				{Config: cfg, ResourceName: topicAddr, ImportState: true, ImportStateId: "bare-cli", ImportStatePersist: true},
				{Config: cfg, ConfigPlanChecks: recordingUpdate},
				{
					Config:      p + topicHCL("bare-cli", 2, 1, added),
					ExpectError: textRe("Cannot change topic_properties", `"retention.ms": recorded (not set), configured "1000"`),
				},
			},
		})
	})
	t.Run("import command with properties", func(t *testing.T) {
		if err := env.Emu.Backend().CreateTopic(ctx, "configured", 2, 1, nil); err != nil {
			t.Fatalf("creating topic in the backend: %v", err)
		}
		cfg := p + topicHCL("configured", 2, 1, map[string]string{"cleanup.policy": "compact"})
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testFactories(),
			Steps: []resource.TestStep{
				{Config: cfg, ResourceName: topicAddr, ImportState: true, ImportStateId: "configured", ImportStatePersist: true},
				{
					// The first plan records the configured properties (with the "not verified" warning).
					Config: cfg, ConfigPlanChecks: recordingUpdate,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.MapExact(map[string]knownvalue.Check{
							"cleanup.policy": knownvalue.StringExact("compact"),
						})),
					},
				},
				{
					Config:      p + topicHCL("configured", 2, 1, map[string]string{"cleanup.policy": "delete"}),
					ExpectError: textRe("Cannot change topic_properties", `"cleanup.policy": recorded "compact", configured "delete"`),
				},
			},
		})
	})
}
