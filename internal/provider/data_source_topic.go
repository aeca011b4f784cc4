package provider

import (
	"context"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

var (
	_ datasource.DataSource              = (*topicDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*topicDataSource)(nil)
)

// NewTopicDataSource returns the hdikafka_topic data source.
func NewTopicDataSource() datasource.DataSource { return &topicDataSource{} }

type topicDataSource struct{ dataSourceBase }

type topicDataSourceModel struct {
	ID                        types.String               `tfsdk:"id"`
	Name                      types.String               `tfsdk:"name"`
	PartitionCount            types.Int64                `tfsdk:"partition_count"`
	ReplicationFactor         types.Int64                `tfsdk:"replication_factor"`
	UnderReplicatedPartitions types.Int64                `tfsdk:"under_replicated_partitions"`
	Partitions                []dataSourcePartitionModel `tfsdk:"partitions"`
	Timeouts                  dstimeouts.Value           `tfsdk:"timeouts"`
}

func (d *topicDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_topic"
}

func (d *topicDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the shape of one topic and the metadata of each of its partitions " +
			"(`GET /v1/metadata/topics/{topic}/partitions`): leader, replicas, in-sync replicas and offsets. " +
			"Broker references are broker ids; `hdikafka_brokers` maps them to hosts. Topic configuration " +
			"(`topic_properties`) cannot be read: the REST proxy has no such operation.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The topic name.",
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Name of the topic. Reading a topic the REST proxy does not know is an error " +
					"(it may not exist, or may not be visible yet: the proxy's metadata cache refreshes periodically).",
				Validators: []validator.String{topicNameValidator{}},
			},
			"partition_count": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Number of partitions of the topic.",
			},
			"replication_factor": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Replication factor of the topic: the largest number of replicas of any of its partitions.",
			},
			"under_replicated_partitions": schema.Int64Attribute{
				Computed: true,
				MarkdownDescription: "Number of partitions whose in-sync replica set (`isr`) is smaller than their " +
					"replica set (`replicas`). `0` for a healthy topic.",
			},
			"partitions": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The topic's partitions, sorted by `partition_id`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: dataSourcePartitionAttributes()},
			},
		},
		Blocks: map[string]schema.Block{"timeouts": dataSourceTimeoutsBlock(ctx)},
	}
}

func (d *topicDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m topicDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := m.Name.ValueString()
	timeout, diags := m.Timeouts.Read(ctx, dataSourceReadTimeout)
	resp.Diagnostics.Append(diags...)
	client, diags := d.readClient(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	md, err := d.readTopic(ctx, client, name)
	if err != nil {
		if kafkarest.IsNotFound(err) {
			resp.Diagnostics.Append(diagDataSourceTopicNotFound(name, err))
		} else {
			resp.Diagnostics.Append(diagReadTopic(name, err))
		}
		return
	}

	m.ID = types.StringValue(name)
	m.PartitionCount = types.Int64Value(int64(md.PartitionCount()))
	m.ReplicationFactor = types.Int64Value(int64(md.ReplicationFactor()))
	m.UnderReplicatedPartitions = types.Int64Value(int64(dataSourceUnderReplicated(md.Partitions)))
	m.Partitions = dataSourcePartitionsFromAPI(md.Partitions)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
