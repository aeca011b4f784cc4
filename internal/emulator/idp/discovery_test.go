package idp

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func TestOpenIDConfiguration(t *testing.T) {
	p, srv := newServed(t, Options{})
	base := srv.URL
	tests := []struct {
		name     string
		path     string
		status   int
		wantCode float64 // AADSTS code for errors
	}{
		{"served tenant", "/" + testTenant + "/v2.0/.well-known/openid-configuration", http.StatusOK, 0},
		{"tenant in upper case", "/" + strings.ToUpper(testTenant) + "/v2.0/.well-known/openid-configuration", http.StatusOK, 0},
		{"unknown tenant", "/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration", http.StatusBadRequest, CodeInvalidTenant},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, m, body := get(t, srv, tc.path)
			if status != tc.status {
				t.Fatalf("status = %d, want %d; body %s", status, tc.status, body)
			}
			if tc.wantCode != 0 {
				codes, _ := m["error_codes"].([]any)
				if len(codes) != 1 || codes[0] != tc.wantCode || m["error"] != "invalid_tenant" {
					t.Fatalf("error = %v codes %v, want invalid_tenant [%v]", m["error"], codes, tc.wantCode)
				}
				return
			}
			want := map[string]string{
				"issuer":                 base + "/" + testTenant + "/v2.0",
				"authorization_endpoint": base + "/" + testTenant + "/oauth2/v2.0/authorize",
				"token_endpoint":         base + "/" + testTenant + "/oauth2/v2.0/token",
				"jwks_uri":               base + "/" + testTenant + "/discovery/v2.0/keys",
			}
			for k, v := range want {
				if m[k] != v {
					t.Errorf("%s = %v, want %s", k, m[k], v)
				}
			}
			if p.Issuer() != want["issuer"] || p.TokenEndpoint() != want["token_endpoint"] {
				t.Errorf("Issuer()/TokenEndpoint() = %s / %s, disagree with the document", p.Issuer(), p.TokenEndpoint())
			}
		})
	}
}

func TestOpenIDConfigurationWithoutBaseURL(t *testing.T) {
	p, err := New(Options{Tenant: testTenant})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptestRecorder(p, http.MethodGet, "/"+testTenant+"/v2.0/.well-known/openid-configuration")
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d, want 503 before SetBaseURL; body %s", rec.Code, rec.Body)
	}
	if _, err := p.IssueAccessToken("x", "", 0); err == nil {
		t.Fatal("IssueAccessToken of an unknown client succeeded")
	}
}

func TestSetBaseURL(t *testing.T) {
	p, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://127.0.0.1:8443", "https://127.0.0.1:8443", true},
		{"https://127.0.0.1:8443/", "https://127.0.0.1:8443", true},
		{"ftp://127.0.0.1", "", false},
		{"https://127.0.0.1/tenant", "", false},
		{"https://127.0.0.1?x=1", "", false},
		{"127.0.0.1:8443", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			err := p.SetBaseURL(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("SetBaseURL(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
			}
			if tc.ok && p.BaseURL() != tc.want {
				t.Fatalf("BaseURL() = %q, want %q", p.BaseURL(), tc.want)
			}
		})
	}
	if p.Tenant() != DefaultTenant {
		t.Errorf("Tenant() = %q, want default %q", p.Tenant(), DefaultTenant)
	}
}

func TestJWKS(t *testing.T) {
	p, srv := newServed(t, Options{})
	keysOf := func() jwks {
		t.Helper()
		resp, err := srv.Client().Get(srv.URL + "/" + testTenant + "/discovery/v2.0/keys")
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		var set jwks
		if err := json.NewDecoder(resp.Body).Decode(&set); err != nil {
			t.Fatal(err)
		}
		return set
	}
	tok, err := p.IssueAccessToken(secretClient, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	set := keysOf()
	if len(set.Keys) != 1 {
		t.Fatalf("JWKS has %d keys, want 1", len(set.Keys))
	}
	k := set.Keys[0]
	if k.Kty != "RSA" || k.Use != "sig" || k.Alg != "RS256" || k.Kid == "" {
		t.Fatalf("key = %+v, want RSA sig RS256 with kid", k)
	}
	pub, err := k.publicKey()
	if err != nil {
		t.Fatalf("publicKey: %v", err)
	}
	parsed, err := jwt.Parse(tok, func(tk *jwt.Token) (any, error) {
		if tk.Header["kid"] != k.Kid {
			t.Errorf("token kid %v, JWKS kid %s", tk.Header["kid"], k.Kid)
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{"RS256"}))
	if err != nil || !parsed.Valid {
		t.Fatalf("token does not verify with the published key: %v", err)
	}

	if err := p.RotateSigningKey(); err != nil {
		t.Fatal(err)
	}
	if n := len(keysOf().Keys); n != 2 {
		t.Fatalf("after rotation the JWKS has %d keys, want 2", n)
	}
	if status, err := p.Authorize(bearer(tok)); status != 0 {
		t.Fatalf("token of the previous key rejected after rotation: %d %v", status, err)
	}

	status, m, _ := get(t, srv, "/other-tenant/discovery/v2.0/keys")
	if status != http.StatusBadRequest || m["error"] != "invalid_tenant" {
		t.Fatalf("unknown tenant JWKS: %d %v", status, m["error"])
	}
}

func TestWorkloadIssuerDiscovery(t *testing.T) {
	p, srv := newServed(t, Options{})
	status, m, body := get(t, srv, "/workload/.well-known/openid-configuration")
	if status != http.StatusOK || m["issuer"] != p.WorkloadIssuer() || m["jwks_uri"] != p.WorkloadIssuer()+"/keys" {
		t.Fatalf("workload discovery: %d %s", status, body)
	}
	status, m, body = get(t, srv, "/workload/keys")
	if keys, _ := m["keys"].([]any); status != http.StatusOK || len(keys) != 1 {
		t.Fatalf("workload keys: %d %s", status, body)
	}
}

func TestInstanceDiscovery(t *testing.T) {
	_, srv := newServed(t, Options{})
	host := strings.TrimPrefix(srv.URL, "https://")
	status, m, body := get(t, srv, "/common/discovery/instance?api-version=1.1&authorization_endpoint="+
		srv.URL+"/"+testTenant+"/oauth2/v2.0/authorize")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if m["tenant_discovery_endpoint"] != srv.URL+"/"+testTenant+"/v2.0/.well-known/openid-configuration" {
		t.Errorf("tenant_discovery_endpoint = %v", m["tenant_discovery_endpoint"])
	}
	md, _ := m["metadata"].([]any)
	if len(md) != 1 || !strings.Contains(body, `"aliases":["`+host+`"]`) {
		t.Errorf("metadata = %v, want aliases [%s]", m["metadata"], host)
	}
}

func TestAuthorizeEndpointNotEmulated(t *testing.T) {
	_, srv := newServed(t, Options{})
	status, m, _ := get(t, srv, "/"+testTenant+"/oauth2/v2.0/authorize?client_id=x")
	if status != http.StatusBadRequest || m["error"] != "unsupported_response_type" {
		t.Fatalf("authorize: %d %v", status, m["error"])
	}
}
