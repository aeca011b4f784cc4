package kafkarest

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ValidateEndpoint parses the REST proxy endpoint and checks the rules: an
// absolute https URL (plain http only for loopback hosts: localhost,
// 127.0.0.0/8, ::1), a host, no user information, no path other than "/", no
// query and no fragment. It returns the normalised URL (scheme and host only).
func ValidateEndpoint(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, fmt.Errorf("endpoint %q is empty: it must be the https URL of the Kafka REST proxy, e.g. https://<cluster>-kafkarest.azurehdinsight.net", raw)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q is not a valid URL: %w", raw, errUnwrapURL(err))
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme == "" || u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q must be an absolute URL with a scheme and a host, e.g. https://<cluster>-kafkarest.azurehdinsight.net", raw)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("endpoint %q has no host name", raw)
	}
	if p := u.Port(); p == "" && strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("endpoint %q has an empty port", raw)
	}
	switch scheme {
	case "https":
	case "http":
		if !isLoopbackHost(host) {
			return nil, fmt.Errorf("endpoint %q uses plain http: only https is allowed, except for loopback hosts (localhost, 127.0.0.0/8, ::1)", raw)
		}
	default:
		return nil, fmt.Errorf("endpoint %q has scheme %q: it must be https (or http for loopback hosts only)", raw, u.Scheme)
	}
	if u.User != nil {
		return nil, fmt.Errorf("endpoint %q must not contain user information: authentication uses Entra ID bearer tokens", raw)
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, fmt.Errorf("endpoint %q must not have a query string", raw)
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return nil, fmt.Errorf("endpoint %q must not have a fragment", raw)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("endpoint %q must not have a path (%q): give only scheme, host and optional port (the client adds the /v1 paths itself)", raw, u.Path)
	}
	return &url.URL{Scheme: scheme, Host: u.Host}, nil
}

// isLoopbackHost reports whether host (without port or brackets) is
// localhost, an address in 127.0.0.0/8, or ::1.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// errUnwrapURL drops the *url.Error wrapper, whose text repeats the input.
func errUnwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
