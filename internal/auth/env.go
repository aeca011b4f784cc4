package auth

import (
	"fmt"
	"strconv"
	"strings"
)

// EnvVar documents which environment variables fill one provider attribute, in lookup order (the
// first non-empty one wins).
type EnvVar struct {
	Attribute string
	Env       []string
}

// EnvVars is the documentation table of the authentication attributes and their environment
// variables, in the order the provider documents them. FromEnv reads exactly these variables.
// Attribute names are the provider's schema attribute names, exactly (see attrnames_test.go).
var EnvVars = []EnvVar{
	{Attribute: "tenant_id", Env: []string{"ARM_TENANT_ID", "AZURE_TENANT_ID"}},
	{Attribute: "client_id", Env: []string{"ARM_CLIENT_ID", "AZURE_CLIENT_ID"}},
	{Attribute: "client_secret", Env: []string{"ARM_CLIENT_SECRET"}},
	{Attribute: "client_certificate", Env: []string{"ARM_CLIENT_CERTIFICATE"}},
	{Attribute: "client_certificate_path", Env: []string{"ARM_CLIENT_CERTIFICATE_PATH"}},
	{Attribute: "client_certificate_password", Env: []string{"ARM_CLIENT_CERTIFICATE_PASSWORD"}},
	{Attribute: "use_oidc", Env: []string{"ARM_USE_OIDC"}},
	{Attribute: "oidc_token", Env: []string{"ARM_OIDC_TOKEN"}},
	{Attribute: "oidc_token_file_path", Env: []string{"ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"}},
	{Attribute: "oidc_request_url", Env: []string{"ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL", "SYSTEM_OIDCREQUESTURI"}},
	{Attribute: "oidc_request_token", Env: []string{"ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN"}},
	{Attribute: "oidc_azure_service_connection_id", Env: []string{"ARM_OIDC_AZURE_SERVICE_CONNECTION_ID", "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID"}},
	{Attribute: "use_msi", Env: []string{"ARM_USE_MSI"}},
	{Attribute: "msi_endpoint", Env: []string{"ARM_MSI_ENDPOINT"}},
	{Attribute: "use_cli", Env: []string{"ARM_USE_CLI"}},
	{Attribute: "environment", Env: []string{"ARM_ENVIRONMENT"}},
	{Attribute: "authority_host", Env: []string{"HDIKAFKA_AUTHORITY_HOST"}},
	{Attribute: "scope", Env: []string{"HDIKAFKA_SCOPE"}},
}

// azureDevOpsOnly are variables that fill an attribute only in an Azure DevOps pipeline, that is
// when a service connection id is configured: SYSTEM_ACCESSTOKEN is present in many pipelines that
// do not use OIDC at all.
var azureDevOpsOnly = map[string]bool{"SYSTEM_OIDCREQUESTURI": true, "SYSTEM_ACCESSTOKEN": true}

// untrimmed are attributes whose values are taken verbatim: surrounding spaces may be part of a
// secret or password.
var untrimmed = map[string]bool{"client_secret": true, "client_certificate_password": true}

// envNames returns the environment variables of an attribute, or nil.
func envNames(attribute string) []string {
	for _, e := range EnvVars {
		if e.Attribute == attribute {
			return e.Env
		}
	}
	return nil
}

// attrRef renders `attribute (ENV_A/ENV_B)` for error messages.
func attrRef(attribute string) string {
	names := envNames(attribute)
	if len(names) == 0 {
		return attribute
	}
	return fmt.Sprintf("%s (%s)", attribute, strings.Join(names, "/"))
}

// FromEnv returns cfg with every empty field filled from the environment variables listed in
// EnvVars; explicit values always win. getenv is usually os.Getenv. Boolean variables are parsed
// strictly (1, t, true, 0, f, false in any case); a value that is not a boolean is kept as an
// error that New reports, naming the variable.
func FromEnv(cfg Config, getenv func(string) string) Config {
	ado := false
	lookup := func(attribute string) string {
		for _, name := range envNames(attribute) {
			if azureDevOpsOnly[name] && !ado {
				continue
			}
			v := getenv(name)
			if strings.TrimSpace(v) == "" {
				continue
			}
			if untrimmed[attribute] {
				return v
			}
			return strings.TrimSpace(v)
		}
		return ""
	}
	fill := func(field *string, attribute string) {
		if *field == "" {
			*field = lookup(attribute)
		}
	}
	fillBool := func(field *bool, attribute string) {
		if *field {
			return
		}
		for _, name := range envNames(attribute) {
			raw := strings.TrimSpace(getenv(name))
			if raw == "" {
				continue
			}
			v, err := strconv.ParseBool(raw)
			if err != nil {
				cfg.envErrs = append(cfg.envErrs, fmt.Errorf("environment variable %s=%q for %s is not a boolean: use true or false", name, raw, attribute))
				return
			}
			*field = v
			return
		}
	}

	fill(&cfg.ADOServiceConnectionID, "oidc_azure_service_connection_id")
	ado = cfg.ADOServiceConnectionID != ""

	fill(&cfg.TenantID, "tenant_id")
	fill(&cfg.ClientID, "client_id")
	fill(&cfg.ClientSecret, "client_secret")
	fill(&cfg.ClientCertificate, "client_certificate")
	fill(&cfg.ClientCertificatePath, "client_certificate_path")
	fill(&cfg.ClientCertificatePassword, "client_certificate_password")
	fillBool(&cfg.UseOIDC, "use_oidc")
	fill(&cfg.OIDCToken, "oidc_token")
	fill(&cfg.OIDCTokenFilePath, "oidc_token_file_path")
	fill(&cfg.OIDCRequestURL, "oidc_request_url")
	fill(&cfg.OIDCRequestToken, "oidc_request_token")
	fillBool(&cfg.UseMSI, "use_msi")
	fill(&cfg.MSIEndpoint, "msi_endpoint")
	fillBool(&cfg.UseCLI, "use_cli")
	fill(&cfg.Environment, "environment")
	fill(&cfg.AuthorityHost, "authority_host")
	fill(&cfg.Scope, "scope")
	return cfg
}
