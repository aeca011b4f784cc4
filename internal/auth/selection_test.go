package auth

import (
	"strings"
	"testing"
)

func TestSelectMethod(t *testing.T) {
	app := Config{TenantID: "contoso.onmicrosoft.com", ClientID: "app"}
	with := func(f func(*Config)) Config {
		c := app
		f(&c)
		return c
	}
	tests := []struct {
		name    string
		cfg     Config
		want    Method
		wantErr []string
	}{
		{"inline certificate", with(func(c *Config) { c.ClientCertificate = "abc" }), MethodClientCertificate, nil},
		{"secret", with(func(c *Config) { c.ClientSecret = "s" }), MethodClientSecret, nil},
		{"secret ignores oidc values without use_oidc", with(func(c *Config) { c.ClientSecret = "s"; c.OIDCRequestURL = "https://x" }), MethodClientSecret, nil},
		{"oidc token", with(func(c *Config) { c.UseOIDC = true; c.OIDCToken = "jwt" }), MethodOIDC, nil},
		{"oidc file", with(func(c *Config) { c.UseOIDC = true; c.OIDCTokenFilePath = "/f" }), MethodOIDC, nil},
		{"oidc request pair", with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestURL = "https://gh/x"; c.OIDCRequestToken = "t" }), MethodOIDC, nil},
		{"msi system assigned", Config{UseMSI: true}, MethodMSI, nil},
		{"msi user assigned with endpoint", Config{UseMSI: true, ClientID: "uami", MSIEndpoint: "http://127.0.0.1:1/token"}, MethodMSI, nil},
		{"cli", Config{UseCLI: true}, MethodCLI, nil},
		{"cli with tenant", Config{UseCLI: true, TenantID: "t"}, MethodCLI, nil},

		{"nothing", Config{}, "", []string{"no Entra ID credential is configured", "client_secret (ARM_CLIENT_SECRET)", "use_oidc (ARM_USE_OIDC)", "use_msi (ARM_USE_MSI)", "use_cli (ARM_USE_CLI)", "client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH)"}},
		{"oidc token without use_oidc", with(func(c *Config) { c.OIDCToken = "jwt" }), "", []string{"no Entra ID credential", "hint: an OIDC assertion source is set but use_oidc (ARM_USE_OIDC) is not enabled"}},
		{"msi endpoint without use_msi", Config{MSIEndpoint: "http://127.0.0.1/x"}, "", []string{"hint: msi_endpoint is set but use_msi"}},
		{"msi and cli", Config{UseMSI: true, UseCLI: true}, "", []string{"conflicting credential methods", "use_msi (ARM_USE_MSI) and use_cli (ARM_USE_CLI)"}},
		{"oidc and msi", with(func(c *Config) { c.UseOIDC = true; c.OIDCToken = "x"; c.UseMSI = true }), "", []string{"conflicting", "use_oidc (ARM_USE_OIDC) and use_msi"}},
		{"oidc with secret", with(func(c *Config) { c.UseOIDC = true; c.OIDCToken = "x"; c.ClientSecret = "s" }), "", []string{"conflicting credential methods", "use_oidc (ARM_USE_OIDC) is enabled but client_secret (ARM_CLIENT_SECRET) is also set"}},
		{"msi with certificate", with(func(c *Config) { c.UseMSI = true; c.ClientCertificatePath = "/c" }), "", []string{"use_msi (ARM_USE_MSI) is enabled but client_certificate_path"}},
		{"cli with secret", with(func(c *Config) { c.UseCLI = true; c.ClientSecret = "s" }), "", []string{"use_cli (ARM_USE_CLI) is enabled but client_secret"}},
		{"both certificate forms", with(func(c *Config) { c.ClientCertificate = "a"; c.ClientCertificatePath = "/b" }), "", []string{"both client_certificate (ARM_CLIENT_CERTIFICATE) and client_certificate_path"}},
		{"secret without ids", Config{ClientSecret: "s"}, "", []string{"client_secret (ARM_CLIENT_SECRET) is configured but tenant_id (ARM_TENANT_ID/AZURE_TENANT_ID) and client_id (ARM_CLIENT_ID/AZURE_CLIENT_ID) are not set"}},
		{"secret without client id", Config{ClientSecret: "s", TenantID: "t"}, "", []string{"but client_id (ARM_CLIENT_ID/AZURE_CLIENT_ID) is not set"}},
		{"certificate without tenant", Config{ClientCertificatePath: "/c", ClientID: "a"}, "", []string{"client certificate is configured but tenant_id"}},
		{"oidc without client id", Config{UseOIDC: true, TenantID: "t", OIDCToken: "x"}, "", []string{"use_oidc is configured but client_id"}},
		{"oidc without source", with(func(c *Config) { c.UseOIDC = true }), "", []string{"use_oidc is enabled but no assertion source is set: set oidc_token (ARM_OIDC_TOKEN), oidc_token_file_path (ARM_OIDC_TOKEN_FILE_PATH/AZURE_FEDERATED_TOKEN_FILE), or oidc_request_url (ARM_OIDC_REQUEST_URL/", "with oidc_request_token (ARM_OIDC_REQUEST_TOKEN/"}},
		{"oidc ADO without token", with(func(c *Config) { c.UseOIDC = true; c.ADOServiceConnectionID = "sc" }), "", []string{"no assertion source", "SYSTEM_ACCESSTOKEN", "oidc_azure_service_connection_id (ARM_OIDC_AZURE_SERVICE_CONNECTION_ID/ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID) is set"}},
		{"nothing names the ADO attribute", Config{}, "", []string{"Azure DevOps: also oidc_azure_service_connection_id (ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"}},
		{"certificate path and secret", with(func(c *Config) { c.ClientCertificatePath = "/x.pfx"; c.ClientSecret = "s" }), "", []string{"client_certificate/client_certificate_path (ARM_CLIENT_CERTIFICATE/_PATH) and client_secret (ARM_CLIENT_SECRET) are both set: unset one of them"}},
		{"inline certificate and secret", with(func(c *Config) { c.ClientCertificate = "abc"; c.ClientSecret = "s" }), "", []string{"client_certificate/client_certificate_path (ARM_CLIENT_CERTIFICATE/_PATH) and client_secret (ARM_CLIENT_SECRET) are both set: unset one of them"}},
		{"oidc url without token", with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestURL = "https://gh" }), "", []string{"oidc_request_token (ARM_OIDC_REQUEST_TOKEN/ACTIONS_ID_TOKEN_REQUEST_TOKEN", "is not set"}},
		{"oidc token without url", with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestToken = "t" }), "", []string{"oidc_request_url (ARM_OIDC_REQUEST_URL", "is not set"}},
		{"oidc plain http url", with(func(c *Config) { c.UseOIDC = true; c.OIDCRequestURL = "http://example.com/x"; c.OIDCRequestToken = "t" }), "", []string{"must be https"}},
		{"bad tenant", Config{ClientSecret: "s", ClientID: "a", TenantID: "a/b"}, "", []string{`invalid tenant_id (ARM_TENANT_ID/AZURE_TENANT_ID) "a/b"`}},
		{"bad msi endpoint", Config{UseMSI: true, MSIEndpoint: "ftp://x"}, "", []string{"invalid msi_endpoint (ARM_MSI_ENDPOINT)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := selectMethod(tt.cfg)
			if len(tt.wantErr) > 0 {
				mustContain(t, err, tt.wantErr...)
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want {
				t.Errorf("method = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewValidatesBeforeAnyNetworkCall(t *testing.T) {
	base := Config{TenantID: "t", ClientID: "a", ClientSecret: "s"}
	tests := []struct {
		name    string
		mutate  func(*Config)
		wantErr []string
	}{
		{"bad environment", func(c *Config) { c.Environment = "mars" }, []string{`invalid environment (ARM_ENVIRONMENT) "mars"`, "china, public, usgovernment"}},
		{"http authority host", func(c *Config) { c.AuthorityHost = "http://127.0.0.1:1/" }, []string{"authority_host (HDIKAFKA_AUTHORITY_HOST)", "must be an https URL"}},
		{"authority host with query", func(c *Config) { c.AuthorityHost = "https://h/?x=1" }, []string{"must not contain user info, a query or a fragment"}},
		{"scope without .default", func(c *Config) { c.Scope = "https://hib.azurehdinsight.net" }, []string{"invalid scope (HDIKAFKA_SCOPE)", "<resource>/.default"}},
		{"two scopes", func(c *Config) { c.Scope = "a/.default b/.default" }, []string{"single scope"}},
		{"missing certificate file", func(c *Config) { c.ClientSecret = ""; c.ClientCertificatePath = "/nonexistent/c.pfx" }, []string{`reading client_certificate_path (ARM_CLIENT_CERTIFICATE_PATH) "/nonexistent/c.pfx"`}},
		{"env junk", func(c *Config) {
			*c = FromEnv(*c, func(k string) string { return map[string]string{"ARM_USE_MSI": "yes please"}[k] })
		}, []string{`ARM_USE_MSI="yes please" for use_msi is not a boolean`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.mutate(&cfg)
			src, method, err := New(cfg)
			mustContain(t, err, tt.wantErr...)
			if src != nil || method != "" {
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
	src, method, err := New(Config{UseCLI: true})
	if err != nil || method != MethodCLI {
		t.Fatalf("New = %v, %q, %v", src, method, err)
	}
	if got := src.(*cliSource).cfg.Scope; got != DefaultScope {
		t.Errorf("scope = %q, want %q", got, DefaultScope)
	}
	if !strings.HasSuffix(DefaultScope, "/.default") {
		t.Error("DefaultScope must be a .default scope")
	}
}
