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
// has been validated by selectMethod (requireApp), which New runs first.
func resolveAuthority(cfg Config) (authority, error) {
	host, custom, err := authorityHost(cfg)
	if err != nil {
		return authority{}, err
	}
	return authority{url: host + cfg.TenantID, custom: custom}, nil
}

// authorityHost returns the login host (with a trailing slash) and whether it was overridden.
func authorityHost(cfg Config) (string, bool, error) {
	if cfg.AuthorityHost == "" {
		env := strings.ToLower(strings.TrimSpace(cfg.Environment))
		if env == "" {
			env = "public"
		}
		host, ok := authorityHosts[env]
		if !ok {
			names := make([]string, 0, len(authorityHosts))
			for n := range authorityHosts {
				names = append(names, n)
			}
			sort.Strings(names)
			return "", false, fmt.Errorf("invalid %s %q: must be one of %s", attrRef("environment"), cfg.Environment, strings.Join(names, ", "))
		}
		return host, false, nil
	}
	u, err := url.Parse(cfg.AuthorityHost)
	if err != nil {
		return "", false, fmt.Errorf("invalid %s %q: %w", attrRef("authority_host"), cfg.AuthorityHost, err)
	}
	switch {
	case u.Scheme != "https":
		return "", false, fmt.Errorf("invalid %s %q: must be an https URL (Entra ID and MSAL refuse plain http authorities)", attrRef("authority_host"), cfg.AuthorityHost)
	case u.Host == "":
		return "", false, fmt.Errorf("invalid %s %q: missing host", attrRef("authority_host"), cfg.AuthorityHost)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return "", false, fmt.Errorf("invalid %s %q: must not contain user info, a query or a fragment", attrRef("authority_host"), cfg.AuthorityHost)
	}
	return "https://" + u.Host + strings.TrimSuffix(u.Path, "/") + "/", true, nil
}

// validateTenant checks that tenant_id is a GUID or a domain name usable as a path segment.
func validateTenant(tenant string) error {
	if tenant == "" {
		return fmt.Errorf("%s is required", attrRef("tenant_id"))
	}
	for _, r := range tenant {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-' && r != '.' && r != '_' {
			return fmt.Errorf("invalid %s %q: must be a tenant GUID or domain name (letters, digits, '-', '.')", attrRef("tenant_id"), tenant)
		}
	}
	return nil
}

// validateScope checks the scope: app-only tokens need a "<resource>/.default" scope.
func validateScope(scope string) error {
	if strings.ContainsAny(scope, " \t\r\n") {
		return fmt.Errorf("invalid %s %q: must be a single scope without spaces", attrRef("scope"), scope)
	}
	if !strings.HasSuffix(scope, "/.default") || len(scope) == len("/.default") {
		return fmt.Errorf("invalid %s %q: application tokens need a scope of the form <resource>/.default, e.g. %s", attrRef("scope"), scope, DefaultScope)
	}
	return nil
}
