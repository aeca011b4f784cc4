package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccDataSourceTopics(t *testing.T) {
	env := newTestEnv(t)
	dsBackendTopic(t, env, "ds-backend", 1, 1)
	dsBackendTopic(t, env, "other.topic", 2, 1)
	dsBackendTopic(t, env, "__internal", 1, 1)

	names := tfjsonpath.New("names")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				// Topics made in this configuration and in the backend, filtered.
				Config: env.ProviderConfig() + `
resource "hdikafka_topic" "made" {
  name               = "ds-made"
  partition_count    = 1
  replication_factor = 1
}

data "hdikafka_topics" "all" {
  depends_on = [hdikafka_topic.made]
}

data "hdikafka_topics" "ds" {
  name_regex = "^ds-"
  depends_on = [hdikafka_topic.made]
}

data "hdikafka_topics" "internal" {
  name_regex       = "^__internal$"
  include_internal = true
}

data "hdikafka_topics" "internal_hidden" {
  name_regex = "^__internal$"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hdikafka_topics.all", names, dsStrings("ds-backend", "ds-made", "other.topic")),
					statecheck.ExpectKnownValue("data.hdikafka_topics.all", tfjsonpath.New("include_internal"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("data.hdikafka_topics.all", tfjsonpath.New("name_regex"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.hdikafka_topics.all", tfjsonpath.New("id"), knownvalue.StringExact("name_regex=;include_internal=false")),
					statecheck.ExpectKnownValue("data.hdikafka_topics.ds", names, dsStrings("ds-backend", "ds-made")),
					statecheck.ExpectKnownValue("data.hdikafka_topics.internal", names, dsStrings("__internal")),
					statecheck.ExpectKnownValue("data.hdikafka_topics.internal", tfjsonpath.New("include_internal"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("data.hdikafka_topics.internal_hidden", names, knownvalue.ListSizeExact(0)),
				},
			},
			{
				// A topic created out of band between runs shows up on the next read.
				PreConfig: func() { dsBackendTopic(t, env, "ds-later", 1, 1) },
				Config: env.ProviderConfig() + `
resource "hdikafka_topic" "made" {
  name               = "ds-made"
  partition_count    = 1
  replication_factor = 1
}

data "hdikafka_topics" "ds" {
  name_regex = "^ds-"
  depends_on = [hdikafka_topic.made]
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hdikafka_topics.ds", names, dsStrings("ds-backend", "ds-later", "ds-made")),
				},
			},
		},
	})
}

func TestAccDataSourceTopicsInvalidRegex(t *testing.T) {
	env := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{{
			Config: env.ProviderConfig() + `
data "hdikafka_topics" "bad" {
  name_regex = "orders["
}
`,
			ExpectError: textRe("Invalid name_regex", `name_regex "orders[" is not a valid regular expression`, "missing closing ]"),
		}},
	})
	if n := env.Emu.Counters()["list_topics"]; n != 0 {
		t.Errorf("an invalid name_regex still listed topics %d time(s); it must fail before any request", n)
	}
}
