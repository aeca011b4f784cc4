package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// New validates cfg, picks exactly one credential method in azurerm's order and returns a token
// source for it. The order is: client certificate, client secret, OIDC federation (use_oidc),
// managed identity (use_msi), Azure CLI (use_cli). An explicitly enabled method that lacks a value
// and two conflicting explicit methods (a client certificate with a client secret included) are
// errors; so is a configuration with no method at all.
// New performs no network calls: the first Token call contacts the identity provider.
func New(cfg Config) (TokenSource, Method, error) {
	if len(cfg.envErrs) > 0 {
		return nil, "", errors.Join(cfg.envErrs...)
	}
	method, err := selectMethod(cfg)
	if err != nil {
		return nil, "", err
	}
	if cfg.Scope == "" {
		cfg.Scope = DefaultScope
	}
	if err := validateScope(cfg.Scope); err != nil {
		return nil, "", err
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	var src TokenSource
	switch method {
	case MethodClientCertificate, MethodClientSecret, MethodOIDC:
		src, err = newConfidentialSource(cfg, method)
	case MethodMSI:
		src, err = newMSISource(cfg)
	case MethodCLI:
		src, err = newCLISource(cfg)
	default:
		err = fmt.Errorf("internal error: unknown credential method %q", method)
	}
	if err != nil {
		return nil, "", err
	}
	return src, method, nil
}

// selectMethod applies azurerm's order and the conflict and completeness rules.
func selectMethod(cfg Config) (Method, error) {
	hasCert := cfg.ClientCertificate != "" || cfg.ClientCertificatePath != ""
	hasSecret := cfg.ClientSecret != ""

	var explicit []string
	if cfg.UseOIDC {
		explicit = append(explicit, attrRef("use_oidc"))
	}
	if cfg.UseMSI {
		explicit = append(explicit, attrRef("use_msi"))
	}
	if cfg.UseCLI {
		explicit = append(explicit, attrRef("use_cli"))
	}
	if len(explicit) > 1 {
		return "", fmt.Errorf("conflicting credential methods: %s are all enabled; enable exactly one", strings.Join(explicit, " and "))
	}
	if len(explicit) == 1 {
		var stray []string
		if cfg.ClientCertificate != "" {
			stray = append(stray, attrRef("client_certificate"))
		}
		if cfg.ClientCertificatePath != "" {
			stray = append(stray, attrRef("client_certificate_path"))
		}
		if hasSecret {
			stray = append(stray, attrRef("client_secret"))
		}
		if len(stray) > 0 {
			return "", fmt.Errorf("conflicting credential methods: %s is enabled but %s is also set, which would take precedence; unset one of them", explicit[0], strings.Join(stray, " and "))
		}
	}

	if hasCert && hasSecret {
		return "", fmt.Errorf("conflicting credential methods: client_certificate/client_certificate_path (ARM_CLIENT_CERTIFICATE/_PATH) and %s are both set: unset one of them", attrRef("client_secret"))
	}

	switch {
	case hasCert:
		if cfg.ClientCertificate != "" && cfg.ClientCertificatePath != "" {
			return "", fmt.Errorf("both %s and %s are set: set only one", attrRef("client_certificate"), attrRef("client_certificate_path"))
		}
		if err := requireApp(cfg, "client certificate"); err != nil {
			return "", err
		}
		return MethodClientCertificate, nil
	case hasSecret:
		if err := requireApp(cfg, attrRef("client_secret")); err != nil {
			return "", err
		}
		return MethodClientSecret, nil
	case cfg.UseOIDC:
		if err := requireApp(cfg, "use_oidc"); err != nil {
			return "", err
		}
		if err := validateOIDC(cfg); err != nil {
			return "", err
		}
		return MethodOIDC, nil
	case cfg.UseMSI:
		if cfg.MSIEndpoint != "" {
			if err := validateMSIEndpoint(cfg.MSIEndpoint); err != nil {
				return "", err
			}
		}
		return MethodMSI, nil
	case cfg.UseCLI:
		return MethodCLI, nil
	}
	return "", noMethodError(cfg)
}

// requireApp checks the tenant and client ids every app credential needs.
func requireApp(cfg Config, what string) error {
	var missing []string
	if cfg.TenantID == "" {
		missing = append(missing, attrRef("tenant_id"))
	}
	if cfg.ClientID == "" {
		missing = append(missing, attrRef("client_id"))
	}
	if len(missing) > 0 {
		verb := "is"
		if len(missing) > 1 {
			verb = "are"
		}
		return fmt.Errorf("%s is configured but %s %s not set", what, strings.Join(missing, " and "), verb)
	}
	return validateTenant(cfg.TenantID)
}

// validateOIDC checks that use_oidc has an assertion source and that request endpoints are usable.
func validateOIDC(cfg Config) error {
	switch {
	case cfg.OIDCToken != "", cfg.OIDCTokenFilePath != "":
		return nil
	case cfg.OIDCRequestURL != "" && cfg.OIDCRequestToken == "":
		return fmt.Errorf("use_oidc is enabled with %s but %s is not set", attrRef("oidc_request_url"), attrRef("oidc_request_token"))
	case cfg.OIDCRequestURL == "" && cfg.OIDCRequestToken != "":
		return fmt.Errorf("use_oidc is enabled with %s but %s is not set", attrRef("oidc_request_token"), attrRef("oidc_request_url"))
	case cfg.OIDCRequestURL != "":
		return validateRequestURL("oidc_request_url", cfg.OIDCRequestURL)
	}
	msg := fmt.Sprintf("use_oidc is enabled but no assertion source is set: set %s, %s, or %s with %s",
		attrRef("oidc_token"), attrRef("oidc_token_file_path"), attrRef("oidc_request_url"), attrRef("oidc_request_token"))
	if cfg.ADOServiceConnectionID != "" {
		msg += fmt.Sprintf("; in Azure DevOps (%s is set) also map the SYSTEM_ACCESSTOKEN variable into the task's environment, or set %s and %s", attrRef("oidc_azure_service_connection_id"), attrRef("oidc_request_url"), attrRef("oidc_request_token"))
	}
	return errors.New(msg)
}

// noMethodError lists every method and its variables, plus hints for half-configured methods.
func noMethodError(cfg Config) error {
	var b strings.Builder
	b.WriteString("no Entra ID credential is configured; configure exactly one of:\n")
	fmt.Fprintf(&b, "  - client certificate: %s or %s (+ %s), with tenant_id and client_id\n", attrRef("client_certificate"), attrRef("client_certificate_path"), attrRef("client_certificate_password"))
	fmt.Fprintf(&b, "  - client secret: %s, with %s and %s\n", attrRef("client_secret"), attrRef("tenant_id"), attrRef("client_id"))
	fmt.Fprintf(&b, "  - OIDC federation: %s = true with %s, %s or %s + %s (Azure DevOps: also %s)\n", attrRef("use_oidc"), attrRef("oidc_token"), attrRef("oidc_token_file_path"), attrRef("oidc_request_url"), attrRef("oidc_request_token"), attrRef("oidc_azure_service_connection_id"))
	fmt.Fprintf(&b, "  - managed identity: %s = true (client_id selects a user-assigned identity; %s optional)\n", attrRef("use_msi"), attrRef("msi_endpoint"))
	fmt.Fprintf(&b, "  - Azure CLI: %s = true (after az login)", attrRef("use_cli"))
	if cfg.OIDCToken != "" || cfg.OIDCTokenFilePath != "" || cfg.OIDCRequestURL != "" || cfg.ADOServiceConnectionID != "" {
		b.WriteString("\nhint: an OIDC assertion source is set but use_oidc (ARM_USE_OIDC) is not enabled")
	}
	if cfg.MSIEndpoint != "" {
		b.WriteString("\nhint: msi_endpoint is set but use_msi (ARM_USE_MSI) is not enabled")
	}
	return errors.New(b.String())
}
