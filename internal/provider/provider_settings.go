package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/auth"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// ---- the provider settings table ---------------------------------------------------------------
//
// providerSettings is the one home of the provider block's attributes: it drives the schema (type,
// sensitivity, validators, MarkdownDescription with its environment variables and default), the
// resolution of values (resolveSettings), the secrets masked in logs (providerData.secrets) and
// the tests (provider_settings_test.go checks that every environment variable the code reads is
// in this table and in the generated descriptions).
//
// Resolution rule, for every row: an attribute set in the provider block wins, whatever its value:
// `""` (or `false`) set in a block means "not set here", and the environment is not consulted for
// that attribute either, so an aliased block can switch a method off while the pipeline's
// environment configures it (`client_secret = ""` with ARM_CLIENT_SECRET set: no client secret).
// Otherwise the environment variables are read in the order listed (the first non-blank one wins),
// then the default applies.

// settingType is the Terraform type of a provider attribute.
type settingType int

const (
	typeString settingType = iota
	typeBool
	typeInt64
)

// envVar is one environment variable a setting is read from.
type envVar struct {
	Name string
	// OnlyWith names an attribute that must have a value for this variable to be read.
	OnlyWith string
	// Note is shown in the docs after the name.
	Note string
}

// setting is one row of the table.
type setting struct {
	Attr string
	// Env lists the environment variables in the order they are read.
	Env []envVar
	// EnvUnlessSet names an attribute whose presence in the provider block turns off Env.
	EnvUnlessSet string
	Sensitive    bool
	Type         settingType
	// Default is the value used when neither the block nor the environment gives one ("" = none).
	Default string
	// Verbatim keeps surrounding spaces of an environment value (they may be part of a secret).
	Verbatim bool
	// Description is the attribute's documentation without the default and environment
	// sentences, which are generated from Default and Env.
	Description string

	stringValidators []validator.String
	int64Validators  []validator.Int64
}

// adoNote documents the Azure DevOps variables: SYSTEM_ACCESSTOKEN is present in many pipelines that
// do not use OIDC at all, so they are read only with a service connection id.
const adoNote = "Azure DevOps, read only when `oidc_azure_service_connection_id` is set"

func env(names ...string) []envVar {
	out := make([]envVar, len(names))
	for i, n := range names {
		out[i] = envVar{Name: n}
	}
	return out
}

var providerSettings = []setting{
	{Attr: "endpoint", Env: env("HDIKAFKA_ENDPOINT"),
		Description: "URL of the cluster's Kafka REST proxy, e.g. `https://<cluster>-kafkarest.azurehdinsight.net`. " +
			"Must be `https`; plain `http` is accepted only for loopback hosts."},
	{Attr: "tenant_id", Env: env("ARM_TENANT_ID", "AZURE_TENANT_ID"),
		Description: "Microsoft Entra ID tenant (directory) ID."},
	{Attr: "client_id", Env: env("ARM_CLIENT_ID", "AZURE_CLIENT_ID"),
		Description: "Application (client) ID of the service principal in the REST proxy's security group; " +
			"with `use_msi`, the client ID of a user-assigned managed identity."},
	{Attr: "client_secret", Env: env("ARM_CLIENT_SECRET"), Sensitive: true, Verbatim: true,
		Description: "Client secret of the application."},
	{Attr: "client_certificate", Env: env("ARM_CLIENT_CERTIFICATE"), Sensitive: true,
		Description: "Client certificate of the application as base64-encoded PFX, or PEM (certificate and RSA private key)."},
	{Attr: "client_certificate_path", Env: env("ARM_CLIENT_CERTIFICATE_PATH"),
		Description: "Path to the client certificate (PFX or PEM)."},
	{Attr: "client_certificate_password", Env: env("ARM_CLIENT_CERTIFICATE_PASSWORD"), Sensitive: true, Verbatim: true,
		Description: "Password of the PFX client certificate."},
	{Attr: "use_oidc", Env: env("ARM_USE_OIDC"), Type: typeBool, Default: "false",
		Description: "Authenticate with an OIDC federated credential (workload identity federation, GitHub Actions, Azure DevOps)."},
	{Attr: "oidc_token", Env: env("ARM_OIDC_TOKEN"), Sensitive: true,
		Description: "Federated OIDC token (assertion)."},
	{Attr: "oidc_token_file_path", Env: env("ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"),
		Description: "Path to a file holding the federated OIDC token, read again for every token request."},
	{Attr: "oidc_request_url", Env: []envVar{{Name: "ARM_OIDC_REQUEST_URL"}, {Name: "ACTIONS_ID_TOKEN_REQUEST_URL"},
		{Name: "SYSTEM_OIDCREQUESTURI", OnlyWith: "oidc_azure_service_connection_id", Note: adoNote}},
		Description: "URL to request an OIDC token from (GitHub Actions, Azure DevOps)."},
	{Attr: "oidc_request_token", Env: []envVar{{Name: "ARM_OIDC_REQUEST_TOKEN"}, {Name: "ACTIONS_ID_TOKEN_REQUEST_TOKEN"},
		{Name: "SYSTEM_ACCESSTOKEN", OnlyWith: "oidc_azure_service_connection_id", Note: adoNote + "; map it into the task's environment"}},
		Sensitive: true, Description: "Bearer token for `oidc_request_url`."},
	{Attr: "oidc_azure_service_connection_id", Env: env("ARM_OIDC_AZURE_SERVICE_CONNECTION_ID", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID"),
		Description: "Azure DevOps service connection ID used to request the OIDC token."},
	{Attr: "use_msi", Env: env("ARM_USE_MSI"), Type: typeBool, Default: "false",
		Description: "Authenticate with a managed identity (system assigned, or user assigned when `client_id` is set). " +
			"The identity endpoint is detected by MSAL from the hosting service's variables: `IDENTITY_ENDPOINT` and " +
			"`IDENTITY_HEADER` on App Service and Functions (with `IDENTITY_SERVER_THUMBPRINT` on Service Fabric), " +
			"`MSI_ENDPOINT` in Cloud Shell (with `MSI_SECRET` on Azure Machine Learning), `IDENTITY_ENDPOINT` and " +
			"`IMDS_ENDPOINT` on Azure Arc; otherwise the instance metadata service."},
	{Attr: "msi_endpoint", Env: env("ARM_MSI_ENDPOINT"),
		Description: "Endpoint of the managed identity token service, replacing the instance metadata service's."},
	{Attr: "use_cli", Env: env("ARM_USE_CLI"), Type: typeBool, Default: "true",
		Description: "Authenticate with the signed-in Azure CLI (`az account get-access-token`), the last method of " +
			"azurerm's order. On by default, as in azurerm: used when no other method is configured; `false` turns it off."},
	{Attr: "environment", Env: env("ARM_ENVIRONMENT"), Default: "public",
		Description:      "Azure cloud: " + quoteCodeList(auth.EnvironmentNames()) + ". Checked even when `authority_host` overrides it.",
		stringValidators: []validator.String{stringvalidator.OneOfCaseInsensitive(auth.EnvironmentNames()...)}},
	{Attr: "authority_host", Env: env("HDIKAFKA_AUTHORITY_HOST"),
		Description: "Microsoft Entra ID authority host, overriding `environment`, e.g. the emulator's identity provider `https://127.0.0.1:8443/`."},
	{Attr: "scope", Env: env("HDIKAFKA_SCOPE"), Default: auth.DefaultScope,
		Description: "OAuth scope of the access token."},
	{Attr: "ca_certificate",
		Description: "Extra trusted root certificates (PEM) for the REST proxy and token endpoints: private CAs, " +
			"TLS-inspecting proxies, the emulator. When set, `HDIKAFKA_CA_CERTIFICATE_FILE` is ignored; with " +
			"`ca_certificate_file` also set, the roots of both are trusted."},
	{Attr: "ca_certificate_file", Env: env("HDIKAFKA_CA_CERTIFICATE_FILE"), EnvUnlessSet: "ca_certificate",
		Description: "Path to a PEM file of extra trusted root certificates. With `ca_certificate` also set, the roots of both are trusted."},
	{Attr: "max_retries", Env: env("HDIKAFKA_MAX_RETRIES"), Type: typeInt64, Default: "8",
		Description: "Retries of a REST proxy request after 429, 5xx, timeouts and connection resets (exponential " +
			"backoff with jitter, `Retry-After` honoured), 0 to 100; 0 disables retries.",
		int64Validators: []validator.Int64{int64validator.Between(0, 100)}},
	{Attr: "request_timeout", Env: env("HDIKAFKA_REQUEST_TIMEOUT"), Default: "60s",
		Description:      "Timeout of one REST proxy request attempt, as a duration such as `60s` or `2m`.",
		stringValidators: []validator.String{durationValidator{}}},
	{Attr: "kafka_version", Env: env("HDIKAFKA_KAFKA_VERSION"), Default: topicconfig.DefaultVersion,
		Description:      "The cluster's Kafka version line for plan-time checks of `topic_properties`: `3.2` (HDInsight 5.1) or `2.4` (HDInsight 4.0).",
		stringValidators: []validator.String{kafkaVersionValidator{}}},
	{Attr: "wait_for_visibility", Env: env("HDIKAFKA_WAIT_FOR_VISIBILITY"), Type: typeBool, Default: "true",
		Description: "Whether `hdikafka_topic` creation waits until the REST proxy shows the new topic (default `true`). " +
			"With `false`, a create returns as soon as the proxy accepted it, with the requested `partition_count` and " +
			"`replication_factor`, and the topic is tracked as pending until it becomes visible; see the `hdikafka_topic` " +
			"resource. Each resource can override it."},
}

// settingByAttr returns the table row of an attribute.
func settingByAttr(name string) (setting, bool) {
	for _, s := range providerSettings {
		if s.Attr == name {
			return s, true
		}
	}
	return setting{}, false
}

// markdownDescription is the documentation of a row: its description, its default and its
// environment variables in the order they are read.
func (s setting) markdownDescription() string {
	var b strings.Builder
	b.WriteString(s.Description)
	if s.Default != "" && !strings.Contains(s.Description, "(default `") {
		fmt.Fprintf(&b, " Default `%s`.", s.Default)
	}
	if len(s.Env) == 0 {
		b.WriteString(" No environment variable.")
		return b.String()
	}
	b.WriteString(" Environment: ")
	for i, e := range s.Env {
		if i > 0 {
			b.WriteString(", then ")
		}
		fmt.Fprintf(&b, "`%s`", e.Name)
		if e.Note != "" {
			fmt.Fprintf(&b, " (%s)", e.Note)
		}
	}
	if s.EnvUnlessSet != "" {
		fmt.Fprintf(&b, ", used only when `%s` is not set in the provider block", s.EnvUnlessSet)
	}
	b.WriteString(".")
	return b.String()
}

// schemaAttribute builds the provider schema attribute of a row.
func (s setting) schemaAttribute() schema.Attribute {
	desc := s.markdownDescription()
	switch s.Type {
	case typeBool:
		return schema.BoolAttribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: desc}
	case typeInt64:
		return schema.Int64Attribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: desc, Validators: s.int64Validators}
	}
	return schema.StringAttribute{Optional: true, Sensitive: s.Sensitive, MarkdownDescription: desc, Validators: s.stringValidators}
}

// schemaAttributes is the provider schema's attribute map.
func schemaAttributes() map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(providerSettings))
	for _, s := range providerSettings {
		out[s.Attr] = s.schemaAttribute()
	}
	return out
}

// attributeRef renders an attribute with its environment variables for messages, e.g.
// "tenant_id (ARM_TENANT_ID/AZURE_TENANT_ID)". internal/auth uses it through auth.Config.
func attributeRef(name string) string {
	s, ok := settingByAttr(name)
	if !ok || len(s.Env) == 0 {
		return name
	}
	names := make([]string, len(s.Env))
	for i, e := range s.Env {
		names[i] = e.Name
	}
	return fmt.Sprintf("%s (%s)", name, strings.Join(names, "/"))
}

// ---- resolution -----------------------------------------------------------------------------------

// configValues are the provider block's values by attribute name (types.String, types.Bool or
// types.Int64 as the table says); a missing attribute counts as null.
type configValues map[string]attr.Value

// readConfig reads every attribute of the table from the provider block.
func readConfig(ctx context.Context, cfg tfsdk.Config) (configValues, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := make(configValues, len(providerSettings))
	for _, s := range providerSettings {
		p := path.Root(s.Attr)
		switch s.Type {
		case typeBool:
			var v types.Bool
			diags.Append(cfg.GetAttribute(ctx, p, &v)...)
			out[s.Attr] = v
		case typeInt64:
			var v types.Int64
			diags.Append(cfg.GetAttribute(ctx, p, &v)...)
			out[s.Attr] = v
		default:
			var v types.String
			diags.Append(cfg.GetAttribute(ctx, p, &v)...)
			out[s.Attr] = v
		}
	}
	return out, diags
}

// settings is the provider configuration after resolution (see the table's rule).
type settings struct {
	Endpoint          string
	Auth              auth.Config // without HTTPClient and Logger
	CACertificatePEM  string
	CACertificateFile string
	MaxRetries        int // retries of a REST proxy request (retry.Policy.Retries); 0 = none
	RequestTimeout    time.Duration
	KafkaVersion      string
	Catalogue         *topicconfig.Catalogue // of KafkaVersion; nil when it is unknown or unsupported
	// WaitForVisibility is wait_for_visibility resolved: default true.
	WaitForVisibility bool
	// Unknown lists the attributes whose values were unknown at configure time (plan of a run that
	// creates them); the client cannot be built until they are known.
	Unknown []string
	// values holds every resolved value as a string, by attribute ("" = none); secrets() reads
	// the sensitive ones.
	values map[string]string
}

// resolved is one setting's value before parsing.
type resolved struct {
	value     string
	env       string // the variable it came from; "" when from the block or the default
	defaulted bool   // neither the block nor the environment gave a value
	unknown   bool
}

// resolver applies the table's rule to a provider block and an environment.
type resolver struct {
	cfg    configValues
	getenv func(string) string
	done   map[string]resolved
	diags  diag.Diagnostics
}

// raw resolves one attribute (memoised: OnlyWith and EnvUnlessSet refer to other attributes).
func (r *resolver) raw(name string) resolved {
	if v, ok := r.done[name]; ok {
		return v
	}
	s, _ := settingByAttr(name)
	out := r.lookup(s)
	r.done[name] = out
	return out
}

func (r *resolver) lookup(s setting) resolved {
	v := r.cfg[s.Attr]
	switch {
	case v == nil || v.IsNull():
	case v.IsUnknown():
		return resolved{unknown: true}
	default:
		switch tv := v.(type) {
		case types.String:
			if tv.ValueString() == "" {
				// "Not set here": neither the environment nor anything but the default.
				return resolved{value: s.Default, defaulted: true}
			}
			return resolved{value: tv.ValueString()}
		case types.Bool:
			return resolved{value: strconv.FormatBool(tv.ValueBool())}
		case types.Int64:
			return resolved{value: strconv.FormatInt(tv.ValueInt64(), 10)}
		}
	}
	if s.EnvUnlessSet != "" {
		if other := r.cfg[s.EnvUnlessSet]; other != nil && !other.IsNull() {
			return resolved{}
		}
	}
	for _, e := range s.Env {
		if e.OnlyWith != "" && r.raw(e.OnlyWith).value == "" {
			continue
		}
		val := r.getenv(e.Name)
		if strings.TrimSpace(val) == "" {
			continue
		}
		if !s.Verbatim {
			val = strings.TrimSpace(val)
		}
		return resolved{value: val, env: e.Name}
	}
	return resolved{value: s.Default, defaulted: true}
}

// str returns a string setting.
func (r *resolver) str(name string) string { return r.raw(name).value }

// boolean returns a bool setting; an environment value that is not a boolean is an error naming
// the variable, the value and the accepted forms.
func (r *resolver) boolean(name string) bool {
	v := r.raw(name)
	if v.value == "" {
		return false
	}
	b, err := strconv.ParseBool(v.value)
	if err != nil {
		r.diags.Append(diagInvalidEnv(name, v.env, v.value,
			fmt.Errorf("not a boolean: use true or false (also accepted: 1, 0, t, f, TRUE, FALSE)")))
	}
	return b
}

// resolveSettings applies the table's rule and checks what can be checked without a network.
// Unknown attribute values are tolerated and recorded. Each concern has its own step below.
func resolveSettings(cfg configValues, getenv func(string) string) (settings, diag.Diagnostics) {
	r := &resolver{cfg: cfg, getenv: getenv, done: map[string]resolved{}}
	s := settings{values: map[string]string{}}
	for _, row := range providerSettings {
		v := r.raw(row.Attr)
		if v.unknown {
			s.Unknown = append(s.Unknown, row.Attr)
		}
		s.values[row.Attr] = v.value
	}
	s.Endpoint = r.endpoint()
	s.Auth = r.auth()
	s.CACertificatePEM = r.str("ca_certificate")
	s.CACertificateFile = r.str("ca_certificate_file")
	s.WaitForVisibility = r.boolean("wait_for_visibility")
	s.MaxRetries = r.maxRetries()
	s.RequestTimeout = r.requestTimeout()
	s.KafkaVersion, s.Catalogue = r.kafkaVersion()
	return s, r.diags
}

// endpoint is the REST proxy's URL, checked as soon as it is known (an unknown one on first use).
// A missing one is reported when a resource or data source needs the client (providerData.build),
// not here: provider functions need no endpoint, and OpenTofu configures the provider for them.
func (r *resolver) endpoint() string {
	v := r.raw("endpoint")
	switch {
	case v.unknown, v.value == "":
	default:
		if _, err := kafkarest.ValidateEndpoint(v.value); err != nil {
			r.diags.Append(diagInvalidEndpoint(v.value, err))
		}
	}
	return v.value
}

// auth is the Entra ID configuration: internal/auth takes resolved values only.
func (r *resolver) auth() auth.Config {
	if v := r.raw("environment"); v.env != "" {
		// The schema validates the attribute; the variable is checked here, authority_host or not.
		if err := auth.ValidateEnvironment(v.value); err != nil {
			r.diags.Append(diagInvalidEnv("environment", v.env, v.value, err))
		}
	}
	return auth.Config{
		TenantID:                  r.str("tenant_id"),
		ClientID:                  r.str("client_id"),
		ClientSecret:              r.str("client_secret"),
		ClientCertificate:         r.str("client_certificate"),
		ClientCertificatePath:     r.str("client_certificate_path"),
		ClientCertificatePassword: r.str("client_certificate_password"),
		UseOIDC:                   r.boolean("use_oidc"),
		OIDCToken:                 r.str("oidc_token"),
		OIDCTokenFilePath:         r.str("oidc_token_file_path"),
		OIDCRequestURL:            r.str("oidc_request_url"),
		OIDCRequestToken:          r.str("oidc_request_token"),
		ADOServiceConnectionID:    r.str("oidc_azure_service_connection_id"),
		UseMSI:                    r.boolean("use_msi"),
		MSIEndpoint:               r.str("msi_endpoint"),
		UseCLI:                    r.boolean("use_cli"),
		UseCLIByDefault:           r.raw("use_cli").defaulted,
		Environment:               r.str("environment"),
		AuthorityHost:             r.str("authority_host"),
		Scope:                     r.str("scope"),
		Retry:                     retry.DefaultPolicy(),
		AttributeRef:              attributeRef,
	}
}

// maxRetries is max_retries: 0 to 100, default retry.DefaultRetries.
func (r *resolver) maxRetries() int {
	v := r.raw("max_retries")
	if v.value == "" {
		return retry.DefaultRetries
	}
	n, err := strconv.ParseInt(v.value, 10, 64)
	if err == nil && (n < 0 || n > 100) {
		err = fmt.Errorf("must be between 0 and 100")
	}
	switch {
	case err == nil:
		return int(n)
	case v.env != "":
		r.diags.Append(diagInvalidEnv("max_retries", v.env, v.value, err))
	default:
		r.diags.Append(diagInvalidAttribute("max_retries", "Invalid number of retries", err))
	}
	return retry.DefaultRetries
}

// requestTimeout is request_timeout, a positive duration (the table's default when unset).
func (r *resolver) requestTimeout() time.Duration {
	v := r.raw("request_timeout")
	if v.value == "" {
		return 0
	}
	d, err := parsePositiveDuration(v.value)
	switch {
	case err == nil:
	case v.env != "":
		r.diags.Append(diagInvalidEnv("request_timeout", v.env, v.value, err))
	default:
		r.diags.Append(diagInvalidAttribute("request_timeout", "Invalid duration", err))
	}
	return d
}

// kafkaVersion is kafka_version and its topic configuration catalogue (nil when unknown or
// unsupported).
func (r *resolver) kafkaVersion() (string, *topicconfig.Catalogue) {
	v := r.raw("kafka_version")
	if v.value == "" {
		return "", nil
	}
	cat, err := topicconfig.ForVersion(v.value)
	switch {
	case err == nil:
	case v.env != "":
		r.diags.Append(diagInvalidEnv("kafka_version", v.env, v.value,
			fmt.Errorf("supported versions are %s", quoteList(topicconfig.SupportedVersions()))))
	default:
		r.diags.Append(diagInvalidKafkaVersion(path.Root("kafka_version"), v.value))
	}
	return v.value, cat
}

func parsePositiveDuration(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err != nil {
		return 0, err
	}
	if d <= 0 {
		return 0, fmt.Errorf("duration %q must be greater than zero", raw)
	}
	return d, nil
}

// quoteCodeList renders names as "`a`, `b` or `c`".
func quoteCodeList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "`" + n + "`"
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
