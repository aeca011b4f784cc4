package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

func fakeJWT(t *testing.T, claims map[string]any) string {
	t.Helper()
	b, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(b) + ".c2ln"
}

func TestClaimsSummary(t *testing.T) {
	tests := []struct {
		name  string
		token string
		want  map[string]any
	}{
		{"v1 token", fakeJWT(t, map[string]any{"appid": "a", "tid": "t", "oid": "o", "aud": "https://hib.azurehdinsight.net", "groups": []string{"g1", "g2"}}),
			map[string]any{"appid": "a", "tid": "t", "oid": "o", "aud": "https://hib.azurehdinsight.net", "groups_count": 2}},
		{"v2 token", fakeJWT(t, map[string]any{"azp": "b", "tid": "t", "aud": []string{"x", "y"}}),
			map[string]any{"appid": "b", "tid": "t", "oid": "", "aud": []any{"x", "y"}, "groups_count": 0}},
		{"opaque", "abc", map[string]any{"token_format": "opaque"}},
		{"undecodable", "a.!!!.c", map[string]any{"token_format": "undecodable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := claimsSummary(tt.token); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("claimsSummary = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOIDCRequestEndpointTransientFailureIsRetried(t *testing.T) {
	p := newTestIdP(t, idp.Options{})
	p.RegisterClient(idp.Client{ID: "app"})
	var calls atomic.Int64
	gh := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		a, _ := p.FederatedAssertion("s", time.Hour)
		_ = json.NewEncoder(w).Encode(map[string]string{"value": a})
	}))
	t.Cleanup(gh.Close)
	cfg := p.config("app")
	cfg.UseOIDC, cfg.OIDCRequestURL, cfg.OIDCRequestToken = true, gh.URL, "rt"
	src, _, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	verifyToken(t, p, tok)
	if calls.Load() != 2 {
		t.Errorf("request endpoint calls = %d, want 2", calls.Load())
	}
}

func TestExpiredCertificateWarns(t *testing.T) {
	c := newTestCert(t, true, time.Now().Add(-time.Minute)) // already expired
	log := &recordingLogger{}
	_, method, err := New(t.Context(), Config{TenantID: "t", ClientID: "a", ClientCertificate: string(c.bundlePEM()), Logger: log})
	if err != nil || method.Method != MethodClientCertificate {
		t.Fatalf("New = %q, %v", method, err)
	}
	if !strings.Contains(log.text(), "has expired") {
		t.Errorf("logs lack %q: %s", "has expired", log.text())
	}
}

// TestCertificateAndSecretUsesCertificate: as in azurerm, a client certificate comes before a client
// secret; the secret is ignored with a warning that never contains it.
func TestCertificateAndSecretUsesCertificate(t *testing.T) {
	c := newTestCert(t, true, time.Now().Add(time.Hour))
	log := &recordingLogger{}
	_, sel, err := New(t.Context(), Config{TenantID: "t", ClientID: "a", ClientSecret: "the-secret", ClientCertificate: string(c.bundlePEM()), Logger: log, AttributeRef: testRef})
	if err != nil || sel.Method != MethodClientCertificate {
		t.Fatalf("New = %+v, %v", sel, err)
	}
	if len(sel.Ignored) != 1 || sel.Ignored[0].Method != MethodClientSecret || sel.Ignored[0].Setting != "client_secret (ARM_CLIENT_SECRET)" {
		t.Errorf("Ignored = %+v, want the client secret", sel.Ignored)
	}
	if !strings.Contains(log.text(), "ignored_method:client_secret") {
		t.Errorf("no warning logged: %s", log.text())
	}
	log.assertNoSecrets(t, "the-secret")
}
