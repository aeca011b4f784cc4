package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"
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

// Lifecycle tests against a REST proxy that answers from caches, as HDInsight's does (two nodes,
// a visibility delay, deletions that reach the caches late): no topic leaves the state because of
// a cache, no creation is refused as "already exists" because of one, and drift is still seen once
// it is real.

// metadataClock is the emulator's metadata-cache clock: real time plus an offset the test moves,
// optionally frozen, so that a test holds the proxy nodes in the state it wants for as long as a
// Terraform run takes, with no wall-clock assumption.
type metadataClock struct {
	mu     sync.Mutex
	offset time.Duration
	frozen time.Time
}

func (c *metadataClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.frozen.IsZero() {
		return c.frozen
	}
	return time.Now().Add(c.offset)
}

// advance moves the clock forward by d; freeze keeps it there until the next advance.
func (c *metadataClock) advance(d time.Duration, freeze bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	base := time.Now().Add(c.offset)
	if !c.frozen.IsZero() {
		base = c.frozen
	}
	c.offset = time.Until(base.Add(d))
	c.frozen = time.Time{}
	if freeze {
		c.frozen = base.Add(d)
	}
}

// nodeShows reports whether proxy node i lists topic.
func nodeShows(t *testing.T, emu *emulator.Server, node int, topic string) bool {
	t.Helper()
	topics, err := emu.NodeTopics(node)
	if err != nil {
		t.Fatalf("reading node %d's topics: %v", node, err)
	}
	_, ok := topics[topic]
	return ok
}

func namedTopicHCL(resourceName, topic string, partitions, rf int) string {
	return strings.Replace(topicHCL(topic, partitions, rf, nil), `"hdikafka_topic" "test"`, fmt.Sprintf("%q %q", "hdikafka_topic", resourceName), 1)
}

// TestAccTopic_noWaitPendingAcrossNodes: with wait_for_visibility = false the apply does not wait
// for the cache; the plan right after it (nothing visible yet on either node) keeps every topic and
// plans nothing; once the delay has passed the plan is still empty.
func TestAccTopic_noWaitPendingAcrossNodes(t *testing.T) {
	skipUnlessAcc(t)
	clock := &metadataClock{}
	const delay = time.Hour // longer than any run: nothing becomes visible unless the test says so
	env := newTestEnv(t, func(o *emulator.Options) {
		o.ProxyNodes, o.VisibilityDelay, o.MetadataClock = 2, delay, clock.now
	})
	t.Setenv("HDIKAFKA_WAIT_FOR_VISIBILITY", "false")
	cfg := env.ProviderConfig() + namedTopicHCL("a", "pending-a", 2, 1) + namedTopicHCL("b", "pending-b", 3, 2) +
		namedTopicHCL("c", "pending-c", 1, 1)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				// The harness's follow-up plan runs right after the apply: not visible on any node,
				// kept as pending, no change planned.
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hdikafka_topic.b", tfjsonpath.New("partition_count"), intValue(3)),
					statecheck.ExpectKnownValue("hdikafka_topic.b", tfjsonpath.New("replication_factor"), intValue(2)),
				},
				Check: func(*terraform.State) error {
					for node := 0; node < 2; node++ {
						if nodeShows(t, env.Emu, node, "pending-a") {
							return fmt.Errorf("node %d shows the topic already: the test would not exercise the pending path", node)
						}
					}
					return nil
				},
			},
			{
				// Visible on node 0 only: whichever node answers, nothing changes.
				PreConfig: func() { clock.advance(delay/2+time.Second, true) },
				Config:    cfg, PlanOnly: true,
			},
			{
				// Visible everywhere: the next plan is empty too, and the topics are on the cluster.
				PreConfig: func() { clock.advance(delay, false) },
				Config:    cfg, PlanOnly: true,
				Check: resource.ComposeTestCheckFunc(checkTopicOnCluster(env, "pending-a", 2, 1),
					checkTopicOnCluster(env, "pending-b", 3, 2), checkTopicOnCluster(env, "pending-c", 1, 1)),
			},
		},
	})
	if n := env.Emu.Counters()["create_topic"]; n != 3 {
		t.Errorf("create requests = %d, want 3 (no topic re-created because of the cache)", n)
	}
}

// TestAccTopic_noWaitDataSourceWaits: a data source of the same run reads a topic created without
// waiting: it waits until the proxy shows it.
func TestAccTopic_noWaitDataSourceWaits(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t, func(o *emulator.Options) { o.VisibilityDelay = visibilityDelayForTest })
	cfg := env.ProviderConfig() + strings.Replace(topicHCL("ds-pending", 2, 1, nil), "}\n", "  wait_for_visibility = false\n}\n", 1) +
		"data \"hdikafka_topic\" \"read\" {\n  name = hdikafka_topic.test.name\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hdikafka_topic.read", tfjsonpath.New("partition_count"), intValue(2)),
				statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("wait_for_visibility"), knownvalue.Bool(false)),
			},
		}},
	})
}

// TestAccTopic_deletionLagAcrossNodes: a topic deleted behind the proxy while one node still shows
// it stays in the state (a 404 alone is no proof); once no node shows it, the plan creates it again.
func TestAccTopic_deletionLagAcrossNodes(t *testing.T) {
	skipUnlessAcc(t)
	clock := &metadataClock{}
	const delay = time.Hour
	env := newTestEnv(t, func(o *emulator.Options) { o.ProxyNodes, o.MetadataClock = 2, clock.now })
	ctx := context.Background()
	cfg := env.ProviderConfig() + topicHCL("lagging", 2, 1, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// Node 0 no longer shows the topic, node 1 still does: the state keeps it.
				PreConfig: func() {
					env.Emu.SetVisibilityDelay(delay)
					if err := env.Emu.Backend().DeleteTopic(ctx, "lagging"); err != nil {
						t.Fatalf("deleting the topic behind the proxy: %v", err)
					}
					clock.advance(delay/2+time.Second, true)
					if nodeShows(t, env.Emu, 0, "lagging") || !nodeShows(t, env.Emu, 1, "lagging") {
						t.Fatal("want node 0 without the topic and node 1 with it")
					}
				},
				Config: cfg, PlanOnly: true,
			},
			{
				// The deletion reached every node: real drift, planned as a creation and applied.
				PreConfig: func() {
					clock.advance(delay, false)
					env.Emu.SetVisibilityDelay(0)
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionCreate)},
				},
				Check: checkTopicOnCluster(env, "lagging", 2, 1),
			},
		},
	})
}

// TestAccTopic_ownershipErrors: the kind "a topic that cannot get a second owner": declared twice in
// one configuration, a name that collides under Kafka's '.'/'_' rule. Each names the cause and the
// way forward, never an import that would leave two owners. Replacements: TestCLIReplaceRefused.
func TestAccTopic_ownershipErrors(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	if err := env.Emu.Backend().CreateTopic(context.Background(), "metrics_v1", 1, 1, nil); err != nil {
		t.Fatalf("creating topic in the backend: %v", err)
	}
	p := env.ProviderConfig()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config:      p + namedTopicHCL("one", "twice", 1, 1) + namedTopicHCL("two", "twice", 1, 1),
				PlanOnly:    true,
				ExpectError: textRe("Kafka topic declared twice", "one owner", `data "hdikafka_topic" { name = "twice" }`),
			},
			{
				Config: p + topicHCL("metrics.v1", 1, 1, nil), PlanOnly: true,
				ExpectError: textRe("collides with an existing topic", `"metrics_v1" exists`, "'.' and '_'", "Rename"),
			},
		},
	})
	if n := env.Emu.Counters()["create_topic"]; n != 0 {
		t.Errorf("create requests = %d, want 0: every case is refused at plan time", n)
	}
}
