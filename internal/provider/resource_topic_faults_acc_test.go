package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// TestAccTopic_faults: every apply under a transient fault converges, and the harness's follow-up
// plan after each apply is empty. Each case checks that its fault actually fired.
func TestAccTopic_faults(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	cases := []struct {
		name  string
		fault emulator.Fault
	}{
		{"burst-500", emulator.Fault{Route: emulator.RouteAll, Kind: emulator.FaultStatus, Status: 500, Count: 3}},
		{"burst-503", emulator.Fault{Route: emulator.RouteAll, Kind: emulator.FaultStatus, Status: 503, Count: 3, RetryAfter: time.Second}},
		{"throttled-429", emulator.Fault{Route: emulator.RouteCreateTopic, Kind: emulator.FaultStatus, Status: 429, Count: 2, RetryAfter: time.Second}},
		{"connection-reset", emulator.Fault{Route: emulator.RouteAll, Kind: emulator.FaultReset, Count: 3}},
		{"create-then-fail", emulator.Fault{Route: emulator.RouteCreateTopic, Kind: emulator.FaultCreateThenFail, Count: 1}},
		{"token-hiccup", emulator.Fault{Route: emulator.RouteToken, Kind: emulator.FaultStatus, Status: 503, Count: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env.Emu.Faults().Clear()
			topic := "faulty-" + tc.name
			var id int
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testFactories(),
				Steps: []resource.TestStep{{
					PreConfig: func() {
						id = env.Emu.Faults().Add(tc.fault)
						if id < 0 {
							t.Fatalf("fault %+v rejected: %v", tc.fault, tc.fault.Validate())
						}
					},
					Config: env.ProviderConfig() + topicHCL(topic, 3, 2, map[string]string{"retention.ms": "60000"}),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("partition_count"), knownvalue.Int64Exact(3)),
						statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("replication_factor"), knownvalue.Int64Exact(2)),
					},
					Check: resource.ComposeTestCheckFunc(
						checkTopicOnCluster(env, topic, 3, 2),
						func(*terraform.State) error {
							for _, st := range env.Emu.Faults().List() {
								if st.ID == id && st.Fired == 0 {
									return fmt.Errorf("fault %s never fired", tc.fault)
								}
							}
							return nil
						},
					),
				}},
			})
		})
	}
}
