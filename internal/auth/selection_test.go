package auth

import (
	"slices"
	"strings"
	"testing"
)

func TestSelectMethod(t *testing.T) {
	app := Config{TenantID: "contoso.onmicrosoft.com", ClientID: "app", AttributeRef: testRef}
	with := func(f func(*Config)) Config {
		c := app
		f(&c)
		return c
	}
	bare := func(f func(*Config)) Config {
		c := Config{AttributeRef: testRef}
		f(&c)
		return c
	}
	// ignored renders Selected.Ignored as "method: reason" lines.
	ignored := func(s Selected) []string {
		var out []string
		for _, ig := range s.Ignored {
			out = append(out, string(ig.Method)+" via "+ig.Setting+": "+ig.Reason)
		}
		return out
	}
	tests := []struct {
		name        string
		cfg         Config
		want        Method
		wantIgnored []string
		wantErr     []string
	}{
		{name: "inline certificate", cfg: with(func(c *Config) { c.ClientCertificate = "abc" }), want: MethodClientCertificate},
		{name: "secret", cfg: with(func(c *Config) { c.ClientSecret = "s" }), want: MethodClientSecret},
		{name: "secret ignores oidc values without use_oidc", cfg: with(func(c *Config) { c.ClientSecret = "s"; c.OIDCRequestURL = "https://x" }), want: MethodClientSecret},
		{name: "oidc token", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCToken = "jwt" }), want: MethodOIDC},
		{name: "oidc file", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCTokenFilePath = "/f" }), want: MethodOIDC},
		{name: "oidc request pair", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestURL = "https://gh/x"; c.OIDCRequestToken = "t" }), want: MethodOIDC},
		{name: "msi system assigned", cfg: bare(func(c *Config) { c.UseMSI = true }), want: MethodMSI},
		{name: "msi user assigned with endpoint", cfg: bare(func(c *Config) { c.UseMSI = true; c.ClientID = "uami"; c.MSIEndpoint = "http://127.0.0.1:1/token" }), want: MethodMSI},
		{name: "cli", cfg: bare(func(c *Config) { c.UseCLI = true }), want: MethodCLI},
		{name: "cli with tenant", cfg: bare(func(c *Config) { c.UseCLI = true; c.TenantID = "t" }), want: MethodCLI},

		// Two configured methods: azurerm uses the first in its order and ignores the other; so do we, with a warning.
		{name: "certificate and secret: certificate", cfg: with(func(c *Config) { c.ClientCertificatePath = "/x.pfx"; c.ClientSecret = "s" }), want: MethodClientCertificate,
			wantIgnored: []string{"client_secret via client_secret (ARM_CLIENT_SECRET): client certificate (client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)) comes first in azurerm's order"}},
		{name: "secret and oidc: secret", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCToken = "x"; c.ClientSecret = "s" }), want: MethodClientSecret,
			wantIgnored: []string{"oidc via use_oidc (ARM_USE_OIDC): client secret (client_secret (ARM_CLIENT_SECRET)) comes first in azurerm's order"}},
		{name: "msi and secret: secret", cfg: with(func(c *Config) { c.UseMSI = true; c.ClientSecret = "s" }), want: MethodClientSecret,
			wantIgnored: []string{"msi via use_msi (ARM_USE_MSI): client secret (client_secret (ARM_CLIENT_SECRET)) comes first in azurerm's order"}},
		{name: "cli and secret: secret", cfg: with(func(c *Config) { c.UseCLI = true; c.ClientSecret = "s" }), want: MethodClientSecret,
			wantIgnored: []string{"cli via use_cli (ARM_USE_CLI): client secret (client_secret (ARM_CLIENT_SECRET)) comes first in azurerm's order"}},
		{name: "msi and cli: msi", cfg: bare(func(c *Config) { c.UseMSI = true; c.UseCLI = true }), want: MethodMSI,
			wantIgnored: []string{"cli via use_cli (ARM_USE_CLI): managed identity (use_msi (ARM_USE_MSI)) comes first in azurerm's order"}},
		{name: "oidc and msi: oidc", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCToken = "x"; c.UseMSI = true }), want: MethodOIDC,
			wantIgnored: []string{"msi via use_msi (ARM_USE_MSI): OIDC federation (use_oidc (ARM_USE_OIDC)) comes first in azurerm's order"}},
		{name: "everything: certificate", cfg: with(func(c *Config) {
			c.ClientCertificate, c.ClientSecret, c.UseOIDC, c.OIDCToken, c.UseMSI, c.UseCLI = "abc", "s", true, "x", true, true
		}), want: MethodClientCertificate, wantIgnored: []string{
			"client_secret via client_secret (ARM_CLIENT_SECRET): client certificate (client_certificate (ARM_CLIENT_CERTIFICATE)) comes first in azurerm's order",
			"oidc via use_oidc (ARM_USE_OIDC): client certificate (client_certificate (ARM_CLIENT_CERTIFICATE)) comes first in azurerm's order",
			"msi via use_msi (ARM_USE_MSI): client certificate (client_certificate (ARM_CLIENT_CERTIFICATE)) comes first in azurerm's order",
			"cli via use_cli (ARM_USE_CLI): client certificate (client_certificate (ARM_CLIENT_CERTIFICATE)) comes first in azurerm's order",
		}},
		// A method whose values are incomplete is skipped, as azurerm skips it, when a later one qualifies; the warning says what it lacks.
		{name: "secret without tenant falls to msi", cfg: bare(func(c *Config) { c.ClientSecret = "s"; c.ClientID = "a"; c.UseMSI = true }), want: MethodMSI,
			wantIgnored: []string{"client_secret via client_secret (ARM_CLIENT_SECRET): tenant_id (ARM_TENANT_ID) is not set"}},
		{name: "oidc without source falls to cli", cfg: with(func(c *Config) { c.UseOIDC = true; c.UseCLI = true }), want: MethodCLI,
			wantIgnored: []string{"oidc via use_oidc (ARM_USE_OIDC): no assertion source is set: set oidc_token (ARM_OIDC_TOKEN), oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH), or oidc_request_url (ARM_OIDC_REQUEST_URL) with oidc_request_token (ARM_OIDC_REQUEST_TOKEN)"}},

		// The Azure CLI on by default (as in azurerm) is the last resort and never reported as ignored.
		{name: "secret with the default cli", cfg: with(func(c *Config) { c.ClientSecret, c.UseCLI, c.UseCLIByDefault = "s", true, true }), want: MethodClientSecret},
		{name: "incomplete secret falls to the default cli", cfg: bare(func(c *Config) { c.ClientSecret, c.ClientID, c.UseCLI, c.UseCLIByDefault = "s", "a", true, true }),
			want: MethodCLI, wantIgnored: []string{"client_secret via client_secret (ARM_CLIENT_SECRET): tenant_id (ARM_TENANT_ID) is not set"}},
		{name: "nothing", cfg: bare(func(*Config) {}), wantErr: []string{"no Entra ID credential is configured", "client_secret (ARM_CLIENT_SECRET)", "use_oidc (ARM_USE_OIDC)", "use_msi (ARM_USE_MSI)", "use_cli (ARM_USE_CLI)", "client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)"}},
		{name: "oidc token without use_oidc", cfg: with(func(c *Config) { c.OIDCToken = "jwt" }), wantErr: []string{"no Entra ID credential", "hint: an OIDC assertion source is set but use_oidc (ARM_USE_OIDC) is not enabled"}},
		{name: "msi endpoint without use_msi", cfg: bare(func(c *Config) { c.MSIEndpoint = "http://127.0.0.1/x" }), wantErr: []string{"hint: msi_endpoint is set but use_msi"}},
		{name: "both certificate forms", cfg: with(func(c *Config) { c.ClientCertificate = "a"; c.ClientCertificatePath = "/b" }), wantErr: []string{"both client_certificate (ARM_CLIENT_CERTIFICATE) and client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH) are set: set only one"}},
		{name: "secret without ids", cfg: bare(func(c *Config) { c.ClientSecret = "s" }), wantErr: []string{"client secret (client_secret (ARM_CLIENT_SECRET)) cannot be used: tenant_id (ARM_TENANT_ID) and client_id (ARM_CLIENT_ID) are not set"}},
		{name: "secret without client id", cfg: bare(func(c *Config) { c.ClientSecret = "s"; c.TenantID = "t" }), wantErr: []string{"cannot be used: client_id (ARM_CLIENT_ID) is not set"}},
		{name: "certificate without tenant", cfg: bare(func(c *Config) { c.ClientCertificatePath = "/c"; c.ClientID = "a" }), wantErr: []string{"client certificate (client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)) cannot be used: tenant_id"}},
		{name: "two incomplete methods: both named", cfg: bare(func(c *Config) { c.ClientSecret = "s"; c.UseOIDC = true; c.TenantID = "t" }), wantErr: []string{
			"client secret (client_secret (ARM_CLIENT_SECRET)) cannot be used: client_id (ARM_CLIENT_ID) is not set",
			"OIDC federation (use_oidc (ARM_USE_OIDC)) cannot be used: client_id (ARM_CLIENT_ID) is not set"}},
		{name: "oidc without source", cfg: with(func(c *Config) { c.UseOIDC = true }), wantErr: []string{"no assertion source is set: set oidc_token (ARM_OIDC_TOKEN), oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH), or oidc_request_url (ARM_OIDC_REQUEST_URL) with oidc_request_token (ARM_OIDC_REQUEST_TOKEN)"}},
		{name: "oidc ADO without token", cfg: with(func(c *Config) { c.UseOIDC = true; c.ADOServiceConnectionID = "sc" }), wantErr: []string{"no assertion source", "SYSTEM_ACCESSTOKEN", "oidc_azure_service_connection_id (ARM_OIDC_AZURE_SERVICE_CONNECTION_ID) is set"}},
		{name: "oidc ADO url without token", cfg: with(func(c *Config) { c.UseOIDC = true; c.ADOServiceConnectionID = "sc"; c.OIDCRequestURL = "https://ado/x" }), wantErr: []string{"oidc_request_token (ARM_OIDC_REQUEST_TOKEN) is not", "SYSTEM_ACCESSTOKEN: $(System.AccessToken)"}},
		{name: "nothing names the ADO attribute", cfg: bare(func(*Config) {}), wantErr: []string{"Azure DevOps: also oidc_azure_service_connection_id (ARM_OIDC_AZURE_SERVICE_CONNECTION_ID)"}},
		{name: "oidc url without token", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestURL = "https://gh" }), wantErr: []string{"oidc_request_url (ARM_OIDC_REQUEST_URL) is set but oidc_request_token (ARM_OIDC_REQUEST_TOKEN) is not"}},
		{name: "oidc token without url", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestToken = "t" }), wantErr: []string{"oidc_request_token (ARM_OIDC_REQUEST_TOKEN) is set but oidc_request_url (ARM_OIDC_REQUEST_URL) is not"}},
		{name: "oidc plain http url", cfg: with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestURL = "http://example.com/x"; c.OIDCRequestToken = "t" }), wantErr: []string{"must be https"}},
		{name: "bad tenant", cfg: bare(func(c *Config) { c.ClientSecret = "s"; c.ClientID = "a"; c.TenantID = "a/b" }), wantErr: []string{`invalid tenant_id (ARM_TENANT_ID) "a/b"`}},
		{name: "bad tenant with cli", cfg: bare(func(c *Config) { c.UseCLI = true; c.TenantID = "a b" }), wantErr: []string{`invalid tenant_id (ARM_TENANT_ID) "a b"`}},
		{name: "bad msi endpoint", cfg: bare(func(c *Config) { c.UseMSI = true; c.MSIEndpoint = "ftp://x" }), wantErr: []string{"invalid msi_endpoint (ARM_MSI_ENDPOINT)"}},
		{name: "bad environment with authority_host", cfg: with(func(c *Config) {
			c.ClientSecret, c.Environment, c.AuthorityHost = "s", "mars", "https://127.0.0.1:8443/"
		}), wantErr: []string{`invalid environment (ARM_ENVIRONMENT): "mars" is not an Azure cloud: use one of china, public, usgovernment`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := selectMethod(tt.cfg)
			if len(tt.wantErr) > 0 {
				mustContain(t, err, tt.wantErr...)
				if err != nil && strings.Contains(err.Error(), "configure exactly one") {
					t.Errorf("error keeps the old footer: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got.Method != tt.want {
				t.Errorf("method = %q, want %q", got.Method, tt.want)
			}
			if g := ignored(got); !slices.Equal(g, tt.wantIgnored) {
				t.Errorf("ignored =\n  %q\nwant\n  %q", g, tt.wantIgnored)
			}
		})
	}
}

// TestNewLogsIgnoredMethods: New logs a warning naming the method used and the one ignored.
func TestNewLogsIgnoredMethods(t *testing.T) {
	log := &recordingLogger{}
	_, sel, err := New(t.Context(), Config{UseMSI: true, UseCLI: true, Logger: log, HTTPClient: guardedClient(nil)})
	if err != nil || sel.Method != MethodMSI {
		t.Fatalf("New = %+v, %v", sel, err)
	}
	if text := log.text(); !strings.Contains(text, "WARN Entra ID credential method ignored") || !strings.Contains(text, "ignored_method:cli") || !strings.Contains(text, "method:msi") {
		t.Errorf("logs lack the ignored-method warning: %s", text)
	}
}

func TestNewValidatesBeforeAnyNetworkCall(t *testing.T) {
	base := Config{TenantID: "t", ClientID: "a", ClientSecret: "s", AttributeRef: testRef}
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr []string
	}{
		{"bad environment", func(c *Config) { c.Environment = "mars" }, []string{`invalid environment (ARM_ENVIRONMENT): "mars"`, "china, public, usgovernment"}},
		{"http authority host", func(c *Config) { c.AuthorityHost = "http://127.0.0.1:1/" }, []string{"authority_host (HDIKAFKA_AUTHORITY_HOST)", "must be an https URL"}},
		{"authority host with query", func(c *Config) { c.AuthorityHost = "https://h/?x=1" }, []string{"must not contain user info, a query or a fragment"}},
		{"scope without .default", func(c *Config) { c.Scope = "https://hib.azurehdinsight.net" }, []string{"invalid scope (HDIKAFKA_SCOPE)", "<resource>/.default"}},
		{"two scopes", func(c *Config) { c.Scope = "a/.default b/.default" }, []string{"single scope"}},
		{"missing certificate file", func(c *Config) { c.ClientSecret = ""; c.ClientCertificatePath = "/nonexistent/c.pfx" }, []string{`reading client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH) "/nonexistent/c.pfx"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.mutate(&cfg)
			src, method, err := New(t.Context(), cfg)
			mustContain(t, err, tt.wantErr...)
			if src != nil || method.Method != "" {
				t.Errorf("New returned %v, %q alongside an error", src, method)
			}
		})
	}
}

func TestAuthorityResolution(t *testing.T) {
	tests := []struct {
		env, host string
		want      string
		custom    bool
	}{
		{"", "", "https://login.microsoftonline.com/tid", false},
		{"public", "", "https://login.microsoftonline.com/tid", false},
		{"USGovernment", "", "https://login.microsoftonline.us/tid", false},
		{"china", "", "https://login.chinacloudapi.cn/tid", false},
		{"china", "https://127.0.0.1:8443/", "https://127.0.0.1:8443/tid", true},
		{"", "https://127.0.0.1:8443", "https://127.0.0.1:8443/tid", true},
		{"", "https://idp.example/prefix/", "https://idp.example/prefix/tid", true},
	}
	for _, tt := range tests {
		t.Run(tt.env+"|"+tt.host, func(t *testing.T) {
			a, err := resolveAuthority(Config{TenantID: "tid", Environment: tt.env, AuthorityHost: tt.host})
			if err != nil {
				t.Fatal(err)
			}
			if a.url != tt.want || a.custom != tt.custom {
				t.Errorf("authority = %+v, want %s custom=%v", a, tt.want, tt.custom)
			}
		})
	}
}

func TestNewDefaultsScope(t *testing.T) {
	src, method, err := New(t.Context(), Config{UseCLI: true})
	if err != nil || method.Method != MethodCLI {
		t.Fatalf("New = %v, %q, %v", src, method, err)
	}
	if got := src.(*source).cfg.Scope; got != DefaultScope {
		t.Errorf("scope = %q, want %q", got, DefaultScope)
	}
	if !strings.HasSuffix(DefaultScope, "/.default") {
		t.Error("DefaultScope must be a .default scope")
	}
}
