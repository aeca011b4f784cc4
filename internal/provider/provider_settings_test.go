package provider

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/auth"
)

// nullModel is a provider block with nothing set.
func nullModel() providerModel {
	return providerModel{
		Endpoint: types.StringNull(), TenantID: types.StringNull(), ClientID: types.StringNull(),
		ClientSecret: types.StringNull(), ClientCertificate: types.StringNull(), ClientCertificatePath: types.StringNull(),
		ClientCertificatePassword: types.StringNull(), UseOIDC: types.BoolNull(), OIDCToken: types.StringNull(),
		OIDCTokenFilePath: types.StringNull(), OIDCRequestURL: types.StringNull(), OIDCRequestToken: types.StringNull(),
		OIDCAzureServiceConnectionID: types.StringNull(), UseMSI: types.BoolNull(), MSIEndpoint: types.StringNull(),
		UseCLI: types.BoolNull(), Environment: types.StringNull(), AuthorityHost: types.StringNull(), Scope: types.StringNull(),
		CACertificate: types.StringNull(), CACertificateFile: types.StringNull(), MaxRetries: types.Int64Null(),
		RequestTimeout: types.StringNull(), KafkaVersion: types.StringNull(), WaitForVisibility: types.BoolNull(),
	}
}

func mapEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestResolveSettings(t *testing.T) {
	cases := []struct {
		name    string
		model   func(*providerModel)
		env     map[string]string
		check   func(t *testing.T, s settings)
		wantErr string // substring of an error summary or detail; "" = no error
	}{
		{
			name: "explicit attributes win over the environment",
			model: func(m *providerModel) {
				m.Endpoint = types.StringValue("https://a-kafkarest.azurehdinsight.net")
				m.ClientID = types.StringValue("explicit-client")
				m.Scope = types.StringValue("api://explicit/.default")
				m.KafkaVersion = types.StringValue("2.4")
			},
			env: map[string]string{"HDIKAFKA_ENDPOINT": "https://b-kafkarest.azurehdinsight.net", "ARM_CLIENT_ID": "env-client",
				"HDIKAFKA_SCOPE": "api://env/.default", "HDIKAFKA_KAFKA_VERSION": "3.2", "ARM_TENANT_ID": "env-tenant"},
			check: func(t *testing.T, s settings) {
				if s.Endpoint != "https://a-kafkarest.azurehdinsight.net" || s.Auth.ClientID != "explicit-client" ||
					s.Auth.Scope != "api://explicit/.default" || s.KafkaVersion != "2.4" {
					t.Errorf("explicit values lost: %+v", s)
				}
				if s.Auth.TenantID != "env-tenant" {
					t.Errorf("tenant_id = %q, want the ARM_TENANT_ID fallback", s.Auth.TenantID)
				}
			},
		},
		{
			name: "environment fallbacks and defaults",
			env: map[string]string{"HDIKAFKA_ENDPOINT": "https://c-kafkarest.azurehdinsight.net", "ARM_CLIENT_SECRET": "s3cret",
				"HDIKAFKA_MAX_RETRIES": "2", "HDIKAFKA_REQUEST_TIMEOUT": "90s", "HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/ca.pem",
				"HDIKAFKA_AUTHORITY_HOST": "https://127.0.0.1:8443/"},
			check: func(t *testing.T, s settings) {
				if s.Endpoint != "https://c-kafkarest.azurehdinsight.net" || s.Auth.ClientSecret != "s3cret" || s.MaxRetries != 2 ||
					s.RequestTimeout != 90*time.Second || s.CACertificateFile != "/tmp/ca.pem" || s.KafkaVersion != "3.2" ||
					s.Auth.AuthorityHost != "https://127.0.0.1:8443/" {
					t.Errorf("unexpected settings %+v", s)
				}
			},
		},
		{
			name:  "explicit use_msi = false is not switched on by ARM_USE_MSI",
			model: func(m *providerModel) { m.Endpoint = types.StringValue("https://x"); m.UseMSI = types.BoolValue(false) },
			env:   map[string]string{"ARM_USE_MSI": "true"},
			check: func(t *testing.T, s settings) {
				if s.Auth.UseMSI {
					t.Error("use_msi switched on by the environment")
				}
			},
		},
		{
			name: "max_retries = 0 disables retries",
			model: func(m *providerModel) {
				m.Endpoint = types.StringValue("https://x")
				m.MaxRetries = types.Int64Value(0)
			},
			check: func(t *testing.T, s settings) {
				if s.MaxRetries >= 0 {
					t.Errorf("MaxRetries = %d, want negative (no retries)", s.MaxRetries)
				}
			},
		},
		{
			name: "unknown values are recorded, not errors",
			model: func(m *providerModel) {
				m.Endpoint = types.StringUnknown()
				m.ClientSecret = types.StringUnknown()
			},
			check: func(t *testing.T, s settings) {
				if !slices.Equal(s.Unknown, []string{"endpoint", "client_secret"}) {
					t.Errorf("Unknown = %v", s.Unknown)
				}
			},
		},
		{
			name: "explicit ca_certificate turns off HDIKAFKA_CA_CERTIFICATE_FILE",
			model: func(m *providerModel) {
				m.Endpoint = types.StringValue("https://x")
				m.CACertificate = types.StringValue("-----BEGIN CERTIFICATE-----")
			},
			env: map[string]string{"HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/env-ca.pem"},
			check: func(t *testing.T, s settings) {
				if s.CACertificatePEM != "-----BEGIN CERTIFICATE-----" || s.CACertificateFile != "" {
					t.Errorf("CA PEM %q, file %q; want the explicit certificate and no file", s.CACertificatePEM, s.CACertificateFile)
				}
			},
		},
		{
			name: "explicit ca_certificate_file wins over HDIKAFKA_CA_CERTIFICATE_FILE",
			model: func(m *providerModel) {
				m.Endpoint = types.StringValue("https://x")
				m.CACertificateFile = types.StringValue("/tmp/explicit-ca.pem")
			},
			env: map[string]string{"HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/env-ca.pem"},
			check: func(t *testing.T, s settings) {
				if s.CACertificateFile != "/tmp/explicit-ca.pem" || s.CACertificatePEM != "" {
					t.Errorf("CA PEM %q, file %q", s.CACertificatePEM, s.CACertificateFile)
				}
			},
		},
		{
			name: "both CA attributes set explicitly are both kept",
			model: func(m *providerModel) {
				m.Endpoint = types.StringValue("https://x")
				m.CACertificate = types.StringValue("-----BEGIN CERTIFICATE-----")
				m.CACertificateFile = types.StringValue("/tmp/explicit-ca.pem")
			},
			env: map[string]string{"HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/env-ca.pem"},
			check: func(t *testing.T, s settings) {
				if s.CACertificatePEM != "-----BEGIN CERTIFICATE-----" || s.CACertificateFile != "/tmp/explicit-ca.pem" {
					t.Errorf("CA PEM %q, file %q; want both explicit values", s.CACertificatePEM, s.CACertificateFile)
				}
			},
		},
		{name: "missing endpoint", wantErr: "HDIKAFKA_ENDPOINT"},
		{name: "http endpoint on a public host", model: func(m *providerModel) {
			m.Endpoint = types.StringValue("http://c-kafkarest.azurehdinsight.net")
		}, wantErr: "Invalid REST proxy endpoint"},
		{name: "bad endpoint from the environment", env: map[string]string{"HDIKAFKA_ENDPOINT": "::not a url"}, wantErr: "Invalid REST proxy endpoint"},
		{name: "unsupported kafka_version from the environment", model: func(m *providerModel) { m.Endpoint = types.StringValue("https://x") },
			env: map[string]string{"HDIKAFKA_KAFKA_VERSION": "1.0"}, wantErr: "HDIKAFKA_KAFKA_VERSION"},
		{name: "bad HDIKAFKA_MAX_RETRIES", model: func(m *providerModel) { m.Endpoint = types.StringValue("https://x") },
			env: map[string]string{"HDIKAFKA_MAX_RETRIES": "many"}, wantErr: "HDIKAFKA_MAX_RETRIES"},
		{name: "bad request_timeout", model: func(m *providerModel) {
			m.Endpoint = types.StringValue("https://x")
			m.RequestTimeout = types.StringValue("-5s")
		}, wantErr: "greater than zero"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.model != nil {
				tc.model(&m)
			}
			s, diags := resolveSettings(m, mapEnv(tc.env))
			if tc.wantErr == "" {
				if diags.HasError() {
					t.Fatalf("unexpected errors: %v", diags)
				}
				tc.check(t, s)
				return
			}
			if !diagsContain(diags, tc.wantErr) {
				t.Fatalf("want an error mentioning %q, got %v", tc.wantErr, diags)
			}
		})
	}
}

func diagsContain(diags diag.Diagnostics, substr string) bool {
	for _, d := range diags {
		if strings.Contains(d.Summary(), substr) || strings.Contains(d.Detail(), substr) {
			return true
		}
	}
	return false
}

func TestProviderDataClientErrors(t *testing.T) {
	cases := []struct {
		name    string
		s       settings
		wantErr string
	}{
		{"unknown configuration", settings{Endpoint: "", Unknown: []string{"endpoint"}}, `"endpoint" is known only after apply`},
		{"bad CA certificate", settings{Endpoint: "https://127.0.0.1:1", CACertificatePEM: "not pem"}, "Invalid CA certificate"},
		{"no credential", settings{Endpoint: "https://127.0.0.1:1"}, "Invalid provider authentication configuration"},
		{"conflicting methods name the attributes", settings{Endpoint: "https://127.0.0.1:1",
			Auth: auth.Config{TenantID: "t", ClientID: "c", UseMSI: true, UseCLI: true}}, "use_msi"},
		{"half-configured OIDC names the attribute", settings{Endpoint: "https://127.0.0.1:1",
			Auth: auth.Config{TenantID: "t", ClientID: "c", UseOIDC: true, OIDCRequestURL: "https://127.0.0.1:2/token"}}, "oidc_request_token"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newProviderData("1.0.0", "1.11.4", tc.s)
			c, diags := d.Client(t.Context())
			if c != nil || !diagsContain(diags, tc.wantErr) {
				t.Fatalf("Client() = %v, %v; want an error mentioning %q", c, diags, tc.wantErr)
			}
			// The error is kept: a second call reports it again without rebuilding.
			if _, again := d.Client(t.Context()); !diagsContain(again, tc.wantErr) {
				t.Fatalf("second Client() = %v", again)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	d := newProviderData("1.2.3", "1.11.4", settings{})
	if got, want := d.UserAgent(), "terraform-provider-hdikafka/1.2.3 (+Terraform/1.11.4)"; got != want {
		t.Errorf("UserAgent() = %q, want %q", got, want)
	}
}

// TestInvalidEndpointRedactsPassword: an endpoint with user:password, from the configuration or the
// environment, is quoted in the diagnostic with the password redacted.
func TestInvalidEndpointRedactsPassword(t *testing.T) {
	const password = "hunter2-s3cr3t"
	raw := "https://admin:" + password + "@c-kafkarest.azurehdinsight.net"
	cases := []struct {
		name  string
		model func(*providerModel)
		env   map[string]string
	}{
		{name: "attribute", model: func(m *providerModel) { m.Endpoint = types.StringValue(raw) }},
		{name: "environment", env: map[string]string{"HDIKAFKA_ENDPOINT": raw}},
		{name: "unparseable", model: func(m *providerModel) { m.Endpoint = types.StringValue(raw + ":port") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.model != nil {
				tc.model(&m)
			}
			_, diags := resolveSettings(m, mapEnv(tc.env))
			if !diagsContain(diags, "Invalid REST proxy endpoint") {
				t.Fatalf("want the invalid endpoint error, got %v", diags)
			}
			if diagsContain(diags, password) {
				t.Errorf("diagnostics reveal the password: %v", diags)
			}
			if !diagsContain(diags, "admin:xxxxx@") {
				t.Errorf("diagnostics do not quote the redacted endpoint: %v", diags)
			}
			d := newProviderData("1.0.0", "1.11.4", settings{Endpoint: m.Endpoint.ValueString() + tc.env["HDIKAFKA_ENDPOINT"]})
			if _, diags := d.Client(t.Context()); diagsContain(diags, password) || !diagsContain(diags, "Invalid REST proxy endpoint") {
				t.Errorf("Client() diagnostics: %v", diags)
			}
		})
	}
}
