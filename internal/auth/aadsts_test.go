package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// scriptedReply is one reply of the fake token endpoint.
type scriptedReply struct {
	status int
	body   string
	hijack bool // drop the connection without a reply (connection reset)
}

// fakeSTS serves tenant discovery and a token endpoint whose replies follow a script; after the
// script it issues a token.
type fakeSTS struct {
	srv    *httptest.Server
	tenant string
	mu     sync.Mutex
	script []scriptedReply
	tokens int // token endpoint requests
}

func newFakeSTS(t *testing.T, script ...scriptedReply) *fakeSTS {
	t.Helper()
	f := &fakeSTS{tenant: "tenant-1", script: script}
	f.srv = httptest.NewTLSServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSTS) serve(w http.ResponseWriter, r *http.Request) {
	base := f.srv.URL + "/" + f.tenant
	switch r.URL.Path {
	case "/" + f.tenant + "/v2.0/.well-known/openid-configuration":
		_ = json.NewEncoder(w).Encode(map[string]string{
			"issuer":                 base + "/v2.0",
			"authorization_endpoint": base + "/oauth2/v2.0/authorize",
			"token_endpoint":         base + "/oauth2/v2.0/token",
		})
	case "/" + f.tenant + "/oauth2/v2.0/token":
		f.mu.Lock()
		f.tokens++
		var next *scriptedReply
		if len(f.script) > 0 {
			next = &f.script[0]
			f.script = f.script[1:]
		}
		f.mu.Unlock()
		if next == nil {
			_ = json.NewEncoder(w).Encode(map[string]any{"token_type": "Bearer", "expires_in": 3600, "access_token": "fake.access.token"})
			return
		}
		if next.hijack {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					_ = tc.SetLinger(0)
				}
				_ = conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(next.status)
		_, _ = w.Write([]byte(next.body))
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeSTS) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokens
}

func (f *fakeSTS) config() Config {
	return Config{
		TenantID: f.tenant, ClientID: "app", ClientSecret: "secret-value",
		AuthorityHost: f.srv.URL + "/", HTTPClient: guardedClient(f.srv), Retry: testRetry, AttributeRef: testRef,
	}
}

func aadstsBody(kind string, code int, msg string) string {
	b, _ := json.Marshal(map[string]any{
		"error":             kind,
		"error_description": fmt.Sprintf("AADSTS%d: %s\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: 2026-01-01 00:00:00Z", code, msg),
		"error_codes":       []int{code},
	})
	return string(b)
}

func TestAADSTSMapping(t *testing.T) {
	tests := []struct {
		code   int
		kind   string
		method Method
		wants  []string
	}{
		{90002, "invalid_request", MethodClientSecret, []string{"AADSTS90002", `tenant "tenant-1" was not found`, "environment (ARM_ENVIRONMENT)"}},
		{700016, "unauthorized_client", MethodClientSecret, []string{"AADSTS700016", `application "app" was not found`}},
		{7000215, "invalid_client", MethodClientSecret, []string{"AADSTS7000215", "client_secret (ARM_CLIENT_SECRET)", "Value, not its Secret ID"}},
		{7000222, "invalid_client", MethodClientSecret, []string{"AADSTS7000222", "has expired"}},
		{700027, "invalid_client", MethodClientCertificate, []string{"AADSTS700027", "certificate", "expired or not be registered"}},
		{700027, "invalid_client", MethodOIDC, []string{"AADSTS700027", "federated assertion is invalid"}},
		{700024, "invalid_client", MethodOIDC, []string{"AADSTS700024", "fresh assertion"}},
		{70021, "invalid_request", MethodOIDC, []string{"AADSTS70021", "federated identity credential", "api://AzureADTokenExchange"}},
		{70011, "invalid_scope", MethodClientSecret, []string{"AADSTS70011", "scope (HDIKAFKA_SCOPE)", "<resource>/.default"}},
		{500011, "invalid_resource", MethodClientSecret, []string{"AADSTS500011", "does not exist in tenant", "https://hib.azurehdinsight.net/.default"}},
		{65001, "invalid_grant", MethodClientSecret, []string{"AADSTS65001", "admin consent"}},
		{12345, "invalid_request", MethodClientSecret, []string{"AADSTS12345", "identity provider said: AADSTS12345: something odd"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d-%s", tt.code, tt.method), func(t *testing.T) {
			f := newFakeSTS(t, scriptedReply{status: 400, body: aadstsBody(tt.kind, tt.code, "something odd")})
			cfg := f.config()
			cfg.Scope = DefaultScope
			src, _, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Token(context.Background())
			// The hint depends on the method; the request itself was made with a secret.
			err = toTokenError(cfg, tt.method, errors.Unwrap(err))
			mustContain(t, err, tt.wants...)
			if strings.Contains(err.Error(), "Trace ID") {
				t.Errorf("error keeps Entra's trace lines: %v", err)
			}
			var te *TokenError
			if !errors.As(err, &te) || te.Code != tt.code || te.Status != 400 {
				t.Errorf("TokenError = %+v, want code %d status 400", te, tt.code)
			}
			if f.requests() != 1 {
				t.Errorf("token requests = %d, want 1 (errors other than 5xx are not retried)", f.requests())
			}
		})
	}
}

func TestTransientFailuresAreRetried(t *testing.T) {
	tests := []struct {
		name      string
		retries   retry.Policy
		script    []scriptedReply
		wantErr   []string
		wantCalls int
	}{
		{"503 then success", testRetry, []scriptedReply{{status: 503, body: `{"error":"temporarily_unavailable"}`}}, nil, 2},
		{"429 and 500 then success", testRetry, []scriptedReply{{status: 429, body: "slow down"}, {status: 500, body: "{}"}}, nil, 3},
		{"connection reset then success", testRetry, []scriptedReply{{hijack: true}}, nil, 2},
		{"retries exhausted", retry.Policy{Retries: 2, Base: time.Millisecond, Max: time.Millisecond}, []scriptedReply{{status: 502, body: "bad gateway"}, {status: 502, body: "bad gateway"}, {status: 502, body: "bad gateway"}, {status: 502, body: "bad gateway"}}, []string{"HTTP 502", "retries were exhausted"}, 3},
		{"no retries with the zero policy", retry.Policy{}, []scriptedReply{{status: 503, body: "x"}}, []string{"HTTP 503"}, 1},
		{"400 is not retried", testRetry, []scriptedReply{{status: 400, body: aadstsBody("invalid_request", 90002, "no tenant")}}, []string{"AADSTS90002"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSTS(t, tt.script...)
			log := &recordingLogger{}
			cfg := f.config()
			cfg.Retry = tt.retries
			cfg.Logger = log
			src, _, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := src.Token(context.Background())
			if tt.wantErr != nil {
				mustContain(t, err, tt.wantErr...)
			} else if err != nil || tok != "fake.access.token" {
				t.Fatalf("Token = %q, %v", tok, err)
			}
			if got := f.requests(); got != tt.wantCalls {
				t.Errorf("token requests = %d, want %d", got, tt.wantCalls)
			}
			if tt.wantCalls > 1 && !strings.Contains(log.text(), "retrying") {
				t.Errorf("retries not logged: %s", log.text())
			}
			log.assertNoSecrets(t, "secret-value", "fake.access.token")
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	f := newFakeSTS(t, scriptedReply{status: 503, body: "x"})
	cfg := f.config()
	cfg.Retry = retry.Policy{Retries: 3, Base: time.Hour, Max: time.Hour} // the only way out is the context
	src, _, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := src.Token(ctx)
		done <- err
	}()
	for f.requests() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	err = <-done
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if f.requests() != 1 {
		t.Errorf("token requests = %d, want 1", f.requests())
	}
}

func TestIsTransient(t *testing.T) {
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"nil", ctx, nil, false},
		{"plain", ctx, errors.New("boom"), false},
		{"marked", ctx, &transientError{errors.New("x")}, true},
		{"internal deadline", ctx, fmt.Errorf("server response error: %w", context.DeadlineExceeded), true},
		{"caller cancelled", cancelled, &transientError{errors.New("x")}, false},
		{"net timeout", ctx, &net.DNSError{IsTimeout: true}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isTransient(tt.ctx, tt.err); got != tt.want {
				t.Errorf("isTransient = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConcurrentTokenCallsShareOneRequest(t *testing.T) {
	f := newFakeSTS(t)
	src, _, err := New(t.Context(), f.config())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := src.Token(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if f.requests() != 1 {
		t.Errorf("token requests = %d, want 1", f.requests())
	}
}
