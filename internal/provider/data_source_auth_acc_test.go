package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// TestAccDataSourceAuthErrors checks that every data source surfaces the
// REST proxy's 401 and 403 and a failed sign-in as errors that say what
// went wrong, never as empty results.
func TestAccDataSourceAuthErrors(t *testing.T) {
	const outsiderID, outsiderSecret = "aaaaaaaa-bbbb-cccc-dddd-000000000403", "outsider-secret"
	env := newTestEnv(t, func(o *emulator.Options) {
		o.Clients = append(o.Clients, idp.Client{ID: outsiderID, Secret: outsiderSecret, Groups: []string{"some-other-group"}})
	})
	dsBackendTopic(t, env, "ds-auth", 1, 1)

	dataSourcesHCL := map[string]string{
		"the list of topics":    `data "hdikafka_topics" "x" {}`,
		`Kafka topic "ds-auth"`: `data "hdikafka_topic" "x" { name = "ds-auth" }`,
		`partition 0 of Kafka topic "ds-auth"`: `data "hdikafka_topic_partition" "x" {
  topic        = "ds-auth"
  partition_id = 0
}`,
		"the list of brokers": `data "hdikafka_brokers" "x" {}`,
	}
	var faultID int
	var steps []resource.TestStep
	for what, hcl := range dataSourcesHCL {
		steps = append(steps,
			resource.TestStep{
				// A principal outside the REST proxy's security group.
				Config:      env.providerConfigWith(outsiderID, outsiderSecret, "") + hcl,
				ExpectError: textRe("Unable to read "+what+": the application is not allowed to use the REST proxy (403)", "HTTP 403", "security group"),
			},
			resource.TestStep{
				// The proxy rejects the token.
				PreConfig: func() {
					faultID = env.Emu.Faults().Add(emulator.Fault{Route: emulator.RouteAll, Kind: emulator.FaultStatus, Status: 401})
				},
				Config:      env.ProviderConfig() + hcl,
				ExpectError: textRe("Unable to read "+what+": the REST proxy rejected the access token (401)", "HTTP 401", "tenant_id, client_id"),
			},
			resource.TestStep{
				// The identity provider refuses the client secret: no token at all.
				PreConfig:   func() { env.Emu.Faults().Remove(faultID) },
				Config:      env.providerConfigWith(env.ClientID, "not-the-secret", "") + hcl,
				ExpectError: textRe("Unable to read "+what, "7000215"),
			},
		)
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testFactories(), Steps: steps})
}
