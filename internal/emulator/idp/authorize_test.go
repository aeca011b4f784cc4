package idp

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestAuthorize(t *testing.T) {
	p, _ := newServed(t, Options{})
	other, _ := newServed(t, Options{}) // same tenant, different keys and base URL
	a, _ := testCerts(t)
	now := time.Now()
	sk := p.signing.current()

	issue := func(client string, lifetime time.Duration) string {
		t.Helper()
		tok, err := p.IssueAccessToken(client, "", lifetime)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// custom signs claims with p's key (or key) so that single claims can be wrong.
	custom := func(key any, kid string, mod func(c *AccessTokenClaims)) string {
		t.Helper()
		c := &AccessTokenClaims{
			RegisteredClaims: jwt.RegisteredClaims{
				Issuer: p.Issuer(), Audience: jwt.ClaimStrings{HIBResourceURI},
				IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
			},
			AppID: secretClient, Groups: []string{testGroup},
		}
		mod(c)
		return assertion(t, jwt.SigningMethodRS256, key, map[string]any{"kid": kid}, jwt.MapClaims(mustMap(t, c)))
	}
	foreignTenantTok, err := p.IssueAccessToken(secretClient, "33333333-0000-0000-0000-000000000000", 0)
	if err != nil {
		t.Fatal(err)
	}
	otherTok, err := other.IssueAccessToken(secretClient, "", 0)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		header string // full Authorization header; "-" = none
		status int
		code   string
		text   string // substring of the error text
	}{
		{"no header", "-", 401, "", "missing Authorization header"},
		{"basic scheme", "Basic dXNlcjpwYXNz", 401, "invalid_request", "Bearer scheme"},
		{"raw token without scheme", issue(secretClient, 0), 401, "invalid_request", "Bearer scheme"},
		{"empty bearer", "Bearer   ", 401, "invalid_request", "Bearer scheme"},
		{"garbage", "Bearer not.a.jwt", 401, "invalid_token", "not a well-formed JWT"},
		{"expired", "Bearer " + issue(secretClient, -2*time.Minute), 401, "invalid_token", "expired at"},
		{"expired within skew", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) {
			c.ExpiresAt = jwt.NewNumericDate(now.Add(-30 * time.Second))
		}), 0, "", ""},
		{"not yet valid", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) {
			c.NotBefore = jwt.NewNumericDate(now.Add(5 * time.Minute))
		}), 401, "invalid_token", "not valid before"},
		{"no exp", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) { c.ExpiresAt = nil }), 401, "invalid_token", "no exp claim"},
		{"wrong audience", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) {
			c.Audience = jwt.ClaimStrings{"https://management.azure.com"}
		}), 401, "invalid_token", "audience"},
		{"app id audience", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) {
			c.Audience = jwt.ClaimStrings{HIBAppID}
		}), 0, "", ""},
		{"wrong issuer", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) {
			c.Issuer = "https://sts.windows.net/" + testTenant + "/"
		}), 401, "invalid_token", "issuer"},
		{"foreign tenant", "Bearer " + foreignTenantTok, 401, "invalid_token", "issuer"},
		{"signed by another key", "Bearer " + custom(a.key, sk.kid, func(*AccessTokenClaims) {}), 401, "invalid_token", "signature"},
		{"token of another provider", "Bearer " + otherTok, 401, "invalid_token", "signature"},
		{"no kid", "Bearer " + custom(sk.key, "", func(*AccessTokenClaims) {}), 401, "invalid_token", "signature"},
		{"HS256", "Bearer " + assertion(t, jwt.SigningMethodHS256, []byte("secret"), map[string]any{"kid": sk.kid},
			jwt.MapClaims{"iss": p.Issuer(), "aud": HIBResourceURI, "exp": now.Add(time.Hour).Unix(), "groups": []string{testGroup}}),
			401, "invalid_token", "signature"},
		{"outside the group", "Bearer " + issue(outsider, 0), 403, "insufficient_scope", "security group"},
		{"no groups claim", "Bearer " + custom(sk.key, sk.kid, func(c *AccessTokenClaims) { c.Groups = nil }), 403, "insufficient_scope", "security group"},
		{"groups overage", "Bearer " + assertion(t, jwt.SigningMethodRS256, sk.key, map[string]any{"kid": sk.kid},
			jwt.MapClaims{"iss": p.Issuer(), "aud": HIBResourceURI, "exp": now.Add(time.Hour).Unix(), "appid": secretClient,
				"_claim_names": map[string]any{"groups": "src1"}, "_claim_sources": map[string]any{"src1": map[string]any{"endpoint": "https://graph"}}}),
			403, "insufficient_scope", "overage"},
		{"valid", "Bearer " + issue(secretClient, 0), 0, "", ""},
		{"valid, lower-case scheme", "bearer " + issue(certClient, 0), 0, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := http.NewRequest(http.MethodGet, "https://example.test/v1/status", nil)
			if tc.header != "-" {
				r.Header.Set("Authorization", tc.header)
			}
			status, err := p.Authorize(r)
			if status != tc.status {
				t.Fatalf("status = %d (%v), want %d", status, err, tc.status)
			}
			if tc.status == 0 {
				if err != nil {
					t.Fatalf("err = %v with status 0", err)
				}
				return
			}
			var ae *AuthError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *AuthError", err, err)
			}
			if ae.Status != tc.status || ae.Code != tc.code || !strings.Contains(ae.Error(), tc.text) {
				t.Fatalf("AuthError = %+v, want status %d code %q text containing %q", ae, tc.status, tc.code, tc.text)
			}
			if tok := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(tc.header, "Bearer "), "bearer ")); len(tok) > 20 && strings.Contains(ae.Error(), tok) {
				t.Fatalf("the error echoes the token: %s", ae.Error())
			}
			wantWWW := "Bearer"
			if tc.code != "" {
				wantWWW = `Bearer error="` + tc.code + `"`
			}
			if got := ae.WWWAuthenticate(); got != wantWWW {
				t.Errorf("WWWAuthenticate() = %q, want %q", got, wantWWW)
			}
		})
	}
}

func TestAuthorizeClock(t *testing.T) {
	p, _ := newServed(t, Options{TokenLifetime: 10 * time.Minute})
	tok, err := p.IssueAccessToken(secretClient, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	tests := []struct {
		name   string
		offset time.Duration
		status int
	}{
		{"issued", 0, 0},
		{"just before expiry plus skew", 10*time.Minute + 50*time.Second, 0},
		{"after expiry plus skew", 10*time.Minute + 70*time.Second, 401},
		{"clock behind within skew", -50 * time.Second, 0},
		{"clock far behind", -5 * time.Minute, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p.now = func() time.Time { return start.Add(tc.offset) }
			defer func() { p.now = time.Now }()
			if status, err := p.Authorize(bearer(tok)); status != tc.status {
				t.Fatalf("status = %d (%v), want %d", status, err, tc.status)
			}
		})
	}
}

func TestAuthorizeWithoutAllowedGroup(t *testing.T) {
	p, err := New(Options{BaseURL: "https://127.0.0.1:1", Clients: []Client{{ID: "c"}}})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := p.IssueAccessToken("c", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if status, err := p.Authorize(bearer(tok)); status != 0 {
		t.Fatalf("status = %d (%v), want 0 when no group is required", status, err)
	}
}
