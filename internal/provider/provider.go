// Package provider is the Terraform glue of the hdikafka provider: the provider itself, the
// hdikafka_topic resource, the data sources and the wording of every diagnostic.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

var (
	_ provider.Provider              = (*hdikafkaProvider)(nil)
	_ provider.ProviderWithFunctions = (*hdikafkaProvider)(nil)
)

// New returns a constructor of the provider for providerserver; version is the release version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &hdikafkaProvider{version: version, getenv: os.Getenv}
	}
}

type hdikafkaProvider struct {
	version string
	getenv  func(string) string
}

func (p *hdikafkaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hdikafka"
	resp.Version = p.version
}

// Schema is generated from the provider settings table (provider_settings.go).
func (p *hdikafkaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Kafka topics on Azure HDInsight clusters through the cluster's Kafka REST proxy, " +
			"authenticating with Microsoft Entra ID. Every attribute except `ca_certificate` can also be set through the " +
			"environment (the `ARM_*` variables azurerm uses, plus `HDIKAFKA_*`; each attribute lists its variables in the " +
			"order they are read). An attribute set in the provider block wins, whatever its value: `\"\"` (or `false`) " +
			"set in a block means \"not set here\", and the environment is not used for that attribute, so an aliased " +
			"block can turn off a credential the pipeline's environment sets (`client_secret = \"\"`). When several " +
			"credential methods are configured, the provider uses the one azurerm would use, in azurerm's order (client " +
			"certificate, client secret, OIDC, managed identity, Azure CLI), and warns which ones it ignored.",
		Attributes: schemaAttributes(),
	}
}

func (p *hdikafkaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	cfg, diags := readConfig(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := resolveSettings(cfg, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "hdikafka provider configured", map[string]any{
		"endpoint": kafkarest.RedactEndpoint(s.Endpoint), "kafka_version": s.KafkaVersion, "unknown": s.Unknown,
	})
	data := newProviderData(p.version, req.TerraformVersion, s)
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *hdikafkaProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewTopicResource}
}

func (p *hdikafkaProvider) DataSources(context.Context) []func() datasource.DataSource {
	return dataSources()
}

// Functions returns the provider-defined functions (functions.go); Terraform before 1.8 never asks.
func (p *hdikafkaProvider) Functions(context.Context) []func() function.Function {
	return providerFunctions()
}
