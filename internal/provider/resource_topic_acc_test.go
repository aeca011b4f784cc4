package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

const topicAddr = "hdikafka_topic.test"

// visibilityDelayForTest is the emulator's metadata cache delay in the visibility test, like the
// "few seconds" HDInsight's REST proxy needs.
const visibilityDelayForTest = 3 * time.Second

// topicHCL renders one hdikafka_topic.test; a zero count or factor leaves the attribute out.
func topicHCL(name string, partitions, rf int, props map[string]string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"hdikafka_topic\" \"test\" {\n  name = %q\n", name)
	if partitions != 0 {
		fmt.Fprintf(&b, "  partition_count = %d\n", partitions)
	}
	if rf != 0 {
		fmt.Fprintf(&b, "  replication_factor = %d\n", rf)
	}
	if props != nil {
		b.WriteString("  topic_properties = {\n")
		for _, k := range slices.Sorted(maps.Keys(props)) {
			fmt.Fprintf(&b, "    %q = %q\n", k, props[k])
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// checkTopicOnCluster asserts the topic's shape as the backend (not the proxy) sees it.
func checkTopicOnCluster(env *testEnv, name string, partitions, rf int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		details, err := env.Emu.Backend().Admin().ListTopics(context.Background(), name)
		if err != nil {
			return fmt.Errorf("listing %q in the backend: %w", name, err)
		}
		d, ok := details[name]
		if !ok {
			return fmt.Errorf("topic %q not found in the backend", name)
		}
		if d.Err != nil {
			return fmt.Errorf("topic %q could not be loaded from the backend: %w", name, d.Err)
		}
		if got := len(d.Partitions); got != partitions {
			return fmt.Errorf("backend: %q has %d partitions, want %d", name, got, partitions)
		}
		if got := d.Partitions.NumReplicas(); got != rf {
			return fmt.Errorf("backend: %q has replication factor %d, want %d", name, got, rf)
		}
		return nil
	}
}

func intValue(n int64) knownvalue.Check { return knownvalue.Int64Exact(n) }

func TestAccTopic_createEmptyPlanImport(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	props := map[string]string{"retention.ms": "86400000", "cleanup.policy": "delete"}
	cfg := env.ProviderConfig() + topicHCL("orders", 3, 2, props)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		CheckDestroy: func(*terraform.State) error {
			// Destroy only forgets the topic: it must still be on the cluster.
			return checkTopicOnCluster(env, "orders", 3, 2)(nil)
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("id"), knownvalue.StringExact("orders")),
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("partition_count"), intValue(3)),
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("replication_factor"), intValue(2)),
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.MapExact(map[string]knownvalue.Check{
						"retention.ms": knownvalue.StringExact("86400000"), "cleanup.policy": knownvalue.StringExact("delete"),
					})),
				},
				Check: checkTopicOnCluster(env, "orders", 3, 2),
			},
			{
				// Re-applying the same configuration plans nothing.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:            topicAddr,
				ImportState:             true,
				ImportStateId:           "orders",
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"topic_properties"},
			},
		},
	})
}

func TestAccTopic_clusterDefaults(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + topicHCL("defaults", 0, 0, nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("partition_count"), knownvalue.Int64Func(atLeastOne)),
				statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("replication_factor"), knownvalue.Int64Func(atLeastOne)),
				statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.Null()),
			},
		}},
	})
}

func atLeastOne(v int64) error {
	if v < 1 {
		return fmt.Errorf("got %d, want at least 1", v)
	}
	return nil
}

// TestAccTopic_importBlock adopts a topic created outside Terraform with an import {} block: the
// configured properties are recorded (not verified) and the follow-up plan is empty; afterwards a
// property change is refused.
func TestAccTopic_importBlock(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	ctx := context.Background()
	props := map[string]string{"retention.ms": "3600000"}
	importBlock := "import {\n  to = hdikafka_topic.test\n  id = \"legacy\"\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					if err := env.Emu.Backend().CreateTopic(ctx, "legacy", 4, 2, nil); err != nil {
						t.Fatalf("creating legacy topic in the backend: %v", err)
					}
				},
				Config: env.ProviderConfig() + importBlock + topicHCL("legacy", 4, 2, props),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("partition_count"), intValue(4)),
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.MapExact(map[string]knownvalue.Check{
						"retention.ms": knownvalue.StringExact("3600000"),
					})),
				},
			},
			{
				Config:      env.ProviderConfig() + topicHCL("legacy", 4, 2, map[string]string{"retention.ms": "7200000"}),
				ExpectError: textRe("Cannot change topic_properties", `"retention.ms": recorded "3600000", configured "7200000"`),
			},
		},
	})
}

// TestAccTopic_importCommandThenPlan imports with the CLI: the first plan records the configured
// properties as an in-place update.
func TestAccTopic_importCommandThenPlan(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	if err := env.Emu.Backend().CreateTopic(context.Background(), "payments", 2, 1, nil); err != nil {
		t.Fatalf("creating topic in the backend: %v", err)
	}
	cfg := env.ProviderConfig() + topicHCL("payments", 2, 1, map[string]string{"cleanup.policy": "compact"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       topicAddr,
				ImportState:        true,
				ImportStateId:      "payments",
				ImportStatePersist: true,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["partition_count"] != "2" || states[0].Attributes["replication_factor"] != "1" {
						return fmt.Errorf("unexpected imported state: %+v", states)
					}
					return nil
				},
			},
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

func TestAccTopic_drift(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	ctx := context.Background()
	cfg3 := env.ProviderConfig() + topicHCL("drift", 3, 1, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{Config: cfg3},
			{
				// Deleted behind the proxy: the refresh drops it and the plan creates it again.
				PreConfig: func() {
					if err := env.Emu.Backend().DeleteTopic(ctx, "drift"); err != nil {
						t.Fatalf("deleting topic in the backend: %v", err)
					}
				},
				Config: cfg3,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionCreate)},
				},
				Check: checkTopicOnCluster(env, "drift", 3, 1),
			},
			{
				// Partitions added behind the proxy: the plan shows the change (a drift check's
				// -detailed-exitcode is 2) and warns; nothing fails at plan time.
				PreConfig: func() {
					if err := env.Emu.Backend().CreatePartitions(ctx, "drift", 6); err != nil {
						t.Fatalf("adding partitions in the backend: %v", err)
					}
				},
				Config:             cfg3,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The apply refuses to "shrink" back to 3, naming both values and the ways forward.
				Config:      cfg3,
				ExpectError: textRe("Cannot change partition_count", "The cluster has partition_count = 6; the configuration says partition_count = 3", "Nothing was sent to the cluster", "Kafka cannot reduce the number of partitions", "set partition_count to the cluster's value 6"),
			},
			{
				// terraform refresh (-refresh-only) takes the cluster's 6 into the state.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              resource.TestCheckResourceAttr(topicAddr, "partition_count", "6"),
			},
			{
				// The drift never traps the user: terraform destroy works (its pre-destroy refresh plans
				// the refused change too).
				Config:  cfg3,
				Destroy: true,
			},
			{
				// Adopt the topic again, as the cluster has it.
				Config: env.ProviderConfig() + "import {\n  to = hdikafka_topic.test\n  id = \"drift\"\n}\n" + topicHCL("drift", 6, 1, nil),
			},
			{
				// Aligning the configuration with the cluster gives an empty plan.
				Config: env.ProviderConfig() + topicHCL("drift", 6, 1, nil),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccTopic_planTimeErrors(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	if err := env.Emu.Backend().CreateTopic(context.Background(), "taken", 1, 1, nil); err != nil {
		t.Fatalf("creating topic in the backend: %v", err)
	}
	p := env.ProviderConfig()
	planErr := func(cfg string, fragments ...string) resource.TestStep {
		return resource.TestStep{Config: p + cfg, PlanOnly: true, ExpectError: textRe(fragments...)}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			planErr(topicHCL("bad name", 1, 1, nil), "Invalid Kafka topic name"),
			planErr(topicHCL("..", 1, 1, nil), "Invalid Kafka topic name"),
			planErr(topicHCL(strings.Repeat("x", 250), 1, 1, nil), "Invalid Kafka topic name"),
			planErr("resource \"hdikafka_topic\" \"test\" {\n  name = \"zero\"\n  partition_count = 0\n}\n",
				"partition_count = 0 is out of range", "between 1 and 2147483647"),
			planErr("resource \"hdikafka_topic\" \"test\" {\n  name = \"zero\"\n  replication_factor = 0\n}\n",
				"replication_factor = 0 is out of range", "between 1 and 32767"),
			// Beyond Kafka's INT32 / INT16: refused at plan time, never wrapped around into another topic shape.
			planErr("resource \"hdikafka_topic\" \"test\" {\n  name = \"huge\"\n  partition_count = 2147483648\n}\n",
				"partition_count = 2147483648 is out of range", "between 1 and 2147483647", "32-bit integer"),
			planErr("resource \"hdikafka_topic\" \"test\" {\n  name = \"huge\"\n  replication_factor = 32768\n}\n",
				"replication_factor = 32768 is out of range", "between 1 and 32767", "16-bit integer"),
			planErr(topicHCL("too-many-replicas", 1, 4, nil), "replication_factor = 4, but the cluster has 3 broker(s)"),
			planErr(topicHCL("typo", 1, 1, map[string]string{"retention.msec": "1000"}), "Invalid topic property", `"retention.msec"`, `did you mean "retention.ms"?`),
			planErr(topicHCL("badvalue", 1, 1, map[string]string{"retention.ms": "1h"}), "Invalid topic property", `"retention.ms"`),
			planErr(topicHCL("badenum", 1, 1, map[string]string{"cleanup.policy": "compacted"}), "Invalid topic property", `"cleanup.policy"`),
			planErr(topicHCL("taken", 1, 1, nil), "Kafka topic already exists", "terraform import hdikafka_topic.<name> taken", "import {", "to = hdikafka_topic.<name>", `id = "taken"`),
		},
	})
}

func TestAccTopic_immutableChanges(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	p := env.ProviderConfig()
	props := map[string]string{"retention.ms": "1000"}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{Config: p + topicHCL("fixed", 3, 2, props)},
			{
				// A change the proxy cannot make plans (with a warning) and is refused by the apply.
				Config: p + topicHCL("fixed", 4, 2, props), PlanOnly: true, ExpectNonEmptyPlan: true,
			},
			{
				Config: p + topicHCL("fixed", 4, 2, props),
				ExpectError: textRe("Cannot change partition_count", "The cluster has partition_count = 3; the configuration says partition_count = 4",
					"kafka-topics.sh --bootstrap-server <broker>:9092 --alter --topic fixed --partitions 4", "lifecycle { ignore_changes = [partition_count] }"),
			},
			{
				Config:      p + topicHCL("fixed", 3, 3, props),
				ExpectError: textRe("Cannot change replication_factor", "The cluster has replication_factor = 2; the configuration says replication_factor = 3"),
			},
			{
				Config:      p + topicHCL("fixed", 3, 2, map[string]string{"retention.ms": "2000"}),
				ExpectError: textRe("Cannot change topic_properties", `"retention.ms": recorded "1000", configured "2000"`),
			},
			{
				// ignore_changes is the documented way out.
				Config: p + strings.TrimSuffix(topicHCL("fixed", 4, 2, props), "}\n") +
					"  lifecycle {\n    ignore_changes = [partition_count]\n  }\n}\n",
				PlanOnly: true,
			},
		},
	})
}

func TestAccTopic_visibilityDelay(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t, func(o *emulator.Options) { o.VisibilityDelay = visibilityDelayForTest })
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + topicHCL("slow", 2, 1, nil),
			Check: func(*terraform.State) error {
				if polls := env.Emu.Counters()["topic_partitions"]; polls < 3 {
					return fmt.Errorf("expected several polls of the partitions route while the topic was invisible, got %d", polls)
				}
				return nil
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("partition_count"), intValue(2)),
			},
		}},
	})
}

// TestAccTopic_unknownProviderConfig: the endpoint comes from a resource created in the same run,
// so it is unknown at plan time; the plan skips the cluster checks and the apply creates the topic.
func TestAccTopic_unknownProviderConfig(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	cfg := strings.Replace(env.ProviderConfig(), fmt.Sprintf("endpoint       = %q", env.Emu.URL()),
		"endpoint       = terraform_data.cluster.output", 1)
	cfg = fmt.Sprintf("resource \"terraform_data\" \"cluster\" {\n  input = %q\n}\n", env.Emu.URL()) + cfg
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: cfg + topicHCL("late-endpoint", 2, 1, nil),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionCreate)},
			},
			Check: checkTopicOnCluster(env, "late-endpoint", 2, 1),
		}},
	})
}

// TestAccTopic_kafkaEqualValues: values Kafka parses to the same value are no change, and the
// recorded spelling stays; a real change names the key that differs with both values (that no other
// key is named is TestImmutableChanges' concern).
func TestAccTopic_kafkaEqualValues(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	p := env.ProviderConfig()
	created := map[string]string{"min.cleanable.dirty.ratio": "0.50", "unclean.leader.election.enable": "false",
		"cleanup.policy": "compact,delete", "retention.ms": "604800000"}
	same := map[string]string{"min.cleanable.dirty.ratio": "0.5", "unclean.leader.election.enable": "FALSE",
		"cleanup.policy": "delete, compact", "retention.ms": "0604800000"}
	changed := map[string]string{"min.cleanable.dirty.ratio": "0.5", "unclean.leader.election.enable": "false",
		"cleanup.policy": "compact,delete", "retention.ms": "86400000"}
	recorded := statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.MapExact(map[string]knownvalue.Check{
		"min.cleanable.dirty.ratio": knownvalue.StringExact("0.50"), "unclean.leader.election.enable": knownvalue.StringExact("false"),
		"cleanup.policy": knownvalue.StringExact("compact,delete"), "retention.ms": knownvalue.StringExact("604800000"),
	}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{Config: p + topicHCL("equal", 1, 1, created), ConfigStateChecks: []statecheck.StateCheck{recorded}},
			{
				Config: p + topicHCL("equal", 1, 1, same),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{recorded},
			},
			{
				Config:      p + topicHCL("equal", 1, 1, changed),
				ExpectError: textRe("Cannot change topic_properties", `"retention.ms": recorded "604800000", configured "86400000"`),
			},
		},
	})
}
