package provider

import (
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccDataSourceTopicPartition(t *testing.T) {
	env := newTestEnv(t)
	dsBackendTopic(t, env, "ds-p", 2, 3)
	dsProduce(t, env, "ds-p", 1, 4)

	config := env.ProviderConfig() + `
resource "hdikafka_topic" "made" {
  name               = "ds-p-made"
  partition_count    = 1
  replication_factor = 2
}

data "hdikafka_topic_partition" "made" {
  topic        = hdikafka_topic.made.name
  partition_id = 0
}

data "hdikafka_topic_partition" "backend" {
  topic        = "ds-p"
  partition_id = 1
}

data "hdikafka_topic" "backend" {
  name = "ds-p"
}

data "hdikafka_brokers" "all" {}
`
	made, backend, topic := "data.hdikafka_topic_partition.made", "data.hdikafka_topic_partition.backend", "data.hdikafka_topic.backend"
	inTopic := func(attr string) tfjsonpath.Path { return tfjsonpath.New("partitions").AtSliceIndex(1).AtMapKey(attr) }
	sameAsTopic := func(attr string) statecheck.StateCheck {
		return statecheck.CompareValuePairs(backend, tfjsonpath.New(attr), topic, inTopic(attr), compare.ValuesSame())
	}
	leaderChecks := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("leader"), knownvalue.NotNull()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("leader_host"), knownvalue.StringRegexp(dsNonEmpty)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("leader_port"), knownvalue.Int64Func(dsPositive)),
			// The leader is one of the partition's replicas and one of the cluster's brokers.
			statecheck.CompareValueCollection(addr, []tfjsonpath.Path{tfjsonpath.New("replicas")},
				addr, tfjsonpath.New("leader"), compare.ValuesSame()),
			statecheck.CompareValueCollection("data.hdikafka_brokers.all",
				[]tfjsonpath.Path{tfjsonpath.New("brokers"), tfjsonpath.New("id")},
				addr, tfjsonpath.New("leader"), compare.ValuesSame()),
			statecheck.CompareValueCollection("data.hdikafka_brokers.all",
				[]tfjsonpath.Path{tfjsonpath.New("brokers"), tfjsonpath.New("port")},
				addr, tfjsonpath.New("leader_port"), compare.ValuesSame()),
			statecheck.CompareValueCollection("data.hdikafka_brokers.all",
				[]tfjsonpath.Path{tfjsonpath.New("brokers"), tfjsonpath.New("rack")},
				addr, tfjsonpath.New("leader_rack"), compare.ValuesSame()),
		}
	}
	step1 := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(made, tfjsonpath.New("id"), knownvalue.StringExact("ds-p-made/0")),
		statecheck.ExpectKnownValue(made, tfjsonpath.New("replicas"), knownvalue.ListSizeExact(2)),
		statecheck.ExpectKnownValue(made, tfjsonpath.New("isr"), knownvalue.ListSizeExact(2)),
		statecheck.ExpectKnownValue(made, tfjsonpath.New("earliest_offset"), knownvalue.Int64Exact(0)),
		statecheck.ExpectKnownValue(made, tfjsonpath.New("latest_offset"), knownvalue.Int64Exact(0)),
		statecheck.ExpectKnownValue(backend, tfjsonpath.New("id"), knownvalue.StringExact("ds-p/1")),
		statecheck.ExpectKnownValue(backend, tfjsonpath.New("replicas"), knownvalue.ListSizeExact(3)),
		statecheck.ExpectKnownValue(backend, tfjsonpath.New("latest_offset"), knownvalue.Int64Exact(4)),
		// The partition data source agrees with the topic data source.
		sameAsTopic("leader"), sameAsTopic("replicas"), sameAsTopic("isr"),
		sameAsTopic("earliest_offset"), sameAsTopic("latest_offset"),
	}
	step1 = append(step1, leaderChecks(made)...)
	step1 = append(step1, leaderChecks(backend)...)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: step1},
			{
				// Records produced between runs move the latest offset on the next read.
				PreConfig: func() {
					dsProduce(t, env, "ds-p", 1, 2)
					dsProduce(t, env, "ds-p-made", 0, 3)
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(backend, tfjsonpath.New("latest_offset"), knownvalue.Int64Exact(6)),
					statecheck.ExpectKnownValue(made, tfjsonpath.New("latest_offset"), knownvalue.Int64Exact(3)),
					sameAsTopic("latest_offset"),
				},
			},
		},
	})
}

func TestAccDataSourceTopicPartitionErrors(t *testing.T) {
	env := newTestEnv(t)
	dsBackendTopic(t, env, "ds-p", 2, 1)
	partition := func(topic string, id int) string {
		return env.ProviderConfig() + `
data "hdikafka_topic_partition" "p" {
  topic        = "` + topic + `"
  partition_id = ` + strconv.Itoa(id) + `
}
`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config: partition("ds-p", 2),
				ExpectError: textRe(`Partition 2 of topic "ds-p" does not exist`,
					`partition_id 2 is out of range: topic "ds-p" has 2 partition(s)`, "from 0 to 1"),
			},
			{
				Config:      partition("ds-nope", 0),
				ExpectError: textRe(`Topic "ds-nope" not found`, "may not be visible yet"),
			},
			{
				Config:      partition("ds-p", -1),
				ExpectError: textRe("partition_id", "must be between 0 and 2147483647"),
			},
		},
	})
}
