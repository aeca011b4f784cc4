package provider

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"go/ast"
	"go/parser"
	"go/token"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/auth"
)

// nullConfig is a provider block with nothing set.
func nullConfig() configValues {
	out := configValues{}
	for _, s := range providerSettings {
		switch s.Type {
		case typeBool:
			out[s.Attr] = types.BoolNull()
		case typeInt64:
			out[s.Attr] = types.Int64Null()
		default:
			out[s.Attr] = types.StringNull()
		}
	}
	return out
}

// block is a provider block with the given attributes set.
func block(values map[string]attr.Value) configValues {
	out := nullConfig()
	for k, v := range values {
		out[k] = v
	}
	return out
}

func mapEnv(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func str(s string) attr.Value { return types.StringValue(s) }

func TestResolveSettings(t *testing.T) {
	cases := []struct {
		name    string
		block   map[string]attr.Value
		env     map[string]string
		check   func(t *testing.T, s settings)
		wantErr []string // substrings of one error's summary or detail; nil = no error
	}{
		{
			name: "explicit attributes win over the environment",
			block: map[string]attr.Value{"endpoint": str("https://a-kafkarest.azurehdinsight.net"), "client_id": str("explicit-client"),
				"scope": str("api://explicit/.default"), "kafka_version": str("2.4")},
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
			env: map[string]string{"HDIKAFKA_ENDPOINT": "https://c-kafkarest.azurehdinsight.net", "ARM_CLIENT_SECRET": " s3cret ",
				"HDIKAFKA_MAX_RETRIES": "2", "HDIKAFKA_REQUEST_TIMEOUT": "90s", "HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/ca.pem",
				"HDIKAFKA_AUTHORITY_HOST": " https://127.0.0.1:8443/ "},
			check: func(t *testing.T, s settings) {
				if s.Endpoint != "https://c-kafkarest.azurehdinsight.net" || s.Auth.ClientSecret != " s3cret " || s.MaxRetries != 2 ||
					s.RequestTimeout != 90*time.Second || s.CACertificateFile != "/tmp/ca.pem" || s.KafkaVersion != "3.2" ||
					s.Auth.AuthorityHost != "https://127.0.0.1:8443/" || !s.WaitForVisibility || s.Auth.Scope != auth.DefaultScope ||
					s.Auth.Environment != "public" {
					t.Errorf("unexpected settings %+v", s)
				}
			},
		},
		{
			name:  "defaults without environment",
			block: map[string]attr.Value{"endpoint": str("https://x")},
			check: func(t *testing.T, s settings) {
				if s.RequestTimeout != 60*time.Second || s.MaxRetries != 8 || !s.WaitForVisibility || s.KafkaVersion != "3.2" || s.Catalogue == nil {
					t.Errorf("defaults: %+v", s)
				}
			},
		},
		{
			name:  `"" in the block means not set here: the environment is not used`,
			block: map[string]attr.Value{"endpoint": str("https://x"), "client_secret": str(""), "request_timeout": str("")},
			env:   map[string]string{"ARM_CLIENT_SECRET": "from-env", "HDIKAFKA_REQUEST_TIMEOUT": "5s"},
			check: func(t *testing.T, s settings) {
				if s.Auth.ClientSecret != "" {
					t.Errorf("client_secret = %q, want empty", s.Auth.ClientSecret)
				}
				if s.RequestTimeout != 60*time.Second {
					t.Errorf("request_timeout = %v, want the default", s.RequestTimeout)
				}
			},
		},
		{
			name:  "explicit use_msi = false is not switched on by ARM_USE_MSI",
			block: map[string]attr.Value{"endpoint": str("https://x"), "use_msi": types.BoolValue(false)},
			env:   map[string]string{"ARM_USE_MSI": "true"},
			check: func(t *testing.T, s settings) {
				if s.Auth.UseMSI {
					t.Error("use_msi switched on by the environment")
				}
			},
		},
		{
			name:  "wait_for_visibility from the environment",
			block: map[string]attr.Value{"endpoint": str("https://x")},
			env:   map[string]string{"HDIKAFKA_WAIT_FOR_VISIBILITY": "FALSE"},
			check: func(t *testing.T, s settings) {
				if s.WaitForVisibility {
					t.Error("WaitForVisibility = true, want false")
				}
			},
		},
		{
			name:  "wait_for_visibility in the block wins",
			block: map[string]attr.Value{"endpoint": str("https://x"), "wait_for_visibility": types.BoolValue(true)},
			env:   map[string]string{"HDIKAFKA_WAIT_FOR_VISIBILITY": "false"},
			check: func(t *testing.T, s settings) {
				if !s.WaitForVisibility {
					t.Error("WaitForVisibility = false, want the block's true")
				}
			},
		},
		{
			name:  "max_retries = 0 disables retries",
			block: map[string]attr.Value{"endpoint": str("https://x"), "max_retries": types.Int64Value(0)},
			check: func(t *testing.T, s settings) {
				if s.MaxRetries != 0 || newProviderData("t", "", s).retryPolicy().Retries != 0 {
					t.Errorf("MaxRetries = %d, want 0 (no retries) in the settings and the client's policy", s.MaxRetries)
				}
			},
		},
		{
			name:  "unknown values are recorded, not errors",
			block: map[string]attr.Value{"endpoint": types.StringUnknown(), "client_secret": types.StringUnknown()},
			check: func(t *testing.T, s settings) {
				if !slices.Equal(s.Unknown, []string{"endpoint", "client_secret"}) {
					t.Errorf("Unknown = %v", s.Unknown)
				}
			},
		},
		{
			name:  "explicit ca_certificate turns off HDIKAFKA_CA_CERTIFICATE_FILE",
			block: map[string]attr.Value{"endpoint": str("https://x"), "ca_certificate": str("-----BEGIN CERTIFICATE-----")},
			env:   map[string]string{"HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/env-ca.pem"},
			check: func(t *testing.T, s settings) {
				if s.CACertificatePEM != "-----BEGIN CERTIFICATE-----" || s.CACertificateFile != "" {
					t.Errorf("CA PEM %q, file %q; want the explicit certificate and no file", s.CACertificatePEM, s.CACertificateFile)
				}
			},
		},
		{
			name:  "explicit ca_certificate_file wins over HDIKAFKA_CA_CERTIFICATE_FILE",
			block: map[string]attr.Value{"endpoint": str("https://x"), "ca_certificate_file": str("/tmp/explicit-ca.pem")},
			env:   map[string]string{"HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/env-ca.pem"},
			check: func(t *testing.T, s settings) {
				if s.CACertificateFile != "/tmp/explicit-ca.pem" || s.CACertificatePEM != "" {
					t.Errorf("CA PEM %q, file %q", s.CACertificatePEM, s.CACertificateFile)
				}
			},
		},
		{
			name: "both CA attributes set explicitly are both kept",
			block: map[string]attr.Value{"endpoint": str("https://x"), "ca_certificate": str("-----BEGIN CERTIFICATE-----"),
				"ca_certificate_file": str("/tmp/explicit-ca.pem")},
			env: map[string]string{"HDIKAFKA_CA_CERTIFICATE_FILE": "/tmp/env-ca.pem"},
			check: func(t *testing.T, s settings) {
				if s.CACertificatePEM != "-----BEGIN CERTIFICATE-----" || s.CACertificateFile != "/tmp/explicit-ca.pem" {
					t.Errorf("CA PEM %q, file %q; want both explicit values", s.CACertificatePEM, s.CACertificateFile)
				}
			},
		},
		{
			name:  "Azure DevOps variables only with a service connection",
			block: map[string]attr.Value{"endpoint": str("https://x")},
			env:   map[string]string{"SYSTEM_OIDCREQUESTURI": "https://ado/oidc", "SYSTEM_ACCESSTOKEN": "adot"},
			check: func(t *testing.T, s settings) {
				if s.Auth.OIDCRequestURL != "" || s.Auth.OIDCRequestToken != "" {
					t.Errorf("Azure DevOps variables used without a service connection: %+v", s.Auth)
				}
			},
		},
		{
			name:  "Azure DevOps service connection in the block enables the SYSTEM_ variables",
			block: map[string]attr.Value{"endpoint": str("https://x"), "oidc_azure_service_connection_id": str("sc")},
			env:   map[string]string{"SYSTEM_OIDCREQUESTURI": "https://ado/oidc", "SYSTEM_ACCESSTOKEN": "adot"},
			check: func(t *testing.T, s settings) {
				if s.Auth.OIDCRequestURL != "https://ado/oidc" || s.Auth.OIDCRequestToken != "adot" || s.Auth.ADOServiceConnectionID != "sc" {
					t.Errorf("Azure DevOps variables not used: %+v", s.Auth)
				}
			},
		},
		{name: "missing endpoint: reported when the client is needed, not at configure (functions need none)",
			check: func(t *testing.T, s settings) {
				_, diags := newProviderData("t", "", s).Client(context.Background())
				if !diagsContainAll(diags, "Missing REST proxy endpoint", "HDIKAFKA_ENDPOINT") {
					t.Errorf("Client: want the missing-endpoint error naming HDIKAFKA_ENDPOINT, got %v", diags)
				}
			}},
		{name: "http endpoint on a public host", block: map[string]attr.Value{"endpoint": str("http://c-kafkarest.azurehdinsight.net")},
			wantErr: []string{"Invalid REST proxy endpoint"}},
		{name: "bad endpoint from the environment", env: map[string]string{"HDIKAFKA_ENDPOINT": "::not a url"}, wantErr: []string{"Invalid REST proxy endpoint"}},
		{name: "unsupported kafka_version from the environment", block: map[string]attr.Value{"endpoint": str("https://x")},
			env: map[string]string{"HDIKAFKA_KAFKA_VERSION": "1.0"}, wantErr: []string{"HDIKAFKA_KAFKA_VERSION"}},
		{name: "bad HDIKAFKA_MAX_RETRIES", block: map[string]attr.Value{"endpoint": str("https://x")},
			env: map[string]string{"HDIKAFKA_MAX_RETRIES": "many"}, wantErr: []string{"HDIKAFKA_MAX_RETRIES"}},
		{name: "bad request_timeout", block: map[string]attr.Value{"endpoint": str("https://x"), "request_timeout": str("-5s")},
			wantErr: []string{"greater than zero"}},
		{name: "bad HDIKAFKA_WAIT_FOR_VISIBILITY", block: map[string]attr.Value{"endpoint": str("https://x")},
			env:     map[string]string{"HDIKAFKA_WAIT_FOR_VISIBILITY": "sometimes"},
			wantErr: []string{`HDIKAFKA_WAIT_FOR_VISIBILITY="sometimes"`, "wait_for_visibility", "use true or false"}},
		{name: "bad ARM_USE_OIDC", block: map[string]attr.Value{"endpoint": str("https://x")},
			env: map[string]string{"ARM_USE_OIDC": "yes"}, wantErr: []string{`ARM_USE_OIDC="yes"`, "use_oidc", "use true or false"}},
		{name: "bad ARM_ENVIRONMENT with authority_host", block: map[string]attr.Value{"endpoint": str("https://x")},
			env:     map[string]string{"ARM_ENVIRONMENT": "mars", "HDIKAFKA_AUTHORITY_HOST": "https://127.0.0.1:8443/"},
			wantErr: []string{`ARM_ENVIRONMENT="mars"`, "environment", "china, public, usgovernment"}},
		{name: "bad ARM_ENVIRONMENT without authority_host", block: map[string]attr.Value{"endpoint": str("https://x")},
			env: map[string]string{"ARM_ENVIRONMENT": "azurecloud"}, wantErr: []string{`ARM_ENVIRONMENT="azurecloud"`, "china, public, usgovernment"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, diags := resolveSettings(block(tc.block), mapEnv(tc.env))
			if tc.wantErr == nil {
				if diags.HasError() {
					t.Fatalf("unexpected errors: %v", diags)
				}
				tc.check(t, s)
				return
			}
			if !diagsContainAll(diags, tc.wantErr...) {
				t.Fatalf("want an error mentioning %q, got %v", tc.wantErr, diags)
			}
			if diagsContain(diags, "configure exactly one") {
				t.Errorf("unrelated footer: %v", diags)
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

// diagsContainAll reports whether one diagnostic mentions every fragment.
func diagsContainAll(diags diag.Diagnostics, fragments ...string) bool {
	for _, d := range diags {
		text := d.Summary() + "\n" + d.Detail()
		ok := true
		for _, f := range fragments {
			ok = ok && strings.Contains(text, f)
		}
		if ok {
			return true
		}
	}
	return false
}

// TestEveryTableVariableIsRead: every variable of the table, alone in the environment (with the
// attribute its OnlyWith needs), changes the resolved settings.
func TestEveryTableVariableIsRead(t *testing.T) {
	for _, s := range providerSettings {
		for _, e := range s.Env {
			base := map[string]string{"HDIKAFKA_ENDPOINT": "https://x"}
			if e.OnlyWith != "" {
				other, _ := settingByAttr(e.OnlyWith)
				base[other.Env[0].Name] = "sc"
			}
			with := map[string]string{e.Name: "7"}
			if s.Type == typeBool {
				with[e.Name] = strconv.FormatBool(s.Default != "true")
			}
			if e.Name == "HDIKAFKA_ENDPOINT" {
				with[e.Name] = "https://y"
			}
			for k, v := range base {
				if _, set := with[k]; !set {
					with[k] = v
				}
			}
			before, _ := resolveSettings(nullConfig(), mapEnv(base))
			after, _ := resolveSettings(nullConfig(), mapEnv(with))
			if before.values[s.Attr] == after.values[s.Attr] {
				t.Errorf("%s (for %s) does not change the resolved value %q", e.Name, s.Attr, before.values[s.Attr])
			}
		}
	}
}

// envNamePattern matches the environment variables of this provider's world in string literals.
var envNamePattern = regexp.MustCompile(`\b(?:ARM|AZURE|ACTIONS|SYSTEM|HDIKAFKA)_[A-Z0-9_]*[A-Z0-9]\b`)

// TestEveryEnvironmentVariableReadIsDocumented scans the non-test sources of internal/auth and
// internal/provider: every getenv/Getenv/LookupEnv call reads either a table variable by its
// literal name or, in the resolver, a name taken from the table; every variable name the code
// spells is in the table (or is one MSAL reads, named in use_msi's description); and every table
// variable appears in the MarkdownDescription of its attribute, from which the docs are generated.
func TestEveryEnvironmentVariableReadIsDocumented(t *testing.T) {
	inTable := map[string]string{}
	for _, s := range providerSettings {
		for _, e := range s.Env {
			inTable[e.Name] = s.Attr
		}
	}
	msi, _ := settingByAttr("use_msi")
	var files []string
	for _, dir := range []string{".", "../auth"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	fset := token.NewFileSet()
	calls := 0
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		var fn string
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fn = n.Name.Name
			case *ast.CallExpr:
				name := ""
				switch f := n.Fun.(type) {
				case *ast.Ident:
					name = f.Name
				case *ast.SelectorExpr:
					name = f.Sel.Name
				}
				if name != "getenv" && name != "Getenv" && name != "LookupEnv" || len(n.Args) != 1 {
					return true
				}
				calls++
				lit, ok := n.Args[0].(*ast.BasicLit)
				switch {
				case ok:
					v, _ := strconv.Unquote(lit.Value)
					if _, ok := inTable[v]; !ok {
						t.Errorf("%s: reads %s, which is not in the provider settings table", fset.Position(n.Pos()), v)
					}
				case fn != "lookup":
					t.Errorf("%s: %s reads a computed variable name outside the resolver", fset.Position(n.Pos()), fn)
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING {
					return true
				}
				for _, v := range envNamePattern.FindAllString(n.Value, -1) {
					if _, ok := inTable[v]; !ok && !strings.Contains(msi.Description, "`"+v+"`") {
						t.Errorf("%s: names %s, which is not in the provider settings table", fset.Position(n.Pos()), v)
					}
				}
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("found no environment lookup: the scan is broken")
	}

	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	for name, attrName := range inTable {
		a, ok := resp.Schema.Attributes[attrName]
		if !ok {
			t.Errorf("%s: table attribute %s is not in the schema", name, attrName)
			continue
		}
		if !strings.Contains(a.GetMarkdownDescription(), "`"+name+"`") {
			t.Errorf("%s is read for %s but its description does not name it: %s", name, attrName, a.GetMarkdownDescription())
		}
	}
	// The Azure DevOps variables say where they are read (issue 14).
	for _, attrName := range []string{"oidc_request_url", "oidc_request_token", "oidc_azure_service_connection_id"} {
		desc := resp.Schema.Attributes[attrName].GetMarkdownDescription()
		if attrName != "oidc_azure_service_connection_id" && !strings.Contains(desc, "Azure DevOps, read only when `oidc_azure_service_connection_id` is set") {
			t.Errorf("%s does not say when the Azure DevOps variable is read: %s", attrName, desc)
		}
	}
}

// TestSchemaFromTable: the schema has exactly the table's attributes with its types, sensitivity
// and generated descriptions.
func TestSchemaFromTable(t *testing.T) {
	var resp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if len(resp.Schema.Attributes) != len(providerSettings) {
		t.Errorf("schema has %d attributes, table %d", len(resp.Schema.Attributes), len(providerSettings))
	}
	for _, s := range providerSettings {
		a, ok := resp.Schema.Attributes[s.Attr]
		if !ok {
			t.Errorf("%s missing from the schema", s.Attr)
			continue
		}
		if a.IsSensitive() != s.Sensitive || a.GetMarkdownDescription() != s.markdownDescription() {
			t.Errorf("%s: sensitive %v, description %q", s.Attr, a.IsSensitive(), a.GetMarkdownDescription())
		}
	}
	wfv := resp.Schema.Attributes["wait_for_visibility"].GetMarkdownDescription()
	for _, want := range []string{"(default `true`)", "Environment: `HDIKAFKA_WAIT_FOR_VISIBILITY`.", "Each resource can override it."} {
		if !strings.Contains(wfv, want) {
			t.Errorf("wait_for_visibility description lacks %q: %s", want, wfv)
		}
	}
	tenant := resp.Schema.Attributes["tenant_id"].GetMarkdownDescription()
	if !strings.Contains(tenant, "Environment: `ARM_TENANT_ID`, then `AZURE_TENANT_ID`.") {
		t.Errorf("tenant_id description: %s", tenant)
	}
}

// TestSecretsAreTheSensitiveRows: the values masked in logs are the resolved values of the
// table's sensitive rows, from the block or the environment.
func TestSecretsAreTheSensitiveRows(t *testing.T) {
	s, diags := resolveSettings(block(map[string]attr.Value{"endpoint": str("https://x"), "oidc_token": str("tok-from-block")}),
		mapEnv(map[string]string{"ARM_CLIENT_SECRET": "secret-from-env", "ARM_CLIENT_CERTIFICATE_PASSWORD": "pw",
			"ARM_OIDC_AZURE_SERVICE_CONNECTION_ID": "sc", "SYSTEM_ACCESSTOKEN": "ado-token", "ARM_CLIENT_ID": "not-secret"}))
	if diags.HasError() {
		t.Fatal(diags)
	}
	got := newProviderData("1", "1", s).secrets()
	slices.Sort(got)
	want := []string{"ado-token", "pw", "secret-from-env", "tok-from-block"}
	if !slices.Equal(got, want) {
		t.Errorf("secrets = %q, want %q", got, want)
	}
}

// writeTestCertificate writes an RSA certificate and key (PEM) valid until notAfter.
func writeTestCertificate(t *testing.T, notAfter time.Time) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "hdikafka-settings-test"},
		NotBefore: notAfter.Add(-24 * time.Hour), NotAfter: notAfter}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "client.pem")
	data := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})...)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestCredentialSelectionFromEnvironments: environments with which azurerm authenticates pick the
// method azurerm picks; two configured methods are not refused, the ignored one is named in a
// warning. No network: selection happens before the first token request.
func TestCredentialSelectionFromEnvironments(t *testing.T) {
	cert := writeTestCertificate(t, time.Now().Add(time.Hour))
	tokenFile := filepath.Join(t.TempDir(), "federated-token")
	app := map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1", "ARM_TENANT_ID": "contoso.onmicrosoft.com", "ARM_CLIENT_ID": "app"}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range app {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	cases := []struct {
		name        string
		block       map[string]attr.Value
		env         map[string]string
		want        auth.Method
		wantIgnored []auth.Method
		check       func(t *testing.T, a auth.Config)
		wantErr     string
	}{
		{name: "secret and OIDC: secret, as azurerm", env: with(map[string]string{"ARM_CLIENT_SECRET": "s", "ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": "jwt"}),
			want: auth.MethodClientSecret, wantIgnored: []auth.Method{auth.MethodOIDC}},
		{name: `issue 11: use_oidc with a token file and client_secret = "" while ARM_CLIENT_SECRET is set: OIDC`,
			block: map[string]attr.Value{"use_oidc": types.BoolValue(true), "oidc_token_file_path": str(tokenFile), "client_secret": str("")},
			env:   with(map[string]string{"ARM_CLIENT_SECRET": "from-the-pipeline"}), want: auth.MethodOIDC},
		{name: "certificate and secret: certificate", env: with(map[string]string{"ARM_CLIENT_CERTIFICATE_PATH": cert, "ARM_CLIENT_SECRET": "s"}),
			want: auth.MethodClientCertificate, wantIgnored: []auth.Method{auth.MethodClientSecret}},
		{name: "managed identity and secret: secret", env: with(map[string]string{"ARM_USE_MSI": "true", "ARM_CLIENT_SECRET": "s"}),
			want: auth.MethodClientSecret, wantIgnored: []auth.Method{auth.MethodMSI}},
		{name: "Azure CLI and secret: secret", env: with(map[string]string{"ARM_USE_CLI": "true", "ARM_CLIENT_SECRET": "s"}),
			want: auth.MethodClientSecret, wantIgnored: []auth.Method{auth.MethodCLI}},
		{name: "managed identity and Azure CLI: managed identity", env: map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1", "ARM_USE_MSI": "true", "ARM_USE_CLI": "true"},
			want: auth.MethodMSI, wantIgnored: []auth.Method{auth.MethodCLI}},
		{name: "use_msi = false in the block turns off ARM_USE_MSI", block: map[string]attr.Value{"use_msi": types.BoolValue(false)},
			env: with(map[string]string{"ARM_USE_MSI": "true", "ARM_CLIENT_SECRET": "s"}), want: auth.MethodClientSecret},
		{name: "OIDC through the Azure DevOps variables", env: with(map[string]string{"ARM_USE_OIDC": "true",
			"ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID": "sc", "SYSTEM_OIDCREQUESTURI": "https://127.0.0.1:2/oidc", "SYSTEM_ACCESSTOKEN": "ado-token"}),
			want: auth.MethodOIDC, check: func(t *testing.T, a auth.Config) {
				if a.OIDCRequestURL != "https://127.0.0.1:2/oidc" || a.OIDCRequestToken != "ado-token" || a.ADOServiceConnectionID != "sc" {
					t.Errorf("Azure DevOps values: %+v", a)
				}
			}},
		{name: "OIDC through GitHub Actions", env: with(map[string]string{"ARM_USE_OIDC": "true",
			"ACTIONS_ID_TOKEN_REQUEST_URL": "https://127.0.0.1:3/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "gh"}), want: auth.MethodOIDC},
		{name: "GitHub Actions variables without ARM_USE_OIDC configure nothing", env: with(map[string]string{"ARM_CLIENT_SECRET": "s",
			"ACTIONS_ID_TOKEN_REQUEST_URL": "https://127.0.0.1:3/token", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "gh"}), want: auth.MethodClientSecret},
		{name: "workload identity on AKS (AZURE_* variables)", env: map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1", "ARM_USE_OIDC": "true",
			"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_FEDERATED_TOKEN_FILE": tokenFile}, want: auth.MethodOIDC},
		{name: "secret without tenant falls to the managed identity, as azurerm", env: map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1",
			"ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_USE_MSI": "true"}, want: auth.MethodMSI, wantIgnored: []auth.Method{auth.MethodClientSecret}},
		{name: `client_secret = "" and nothing else: the Azure CLI, on by default as in azurerm, without a warning`,
			block: map[string]attr.Value{"client_secret": str("")}, env: with(map[string]string{"ARM_CLIENT_SECRET": "s"}), want: auth.MethodCLI},
		{name: "nothing configured: the Azure CLI by default", env: map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1"}, want: auth.MethodCLI},
		{name: "a secret with the default Azure CLI: secret, no warning", env: with(map[string]string{"ARM_CLIENT_SECRET": "s"}), want: auth.MethodClientSecret},
		{name: "ARM_USE_CLI=false and nothing else: no credential", env: map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1", "ARM_USE_CLI": "false"},
			wantErr: "no Entra ID credential is configured"},
		{name: `use_cli = false in the block beats ARM_USE_CLI`, block: map[string]attr.Value{"use_cli": types.BoolValue(false)},
			env: map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1", "ARM_USE_CLI": "true"}, wantErr: "no Entra ID credential is configured"},
		{name: "invalid ARM_ENVIRONMENT with authority_host", env: with(map[string]string{"ARM_CLIENT_SECRET": "s", "ARM_ENVIRONMENT": "mars",
			"HDIKAFKA_AUTHORITY_HOST": "https://127.0.0.1:4/"}), wantErr: `ARM_ENVIRONMENT="mars"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, diags := resolveSettings(block(tc.block), mapEnv(tc.env))
			if !diags.HasError() {
				_, diags = newProviderData("1.0.0", "1.11.4", s).Client(t.Context())
			}
			if tc.wantErr != "" {
				if !diagsContain(diags, tc.wantErr) {
					t.Fatalf("want an error with %q, got %v", tc.wantErr, diags)
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("errors: %v", diags)
			}
			_, sel, err := auth.New(t.Context(), s.Auth)
			if err != nil {
				t.Fatal(err)
			}
			if sel.Method != tc.want {
				t.Errorf("method = %s, want %s", sel.Method, tc.want)
			}
			var ignored []auth.Method
			for _, ig := range sel.Ignored {
				ignored = append(ignored, ig.Method)
			}
			if !slices.Equal(ignored, tc.wantIgnored) {
				t.Errorf("ignored = %v, want %v", ignored, tc.wantIgnored)
			}
			warned := diagsContain(diags, "Credential methods ignored")
			if warned != (len(tc.wantIgnored) > 0) {
				t.Errorf("warning diagnostic present = %v, want %v: %v", warned, len(tc.wantIgnored) > 0, diags)
			}
			if warned && !diagsContainAll(diags, "The provider authenticates with the "+tc.want.Label()+" method", sel.Ignored[0].Method.Label()) {
				t.Errorf("warning does not name the method used and the one ignored: %v", diags)
			}
			if tc.check != nil {
				tc.check(t, s.Auth)
			}
		})
	}
}

// TestIgnoredMethodWarningOnce: the warning comes with the first client use only; errors come
// with every use.
func TestIgnoredMethodWarningOnce(t *testing.T) {
	s, diags := resolveSettings(nullConfig(), mapEnv(map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1",
		"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s", "ARM_USE_CLI": "true"}))
	if diags.HasError() {
		t.Fatal(diags)
	}
	d := newProviderData("1.0.0", "1.11.4", s)
	_, first := d.Client(t.Context())
	_, second := d.Client(t.Context())
	if first.WarningsCount() != 1 || !diagsContainAll(first, "client secret method", "Azure CLI (use_cli (ARM_USE_CLI))", "comes first in azurerm's order") {
		t.Errorf("first use: %v", first)
	}
	if len(second) != 0 {
		t.Errorf("second use repeats diagnostics: %v", second)
	}
}

// TestAuthLogsReachTflog: internal/auth logs through the request's context, so its warnings reach
// a real tflog sink (issue 12: the expired-certificate warning went to context.Background()).
func TestAuthLogsReachTflog(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	expired := writeTestCertificate(t, time.Now().Add(-time.Hour))
	s, diags := resolveSettings(nullConfig(), mapEnv(map[string]string{"HDIKAFKA_ENDPOINT": "https://127.0.0.1:1",
		"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_CERTIFICATE_PATH": expired, "ARM_CLIENT_SECRET": "hush-hush"}))
	if diags.HasError() {
		t.Fatal(diags)
	}
	if _, diags := newProviderData("1.0.0", "1.11.4", s).Client(ctx); diags.HasError() {
		t.Fatal(diags)
	}
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var expiredWarn, ignoredWarn bool
	for _, e := range entries {
		msg, _ := e["@message"].(string)
		level, _ := e["@level"].(string)
		expiredWarn = expiredWarn || (level == "warn" && strings.Contains(msg, "the client certificate has expired"))
		ignoredWarn = ignoredWarn || (level == "warn" && msg == "Entra ID credential method ignored" && e["ignored_method"] == "client_secret")
	}
	if !expiredWarn || !ignoredWarn {
		t.Errorf("tflog entries lack the warnings (expired certificate %v, ignored method %v): %s", expiredWarn, ignoredWarn, buf.String())
	}
	if strings.Contains(buf.String(), "hush-hush") {
		t.Errorf("logs contain the client secret: %s", buf.String())
	}
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
		{"half-configured OIDC names the attribute", settings{Endpoint: "https://127.0.0.1:1",
			Auth: auth.Config{TenantID: "t", ClientID: "c", UseOIDC: true, OIDCRequestURL: "https://127.0.0.1:2/token", AttributeRef: attributeRef}},
			"oidc_request_token (ARM_OIDC_REQUEST_TOKEN/ACTIONS_ID_TOKEN_REQUEST_TOKEN/SYSTEM_ACCESSTOKEN)"},
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
		block map[string]attr.Value
		env   map[string]string
	}{
		{name: "attribute", block: map[string]attr.Value{"endpoint": str(raw)}},
		{name: "environment", env: map[string]string{"HDIKAFKA_ENDPOINT": raw}},
		{name: "unparseable", block: map[string]attr.Value{"endpoint": str(raw + ":port")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, diags := resolveSettings(block(tc.block), mapEnv(tc.env))
			if !diagsContain(diags, "Invalid REST proxy endpoint") {
				t.Fatalf("want the invalid endpoint error, got %v", diags)
			}
			if diagsContain(diags, password) {
				t.Errorf("diagnostics reveal the password: %v", diags)
			}
			if !diagsContain(diags, "admin:xxxxx@") {
				t.Errorf("diagnostics do not quote the redacted endpoint: %v", diags)
			}
			d := newProviderData("1.0.0", "1.11.4", settings{Endpoint: s.Endpoint})
			if _, diags := d.Client(t.Context()); diagsContain(diags, password) || !diagsContain(diags, "Invalid REST proxy endpoint") {
				t.Errorf("Client() diagnostics: %v", diags)
			}
		})
	}
}
