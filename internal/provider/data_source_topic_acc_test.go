package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// dsPartitionCheck checks one element of hdikafka_topic's partitions: its id,
// offsets, a leader, and replica and in-sync sets of rf brokers.
func dsPartitionCheck(id, earliest, latest int64, rf int) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"partition_id":    knownvalue.Int64Exact(id),
		"leader":          knownvalue.NotNull(),
		"replicas":        knownvalue.ListSizeExact(rf),
		"isr":             knownvalue.ListSizeExact(rf),
		"earliest_offset": knownvalue.Int64Exact(earliest),
		"latest_offset":   knownvalue.Int64Exact(latest),
	})
}

func TestAccDataSourceTopic(t *testing.T) {
	env := newTestEnv(t)
	dsBackendTopic(t, env, "ds-backend", 3, 2)
	dsProduce(t, env, "ds-backend", 1, 5)

	config := env.ProviderConfig() + `
resource "hdikafka_topic" "made" {
  name               = "ds-made"
  partition_count    = 2
  replication_factor = 3
}

data "hdikafka_topic" "made" {
  name = hdikafka_topic.made.name
}

data "hdikafka_topic" "backend" {
  name = "ds-backend"
}
`
	made, backend := "data.hdikafka_topic.made", "data.hdikafka_topic.backend"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(made, tfjsonpath.New("id"), knownvalue.StringExact("ds-made")),
					statecheck.ExpectKnownValue(made, tfjsonpath.New("partition_count"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(made, tfjsonpath.New("replication_factor"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(made, tfjsonpath.New("under_replicated_partitions"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(made, tfjsonpath.New("partitions"), knownvalue.ListExact([]knownvalue.Check{
						dsPartitionCheck(0, 0, 0, 3), dsPartitionCheck(1, 0, 0, 3),
					})),
					statecheck.ExpectKnownValue(backend, tfjsonpath.New("partition_count"), knownvalue.Int64Exact(3)),
					statecheck.ExpectKnownValue(backend, tfjsonpath.New("replication_factor"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue(backend, tfjsonpath.New("under_replicated_partitions"), knownvalue.Int64Exact(0)),
					statecheck.ExpectKnownValue(backend, tfjsonpath.New("partitions"), knownvalue.ListExact([]knownvalue.Check{
						dsPartitionCheck(0, 0, 0, 2), dsPartitionCheck(1, 0, 5, 2), dsPartitionCheck(2, 0, 0, 2),
					})),
					// The leader is one of the partition's replicas.
					statecheck.CompareValueCollection(backend,
						[]tfjsonpath.Path{tfjsonpath.New("partitions").AtSliceIndex(1).AtMapKey("replicas")},
						backend, tfjsonpath.New("partitions").AtSliceIndex(1).AtMapKey("leader"), compare.ValuesSame()),
				},
			},
			{
				// Records produced between runs move the latest offsets on the next read.
				PreConfig: func() {
					dsProduce(t, env, "ds-backend", 1, 3)
					dsProduce(t, env, "ds-backend", 2, 1)
					dsProduce(t, env, "ds-made", 0, 4)
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(backend, tfjsonpath.New("partitions"), knownvalue.ListExact([]knownvalue.Check{
						dsPartitionCheck(0, 0, 0, 2), dsPartitionCheck(1, 0, 8, 2), dsPartitionCheck(2, 0, 1, 2),
					})),
					statecheck.ExpectKnownValue(made, tfjsonpath.New("partitions"), knownvalue.ListExact([]knownvalue.Check{
						dsPartitionCheck(0, 0, 4, 3), dsPartitionCheck(1, 0, 0, 3),
					})),
				},
			},
		},
	})
}

func TestAccDataSourceTopicMissing(t *testing.T) {
	env := newTestEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config: env.ProviderConfig() + `
data "hdikafka_topic" "missing" {
  name = "ds-nope"
}
`,
				ExpectError: textRe(`Topic "ds-nope" not found`, "does not exist", "may not be visible yet", "cache"),
			},
			{
				Config: env.ProviderConfig() + `
data "hdikafka_topic" "bad" {
  name = "bad name"
}
`,
				ExpectError: textRe("Invalid Kafka topic name", "bad name"),
			},
		},
	})
}
