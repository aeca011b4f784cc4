package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// verifyToken checks that the identity provider accepts the token as an API caller would.
func verifyToken(t *testing.T, p *testIdP, token string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "https://127.0.0.1/v1/status", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if status, err := p.Authorize(req); status != 0 || err != nil {
		t.Fatalf("Authorize(token) = %d, %v; want 0, nil", status, err)
	}
}

func TestEndToEndMethods(t *testing.T) {
	p := newTestIdP(t, idp.Options{})
	const secret = "s3cret-value~with.odd_chars"
	rsaCert := newTestCert(t, true, time.Now().Add(24*time.Hour))
	p.RegisterClient(idp.Client{ID: "app-secret", Secret: secret, Groups: []string{"g1", "g2"}})
	p.RegisterClient(idp.Client{ID: "app-cert", CertificatePEM: rsaCert.certPEM})
	p.RegisterClient(idp.Client{ID: "app-oidc", FederatedSubjects: []string{"repo:org/repo:ref:refs/heads/main"}})

	assertion, err := p.FederatedAssertion("repo:org/repo:ref:refs/heads/main", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	tokenFile := t.TempDir() + "/federated-token"
	if err := p.WriteFederatedTokenFile(tokenFile, "repo:org/repo:ref:refs/heads/main", time.Hour); err != nil {
		t.Fatal(err)
	}
	pfxPlain := rsaCert.pfx(t, "")
	pfxPass := rsaCert.pfx(t, "pfx-pass")

	tests := []struct {
		name   string
		mutate func(*Config)
		client string
		want   Method
		kind   string
	}{
		{"client secret", func(c *Config) { c.ClientSecret = secret }, "app-secret", MethodClientSecret, idp.KindClientSecret},
		{"PFX with password from path", func(c *Config) {
			c.ClientCertificatePath = writeFile(t, "c.pfx", pfxPass)
			c.ClientCertificatePassword = "pfx-pass"
		}, "app-cert", MethodClientCertificate, idp.KindClientCertificate},
		{"PFX without password from path", func(c *Config) {
			c.ClientCertificatePath = writeFile(t, "c.pfx", pfxPlain)
		}, "app-cert", MethodClientCertificate, idp.KindClientCertificate},
		{"PEM bundle from path", func(c *Config) {
			c.ClientCertificatePath = writeFile(t, "c.pem", rsaCert.bundlePEM())
		}, "app-cert", MethodClientCertificate, idp.KindClientCertificate},
		{"inline base64 PFX with password", func(c *Config) {
			c.ClientCertificate = base64.StdEncoding.EncodeToString(pfxPass)
			c.ClientCertificatePassword = "pfx-pass"
		}, "app-cert", MethodClientCertificate, idp.KindClientCertificate},
		{"inline base64 PEM", func(c *Config) {
			c.ClientCertificate = base64.StdEncoding.EncodeToString(rsaCert.bundlePEM())
		}, "app-cert", MethodClientCertificate, idp.KindClientCertificate},
		{"inline PEM text", func(c *Config) {
			c.ClientCertificate = string(rsaCert.bundlePEM())
		}, "app-cert", MethodClientCertificate, idp.KindClientCertificate},
		{"OIDC token", func(c *Config) { c.UseOIDC, c.OIDCToken = true, assertion }, "app-oidc", MethodOIDC, idp.KindFederated},
		{"OIDC token file", func(c *Config) { c.UseOIDC, c.OIDCTokenFilePath = true, tokenFile }, "app-oidc", MethodOIDC, idp.KindFederated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &recordingLogger{}
			cfg := p.config(tt.client)
			cfg.Logger = log
			tt.mutate(&cfg)
			before := p.Stats().ByKind[tt.kind]
			src, method, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if method.Method != tt.want {
				t.Fatalf("method = %q, want %q", method, tt.want)
			}
			tok, err := src.Token(context.Background())
			if err != nil {
				t.Fatalf("Token: %v", err)
			}
			verifyToken(t, p, tok)
			if got := p.Stats().ByKind[tt.kind] - before; got != 1 {
				t.Errorf("token requests of kind %s = %d, want 1", tt.kind, got)
			}
			if !strings.Contains(log.text(), "acquired Entra ID access token") || !strings.Contains(log.text(), "appid:"+tt.client) {
				t.Errorf("debug log lacks the claims summary: %s", log.text())
			}
			log.assertNoSecrets(t, tok, secret, assertion, "pfx-pass", cfg.ClientCertificate)
		})
	}
}

func TestCachingOneRequestForTwoTokens(t *testing.T) {
	p := newTestIdP(t, idp.Options{})
	p.RegisterClient(idp.Client{ID: "app", Secret: "pw"})
	cfg := p.config("app")
	cfg.ClientSecret = "pw"
	src, _, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	first, err := src.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := src.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Error("second Token returned a different token; want the cached one")
	}
	if got := p.Stats().Requests; got != 1 {
		t.Errorf("token requests = %d, want 1", got)
	}
}

func TestShortLivedTokenIsRefreshed(t *testing.T) {
	// Tokens with under 5 minutes left are never served from cache.
	p := newTestIdP(t, idp.Options{TokenLifetime: 2 * time.Minute})
	p.RegisterClient(idp.Client{ID: "app", Secret: "pw"})
	cfg := p.config("app")
	cfg.ClientSecret = "pw"
	src, _, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		tok, err := src.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		verifyToken(t, p, tok)
	}
	if got := p.Stats().Requests; got != 2 {
		t.Errorf("token requests = %d, want 2 (the near-expiry token must be replaced)", got)
	}
}

func TestOIDCTokenFileReReadOnEveryTokenRequest(t *testing.T) {
	p := newTestIdP(t, idp.Options{TokenLifetime: 2 * time.Minute}) // forces a cache miss per Token
	p.RegisterClient(idp.Client{ID: "app", FederatedSubjects: []string{"second"}})
	path := t.TempDir() + "/token"
	// The first file holds an assertion for a subject the app does not trust...
	if err := p.WriteFederatedTokenFile(path, "first", time.Hour); err != nil {
		t.Fatal(err)
	}
	cfg := p.config("app")
	cfg.UseOIDC, cfg.OIDCTokenFilePath = true, path
	src, _, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(context.Background())
	mustContain(t, err, "AADSTS70021", "federated identity credential")
	// ...then the file is rotated: the next request must read the new one.
	if err := p.WriteFederatedTokenFile(path, "second", time.Hour); err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatalf("Token after rotation: %v", err)
	}
	verifyToken(t, p, tok)
}

func TestOIDCRequestEndpoints(t *testing.T) {
	p := newTestIdP(t, idp.Options{})
	p.RegisterClient(idp.Client{ID: "app"})
	const requestToken = "gh-request-token-value"

	var calls atomic.Int64
	var lastMethod, lastQuery, lastAuth atomic.Value
	gh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		lastMethod.Store(r.Method)
		lastQuery.Store(r.URL.RawQuery)
		lastAuth.Store(r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") != "Bearer "+requestToken {
			http.Error(w, `{"message":"bad token"}`, http.StatusUnauthorized)
			return
		}
		a, err := p.FederatedAssertion("subject", time.Hour)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		field := "value"
		if r.Method == http.MethodPost {
			field = "oidcToken"
		}
		_ = json.NewEncoder(w).Encode(map[string]string{field: a})
	}))
	t.Cleanup(gh.Close)

	tests := []struct {
		name       string
		url        string
		ado        string
		wantMethod string
		wantQuery  []string
	}{
		{"GitHub Actions", gh.URL + "/idtoken?api-version=2.0", "", http.MethodGet, []string{"api-version=2.0", "audience=api%3A%2F%2FAzureADTokenExchange"}},
		{"Azure DevOps", gh.URL + "/oidctoken", "svc-conn-1", http.MethodPost, []string{"api-version=7.1", "serviceConnectionId=svc-conn-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &recordingLogger{}
			cfg := p.config("app")
			cfg.Logger = log
			cfg.UseOIDC, cfg.OIDCRequestURL, cfg.OIDCRequestToken, cfg.ADOServiceConnectionID = true, tt.url, requestToken, tt.ado
			src, _, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			before := calls.Load()
			tok, err := src.Token(context.Background())
			if err != nil {
				t.Fatalf("Token: %v", err)
			}
			verifyToken(t, p, tok)
			if calls.Load()-before != 1 {
				t.Errorf("request endpoint calls = %d, want 1", calls.Load()-before)
			}
			if got := lastMethod.Load(); got != tt.wantMethod {
				t.Errorf("method = %v, want %s", got, tt.wantMethod)
			}
			for _, q := range tt.wantQuery {
				if !strings.Contains(lastQuery.Load().(string), q) {
					t.Errorf("query %q lacks %q", lastQuery.Load(), q)
				}
			}
			log.assertNoSecrets(t, requestToken, tok)
		})
	}

	t.Run("wrong request token", func(t *testing.T) {
		cfg := p.config("app")
		cfg.UseOIDC, cfg.OIDCRequestURL, cfg.OIDCRequestToken = true, gh.URL+"/idtoken", "wrong"
		src, _, err := New(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		_, err = src.Token(context.Background())
		mustContain(t, err, "HTTP 401", "oidc_request_token", "id-token: write")
		if strings.Contains(err.Error(), "wrong") {
			t.Errorf("error leaks the request token: %v", err)
		}
	})
}

func TestIdentityProviderErrorsAreActionable(t *testing.T) {
	p := newTestIdP(t, idp.Options{})
	registered := newTestCert(t, true, time.Now().Add(time.Hour))
	other := newTestCert(t, true, time.Now().Add(time.Hour))
	p.RegisterClient(idp.Client{ID: "app", Secret: "right", CertificatePEM: registered.certPEM, FederatedSubjects: []string{"trusted"}})
	expired, err := p.FederatedAssertion("trusted", -time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	untrusted, err := p.FederatedAssertion("untrusted", time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		mutate func(*Config)
		code   int
		wants  []string
	}{
		{"unknown tenant", func(c *Config) { c.TenantID = "11111111-2222-3333-4444-555555555555"; c.ClientSecret = "right" }, 90002, []string{"AADSTS90002", "tenant_id (ARM_TENANT_ID"}},
		{"unknown application", func(c *Config) { c.ClientID = "nope"; c.ClientSecret = "right" }, 700016, []string{"AADSTS700016", `application "nope"`, "client_id (ARM_CLIENT_ID"}},
		{"invalid secret", func(c *Config) { c.ClientSecret = "wrong" }, 7000215, []string{"AADSTS7000215", "client_secret (ARM_CLIENT_SECRET)"}},
		{"unregistered certificate", func(c *Config) { c.ClientCertificate = string(other.bundlePEM()) }, 700027, []string{"AADSTS700027", "Certificates & secrets"}},
		{"expired assertion", func(c *Config) { c.UseOIDC, c.OIDCToken = true, expired }, 700024, []string{"AADSTS700024", "expired", "oidc_token_file_path"}},
		{"federated mismatch", func(c *Config) { c.UseOIDC, c.OIDCToken = true, untrusted }, 70021, []string{"AADSTS70021", "issuer and subject"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := p.config("app")
			tt.mutate(&cfg)
			src, _, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			_, err = src.Token(context.Background())
			mustContain(t, err, tt.wants...)
			t.Log(err)
			var te *TokenError
			if !errors.As(err, &te) || te.Code != tt.code {
				t.Errorf("TokenError code = %+v, want %d", te, tt.code)
			}
		})
	}
}
