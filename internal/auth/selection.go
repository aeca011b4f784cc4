package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// The selection follows azurerm. terraform-provider-azurerm builds its authorizer with
// go-azure-sdk's sdk/auth.NewAuthorizerFromCredentials (sdk/auth/auth.go), which tries, in this
// order: client certificate, client secret, OIDC (an ID token, then GitHub's token request
// endpoint), managed identity, Azure CLI. A method is tried only when it is enabled and its values
// are present (tenant and client ids for the application credentials); the first one that
// qualifies is used and the others are ignored, never refused. We do the same, with two
// differences that only add information: every configured method that is ignored is named in a
// warning (Selected.Ignored), and when no method qualifies the error names what the configured
// ones lack instead of azurerm's "no Authorizer could be configured".

// Selected describes the credential method New chose.
type Selected struct {
	Method Method
	// Ignored lists the other configured methods, in azurerm's order, with the reason each was
	// not used. Empty when exactly one method was configured.
	Ignored []Ignored
}

// Ignored is a configured credential method that New did not use.
type Ignored struct {
	Method Method
	// Setting is what configured it, e.g. "client_secret (ARM_CLIENT_SECRET)".
	Setting string
	// Reason is why it was not used, e.g. "client secret comes first in azurerm's order" or
	// "tenant_id is not set".
	Reason string
}

// Label is the method's name in messages, e.g. "client secret".
func (m Method) Label() string {
	switch m {
	case MethodClientCertificate:
		return "client certificate"
	case MethodClientSecret:
		return "client secret"
	case MethodOIDC:
		return "OIDC federation"
	case MethodMSI:
		return "managed identity"
	case MethodCLI:
		return "Azure CLI"
	}
	return string(m)
}

// New validates cfg, picks one credential method in azurerm's order (see above) and returns a
// token source for it. Configured but unused methods are listed in Selected.Ignored and logged as
// a warning. Errors: a malformed value (tenant_id, environment, authority_host, scope, certificate,
// OIDC request URL, msi_endpoint of the chosen method), both client_certificate and
// client_certificate_path, or no method that qualifies (naming what each configured one lacks).
// ctx carries the caller's logging context; New performs no network calls: the first Token call
// contacts the identity provider.
func New(ctx context.Context, cfg Config) (TokenSource, Selected, error) {
	sel, err := selectMethod(cfg)
	if err != nil {
		return nil, Selected{}, err
	}
	if cfg.Scope == "" {
		cfg.Scope = DefaultScope
	}
	if err := validateScope(cfg); err != nil {
		return nil, Selected{}, err
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	var src TokenSource
	switch sel.Method {
	case MethodClientCertificate, MethodClientSecret, MethodOIDC:
		src, err = newConfidentialSource(ctx, cfg, sel.Method)
	case MethodMSI:
		src, err = newMSISource(ctx, cfg)
	case MethodCLI:
		src, err = newCLISource(ctx, cfg)
	default:
		err = fmt.Errorf("internal error: unknown credential method %q", sel.Method)
	}
	if err != nil {
		return nil, Selected{}, err
	}
	for _, ig := range sel.Ignored {
		logWarn(ctx, cfg.Logger, "Entra ID credential method ignored", map[string]any{
			"method": string(sel.Method), "ignored_method": string(ig.Method), "ignored_setting": ig.Setting, "reason": ig.Reason,
		})
	}
	return src, sel, nil
}

// candidate is one configured credential method.
type candidate struct {
	method  Method
	setting string // what configured it, rendered with cfg.ref
	missing error  // why it cannot be used, or nil
	// byDefault marks the Azure CLI enabled by default: never reported as ignored.
	byDefault bool
}

// candidates returns the configured methods in azurerm's order. A method is configured by its
// credential (client_certificate(_path), client_secret) or by its switch (use_oidc, use_msi,
// use_cli); OIDC assertion sources without use_oidc and msi_endpoint without use_msi configure
// nothing, as in azurerm.
func candidates(cfg Config) []candidate {
	var out []candidate
	if cfg.ClientCertificate != "" || cfg.ClientCertificatePath != "" {
		setting := cfg.ref("client_certificate")
		if cfg.ClientCertificate == "" {
			setting = cfg.ref("client_certificate_path")
		}
		out = append(out, candidate{method: MethodClientCertificate, setting: setting, missing: missingApp(cfg)})
	}
	if cfg.ClientSecret != "" {
		out = append(out, candidate{method: MethodClientSecret, setting: cfg.ref("client_secret"), missing: missingApp(cfg)})
	}
	if cfg.UseOIDC {
		missing := missingApp(cfg)
		if missing == nil {
			missing = missingAssertionSource(cfg)
		}
		out = append(out, candidate{method: MethodOIDC, setting: cfg.ref("use_oidc"), missing: missing})
	}
	if cfg.UseMSI {
		out = append(out, candidate{method: MethodMSI, setting: cfg.ref("use_msi")})
	}
	if cfg.UseCLI {
		out = append(out, candidate{method: MethodCLI, setting: cfg.ref("use_cli"), byDefault: cfg.UseCLIByDefault})
	}
	return out
}

// selectMethod applies azurerm's order, then validates the chosen method's values.
func selectMethod(cfg Config) (Selected, error) {
	if cfg.TenantID != "" {
		if err := validateTenant(cfg); err != nil {
			return Selected{}, err
		}
	}
	if _, _, err := authorityHost(cfg); err != nil {
		return Selected{}, err
	}
	if cfg.ClientCertificate != "" && cfg.ClientCertificatePath != "" {
		return Selected{}, fmt.Errorf("both %s and %s are set: set only one", cfg.ref("client_certificate"), cfg.ref("client_certificate_path"))
	}
	all := candidates(cfg)
	chosen := -1
	for i, c := range all {
		if c.missing == nil {
			chosen = i
			break
		}
	}
	if chosen < 0 {
		if len(all) == 0 {
			return Selected{}, noMethodError(cfg)
		}
		var errs []error
		for _, c := range all {
			errs = append(errs, fmt.Errorf("%s (%s) cannot be used: %w", c.method.Label(), c.setting, c.missing))
		}
		return Selected{}, errors.Join(errs...)
	}
	sel := Selected{Method: all[chosen].method}
	for i, c := range all {
		switch {
		case c.byDefault:
		case i < chosen:
			sel.Ignored = append(sel.Ignored, Ignored{Method: c.method, Setting: c.setting, Reason: c.missing.Error()})
		case i > chosen:
			sel.Ignored = append(sel.Ignored, Ignored{Method: c.method, Setting: c.setting,
				Reason: fmt.Sprintf("%s (%s) comes first in azurerm's order", sel.Method.Label(), all[chosen].setting)})
		}
	}
	switch sel.Method {
	case MethodOIDC:
		if cfg.OIDCToken == "" && cfg.OIDCTokenFilePath == "" {
			if err := validateRequestURL(cfg, "oidc_request_url", cfg.OIDCRequestURL); err != nil {
				return Selected{}, err
			}
		}
	case MethodMSI:
		if cfg.MSIEndpoint != "" {
			if err := validateMSIEndpoint(cfg); err != nil {
				return Selected{}, err
			}
		}
	}
	return sel, nil
}

// missingApp names the tenant and client ids every application credential needs, or nil.
func missingApp(cfg Config) error {
	var missing []string
	if cfg.TenantID == "" {
		missing = append(missing, cfg.ref("tenant_id"))
	}
	if cfg.ClientID == "" {
		missing = append(missing, cfg.ref("client_id"))
	}
	switch len(missing) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("%s is not set", missing[0])
	}
	return fmt.Errorf("%s are not set", strings.Join(missing, " and "))
}

// missingAssertionSource names what use_oidc lacks: an assertion (oidc_token,
// oidc_token_file_path) or a complete request endpoint pair. nil when one is there.
func missingAssertionSource(cfg Config) error {
	switch {
	case cfg.OIDCToken != "", cfg.OIDCTokenFilePath != "":
		return nil
	case cfg.OIDCRequestURL != "" && cfg.OIDCRequestToken == "":
		msg := fmt.Sprintf("%s is set but %s is not", cfg.ref("oidc_request_url"), cfg.ref("oidc_request_token"))
		if cfg.ADOServiceConnectionID != "" {
			msg += "; in Azure DevOps map the SYSTEM_ACCESSTOKEN variable into the task's environment (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))"
		}
		return errors.New(msg)
	case cfg.OIDCRequestURL == "" && cfg.OIDCRequestToken != "":
		return fmt.Errorf("%s is set but %s is not", cfg.ref("oidc_request_token"), cfg.ref("oidc_request_url"))
	case cfg.OIDCRequestURL != "":
		return nil
	}
	msg := fmt.Sprintf("no assertion source is set: set %s, %s, or %s with %s",
		cfg.ref("oidc_token"), cfg.ref("oidc_token_file_path"), cfg.ref("oidc_request_url"), cfg.ref("oidc_request_token"))
	if cfg.ADOServiceConnectionID != "" {
		msg += fmt.Sprintf("; in Azure DevOps (%s is set) also map the SYSTEM_ACCESSTOKEN variable into the task's environment, or set %s and %s",
			cfg.ref("oidc_azure_service_connection_id"), cfg.ref("oidc_request_url"), cfg.ref("oidc_request_token"))
	}
	return errors.New(msg)
}

// noMethodError lists every method and its settings, plus hints for half-configured methods.
func noMethodError(cfg Config) error {
	var b strings.Builder
	b.WriteString("no Entra ID credential is configured; configure one of (azurerm's order, the first complete one is used):\n")
	fmt.Fprintf(&b, "  - client certificate: %s or %s (+ %s), with tenant_id and client_id\n", cfg.ref("client_certificate"), cfg.ref("client_certificate_path"), cfg.ref("client_certificate_password"))
	fmt.Fprintf(&b, "  - client secret: %s, with %s and %s\n", cfg.ref("client_secret"), cfg.ref("tenant_id"), cfg.ref("client_id"))
	fmt.Fprintf(&b, "  - OIDC federation: %s = true with %s, %s or %s + %s (Azure DevOps: also %s)\n", cfg.ref("use_oidc"), cfg.ref("oidc_token"), cfg.ref("oidc_token_file_path"), cfg.ref("oidc_request_url"), cfg.ref("oidc_request_token"), cfg.ref("oidc_azure_service_connection_id"))
	fmt.Fprintf(&b, "  - managed identity: %s = true (client_id selects a user-assigned identity; %s optional)\n", cfg.ref("use_msi"), cfg.ref("msi_endpoint"))
	fmt.Fprintf(&b, "  - Azure CLI: %s = true (after az login; the provider's default)", cfg.ref("use_cli"))
	if cfg.OIDCToken != "" || cfg.OIDCTokenFilePath != "" || cfg.OIDCRequestURL != "" || cfg.ADOServiceConnectionID != "" {
		fmt.Fprintf(&b, "\nhint: an OIDC assertion source is set but %s is not enabled", cfg.ref("use_oidc"))
	}
	if cfg.MSIEndpoint != "" {
		fmt.Fprintf(&b, "\nhint: msi_endpoint is set but %s is not enabled", cfg.ref("use_msi"))
	}
	return errors.New(b.String())
}
