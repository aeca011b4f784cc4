package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// newDurationMsFunction is provider::hdikafka::duration_ms(duration): topicconfig.ParseDurationMs.
func newDurationMsFunction() function.Function {
	return &unitFunction{
		name:    "duration_ms",
		summary: "Converts a duration such as \"7d\" to the milliseconds Kafka's *.ms topic properties take.",
		description: "Converts a duration written with units to whole milliseconds, as the string that " +
			"`retention.ms`, `segment.ms`, `delete.retention.ms` and the other `*.ms` keys of `topic_properties` take: " +
			"`provider::hdikafka::duration_ms(\"7d\")` is `\"604800000\"`.\n\n" +
			"| unit | meaning | example | result |\n" +
			"|---|---|---|---|\n" +
			"| `ms` | milliseconds | `\"500ms\"` | `\"500\"` |\n" +
			"| `s` | seconds | `\"90s\"` | `\"90000\"` |\n" +
			"| `m` | minutes | `\"30m\"` | `\"1800000\"` |\n" +
			"| `h` | hours | `\"12h\"` | `\"43200000\"` |\n" +
			"| `d` | days of 24 hours | `\"7d\"` | `\"604800000\"` |\n" +
			"| `w` | weeks of 7 days | `\"2w\"` | `\"1209600000\"` |\n\n" +
			"Rules:\n\n" +
			"- Terms combine from the largest unit to the smallest, each unit once: `\"1h30m\"` is `\"5400000\"`, " +
			"`\"1d12h\"` is `\"129600000\"`; `\"30m1h\"` is an error.\n" +
			"- A number may have a fractional part when the result is a whole number of milliseconds: " +
			"`\"1.5h\"` is `\"5400000\"`, `\"0.5ms\"` is an error.\n" +
			"- `\"-1\"` and `\"infinite\"` give `\"-1\"`, Kafka's \"no limit\" for `retention.ms`. No other negative value is accepted.\n" +
			"- Units are lower-case (`\"7D\"` and `\"1M\"` are errors: `m` is minutes and there is no month unit) and " +
			"spaces are not accepted anywhere (`\"1h 30m\"`, `\" 7d\"`). A number without a unit is an error, because " +
			"seconds and milliseconds are both plausible readings.\n" +
			"- The result is at most 9223372036854775807 (Kafka's LONG maximum); a larger duration is an error. " +
			"Whether the key accepts the value (for example `segment.ms` at least 1) is checked at plan time like any " +
			"literal value.\n\n" +
			"An invalid argument fails the plan with an error that names the function, the value and the accepted forms, " +
			"for example `provider::hdikafka::duration_ms(\"7days\") is refused: duration \"7days\": unknown unit \"days\"; accepted: ...`.\n\n" +
			"Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later). With an older Terraform the " +
			"provider works as before, but the function cannot be called: write the milliseconds instead.",
		param: function.StringParameter{
			Name:                "duration",
			MarkdownDescription: "Duration: " + topicconfig.DurationForms + ".",
		},
		convert: topicconfig.ParseDurationMs,
	}
}
