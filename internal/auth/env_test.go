package auth

import (
	"reflect"
	"strings"
	"testing"
)

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestFromEnv(t *testing.T) {
	tests := []struct {
		name string
		in   Config
		env  map[string]string
		want Config
		errs []string
	}{
		{
			name: "ARM variables fill empty fields",
			env: map[string]string{
				"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": " s ",
				"ARM_CLIENT_CERTIFICATE": "b64", "ARM_CLIENT_CERTIFICATE_PATH": "/p", "ARM_CLIENT_CERTIFICATE_PASSWORD": "pw ",
				"ARM_USE_OIDC": "true", "ARM_OIDC_TOKEN": "jwt", "ARM_OIDC_TOKEN_FILE_PATH": "/f",
				"ARM_OIDC_REQUEST_URL": "https://u", "ARM_OIDC_REQUEST_TOKEN": "rt",
				"ARM_USE_MSI": "1", "ARM_MSI_ENDPOINT": "http://127.0.0.1/m", "ARM_USE_CLI": "TRUE",
				"ARM_ENVIRONMENT": "china", "HDIKAFKA_AUTHORITY_HOST": "https://h/", "HDIKAFKA_SCOPE": "x/.default",
			},
			want: Config{
				TenantID: "t", ClientID: "c", ClientSecret: " s ",
				ClientCertificate: "b64", ClientCertificatePath: "/p", ClientCertificatePassword: "pw ",
				UseOIDC: true, OIDCToken: "jwt", OIDCTokenFilePath: "/f", OIDCRequestURL: "https://u", OIDCRequestToken: "rt",
				UseMSI: true, MSIEndpoint: "http://127.0.0.1/m", UseCLI: true,
				Environment: "china", AuthorityHost: "https://h/", Scope: "x/.default",
			},
		},
		{
			name: "explicit values win",
			in:   Config{TenantID: "explicit", UseCLI: true, Scope: "mine/.default"},
			env:  map[string]string{"ARM_TENANT_ID": "env", "ARM_USE_CLI": "false", "HDIKAFKA_SCOPE": "env/.default"},
			want: Config{TenantID: "explicit", UseCLI: true, Scope: "mine/.default"},
		},
		{
			name: "AZURE_ and ACTIONS_ fallbacks",
			env: map[string]string{
				"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_FEDERATED_TOKEN_FILE": "/var/run/token",
				"ACTIONS_ID_TOKEN_REQUEST_URL": "https://gh", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "ght",
			},
			want: Config{TenantID: "t", ClientID: "c", OIDCTokenFilePath: "/var/run/token", OIDCRequestURL: "https://gh", OIDCRequestToken: "ght"},
		},
		{
			name: "ARM_ beats AZURE_",
			env:  map[string]string{"ARM_CLIENT_ID": "arm", "AZURE_CLIENT_ID": "azure"},
			want: Config{ClientID: "arm"},
		},
		{
			name: "Azure DevOps variables only with a service connection",
			env:  map[string]string{"SYSTEM_OIDCREQUESTURI": "https://ado/oidc", "SYSTEM_ACCESSTOKEN": "adot"},
			want: Config{},
		},
		{
			name: "Azure DevOps service connection",
			env: map[string]string{
				"ARM_OIDC_AZURE_SERVICE_CONNECTION_ID": "sc", "SYSTEM_OIDCREQUESTURI": "https://ado/oidc", "SYSTEM_ACCESSTOKEN": "adot",
			},
			want: Config{ADOServiceConnectionID: "sc", OIDCRequestURL: "https://ado/oidc", OIDCRequestToken: "adot"},
		},
		{
			name: "junk booleans are reported",
			env:  map[string]string{"ARM_USE_OIDC": "yes", "ARM_USE_CLI": "0", "ARM_USE_MSI": "sure"},
			errs: []string{`ARM_USE_OIDC="yes"`, `ARM_USE_MSI="sure"`},
		},
		{
			name: "blank values are ignored",
			env:  map[string]string{"ARM_TENANT_ID": "  ", "ARM_USE_MSI": " "},
			want: Config{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FromEnv(tt.in, envFunc(tt.env))
			if len(tt.errs) > 0 {
				if len(got.envErrs) != len(tt.errs) {
					t.Fatalf("env errors = %v, want %d", got.envErrs, len(tt.errs))
				}
				_, _, err := New(got)
				mustContain(t, err, tt.errs...)
				return
			}
			if len(got.envErrs) > 0 {
				t.Fatalf("unexpected env errors: %v", got.envErrs)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromEnv =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

// TestEnvVarsTableIsComplete checks that every documented variable is read by FromEnv and changes
// the configuration.
func TestEnvVarsTableIsComplete(t *testing.T) {
	for _, e := range EnvVars {
		if len(e.Env) == 0 {
			t.Errorf("attribute %s has no environment variables", e.Attribute)
		}
		for _, name := range e.Env {
			baseEnv := map[string]string{}
			if azureDevOpsOnly[name] {
				baseEnv["ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"] = "sc"
			}
			env := map[string]string{name: "true"}
			for k, v := range baseEnv {
				env[k] = v
			}
			base := FromEnv(Config{}, envFunc(baseEnv))
			got := FromEnv(Config{}, envFunc(env))
			if reflect.DeepEqual(got, base) {
				t.Errorf("%s (for %s) does not change the configuration", name, e.Attribute)
			}
		}
		if !strings.Contains(attrRef(e.Attribute), e.Env[0]) {
			t.Errorf("attrRef(%s) = %q lacks %s", e.Attribute, attrRef(e.Attribute), e.Env[0])
		}
	}
}
