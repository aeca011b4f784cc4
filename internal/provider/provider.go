// Package provider is the Terraform glue of the hdikafka provider: the provider itself, the
// hdikafka_topic resource, the data sources and the wording of every diagnostic.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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

// providerModel maps the provider block.
type providerModel struct {
	Endpoint                     types.String `tfsdk:"endpoint"`
	TenantID                     types.String `tfsdk:"tenant_id"`
	ClientID                     types.String `tfsdk:"client_id"`
	ClientSecret                 types.String `tfsdk:"client_secret"`
	ClientCertificate            types.String `tfsdk:"client_certificate"`
	ClientCertificatePath        types.String `tfsdk:"client_certificate_path"`
	ClientCertificatePassword    types.String `tfsdk:"client_certificate_password"`
	UseOIDC                      types.Bool   `tfsdk:"use_oidc"`
	OIDCToken                    types.String `tfsdk:"oidc_token"`
	OIDCTokenFilePath            types.String `tfsdk:"oidc_token_file_path"`
	OIDCRequestURL               types.String `tfsdk:"oidc_request_url"`
	OIDCRequestToken             types.String `tfsdk:"oidc_request_token"`
	OIDCAzureServiceConnectionID types.String `tfsdk:"oidc_azure_service_connection_id"`
	UseMSI                       types.Bool   `tfsdk:"use_msi"`
	MSIEndpoint                  types.String `tfsdk:"msi_endpoint"`
	UseCLI                       types.Bool   `tfsdk:"use_cli"`
	Environment                  types.String `tfsdk:"environment"`
	AuthorityHost                types.String `tfsdk:"authority_host"`
	Scope                        types.String `tfsdk:"scope"`
	CACertificate                types.String `tfsdk:"ca_certificate"`
	CACertificateFile            types.String `tfsdk:"ca_certificate_file"`
	MaxRetries                   types.Int64  `tfsdk:"max_retries"`
	RequestTimeout               types.String `tfsdk:"request_timeout"`
	KafkaVersion                 types.String `tfsdk:"kafka_version"`
	WaitForVisibility            types.Bool   `tfsdk:"wait_for_visibility"`
}

func (p *hdikafkaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hdikafka"
	resp.Version = p.version
}

func (p *hdikafkaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	str := func(desc string, sensitive bool, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Sensitive: sensitive, MarkdownDescription: desc, Validators: validators}
	}
	boolean := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Kafka topics on Azure HDInsight clusters through the cluster's Kafka REST proxy, " +
			"authenticating with Microsoft Entra ID. Every attribute except `ca_certificate` can also be set through the environment " +
			"(the `ARM_*` variables azurerm uses, plus `HDIKAFKA_*`); an attribute in the configuration wins.",
		Attributes: map[string]schema.Attribute{
			"endpoint": str("URL of the cluster's Kafka REST proxy, e.g. `https://<cluster>-kafkarest.azurehdinsight.net`. "+
				"Must be `https`; plain `http` is accepted only for loopback hosts. Environment: `HDIKAFKA_ENDPOINT`.", false),
			"tenant_id": str("Microsoft Entra ID tenant (directory) ID. Environment: `ARM_TENANT_ID`.", false),
			"client_id": str("Application (client) ID of the service principal in the REST proxy's security group. "+
				"Environment: `ARM_CLIENT_ID`.", false),
			"client_secret": str("Client secret of the application. Environment: `ARM_CLIENT_SECRET`.", true),
			"client_certificate": str("Client certificate of the application as base64-encoded PFX, or PEM "+
				"(certificate and RSA private key). Environment: `ARM_CLIENT_CERTIFICATE`.", true),
			"client_certificate_path": str("Path to the client certificate (PFX or PEM). "+
				"Environment: `ARM_CLIENT_CERTIFICATE_PATH`.", false),
			"client_certificate_password": str("Password of the PFX client certificate. "+
				"Environment: `ARM_CLIENT_CERTIFICATE_PASSWORD`.", true),
			"use_oidc": boolean("Authenticate with an OIDC federated credential (workload identity federation, " +
				"GitHub Actions, Azure DevOps). Environment: `ARM_USE_OIDC`."),
			"oidc_token": str("Federated OIDC token (assertion). Environment: `ARM_OIDC_TOKEN`.", true),
			"oidc_token_file_path": str("Path to a file holding the federated OIDC token, read again for every "+
				"token request. Environment: `ARM_OIDC_TOKEN_FILE_PATH`.", false),
			"oidc_request_url": str("URL to request an OIDC token from (GitHub Actions, Azure DevOps). "+
				"Environment: `ARM_OIDC_REQUEST_URL`, `ACTIONS_ID_TOKEN_REQUEST_URL`.", false),
			"oidc_request_token": str("Bearer token for `oidc_request_url`. Environment: `ARM_OIDC_REQUEST_TOKEN`, "+
				"`ACTIONS_ID_TOKEN_REQUEST_TOKEN`.", true),
			"oidc_azure_service_connection_id": str("Azure DevOps service connection ID used to request the OIDC token. "+
				"Environment: `ARM_OIDC_AZURE_SERVICE_CONNECTION_ID`.", false),
			"use_msi": boolean("Authenticate with a managed identity (system assigned, or user assigned when " +
				"`client_id` is set). Environment: `ARM_USE_MSI`."),
			"msi_endpoint": str("Endpoint of the managed identity token service, when not the default. "+
				"Environment: `ARM_MSI_ENDPOINT`.", false),
			"use_cli": boolean("Authenticate with the signed-in Azure CLI (`az account get-access-token`). " +
				"Environment: `ARM_USE_CLI`."),
			"environment": str("Azure cloud: `public` (default), `usgovernment` or `china`. Environment: `ARM_ENVIRONMENT`.",
				false, stringvalidator.OneOfCaseInsensitive("public", "usgovernment", "china")),
			"authority_host": str("Microsoft Entra ID authority host, overriding `environment`, e.g. the emulator's "+
				"identity provider `https://127.0.0.1:8443/`. Environment: `HDIKAFKA_AUTHORITY_HOST`.", false),
			"scope": str("OAuth scope of the access token. Default `https://hib.azurehdinsight.net/.default`. "+
				"Environment: `HDIKAFKA_SCOPE`.", false),
			"ca_certificate": str("Extra trusted root certificates (PEM) for the REST proxy and token endpoints: "+
				"private CAs, TLS-inspecting proxies, the emulator. When set, `HDIKAFKA_CA_CERTIFICATE_FILE` is "+
				"ignored; with `ca_certificate_file` also set, the roots of both are trusted.", false),
			"ca_certificate_file": str("Path to a PEM file of extra trusted root certificates. "+
				"Environment: `HDIKAFKA_CA_CERTIFICATE_FILE` (used only when neither `ca_certificate` nor "+
				"`ca_certificate_file` is set). With `ca_certificate` also set, the roots of both are trusted.", false),
			"max_retries": schema.Int64Attribute{Optional: true, MarkdownDescription: "Retries of a REST proxy request " +
				"after 429, 5xx, timeouts and connection resets (exponential backoff with jitter, `Retry-After` " +
				"honoured). Default 8; 0 disables retries. Environment: `HDIKAFKA_MAX_RETRIES`.",
				Validators: []validator.Int64{int64validator.Between(0, 100)}},
			"request_timeout": str("Timeout of one REST proxy request attempt, as a duration such as `60s` "+
				"(default) or `2m`. Environment: `HDIKAFKA_REQUEST_TIMEOUT`.", false, durationValidator{}),
			"kafka_version": str("The cluster's Kafka version line for plan-time checks of `topic_properties`: "+
				"`3.2` (HDInsight 5.1, default) or `2.4` (HDInsight 4.0). Environment: `HDIKAFKA_KAFKA_VERSION`.",
				false, kafkaVersionValidator{}),
			"wait_for_visibility": boolean("Whether `hdikafka_topic` creation waits until the REST proxy shows the new topic " +
				"(default `true`). With `false`, a create returns as soon as the proxy accepted it, with the requested " +
				"`partition_count` and `replication_factor`, and the topic is tracked as pending until it becomes visible; " +
				"see the `hdikafka_topic` resource. Each resource can override it. Environment: `HDIKAFKA_WAIT_FOR_VISIBILITY`."),
		},
	}
}

func (p *hdikafkaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
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
