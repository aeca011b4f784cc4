package auth

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// authorityHosts maps the environment attribute to the Entra ID login host of each cloud.
var authorityHosts = map[string]string{
	"public":       "https://login.microsoftonline.com/",
	"usgovernment": "https://login.microsoftonline.us/",
	"china":        "https://login.chinacloudapi.cn/",
}

// authority is the resolved token authority of a configuration.
type authority struct {
	// url is host + tenant, e.g. https://login.microsoftonline.com/<tenant>.
	url string
	// custom is true when AuthorityHost overrode the environment: MSAL's instance discovery
	// (which asks login.microsoftonline.com about the host) is then disabled.
	custom bool
}

// resolveAuthority validates environment and authority_host and builds the authority. tenant_id
// has been validated by selectMethod, which New runs first.
func resolveAuthority(cfg Config) (authority, error) {
	host, custom, err := authorityHost(cfg)
	if err != nil {
		return authority{}, err
	}
	return authority{url: host + cfg.TenantID, custom: custom}, nil
}

// EnvironmentNames returns the accepted values of the environment attribute, sorted.
func EnvironmentNames() []string {
	names := make([]string, 0, len(authorityHosts))
	for n := range authorityHosts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ValidateEnvironment checks an environment value: empty (public) or one of EnvironmentNames in
// any case. The error names the value and the accepted values.
func ValidateEnvironment(env string) error {
	if _, ok := authorityHosts[normalizeEnvironment(env)]; !ok {
		return fmt.Errorf("%q is not an Azure cloud: use one of %s", env, strings.Join(EnvironmentNames(), ", "))
	}
	return nil
}

func normalizeEnvironment(env string) string {
	env = strings.ToLower(strings.TrimSpace(env))
	if env == "" {
		return "public"
	}
	return env
}

// authorityHost returns the login host (with a trailing slash) and whether it was overridden.
// The environment is validated even when authority_host overrides it: a wrong value is a mistake
// either way.
func authorityHost(cfg Config) (string, bool, error) {
	if err := ValidateEnvironment(cfg.Environment); err != nil {
		return "", false, fmt.Errorf("invalid %s: %w", cfg.ref("environment"), err)
	}
	if cfg.AuthorityHost == "" {
		return authorityHosts[normalizeEnvironment(cfg.Environment)], false, nil
	}
	u, err := url.Parse(cfg.AuthorityHost)
	if err != nil {
		return "", false, fmt.Errorf("invalid %s %q: %w", cfg.ref("authority_host"), cfg.AuthorityHost, err)
	}
	switch {
	case u.Scheme != "https":
		return "", false, fmt.Errorf("invalid %s %q: must be an https URL (Entra ID and MSAL refuse plain http authorities)", cfg.ref("authority_host"), cfg.AuthorityHost)
	case u.Host == "":
		return "", false, fmt.Errorf("invalid %s %q: missing host", cfg.ref("authority_host"), cfg.AuthorityHost)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", false, fmt.Errorf("invalid %s %q: must not contain user info, a query or a fragment", cfg.ref("authority_host"), cfg.AuthorityHost)
	}
	return "https://" + u.Host + strings.TrimSuffix(u.Path, "/") + "/", true, nil
}

// validateTenant checks that tenant_id is a GUID or a domain name usable as a path segment.
func validateTenant(cfg Config) error {
	tenant := cfg.TenantID
	if tenant == "" {
		return fmt.Errorf("%s is required", cfg.ref("tenant_id"))
	}
	for _, r := range tenant {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-' && r != '.' && r != '_' {
			return fmt.Errorf("invalid %s %q: must be a tenant GUID or domain name (letters, digits, '-', '.')", cfg.ref("tenant_id"), tenant)
		}
	}
	return nil
}

// validateScope checks the scope: app-only tokens need a "<resource>/.default" scope.
func validateScope(cfg Config) error {
	scope := cfg.Scope
	if strings.ContainsAny(scope, " \t\r\n") {
		return fmt.Errorf("invalid %s %q: must be a single scope without spaces", cfg.ref("scope"), scope)
	}
	if !strings.HasSuffix(scope, "/.default") || len(scope) == len("/.default") {
		return fmt.Errorf("invalid %s %q: application tokens need a scope of the form <resource>/.default, e.g. %s", cfg.ref("scope"), scope, DefaultScope)
	}
	return nil
}
