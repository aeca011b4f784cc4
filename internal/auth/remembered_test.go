package auth

import (
	"context"
	"errors"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
	"testing"
	"time"
)

func TestPermanentTokenFailureIsRemembered(t *testing.T) {
	tests := []struct {
		name         string
		script       []scriptedReply
		wantRequests int
		wantSame     bool
	}{
		{"wrong secret (AADSTS7000215)", []scriptedReply{{status: 401, body: aadstsBody("invalid_client", 7000215, "Invalid client secret provided.")}}, 1, true},
		{"unknown tenant (400)", []scriptedReply{{status: 400, body: aadstsBody("invalid_request", 90002, "Tenant not found.")}}, 1, true},
		{"503 is transient", []scriptedReply{{status: 503, body: "down"}, {status: 503, body: "down"}}, 2, true},
		{"429 is transient", []scriptedReply{{status: 429, body: "slow down"}, {status: 429, body: "slow down"}}, 2, true},
		{"reset is transient", []scriptedReply{{hijack: true}, {status: 401, body: aadstsBody("invalid_client", 7000215, "Invalid client secret provided.")}}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSTS(t, tt.script...)
			cfg := f.config()
			cfg.Retry = retry.Policy{}
			src, _, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err1 := src.Token(context.Background())
			_, err2 := src.Token(context.Background())
			if err1 == nil || err2 == nil {
				t.Fatalf("Token errors = %v, %v; want two failures", err1, err2)
			}
			if got := f.requests(); got != tt.wantRequests {
				t.Errorf("token requests = %d, want %d", got, tt.wantRequests)
			}
			if same := err1.Error() == err2.Error(); same != tt.wantSame {
				t.Errorf("same error = %v, want %v:\n%v\n%v", same, tt.wantSame, err1, err2)
			}
		})
	}
}

func TestCLIFailureMemory(t *testing.T) {
	tests := []struct {
		mode      string
		wantCalls int
	}{
		{"login", 1}, // not logged in: remembered
		{"junk", 2},  // unexpected output: asked again
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			logFile := installFakeAz(t, tt.mode, time.Now().Add(time.Hour))
			src, _, err := New(t.Context(), Config{UseCLI: true})
			if err != nil {
				t.Fatal(err)
			}
			_, err1 := src.Token(context.Background())
			_, err2 := src.Token(context.Background())
			if err1 == nil || err2 == nil || err1.Error() != err2.Error() {
				t.Fatalf("Token errors = %v, %v; want the same failure twice", err1, err2)
			}
			if calls := azCalls(t, logFile); len(calls) != tt.wantCalls {
				t.Errorf("az invocations = %d, want %d", len(calls), tt.wantCalls)
			}
		})
	}
}

func TestCLIMissingIsRemembered(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	src, _, err := New(t.Context(), Config{UseCLI: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err1 := src.Token(context.Background())
	s := src.(*source)
	if s.failed.err == nil || !errors.Is(s.failed.err, err1) {
		t.Fatalf("remembered = %v, want %v", s.failed.err, err1)
	}
}

func TestTokenEndpointStatusIsNotAnAADSTSCode(t *testing.T) {
	tests := []struct {
		name     string
		reply    scriptedReply
		wants    []string
		wantCode int
	}{
		{"503 without code", scriptedReply{status: 503, body: `{"error":"temporarily_unavailable","error_description":"injected fault: 503 Service Unavailable","error_codes":[503]}`},
			[]string{"the token endpoint answered HTTP 503"}, 0},
		{"503 plain text", scriptedReply{status: 503, body: "Service Unavailable"}, []string{"the token endpoint answered HTTP 503"}, 0},
		{"400 with code", scriptedReply{status: 400, body: aadstsBody("invalid_request", 90002, "Tenant not found.")}, []string{"failed with AADSTS90002"}, 90002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSTS(t, tt.reply)
			cfg := f.config()
			cfg.Retry = retry.Policy{}
			src, _, err := New(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			_, err = src.Token(context.Background())
			mustContain(t, err, tt.wants...)
			if tt.wantCode == 0 && aadstsPattern.MatchString(err.Error()) {
				t.Errorf("error invents an AADSTS code: %v", err)
			}
			var te *TokenError
			if !errors.As(err, &te) || te.Code != tt.wantCode {
				t.Errorf("TokenError = %+v, want code %d", te, tt.wantCode)
			}
		})
	}
}

func TestOIDCFailureMemoryDependsOnAssertionSource(t *testing.T) {
	tests := []struct {
		name         string
		set          func(*Config)
		wantRequests int
	}{
		{"fixed oidc_token is remembered", func(c *Config) { c.OIDCToken = "a.b.c" }, 1},
		{"token file is read again", func(c *Config) { c.OIDCTokenFilePath = writeFile(t, "assertion", []byte("a.b.c")) }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refused := scriptedReply{status: 400, body: aadstsBody("invalid_client", 700027, "Client assertion contains an invalid signature.")}
			f := newFakeSTS(t, refused, refused)
			cfg := f.config()
			cfg.ClientSecret, cfg.UseOIDC, cfg.Retry = "", true, retry.Policy{}
			tt.set(&cfg)
			src, method, err := New(t.Context(), cfg)
			if err != nil || method.Method != MethodOIDC {
				t.Fatalf("New = %q, %v", method, err)
			}
			for range 2 {
				_, err := src.Token(context.Background())
				mustContain(t, err, "AADSTS700027")
			}
			if got := f.requests(); got != tt.wantRequests {
				t.Errorf("token requests = %d, want %d", got, tt.wantRequests)
			}
		})
	}
}
