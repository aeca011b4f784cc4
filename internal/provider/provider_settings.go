package provider

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/auth"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

const (
	defaultRequestTimeout = 60 * time.Second
)

// settings is the provider configuration after environment fallbacks: explicit attributes win,
// then HDIKAFKA_* variables, then (for authentication) the ARM_*/AZURE_* variables via auth.FromEnv.
type settings struct {
	Endpoint          string
	Auth              auth.Config // without HTTPClient and Logger
	CACertificatePEM  string
	CACertificateFile string
	MaxRetries        int // as kafkarest.Config.MaxRetries: 0 = default, negative = none
	RequestTimeout    time.Duration
	KafkaVersion      string
	WaitForVisibility bool                   // default true
	Catalogue         *topicconfig.Catalogue // of KafkaVersion; nil when it is unknown or unsupported
	// Unknown lists the attributes whose values were unknown at configure time (plan of a run that
	// creates them); the client cannot be built until they are known.
	Unknown []string
}

// resolveSettings applies the environment fallbacks and checks what can be checked without a
// network. Unknown attribute values are tolerated and recorded.
func resolveSettings(cfg providerModel, getenv func(string) string) (settings, diag.Diagnostics) {
	var (
		s     settings
		diags diag.Diagnostics
	)
	str := func(name string, v types.String, env ...string) string {
		if v.IsUnknown() {
			s.Unknown = append(s.Unknown, name)
			return ""
		}
		if !v.IsNull() {
			return v.ValueString()
		}
		for _, e := range env {
			if val := getenv(e); val != "" {
				return val
			}
		}
		return ""
	}
	boolean := func(name string, v types.Bool) bool {
		if v.IsUnknown() {
			s.Unknown = append(s.Unknown, name)
			return false
		}
		return v.ValueBool()
	}
	explicitFalse := func(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

	s.Endpoint = str("endpoint", cfg.Endpoint, "HDIKAFKA_ENDPOINT")
	a := auth.Config{
		TenantID:                  str("tenant_id", cfg.TenantID),
		ClientID:                  str("client_id", cfg.ClientID),
		ClientSecret:              str("client_secret", cfg.ClientSecret),
		ClientCertificate:         str("client_certificate", cfg.ClientCertificate),
		ClientCertificatePath:     str("client_certificate_path", cfg.ClientCertificatePath),
		ClientCertificatePassword: str("client_certificate_password", cfg.ClientCertificatePassword),
		UseOIDC:                   boolean("use_oidc", cfg.UseOIDC),
		OIDCToken:                 str("oidc_token", cfg.OIDCToken),
		OIDCTokenFilePath:         str("oidc_token_file_path", cfg.OIDCTokenFilePath),
		OIDCRequestURL:            str("oidc_request_url", cfg.OIDCRequestURL),
		OIDCRequestToken:          str("oidc_request_token", cfg.OIDCRequestToken),
		ADOServiceConnectionID:    str("oidc_azure_service_connection_id", cfg.OIDCAzureServiceConnectionID),
		UseMSI:                    boolean("use_msi", cfg.UseMSI),
		MSIEndpoint:               str("msi_endpoint", cfg.MSIEndpoint),
		UseCLI:                    boolean("use_cli", cfg.UseCLI),
		Environment:               str("environment", cfg.Environment),
		AuthorityHost:             str("authority_host", cfg.AuthorityHost),
		Scope:                     str("scope", cfg.Scope),
	}
	filled := auth.FromEnv(a, getenv)
	// An explicit use_* = false must not be switched on by the environment.
	if explicitFalse(cfg.UseOIDC) {
		filled.UseOIDC = a.UseOIDC
	}
	if explicitFalse(cfg.UseMSI) {
		filled.UseMSI = a.UseMSI
	}
	if explicitFalse(cfg.UseCLI) {
		filled.UseCLI = a.UseCLI
	}
	s.Auth = filled

	// An explicit attribute wins: ca_certificate in the configuration (even if not known yet) turns
	// off the HDIKAFKA_CA_CERTIFICATE_FILE fallback. Both attributes set explicitly: both are trusted.
	s.CACertificatePEM = str("ca_certificate", cfg.CACertificate)
	if cfg.CACertificate.IsNull() {
		s.CACertificateFile = str("ca_certificate_file", cfg.CACertificateFile, "HDIKAFKA_CA_CERTIFICATE_FILE")
	} else {
		s.CACertificateFile = str("ca_certificate_file", cfg.CACertificateFile)
	}

	// max_retries: 0 in the configuration means "no retries" (kafkarest: negative), unset = default.
	switch {
	case cfg.MaxRetries.IsUnknown():
		s.Unknown = append(s.Unknown, "max_retries")
	case !cfg.MaxRetries.IsNull():
		s.MaxRetries = retriesForClient(cfg.MaxRetries.ValueInt64())
	case getenv("HDIKAFKA_MAX_RETRIES") != "":
		raw := getenv("HDIKAFKA_MAX_RETRIES")
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
		if err == nil && (n < 0 || n > 100) {
			err = fmt.Errorf("must be between 0 and 100")
		}
		if err != nil {
			diags.Append(diagInvalidEnv("max_retries", "HDIKAFKA_MAX_RETRIES", raw, err))
		}
		s.MaxRetries = retriesForClient(n)
	}

	s.RequestTimeout = defaultRequestTimeout
	if raw := str("request_timeout", cfg.RequestTimeout, "HDIKAFKA_REQUEST_TIMEOUT"); raw != "" {
		d, err := parsePositiveDuration(raw)
		if err != nil {
			if cfg.RequestTimeout.IsNull() {
				diags.Append(diagInvalidEnv("request_timeout", "HDIKAFKA_REQUEST_TIMEOUT", raw, err))
			} else {
				diags.Append(diagInvalidAttribute("request_timeout", "Invalid duration", err))
			}
		}
		s.RequestTimeout = d
	}

	s.KafkaVersion = str("kafka_version", cfg.KafkaVersion, "HDIKAFKA_KAFKA_VERSION")
	if s.KafkaVersion == "" && !cfg.KafkaVersion.IsUnknown() {
		s.KafkaVersion = topicconfig.DefaultVersion
	}
	if s.KafkaVersion != "" {
		cat, err := topicconfig.ForVersion(s.KafkaVersion)
		switch {
		case err == nil:
			s.Catalogue = cat
		case cfg.KafkaVersion.IsNull():
			diags.Append(diagInvalidEnv("kafka_version", "HDIKAFKA_KAFKA_VERSION", s.KafkaVersion,
				fmt.Errorf("supported versions are %s", quoteList(topicconfig.SupportedVersions()))))
		default:
			diags.Append(diagInvalidKafkaVersion(path.Root("kafka_version"), s.KafkaVersion))
		}
	}

	s.WaitForVisibility = true
	switch raw := getenv("HDIKAFKA_WAIT_FOR_VISIBILITY"); {
	case cfg.WaitForVisibility.IsUnknown():
		s.Unknown = append(s.Unknown, "wait_for_visibility")
	case !cfg.WaitForVisibility.IsNull():
		s.WaitForVisibility = cfg.WaitForVisibility.ValueBool()
	case raw != "":
		b, err := strconv.ParseBool(strings.TrimSpace(raw))
		if err != nil {
			diags.Append(diagInvalidEnv("wait_for_visibility", "HDIKAFKA_WAIT_FOR_VISIBILITY", raw,
				fmt.Errorf("accepted values are true, false, 1, 0, t, f (any case)")))
		}
		s.WaitForVisibility = err != nil || b
	}

	// The endpoint is checked as soon as it is known; an unknown one is checked on first use.
	if !cfg.Endpoint.IsUnknown() {
		switch {
		case s.Endpoint == "":
			diags.Append(diagMissingEndpoint())
		default:
			if _, err := kafkarest.ValidateEndpoint(s.Endpoint); err != nil {
				diags.Append(diagInvalidEndpoint(s.Endpoint, err))
			}
		}
	}
	return s, diags
}

func retriesForClient(n int64) int {
	if n == 0 {
		return -1
	}
	return int(n)
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
