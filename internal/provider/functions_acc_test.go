package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionsTerraformBlock declares the provider, as provider-defined functions require, and the
// Terraform version that introduced them.
const functionsTerraformBlock = `
terraform {
  required_providers {
    hdikafka = {
      source = "hashicorp/hdikafka"
    }
  }
}
`

// TestAccFunctionsOutputs calls both functions without a provider configuration (functions never
// need credentials) and checks their results, including Kafka's no-limit value.
func TestAccFunctionsOutputs(t *testing.T) {
	skipUnlessAcc(t)
	outputs := []struct{ name, call, want string }{
		{"week", `provider::hdikafka::duration_ms("7d")`, "604800000"},
		{"ninety_minutes", `provider::hdikafka::duration_ms("1h30m")`, "5400000"},
		{"one_and_a_half", `provider::hdikafka::duration_ms("1.5h")`, "5400000"},
		{"milliseconds", `provider::hdikafka::duration_ms("250ms")`, "250"},
		{"forever", `provider::hdikafka::duration_ms("infinite")`, "-1"},
		{"minus_one", `provider::hdikafka::duration_ms("-1")`, "-1"},
		{"gibibyte", `provider::hdikafka::size_bytes("1GiB")`, "1073741824"},
		{"fraction", `provider::hdikafka::size_bytes("1.5GiB")`, "1610612736"},
		{"megabytes", `provider::hdikafka::size_bytes("500MB")`, "500000000"},
		{"no_size_limit", `provider::hdikafka::size_bytes("infinite")`, "-1"},
		{"long_max", `provider::hdikafka::size_bytes("9223372036854775807B")`, "9223372036854775807"},
	}
	cfg := functionsTerraformBlock
	var checks []statecheck.StateCheck
	for _, o := range outputs {
		cfg += "output \"" + o.name + "\" {\n  value = " + o.call + "\n}\n"
		checks = append(checks, statecheck.ExpectKnownOutputValue(o.name, knownvalue.StringExact(o.want)))
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: checks,
		}},
	})
}

// TestAccFunctionsInvalidArguments: a bad argument fails the plan with an error that names the
// function, the value and the accepted forms (or the range).
func TestAccFunctionsInvalidArguments(t *testing.T) {
	skipUnlessAcc(t)
	step := func(call string, fragments ...string) resource.TestStep {
		return resource.TestStep{
			Config:      functionsTerraformBlock + "output \"x\" {\n  value = " + call + "\n}\n",
			ExpectError: textRe(fragments...),
		}
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			step(`provider::hdikafka::duration_ms("7days")`,
				`provider::hdikafka::duration_ms("7days") is refused`, `unknown unit "days"`, "accepted:", `"1h30m"`, `"infinite"`),
			step(`provider::hdikafka::duration_ms("604800000")`,
				`provider::hdikafka::duration_ms("604800000")`, "has no unit", "accepted:"),
			step(`provider::hdikafka::duration_ms("1 h")`,
				`provider::hdikafka::duration_ms("1 h")`, "spaces are not accepted"),
			step(`provider::hdikafka::duration_ms("0.5ms")`,
				`provider::hdikafka::duration_ms("0.5ms")`, "not a whole number of milliseconds"),
			step(`provider::hdikafka::duration_ms("999999999999999d")`,
				`provider::hdikafka::duration_ms("999999999999999d")`, "above Kafka's LONG maximum 9223372036854775807"),
			step(`provider::hdikafka::size_bytes("1.5B")`,
				`provider::hdikafka::size_bytes("1.5B") is refused`, "1.5 bytes, not a whole number of bytes", "accepted:", "KiB"),
			step(`provider::hdikafka::size_bytes("1gib")`,
				`provider::hdikafka::size_bytes("1gib")`, `did you mean "GiB"?`),
			step(`provider::hdikafka::size_bytes("8388608TiB")`,
				`provider::hdikafka::size_bytes("8388608TiB")`, "above Kafka's LONG maximum 9223372036854775807"),
		},
	})
}

// TestAccFunctionsInTopicProperties creates a topic whose properties are written with both
// functions against the emulator, checks the values in the state and on the cluster, and that the
// next plan is empty (the harness does); before that, an INT key refuses a size above 2147483647 at
// plan time.
func TestAccFunctionsInTopicProperties(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	name := "fn-units-" + randomHex(t, 4)
	topic := `
resource "hdikafka_topic" "test" {
  name               = "` + name + `"
  partition_count    = 2
  replication_factor = 1
  topic_properties = {
    "retention.ms"      = provider::hdikafka::duration_ms("7d")
    "segment.ms"        = provider::hdikafka::duration_ms("1h30m")
    "retention.bytes"   = provider::hdikafka::size_bytes("10GiB")
    "segment.bytes"     = provider::hdikafka::size_bytes("512MiB")
    "max.message.bytes" = provider::hdikafka::size_bytes("1.5MiB")
  }
}
`
	want := map[string]string{
		"retention.ms":      "604800000",
		"segment.ms":        "5400000",
		"retention.bytes":   "10737418240",
		"segment.bytes":     "536870912",
		"max.message.bytes": "1572864",
	}
	wantState := map[string]knownvalue.Check{}
	for k, v := range want {
		wantState[k] = knownvalue.StringExact(v)
	}
	cfg := functionsTerraformBlock + env.ProviderConfig() + topic
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				// An INT key given 2 GiB is refused at plan time with the INT range. (First, because
				// the test's final destroy runs with the last step's configuration.)
				Config: functionsTerraformBlock + env.ProviderConfig() + `
resource "hdikafka_topic" "test" {
  name = "` + name + `"
  topic_properties = {
    "max.message.bytes" = provider::hdikafka::size_bytes("2GiB")
  }
}
`,
				ExpectError: textRe(`max.message.bytes`, `"2147483648" is out of range for a INT`,
					`2147483647`, `max.message.bytes is an INT: at most 2147483647 bytes`),
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(topicAddr, tfjsonpath.New("topic_properties"), knownvalue.MapExact(wantState)),
				},
				Check: func(*terraform.State) error {
					return checkTopicConfigs(context.Background(), env.Emu, map[string]map[string]string{name: want})
				},
			},
		},
	})
}

// TestAccDurationSuggestionNamesFunction: a duration with units where Kafka wants milliseconds is
// refused by terraform validate with the milliseconds and the function call to write instead.
func TestAccDurationSuggestionNamesFunction(t *testing.T) {
	skipUnlessAcc(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config:      topicHCL("suggest", 1, 1, map[string]string{"retention.ms": "1 H"}),
			ExpectError: textRe(`did you mean "3600000" (1 H)?`, `provider::hdikafka::duration_ms("1h")`),
		}, {
			Config:      topicHCL("suggest", 1, 1, map[string]string{"segment.ms": "7d"}),
			ExpectError: textRe(`did you mean "604800000" (7d)?`, `provider::hdikafka::duration_ms("7d")`),
		}},
	})
}
