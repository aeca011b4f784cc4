package provider

import (
	"context"
	"fmt"
	"time"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// dataSourceMetadataReader is the part of the REST proxy client the data
// sources use: the four read-only metadata operations. *kafkarest.Client
// satisfies it.
type dataSourceMetadataReader interface {
	ListTopics(ctx context.Context) ([]string, error)
	GetTopic(ctx context.Context, name string) (*kafkarest.TopicMetadata, error)
	GetPartition(ctx context.Context, topic string, partition int32) (*kafkarest.Partition, error)
	ListBrokers(ctx context.Context) ([]kafkarest.Broker, error)
	WaitForTopic(ctx context.Context, name string, opts kafkarest.WaitOptions) (*kafkarest.TopicMetadata, kafkarest.WaitStats, error)
}

var (
	_ dataSourceMetadataReader = (*kafkarest.Client)(nil)
	_ dataSourceLazyClient     = (*providerData)(nil)
)

// dataSourceClientFunc returns the configured client. The provider builds its
// client lazily (the endpoint may be unknown at configure time), so the data
// sources ask for it only when they read.
type dataSourceClientFunc func(ctx context.Context) (dataSourceMetadataReader, diag.Diagnostics)

// dataSourceBase holds what every data source of this provider shares: the
// way to reach the client.
type dataSourceBase struct {
	client dataSourceClientFunc
	topics *processTopics // nil unless configured by this provider
}

// Configure implements datasource.DataSourceWithConfigure.
func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		// The framework calls Configure before the provider is configured
		// (validation, for instance); there is nothing to keep yet.
		return
	}
	fn, err := dataSourceClientFuncFor(req.ProviderData)
	if err != nil {
		resp.Diagnostics.Append(diagDataSourceProviderData(err))
		return
	}
	b.client = fn
	if pd, ok := req.ProviderData.(*providerData); ok {
		b.topics = pd.topics
	}
}

// readTopic reads a topic's metadata. A topic that this provider process created without waiting
// for visibility (wait_for_visibility = false) is waited for first, bounded by ctx (the data
// source's timeouts.read): the data source reads what the resource created in the same run.
func (b *dataSourceBase) readTopic(ctx context.Context, client dataSourceMetadataReader, name string) (*kafkarest.TopicMetadata, error) {
	if b.topics == nil || !b.topics.isPending(name) {
		return client.GetTopic(ctx, name)
	}
	md, _, err := client.WaitForTopic(ctx, name, kafkarest.WaitOptions{})
	if err == nil {
		b.topics.visible(name)
	}
	return md, err
}

// dataSourceReadTimeout is the default of a data source's timeouts.read.
const dataSourceReadTimeout = 10 * time.Minute

func dataSourceTimeoutsBlock(ctx context.Context) schema.Block {
	b := dstimeouts.BlockWithOpts(ctx, dstimeouts.Opts{})
	if nb, ok := b.(schema.SingleNestedBlock); ok {
		nb.MarkdownDescription = "Operation timeouts."
		for name, a := range nb.Attributes {
			if sa, ok := a.(schema.StringAttribute); ok {
				sa.MarkdownDescription = "How long the read may take, as a duration such as `30s` or `10m` (default `10m`). " +
					"A topic that an `hdikafka_topic` of the same run created with `wait_for_visibility = false` is waited for " +
					"until it is visible, within this time."
				nb.Attributes[name] = sa
			}
		}
		return nb
	}
	return b
}

// readClient returns the client for a Read, or an error diagnostic when the
// provider has not been configured.
func (b *dataSourceBase) readClient(ctx context.Context) (dataSourceMetadataReader, diag.Diagnostics) {
	if b.client == nil {
		var diags diag.Diagnostics
		diags.Append(diagDataSourceNotConfigured())
		return nil, diags
	}
	return b.client(ctx)
}

// dataSourceLazyClient is what the provider hands to its data sources and
// resources: a value that builds the REST proxy client on first use.
type dataSourceLazyClient interface {
	Client(ctx context.Context) (*kafkarest.Client, diag.Diagnostics)
}

// dataSourceClientFuncFor adapts the provider's ProviderData to a client
// function.
func dataSourceClientFuncFor(data any) (dataSourceClientFunc, error) {
	switch v := data.(type) {
	case dataSourceLazyClient:
		return func(ctx context.Context) (dataSourceMetadataReader, diag.Diagnostics) {
			c, diags := v.Client(ctx)
			if diags.HasError() {
				return nil, diags
			}
			return c, diags
		}, nil
	case dataSourceMetadataReader:
		return func(context.Context) (dataSourceMetadataReader, diag.Diagnostics) { return v, nil }, nil
	default:
		return nil, fmt.Errorf("expected the provider's configured client, got %T; this is a bug in the provider, please report it", data)
	}
}
