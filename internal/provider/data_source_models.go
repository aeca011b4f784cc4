package provider

import (
	"cmp"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// Descriptions shared by the partition attributes of hdikafka_topic and
// hdikafka_topic_partition.
const (
	dsDescPartitionID    = "Partition id (0 to partition count − 1)."
	dsDescLeader         = "Id of the broker that leads the partition; null when the partition has no leader. Match it against `hdikafka_brokers` for the host."
	dsDescReplicas       = "Ids of the brokers that hold a replica of the partition, in the order the REST proxy reports them (the first is the preferred leader)."
	dsDescISR            = "Ids of the brokers whose replica is in sync with the leader (the in-sync replica set)."
	dsDescEarliestOffset = "Earliest offset still available in the partition (log start offset)."
	dsDescLatestOffset   = "Latest offset of the partition as reported by the REST proxy (the log-end offset: the offset the next record will get)."
)

// dataSourcePartitionModel is one partition in hdikafka_topic's partitions.
type dataSourcePartitionModel struct {
	PartitionID    types.Int64 `tfsdk:"partition_id"`
	Leader         types.Int64 `tfsdk:"leader"`
	Replicas       []int64     `tfsdk:"replicas"`
	ISR            []int64     `tfsdk:"isr"`
	EarliestOffset types.Int64 `tfsdk:"earliest_offset"`
	LatestOffset   types.Int64 `tfsdk:"latest_offset"`
}

// dataSourcePartitionAttributes is the schema of dataSourcePartitionModel.
func dataSourcePartitionAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"partition_id":    schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescPartitionID},
		"leader":          schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescLeader},
		"replicas":        schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: dsDescReplicas},
		"isr":             schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: dsDescISR},
		"earliest_offset": schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescEarliestOffset},
		"latest_offset":   schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescLatestOffset},
	}
}

// dataSourcePartitionFromAPI converts one partition of the REST proxy's
// metadata.
func dataSourcePartitionFromAPI(p kafkarest.Partition) dataSourcePartitionModel {
	return dataSourcePartitionModel{
		PartitionID:    types.Int64Value(int64(p.ID)),
		Leader:         dataSourceLeaderID(p.Leader),
		Replicas:       dataSourceBrokerIDs(p.Replicas),
		ISR:            dataSourceBrokerIDs(p.ISR),
		EarliestOffset: types.Int64Value(p.EarliestOffset),
		LatestOffset:   types.Int64Value(p.LatestOffset),
	}
}

// dataSourcePartitionsFromAPI converts a topic's partitions, sorted by id.
func dataSourcePartitionsFromAPI(parts []kafkarest.Partition) []dataSourcePartitionModel {
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b kafkarest.Partition) int { return cmp.Compare(a.ID, b.ID) })
	out := make([]dataSourcePartitionModel, 0, len(sorted))
	for _, p := range sorted {
		out = append(out, dataSourcePartitionFromAPI(p))
	}
	return out
}

// dataSourceLeaderID is the leader's broker id, or null without a leader.
// Kafka reports a missing leader as broker -1; the proxy may send null.
func dataSourceLeaderID(b *kafkarest.Broker) types.Int64 {
	if b == nil || b.ID < 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(b.ID))
}

// dataSourceBrokerIDs lists broker ids in the order given. The result is
// never nil, so an empty list stays an empty list in Terraform, not null.
func dataSourceBrokerIDs(bs []kafkarest.Broker) []int64 {
	ids := make([]int64, 0, len(bs))
	for _, b := range bs {
		ids = append(ids, int64(b.ID))
	}
	return ids
}

// dataSourceUnderReplicated counts the partitions whose in-sync replica set
// is smaller than their replica set.
func dataSourceUnderReplicated(parts []kafkarest.Partition) int {
	n := 0
	for _, p := range parts {
		if len(p.ISR) < len(p.Replicas) {
			n++
		}
	}
	return n
}

// dataSourceRack is a broker's rack, or null when the proxy sends none.
func dataSourceRack(rack *string) types.String {
	if rack == nil {
		return types.StringNull()
	}
	return types.StringValue(*rack)
}
