package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// topicClient is the part of the REST proxy client that the hdikafka_topic resource and the data
// sources use: the creation (one kafkarest operation with typed errors) and the read-only metadata
// operations. *kafkarest.Client satisfies it; unit tests use an in-memory fake. Both reach it the same
// way: providerData.Client, from the providerData that Configure hands them (providerDataOf).
type topicClient interface {
	CreateTopic(ctx context.Context, name string, spec kafkarest.TopicSpec, opts kafkarest.CreateOptions) (*kafkarest.Created, error)
	ListTopics(ctx context.Context) ([]string, error)
	GetTopic(ctx context.Context, name string) (*kafkarest.TopicMetadata, error)
	GetPartition(ctx context.Context, topic string, partition int32) (*kafkarest.Partition, error)
	ListBrokers(ctx context.Context) ([]kafkarest.Broker, error)
	WaitForTopic(ctx context.Context, name string, opts kafkarest.WaitOptions) (*kafkarest.TopicMetadata, kafkarest.WaitStats, error)
}

var _ topicClient = (*kafkarest.Client)(nil)

// providerDataOf returns the provider's data from a Configure request's ProviderData: nil (without
// a diagnostic) before the provider is configured, which the framework does for validation; an
// error diagnostic for any other type, which is a bug in the provider.
func providerDataOf(data any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if data == nil {
		return nil, diags
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.Append(diagUnexpectedProviderData(data))
		return nil, diags
	}
	return pd, diags
}
