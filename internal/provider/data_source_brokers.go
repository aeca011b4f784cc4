package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

var (
	_ datasource.DataSource              = (*brokersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*brokersDataSource)(nil)
)

// NewBrokersDataSource returns the hdikafka_brokers data source.
func NewBrokersDataSource() datasource.DataSource { return &brokersDataSource{} }

type brokersDataSource struct{ dataSourceBase }

type brokersDataSourceModel struct {
	Brokers []dataSourceBrokerModel `tfsdk:"brokers"`
}

type dataSourceBrokerModel struct {
	ID   types.Int64  `tfsdk:"id"`
	Host types.String `tfsdk:"host"`
	Port types.Int64  `tfsdk:"port"`
	Rack types.String `tfsdk:"rack"`
}

func (d *brokersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_brokers"
}

func (d *brokersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the cluster's Kafka brokers (`GET /v1/metadata/brokers`). The broker ids " +
			"match the `leader`, `replicas` and `isr` of `hdikafka_topic` and `hdikafka_topic_partition`.",
		Attributes: map[string]schema.Attribute{
			"brokers": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The brokers, sorted by `id`.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "Broker id."},
					"host": schema.StringAttribute{Computed: true, MarkdownDescription: "Host name of the broker (inside the cluster's network)."},
					"port": schema.Int64Attribute{Computed: true, MarkdownDescription: "Kafka port of the broker."},
					"rack": schema.StringAttribute{Computed: true, MarkdownDescription: "Rack of the broker (on HDInsight, its fault and update domain); null when the broker has none."},
				}},
			},
		},
	}
}

func (d *brokersDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	client, diags := d.readClient(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	brokers, err := client.ListBrokers(ctx)
	if err != nil {
		resp.Diagnostics.Append(diagReadBrokerList(err))
		return
	}
	m := brokersDataSourceModel{Brokers: dataSourceBrokersFromAPI(brokers)}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// dataSourceBrokersFromAPI converts the broker list, sorted by id. The
// result is never nil.
func dataSourceBrokersFromAPI(brokers []kafkarest.Broker) []dataSourceBrokerModel {
	sorted := slices.Clone(brokers)
	slices.SortFunc(sorted, func(a, b kafkarest.Broker) int { return cmp.Compare(a.ID, b.ID) })
	out := make([]dataSourceBrokerModel, 0, len(sorted))
	for _, b := range sorted {
		out = append(out, dataSourceBrokerModel{
			ID:   types.Int64Value(int64(b.ID)),
			Host: types.StringValue(b.Host),
			Port: types.Int64Value(int64(b.Port)),
			Rack: dataSourceRack(b.Rack),
		})
	}
	return out
}
