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
	// Errors quote the endpoint with any password of its user information redacted.
	shown := RedactEndpoint(raw)
	if s == "" {
		return nil, fmt.Errorf("endpoint %q is empty: it must be the https URL of the Kafka REST proxy, e.g. https://<cluster>-kafkarest.azurehdinsight.net", shown)
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("endpoint %q is not a valid URL: %w", shown, errUnwrapURL(err))
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme == "" || u.Opaque != "" || u.Host == "" {
		return nil, fmt.Errorf("endpoint %q must be an absolute URL with a scheme and a host, e.g. https://<cluster>-kafkarest.azurehdinsight.net", shown)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("endpoint %q has no host name", shown)
	}
	if p := u.Port(); p == "" && strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("endpoint %q has an empty port", shown)
	}
	switch scheme {
	case "https":
	case "http":
		if !isLoopbackHost(host) {
			return nil, fmt.Errorf("endpoint %q uses plain http: only https is allowed, except for loopback hosts (localhost, 127.0.0.0/8, ::1)", shown)
		}
	default:
		return nil, fmt.Errorf("endpoint %q has scheme %q: it must be https (or http for loopback hosts only)", shown, u.Scheme)
	}
	if u.User != nil {
		return nil, fmt.Errorf("endpoint %q must not contain user information: authentication uses Entra ID bearer tokens", shown)
	}
	if u.RawQuery != "" || u.ForceQuery {
		return nil, fmt.Errorf("endpoint %q must not have a query string", shown)
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return nil, fmt.Errorf("endpoint %q must not have a fragment", shown)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("endpoint %q must not have a path (%q): give only scheme, host and optional port (the client adds the /v1 paths itself)", shown, u.Path)
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

// RedactEndpoint returns raw with the password of any user information replaced by "xxxxx"
// (https://user:xxxxx@host), for quoting an endpoint in errors and logs. It works on values that
// do not parse as URLs too.
func RedactEndpoint(raw string) string {
	if u, err := url.Parse(strings.TrimSpace(raw)); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			return u.Redacted()
		}
		return raw
	}
	// Unparseable: redact what follows the first ':' of the user information between "//" and the
	// last '@' before the path.
	start := strings.Index(raw, "//")
	if start < 0 {
		return raw
	}
	start += 2
	end := len(raw)
	if i := strings.IndexAny(raw[start:], "/?#"); i >= 0 {
		end = start + i
	}
	at := strings.LastIndex(raw[start:end], "@")
	if at < 0 {
		return raw
	}
	userinfo := raw[start : start+at]
	colon := strings.Index(userinfo, ":")
	if colon < 0 {
		return raw
	}
	return raw[:start+colon+1] + "xxxxx" + raw[start+at:]
}
