package kafkarest

import (
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"

	"strings"
	"testing"
)

func TestValidateEndpoint(t *testing.T) {
	tests := []struct {
		in      string
		want    string // normalised URL when valid
		wantErr string // substring of the error otherwise
	}{
		{in: "https://mycluster-kafkarest.azurehdinsight.net", want: "https://mycluster-kafkarest.azurehdinsight.net"},
		{in: "https://mycluster-kafkarest.azurehdinsight.net/", want: "https://mycluster-kafkarest.azurehdinsight.net"},
		{in: "  HTTPS://Proxy.example.com:8443/  ", want: "https://Proxy.example.com:8443"},
		{in: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{in: "http://127.1.2.3", want: "http://127.1.2.3"},
		{in: "http://localhost:9400/", want: "http://localhost:9400"},
		{in: "http://LOCALHOST", want: "http://LOCALHOST"},
		{in: "http://[::1]:8080", want: "http://[::1]:8080"},
		{in: "https://[2001:db8::1]:443", want: "https://[2001:db8::1]:443"},
		{in: "", wantErr: "is empty"},
		{in: "   ", wantErr: "is empty"},
		{in: "http://mycluster-kafkarest.azurehdinsight.net", wantErr: "only https is allowed, except for loopback hosts"},
		{in: "http://10.0.0.1:8080", wantErr: "only https is allowed"},
		{in: "http://localhost.example.com", wantErr: "only https is allowed"},
		{in: "ftp://host", wantErr: `has scheme "ftp"`},
		{in: "mycluster-kafkarest.azurehdinsight.net", wantErr: "absolute URL with a scheme and a host"},
		{in: "https:///v1", wantErr: "absolute URL"},
		{in: "https://host:", wantErr: "empty port"},
		{in: "https://user:pw@host", wantErr: "user information"},
		{in: "https://host/?a=b", wantErr: "query string"},
		{in: "https://host?", wantErr: "query string"},
		{in: "https://host/#frag", wantErr: "fragment"},
		{in: "https://host/v1", wantErr: "must not have a path"},
		{in: "https://ho st", wantErr: "not a valid URL"},
		{in: "://nohost", wantErr: "not a valid URL"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			u, err := ValidateEndpoint(tc.in)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatalf("ValidateEndpoint(%q) = %v, want an error containing %q", tc.in, u, tc.wantErr)
				}
				if !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error %q does not contain %q", err, tc.wantErr)
				}
				// The value is named, with any password redacted.
				if !strings.Contains(err.Error(), `"`+RedactEndpoint(tc.in)+`"`) {
					t.Errorf("error %q does not name the value %q", err, RedactEndpoint(tc.in))
				}
				return
			}
			if err != nil {
				t.Fatalf("ValidateEndpoint(%q): %v", tc.in, err)
			}
			if u.String() != tc.want {
				t.Errorf("ValidateEndpoint(%q) = %q, want %q", tc.in, u, tc.want)
			}
		})
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad endpoint", Config{Endpoint: "http://example.com", Tokens: &countingTokens{}}, "only https"},
		{"no tokens", Config{Endpoint: "https://example.com"}, "Tokens is required"},
		{"negative timeout", Config{Endpoint: "https://example.com", Tokens: &countingTokens{}, RequestTimeout: -1}, "must not be negative"},
		{"negative retry cap", Config{Endpoint: "https://example.com", Tokens: &countingTokens{}, Retry: retry.Policy{Max: -1}}, "must not be negative"},
		{"negative retries", Config{Endpoint: "https://example.com", Tokens: &countingTokens{}, Retry: retry.Policy{Retries: -1}}, "0 or more"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("New err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	tests := []struct {
		name        string
		policy      retry.Policy
		wantRetries int
	}{
		{"zero policy makes one attempt", retry.Policy{}, 0},
		{"default policy", retry.DefaultPolicy(), retry.DefaultRetries},
		{"explicit", retry.Policy{Retries: 2}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(Config{Endpoint: "https://example.com/", Tokens: &countingTokens{}, Retry: tc.policy})
			if err != nil {
				t.Fatal(err)
			}
			if c.policy.Retries != tc.wantRetries || c.requestTimeout != defaultRequestTimeout || c.userAgent != defaultUserAgent || c.hc == nil {
				t.Errorf("defaults: retries %d timeout %s UA %q", c.policy.Retries, c.requestTimeout, c.userAgent)
			}
			if c.base != "https://example.com" {
				t.Errorf("base = %q", c.base)
			}
		})
	}
}

// TestValidateEndpointRedactsPassword: every error quotes the endpoint without the password of its
// user information, whichever rule the endpoint breaks.
func TestValidateEndpointRedactsPassword(t *testing.T) {
	const password = "s3cr3t-Pa55"
	for _, raw := range []string{
		"https://user:" + password + "@c-kafkarest.azurehdinsight.net",
		"http://user:" + password + "@c-kafkarest.azurehdinsight.net",
		"ftp://user:" + password + "@c-kafkarest.azurehdinsight.net",
		"https://user:" + password + "@c-kafkarest.azurehdinsight.net/v1?x=1",
		"https://user:" + password + "@c-kafkarest.azurehdinsight.net:port",
		"https://user:" + password + "@host with space",
		"  https://user:" + password + "@127.0.0.1:8443/#frag  ",
	} {
		t.Run(raw, func(t *testing.T) {
			_, err := ValidateEndpoint(raw)
			if err == nil {
				t.Fatal("accepted an endpoint with user information")
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error reveals the password: %v", err)
			}
			if !strings.Contains(err.Error(), "user:xxxxx@") {
				t.Errorf("error does not quote the redacted endpoint: %v", err)
			}
		})
	}
}

func TestRedactEndpoint(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://c-kafkarest.azurehdinsight.net", "https://c-kafkarest.azurehdinsight.net"},
		{"https://user@host", "https://user@host"},
		{"https://user:pw@host", "https://user:xxxxx@host"},
		{"https://user:pw@host:badport/x", "https://user:xxxxx@host:badport/x"},
		{"https://user:p@w@host/path@x", "https://user:xxxxx@host/path@x"},
		{"not a url at all", "not a url at all"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := RedactEndpoint(tc.in); got != tc.want {
			t.Errorf("RedactEndpoint(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
