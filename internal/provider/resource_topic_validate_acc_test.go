package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// TestAccTopic_propertyErrorsReportedOnce: a property every supported Kafka version refuses is an
// error of the validation, which stops Terraform before the plan, so the plan-time check of the
// same property never reports it a second time.
func TestAccTopic_propertyErrorsReportedOnce(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	once, err := exactlyOnceRe("Invalid topic property")
	if err != nil {
		t.Fatal(err)
	}
	p := env.ProviderConfig()
	step := func(props map[string]string, planOnly bool) resource.TestStep {
		return resource.TestStep{Config: p + topicHCL("once", 1, 1, props), PlanOnly: planOnly, ExpectError: once}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			step(map[string]string{"retension.ms": "1000"}, true),
			step(map[string]string{"retention.ms": "1h"}, true),
			step(map[string]string{"cleanup.policy": "Compact"}, false),
		},
	})
}
