package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// dsBrokerCheck checks one element of hdikafka_brokers' brokers.
func dsBrokerCheck(id int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id":   knownvalue.Int64Exact(id),
		"host": knownvalue.StringExact("127.0.0.1"),
		"port": knownvalue.Int64Func(dsPositive),
		"rack": knownvalue.StringExact("krack"), // what the embedded kfake cluster reports for every broker
	})
}

func TestAccDataSourceBrokers(t *testing.T) {
	tests := []struct {
		name    string
		brokers int
		want    []knownvalue.Check
	}{
		{"three brokers", 3, []knownvalue.Check{dsBrokerCheck(0), dsBrokerCheck(1), dsBrokerCheck(2)}},
		{"one broker", 1, []knownvalue.Check{dsBrokerCheck(0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newTestEnv(t, func(o *emulator.Options) { o.Brokers = tt.brokers })
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testFactories(),
				Steps: []resource.TestStep{{
					Config: env.ProviderConfig() + `
data "hdikafka_brokers" "all" {}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.hdikafka_brokers.all", tfjsonpath.New("brokers"), knownvalue.ListExact(tt.want)),
					},
				}},
			})
		})
	}
}
