package provider

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// TestAccTopic_readFaultKeepsState: a refresh that fails with a 5xx (after its retries) or a 403 is
// an error and never removes the topic from the state; once the fault is gone the plan is empty.
func TestAccTopic_readFaultKeepsState(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	// One retry keeps the 503 case short (the default 8 retries back off for tens of seconds).
	p := env.providerConfigWith(env.ClientID, env.ClientSecret, "  max_retries = 1")
	cases := []struct {
		status  int
		wantErr []string
	}{
		{503, []string{"Unable to read Kafka topic", "HTTP 503"}},
		{403, []string{"Unable to read Kafka topic", "(403)", "security group"}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			env.Emu.Faults().Clear()
			topic := fmt.Sprintf("kept-%d", tc.status)
			cfg := p + topicHCL(topic, 2, 1, nil)
			fault := emulator.Fault{Route: emulator.RouteTopicPartitions, Kind: emulator.FaultStatus, Status: tc.status, Count: 0}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testFactories(),
				Steps: []resource.TestStep{
					{Config: cfg},
					{
						PreConfig: func() {
							if _, err := env.Emu.Faults().AddChecked(fault); err != nil {
								t.Fatalf("fault %s: %v", fault, err)
							}
						},
						RefreshState: true,
						ExpectError:  textRe(tc.wantErr...),
					},
					{
						PreConfig: env.Emu.Faults().Clear,
						Config:    cfg,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("id"), knownvalue.StringExact(topic)),
							statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("partition_count"), intValue(2)),
						},
					},
				},
			})
		})
	}
}

// TestAccTopic_createTimeout: a topic that stays invisible longer than timeouts.create ends the
// create with the wait's diagnostic and the last state it observed.
func TestAccTopic_createTimeout(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t, func(o *emulator.Options) { o.VisibilityDelay = 5 * time.Second })
	cfg := env.ProviderConfig() + strings.TrimSuffix(topicHCL("late", 1, 1, nil), "}\n") +
		"  timeouts {\n    create = \"1s\"\n  }\n}\n"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: textRe(`Kafka topic "late" did not become visible`, "last observed state: not visible yet (HTTP 404)"),
		}},
	})
}

// TestAccTopic_brokersFetchedOncePerProcess plans several new topics with replication_factor set.
// terraform-plugin-testing starts one provider server per terraform command (plan, show, ...), and
// each is a "provider process" with its own broker cache; which commands plan is the harness's
// business. So the test counts the servers the factory made and asserts GET /v1/metadata/brokers at
// most once per server: fetching per topic would make it (topics x planning servers), far more.
func TestAccTopic_brokersFetchedOncePerProcess(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	const topics = 8
	// A chain of depends_on makes terraform plan the topics one after the other: concurrent plans
	// would leave spare, never-used connections to the emulator, which its shutdown waits 5 s for.
	var b strings.Builder
	b.WriteString(env.ProviderConfig())
	for i := range topics {
		fmt.Fprintf(&b, "resource \"hdikafka_topic\" \"t%d\" {\n  name               = \"rf-%d\"\n"+
			"  partition_count    = 1\n  replication_factor = 2\n", i, i)
		if i > 0 {
			fmt.Fprintf(&b, "  depends_on         = [hdikafka_topic.t%d]\n", i-1)
		}
		b.WriteString("}\n")
	}
	cfg := b.String()
	var servers atomic.Int64
	factories := map[string]func() (tfprotov6.ProviderServer, error){
		"hdikafka": func() (tfprotov6.ProviderServer, error) {
			servers.Add(1)
			return providerserver.NewProtocol6WithError(New("test")())()
		},
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.Emu.ResetCounters()
				servers.Store(0)
			},
			Config:             cfg,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}, {
			// A second step only to read the counters of the first after it ran.
			PreConfig: func() {
				brokers, n := env.Emu.Counters()["brokers"], servers.Load()
				t.Logf("plan step: %d provider servers, %d broker list requests for %d new topics", n, brokers, topics)
				if brokers < 1 {
					t.Errorf("brokers were never fetched: the replication factor check did not run")
				}
				if brokers > n {
					t.Errorf("%d broker list requests from %d provider servers: want at most one per server", brokers, n)
				}
			},
			Config:             cfg,
			PlanOnly:           true,
			ExpectNonEmptyPlan: true,
		}},
	})
}
