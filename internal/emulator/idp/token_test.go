package idp

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const tokenPath = "/" + testTenant + "/oauth2/v2.0/token"

const msalScope = DefaultScope + " openid offline_access profile"

func TestTokenGrants(t *testing.T) {
	p, srv := newServed(t, Options{TokenLifetime: 2 * time.Hour})
	a, _ := testCerts(t)
	now := time.Now()
	fed, err := p.FederatedAssertion(fedSubject, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		form    url.Values
		basic   [2]string // client_secret_basic
		client  string
		appACR  string
		kind    string
		wantOID string
	}{
		{"client secret", form("grant_type", "client_credentials", "client_id", secretClient, "client_secret", testSecret, "scope", msalScope),
			[2]string{}, secretClient, "1", KindClientSecret, derivedObjectID(testTenant, secretClient)},
		{"client secret basic", form("grant_type", "client_credentials", "scope", DefaultScope),
			[2]string{secretClient, testSecret}, secretClient, "1", KindClientSecret, ""},
		{"app id scope", form("grant_type", "client_credentials", "client_id", secretClient, "client_secret", testSecret, "scope", HIBAppID+"/.default"),
			[2]string{}, secretClient, "1", KindClientSecret, ""},
		{"certificate RS256 x5t base64url", form("grant_type", "client_credentials", "client_id", certClient, "scope", msalScope,
			"client_assertion_type", ClientAssertionType,
			"client_assertion", assertion(t, jwt.SigningMethodRS256, a.key, map[string]any{"x5t": x5t(a.cert)}, certClaims(p, now))),
			[2]string{}, certClient, "2", KindClientCertificate, "0b1ec7-1d"},
		{"certificate PS256 x5t#S256 std base64 with x5c (MSAL style)", form("grant_type", "client_credentials", "client_id", certClient, "scope", msalScope,
			"client_assertion_type", ClientAssertionType,
			"client_assertion", assertion(t, jwt.SigningMethodPS256, a.key, map[string]any{"x5t#S256": x5tS256Std(a.cert), "x5c": []string{"ignored"}}, certClaims(p, now))),
			[2]string{}, certClient, "2", KindClientCertificate, "0b1ec7-1d"},
		{"federated assertion", form("grant_type", "client_credentials", "client_id", fedClient, "scope", DefaultScope,
			"client_assertion_type", ClientAssertionType, "client_assertion", fed),
			[2]string{}, fedClient, "2", KindFederated, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p.ResetStats()
			req, err := http.NewRequest(http.MethodPost, srv.URL+tokenPath, strings.NewReader(tc.form.Encode()))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.basic[0] != "" {
				req.SetBasicAuth(tc.basic[0], tc.basic[1])
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			status, m, body := decode(t, resp)
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, body)
			}
			if m["token_type"] != "Bearer" || m["expires_in"] != float64(7200) || m["ext_expires_in"] != float64(7200) {
				t.Fatalf("response = %s", body)
			}
			tok, _ := m["access_token"].(string)
			if st, err := p.Authorize(bearer(tok)); st != 0 {
				t.Fatalf("issued token not authorized: %d %v", st, err)
			}
			claims := &AccessTokenClaims{}
			parsed, _, err := jwt.NewParser().ParseUnverified(tok, claims)
			if err != nil {
				t.Fatal(err)
			}
			if parsed.Header["kid"] == nil || parsed.Method.Alg() != "RS256" {
				t.Errorf("header = %v, want RS256 with kid", parsed.Header)
			}
			if claims.AppID != tc.client || claims.AZP != tc.client || claims.TenantID != testTenant || claims.AppIDACR != tc.appACR ||
				claims.Issuer != p.Issuer() || len(claims.Audience) != 1 || claims.Audience[0] != HIBResourceURI {
				t.Errorf("claims = %+v", claims)
			}
			if tc.wantOID != "" && claims.ObjectID != tc.wantOID {
				t.Errorf("oid = %q, want %q", claims.ObjectID, tc.wantOID)
			}
			if got := claims.ExpiresAt.Sub(claims.IssuedAt.Time); got != 2*time.Hour {
				t.Errorf("lifetime = %s, want 2h", got)
			}
			if s := p.Stats(); s.Requests != 1 || s.Issued != 1 || s.ByKind[tc.kind] != 1 {
				t.Errorf("Stats = %+v, want one issued %s", s, tc.kind)
			}
		})
	}
}

func TestTokenErrors(t *testing.T) {
	p, srv := newServed(t, Options{})
	a, b := testCerts(t)
	now := time.Now()
	mod := func(c jwt.MapClaims, kv ...any) jwt.MapClaims {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == nil {
				delete(c, kv[i].(string))
			} else {
				c[kv[i].(string)] = kv[i+1]
			}
		}
		return c
	}
	certForm := func(a string) url.Values {
		return form("grant_type", "client_credentials", "client_id", certClient, "scope", msalScope,
			"client_assertion_type", ClientAssertionType, "client_assertion", a)
	}
	fedForm := func(a string) url.Values {
		return form("grant_type", "client_credentials", "client_id", fedClient, "scope", DefaultScope,
			"client_assertion_type", ClientAssertionType, "client_assertion", a)
	}
	goodHdr := map[string]any{"x5t": x5t(a.cert)}
	fedClaims := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": p.WorkloadIssuer(), "sub": fedSubject, "aud": FederatedAudience,
			"nbf": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
	}
	wk := p.workload.current()
	expiredFed, err := p.FederatedAssertion(fedSubject, -time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	otherSubject, err := p.FederatedAssertion("repo:example/other:ref:refs/heads/main", 0)
	if err != nil {
		t.Fatal(err)
	}
	secretForm := func(kv ...string) url.Values {
		f := form("grant_type", "client_credentials", "client_id", secretClient, "client_secret", testSecret, "scope", msalScope)
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				f.Del(kv[i])
			} else {
				f.Set(kv[i], kv[i+1])
			}
		}
		return f
	}

	tests := []struct {
		name   string
		path   string
		method string
		form   url.Values
		status int
		errStr string
		code   int
	}{
		{"unknown tenant", "/22222222-0000-0000-0000-000000000000/oauth2/v2.0/token", "", secretForm(), 400, "invalid_tenant", CodeInvalidTenant},
		{"GET", tokenPath, http.MethodGet, nil, 400, "invalid_request", CodePostOnly},
		{"missing grant_type", tokenPath, "", secretForm("grant_type", ""), 400, "invalid_request", CodeMissingParameter},
		{"unsupported grant", tokenPath, "", secretForm("grant_type", "password"), 400, "unsupported_grant_type", CodeUnsupportedGrant},
		{"missing client_id", tokenPath, "", secretForm("client_id", ""), 400, "invalid_request", CodeMissingParameter},
		{"unknown client", tokenPath, "", secretForm("client_id", "bbbbbbbb-0000-0000-0000-000000000000"), 400, "unauthorized_client", CodeUnknownClient},
		{"bad secret", tokenPath, "", secretForm("client_secret", "wrong"), 401, "invalid_client", CodeInvalidSecret},
		{"secret for certificate-only client", tokenPath, "", secretForm("client_id", certClient), 401, "invalid_client", CodeInvalidSecret},
		{"no credential", tokenPath, "", secretForm("client_secret", ""), 401, "invalid_client", CodeMissingCredential},
		{"secret and assertion", tokenPath, "", secretForm("client_assertion", "x.y.z", "client_assertion_type", ClientAssertionType), 400, "invalid_request", CodeInvalidRequest},
		{"missing scope", tokenPath, "", secretForm("scope", ""), 400, "invalid_request", CodeMissingParameter},
		{"scope without /.default", tokenPath, "", secretForm("scope", HIBResourceURI+"/Cluster.ReadWrite openid"), 400, "invalid_scope", CodeInvalidScope},
		{"only OpenID scopes", tokenPath, "", secretForm("scope", "openid offline_access profile"), 400, "invalid_scope", CodeInvalidScope},
		{"two resources", tokenPath, "", secretForm("scope", DefaultScope+" https://graph.microsoft.com/.default"), 400, "invalid_scope", CodeInvalidScope},
		{"unknown resource", tokenPath, "", secretForm("scope", "https://management.azure.com/.default"), 400, "invalid_resource", CodeResourceNotFound},

		{"assertion type missing", tokenPath, "", mod2(certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr, certClaims(p, now))), "client_assertion_type", ""), 400, "invalid_request", CodeMissingParameter},
		{"assertion type wrong", tokenPath, "", mod2(certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr, certClaims(p, now))), "client_assertion_type", "urn:other"), 400, "invalid_request", CodeInvalidCredentials},
		{"malformed assertion", tokenPath, "", certForm("not-a-jwt"), 401, "invalid_client", CodeMalformedJWT},
		{"certificate assertion expired", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr,
			mod(certClaims(p, now), "nbf", now.Add(-2*time.Hour).Unix(), "exp", now.Add(-time.Hour).Unix()))), 401, "invalid_client", CodeAssertionTime},
		{"certificate assertion not yet valid", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr,
			mod(certClaims(p, now), "nbf", now.Add(time.Hour).Unix(), "exp", now.Add(2*time.Hour).Unix()))), 401, "invalid_client", CodeAssertionTime},
		{"certificate assertion without exp", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr,
			mod(certClaims(p, now), "exp", nil))), 401, "invalid_client", CodeAssertionTime},
		{"certificate assertion signed by another key", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, b.key, goodHdr, certClaims(p, now))),
			401, "invalid_client", CodeAssertionSignature},
		{"unregistered certificate thumbprint", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, b.key, map[string]any{"x5t": x5t(b.cert)}, certClaims(p, now))),
			401, "invalid_client", CodeAssertionSignature},
		{"assertion without x5t", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, a.key, nil, certClaims(p, now))),
			401, "invalid_client", CodeAssertionSignature},
		{"assertion with HS256", tokenPath, "", certForm(assertion(t, jwt.SigningMethodHS256, []byte("k"), goodHdr, certClaims(p, now))),
			401, "invalid_client", CodeAssertionSignature},
		{"assertion audience wrong", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr,
			mod(certClaims(p, now), "aud", "https://login.microsoftonline.com/x/oauth2/v2.0/token"))), 401, "invalid_client", CodeAssertionAudience},
		{"assertion sub differs from client_id", tokenPath, "", certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr,
			mod(certClaims(p, now), "sub", secretClient))), 401, "invalid_client", CodeAssertionClientID},
		{"assertion for a client without certificate", tokenPath, "", mod2(certForm(assertion(t, jwt.SigningMethodRS256, a.key, goodHdr,
			mod(certClaims(p, now), "iss", secretClient, "sub", secretClient))), "client_id", secretClient), 401, "invalid_client", CodeAssertionSignature},

		{"federated assertion expired", tokenPath, "", fedForm(expiredFed), 401, "invalid_client", CodeAssertionTime},
		{"federated subject not registered", tokenPath, "", fedForm(otherSubject), 401, "invalid_client", CodeFederatedNoMatch},
		{"federated issuer unknown", tokenPath, "", fedForm(assertion(t, jwt.SigningMethodRS256, wk.key, map[string]any{"kid": wk.kid},
			mod(fedClaims(), "iss", "https://token.actions.githubusercontent.com"))), 401, "invalid_client", CodeFederatedNoMatch},
		{"federated audience wrong", tokenPath, "", fedForm(assertion(t, jwt.SigningMethodRS256, wk.key, map[string]any{"kid": wk.kid},
			mod(fedClaims(), "aud", "api://other"))), 401, "invalid_client", CodeFederatedNoMatch},
		{"federated assertion signed by another key", tokenPath, "", fedForm(assertion(t, jwt.SigningMethodRS256, a.key, map[string]any{"kid": wk.kid},
			fedClaims())), 401, "invalid_client", CodeAssertionSignature},
		{"federated assertion with unknown kid", tokenPath, "", fedForm(assertion(t, jwt.SigningMethodRS256, wk.key, map[string]any{"kid": "nope"},
			fedClaims())), 401, "invalid_client", CodeAssertionSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var (
				status int
				m      map[string]any
				body   string
			)
			if tc.method == http.MethodGet {
				status, m, body = get(t, srv, tc.path)
			} else {
				req, err := http.NewRequest(http.MethodPost, srv.URL+tc.path, strings.NewReader(tc.form.Encode()))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("client-request-id", "0c0ffee0-0000-4000-8000-000000000000")
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				status, m, body = decode(t, resp)
			}
			if status != tc.status || m["error"] != tc.errStr {
				t.Fatalf("status %d error %v, want %d %s; body %s", status, m["error"], tc.status, tc.errStr, body)
			}
			codes, _ := m["error_codes"].([]any)
			if len(codes) != 1 || codes[0] != float64(tc.code) {
				t.Fatalf("error_codes = %v, want [%d]; body %s", m["error_codes"], tc.code, body)
			}
			desc, _ := m["error_description"].(string)
			if !strings.HasPrefix(desc, "AADSTS"+strconv.Itoa(tc.code)+": ") {
				t.Errorf("error_description = %q, want AADSTS%d prefix", desc, tc.code)
			}
			for _, f := range []string{"timestamp", "trace_id", "correlation_id"} {
				if s, _ := m[f].(string); s == "" || !strings.Contains(desc, s) {
					t.Errorf("%s = %v, want non-empty and repeated in the description", f, m[f])
				}
			}
			if tc.method == "" && m["correlation_id"] != "0c0ffee0-0000-4000-8000-000000000000" {
				t.Errorf("correlation_id = %v, want the client-request-id", m["correlation_id"])
			}
			if strings.Contains(body, testSecret) || (tc.form.Get("client_assertion") != "" && strings.Contains(body, tc.form.Get("client_assertion"))) {
				t.Errorf("the response echoes a credential: %s", body)
			}
		})
	}
	s := p.Stats()
	if s.Issued != 0 || s.Failed != s.Requests || s.Requests != int64(len(tests)-1) { // GET is not a token request
		t.Errorf("Stats = %+v, want %d failed requests", s, len(tests)-1)
	}
	if s.ByKind["password"] != 1 || s.ByKind[KindFederated] != 6 || s.ByKind[KindNoCredential] != 1 {
		t.Errorf("Stats.ByKind = %v", s.ByKind)
	}
}

func mod2(f url.Values, k, v string) url.Values {
	if v == "" {
		f.Del(k)
	} else {
		f.Set(k, v)
	}
	return f
}

func TestTokenRequestShape(t *testing.T) {
	_, srv := newServed(t, Options{})
	tests := []struct {
		name, contentType, body string
	}{
		{"JSON body", "application/json", `{"grant_type":"client_credentials"}`},
		{"no content type", "", "grant_type=client_credentials"},
		{"bad form encoding", "application/x-www-form-urlencoded", "grant_type=%zz"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.URL+tokenPath, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			status, m, body := decode(t, resp)
			if status != http.StatusBadRequest || m["error"] != "invalid_request" {
				t.Fatalf("status %d: %s", status, body)
			}
		})
	}
}
