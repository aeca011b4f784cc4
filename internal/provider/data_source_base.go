package provider

import (
	"context"
	"time"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// dataSourceBase holds what every data source of this provider shares: the provider's data, through
// which it reaches the REST proxy client (built lazily: the endpoint may be unknown at configure
// time) and the process's topic knowledge.
type dataSourceBase struct {
	data *providerData // nil until the provider is configured
}

// Configure implements datasource.DataSourceWithConfigure.
func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	pd, diags := providerDataOf(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if pd != nil {
		b.data = pd
	}
}

// readTopic reads a topic's metadata. A topic that this provider process created without waiting
// for visibility (wait_for_visibility = false) is waited for first, bounded by ctx (the data
// source's timeouts.read): the data source reads what the resource created in the same run.
func (b *dataSourceBase) readTopic(ctx context.Context, client topicClient, name string) (*kafkarest.TopicMetadata, error) {
	if b.data == nil || !b.data.topics.isPending(name) {
		return client.GetTopic(ctx, name)
	}
	md, _, err := client.WaitForTopic(ctx, name, kafkarest.WaitOptions{})
	if err == nil {
		b.data.topics.visible(name)
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
func (b *dataSourceBase) readClient(ctx context.Context) (topicClient, diag.Diagnostics) {
	if b.data == nil {
		var diags diag.Diagnostics
		diags.Append(diagDataSourceNotConfigured())
		return nil, diags
	}
	return b.data.Client(ctx)
}
