package provider

import (
	"context"
	"fmt"
	"math"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

var (
	_ datasource.DataSource              = (*topicPartitionDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*topicPartitionDataSource)(nil)
)

// NewTopicPartitionDataSource returns the hdikafka_topic_partition data source.
func NewTopicPartitionDataSource() datasource.DataSource { return &topicPartitionDataSource{} }

type topicPartitionDataSource struct{ dataSourceBase }

type topicPartitionDataSourceModel struct {
	ID             types.String     `tfsdk:"id"`
	Topic          types.String     `tfsdk:"topic"`
	PartitionID    types.Int64      `tfsdk:"partition_id"`
	Leader         types.Int64      `tfsdk:"leader"`
	LeaderHost     types.String     `tfsdk:"leader_host"`
	LeaderPort     types.Int64      `tfsdk:"leader_port"`
	LeaderRack     types.String     `tfsdk:"leader_rack"`
	Replicas       []int64          `tfsdk:"replicas"`
	ISR            []int64          `tfsdk:"isr"`
	EarliestOffset types.Int64      `tfsdk:"earliest_offset"`
	LatestOffset   types.Int64      `tfsdk:"latest_offset"`
	Timeouts       dstimeouts.Value `tfsdk:"timeouts"`
}

func (d *topicPartitionDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topic_partition"
}

func (d *topicPartitionDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the metadata of one partition of a topic " +
			"(`GET /v1/metadata/topics/{topic}/partitions/{partition}`): its leader (id, host, port and rack), " +
			"replicas, in-sync replicas and earliest and latest offsets.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "`<topic>/<partition_id>`.",
			},
			"topic": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Name of the topic.",
				Validators:          []validator.String{topicNameValidator{}},
			},
			"partition_id": schema.Int64Attribute{
				Required: true,
				MarkdownDescription: "Id of the partition, from `0` to the topic's partition count − 1. " +
					"An id the topic does not have is an error that gives the topic's partition count.",
				Validators: []validator.Int64{int64validator.Between(0, math.MaxInt32)},
			},
			"leader":          schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescLeader},
			"leader_host":     schema.StringAttribute{Computed: true, MarkdownDescription: "Host name of the leader broker; null when the partition has no leader."},
			"leader_port":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Port of the leader broker; null when the partition has no leader."},
			"leader_rack":     schema.StringAttribute{Computed: true, MarkdownDescription: "Rack of the leader broker; null when the broker has no rack or the partition has no leader."},
			"replicas":        schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: dsDescReplicas},
			"isr":             schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: dsDescISR},
			"earliest_offset": schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescEarliestOffset},
			"latest_offset":   schema.Int64Attribute{Computed: true, MarkdownDescription: dsDescLatestOffset},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
	}
}

func (d *topicPartitionDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m topicPartitionDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	topic := m.Topic.ValueString()
	id := m.PartitionID.ValueInt64()
	if id < 0 || id > math.MaxInt32 {
		resp.Diagnostics.Append(diagInvalidPartitionID(id, math.MaxInt32))
		return
	}

	timeout, diags := m.Timeouts.Read(ctx, dataSourceReadTimeout)
	resp.Diagnostics.Append(diags...)
	client, diags := d.readClient(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if d.data.topics.isPending(topic) { // d.data is set: readClient succeeded
		// Created in this run without waiting: wait for the topic before reading its partition.
		if _, err := d.readTopic(ctx, client, topic); err != nil {
			resp.Diagnostics.Append(dataSourcePartitionReadError(ctx, client, topic, int32(id), err))
			return
		}
	}
	p, err := client.GetPartition(ctx, topic, int32(id))
	if err != nil {
		resp.Diagnostics.Append(dataSourcePartitionReadError(ctx, client, topic, int32(id), err))
		return
	}

	m.ID = types.StringValue(fmt.Sprintf("%s/%d", topic, id))
	m.Leader = dataSourceLeaderID(p.Leader)
	m.LeaderHost, m.LeaderPort, m.LeaderRack = types.StringNull(), types.Int64Null(), types.StringNull()
	if !m.Leader.IsNull() {
		m.LeaderHost = types.StringValue(p.Leader.Host)
		m.LeaderPort = types.Int64Value(int64(p.Leader.Port))
		m.LeaderRack = dataSourceRack(p.Leader.Rack)
	}
	m.Replicas = dataSourceBrokerIDs(p.Replicas)
	m.ISR = dataSourceBrokerIDs(p.ISR)
	m.EarliestOffset = types.Int64Value(p.EarliestOffset)
	m.LatestOffset = types.Int64Value(p.LatestOffset)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// dataSourcePartitionReadError explains a failed partition read. A 404 can
// mean an unknown topic or a partition id the topic does not have, so the
// topic is read to tell the two apart.
func dataSourcePartitionReadError(ctx context.Context, client topicClient, topic string, id int32, err error) diag.Diagnostic {
	if !kafkarest.IsNotFound(err) {
		return diagReadPartition(topic, id, err)
	}
	md, terr := client.GetTopic(ctx, topic)
	switch {
	case terr != nil && kafkarest.IsNotFound(terr):
		return diagDataSourceTopicNotFound(topic, terr)
	case terr != nil:
		return diagReadTopic(topic, terr)
	}
	n := md.PartitionCount()
	if int(id) >= n {
		return diagPartitionOutOfRange(topic, id, n)
	}
	return diagPartitionNotFound(topic, id, n, err)
}
