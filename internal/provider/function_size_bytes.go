package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// newSizeBytesFunction is provider::hdikafka::size_bytes(size): topicconfig.ParseSizeBytes.
func newSizeBytesFunction() function.Function {
	return &unitFunction{
		name:    "size_bytes",
		summary: "Converts a size such as \"1GiB\" to the bytes Kafka's *.bytes topic properties take.",
		description: "Converts a size written with a unit to whole bytes, as the string that `retention.bytes`, " +
			"`segment.bytes`, `max.message.bytes` and the other `*.bytes` keys of `topic_properties` take: " +
			"`provider::hdikafka::size_bytes(\"1GiB\")` is `\"1073741824\"`.\n\n" +
			"| unit | bytes | example | result |\n" +
			"|---|---|---|---|\n" +
			"| `B` | 1 | `\"4096B\"` | `\"4096\"` |\n" +
			"| `KiB` | 1024 | `\"64KiB\"` | `\"65536\"` |\n" +
			"| `MiB` | 1024² | `\"1MiB\"` | `\"1048576\"` |\n" +
			"| `GiB` | 1024³ | `\"1GiB\"` | `\"1073741824\"` |\n" +
			"| `TiB` | 1024⁴ | `\"1TiB\"` | `\"1099511627776\"` |\n" +
			"| `KB` (or `kB`) | 1000 | `\"500KB\"` | `\"500000\"` |\n" +
			"| `MB` | 1000² | `\"500MB\"` | `\"500000000\"` |\n" +
			"| `GB` | 1000³ | `\"10GB\"` | `\"10000000000\"` |\n" +
			"| `TB` | 1000⁴ | `\"1TB\"` | `\"1000000000000\"` |\n\n" +
			"Rules:\n\n" +
			"- One number and one unit. The number may have a fractional part when the result is a whole number of bytes: " +
			"`\"1.5GiB\"` is `\"1610612736\"`; `\"1.5B\"` and `\"0.1KiB\"` (102.4 bytes) are errors.\n" +
			"- `\"-1\"` and `\"infinite\"` give `\"-1\"`, Kafka's \"no limit\" for `retention.bytes`. No other negative value is accepted.\n" +
			"- Units are case-sensitive (`\"1gib\"` is an error that suggests `GiB`) and spaces are not accepted " +
			"(`\"1 GiB\"`). A number without a unit is an error.\n" +
			"- The result is at most 9223372036854775807 (Kafka's LONG maximum); a larger size is an error. " +
			"`segment.bytes`, `max.message.bytes`, `segment.index.bytes` and `index.interval.bytes` are INT keys: " +
			"they take at most 2147483647 bytes (2 GiB - 1 byte), so `\"1GiB\"` fits and `\"2GiB\"` is refused at plan " +
			"time with the INT range. `retention.bytes` is a LONG.\n\n" +
			"An invalid argument fails the plan with an error that names the function, the value and the accepted forms, " +
			"for example `provider::hdikafka::size_bytes(\"1.5B\") is refused: size \"1.5B\" is 1.5 bytes, not a whole number of bytes; accepted: ...`.\n\n" +
			"Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later). With an older Terraform the " +
			"provider works as before, but the function cannot be called: write the bytes instead.",
		param: function.StringParameter{
			Name:                "size",
			MarkdownDescription: "Size: " + topicconfig.SizeForms + ".",
		},
		convert: topicconfig.ParseSizeBytes,
	}
}
