package kafkarest

import (
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"

	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestRetryMatrix(t *testing.T) {
	ok := jsonReply(200, `{"topics":["a"]}`)
	date := time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)
	tests := []struct {
		name       string
		script     []http.HandlerFunc
		wantErr    bool
		wantStatus int // APIError status when wantErr
		wantReqs   int
		wantSleeps []time.Duration // nil: not checked; checked with the fixed jitter 0.5
	}{
		{"429 honours Retry-After seconds", []http.HandlerFunc{withHeader("Retry-After", "2", jsonReply(429, `{}`)), ok},
			false, 0, 2, []time.Duration{2 * time.Second}},
		{"429 Retry-After capped", []http.HandlerFunc{withHeader("Retry-After", "120", jsonReply(429, `{}`)), ok},
			false, 0, 2, []time.Duration{10 * time.Second}},
		{"429 Retry-After HTTP date capped", []http.HandlerFunc{withHeader("Retry-After", date, jsonReply(429, `{}`)), ok},
			false, 0, 2, []time.Duration{10 * time.Second}},
		{"429 without Retry-After backs off", []http.HandlerFunc{jsonReply(429, `{}`), ok},
			false, 0, 2, []time.Duration{100 * time.Millisecond}},
		{"500 retried", []http.HandlerFunc{jsonReply(500, `{}`), ok}, false, 0, 2, nil},
		{"502 retried", []http.HandlerFunc{jsonReply(502, `{}`), ok}, false, 0, 2, nil},
		{"503 retried", []http.HandlerFunc{jsonReply(503, `{}`), jsonReply(503, `{}`), ok}, false, 0, 3,
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
		{"504 retried", []http.HandlerFunc{jsonReply(504, `{}`), ok}, false, 0, 2, nil},
		{"reset retried", []http.HandlerFunc{hangUp, ok}, false, 0, 2, nil},
		{"400 not retried", []http.HandlerFunc{jsonReply(400, `{}`), ok}, true, 400, 1, []time.Duration{}},
		{"401 not retried", []http.HandlerFunc{jsonReply(401, `{}`), ok}, true, 401, 1, []time.Duration{}},
		{"403 not retried", []http.HandlerFunc{jsonReply(403, `{}`), ok}, true, 403, 1, []time.Duration{}},
		{"404 not retried", []http.HandlerFunc{jsonReply(404, `{}`), ok}, true, 404, 1, []time.Duration{}},
		{"exhausted 503", []http.HandlerFunc{jsonReply(503, `{"message":"busy"}`)}, true, 503, 4,
			[]time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.on("/v1/metadata/topics", tc.script...)
			topics, err := e.client.ListTopics(context.Background())
			if tc.wantErr {
				var ae *APIError
				if !errors.As(err, &ae) || ae.StatusCode != tc.wantStatus {
					t.Fatalf("err = %v, want APIError %d", err, tc.wantStatus)
				}
			} else if err != nil || len(topics) != 1 {
				t.Fatalf("ListTopics = %v, %v", topics, err)
			}
			if n := e.srv.hits("GET", "/v1/metadata/topics"); n != tc.wantReqs {
				t.Errorf("requests = %d, want %d", n, tc.wantReqs)
			}
			if got := e.sleeps.recorded(); tc.wantSleeps != nil && fmt.Sprint(got) != fmt.Sprint(tc.wantSleeps) {
				t.Errorf("sleeps = %v, want %v", got, tc.wantSleeps)
			}
			if e.tokens.count() != tc.wantReqs {
				t.Errorf("token source asked %d times, want once per attempt (%d)", e.tokens.count(), tc.wantReqs)
			}
		})
	}
}

func TestExhaustedErrorSaysAttempts(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.on("/v1/metadata/brokers", jsonReply(503, `{"message":"busy"}`))
	_, err := e.client.ListBrokers(context.Background())
	if err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts") || !strings.Contains(err.Error(), "busy") {
		t.Fatalf("err = %v", err)
	}
}

func TestZeroRetriesMeansOneAttempt(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Retry.Retries = 0 })
	e.srv.on("/v1/status", jsonReply(500, `{}`), jsonReply(200, `"OK"`))
	if _, err := e.client.Status(context.Background()); err == nil {
		t.Fatal("want the 500")
	}
	if n := e.srv.hits("GET", "/v1/status"); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestResetsExhaustRetries(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.on("/v1/status", hangUp)
	_, err := e.client.Status(context.Background())
	if err == nil || !strings.Contains(err.Error(), "giving up after 4 attempts") {
		t.Fatalf("err = %v", err)
	}
	var ae *APIError
	if errors.As(err, &ae) {
		t.Errorf("a transport failure must not be an APIError: %v", ae)
	}
}

func TestPerAttemptTimeoutIsRetried(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.RequestTimeout = 50 * time.Millisecond })
	e.srv.on("/v1/status", stall, jsonReply(200, `"OK"`))
	s, err := e.client.Status(context.Background())
	if err != nil || s != "OK" {
		t.Fatalf("Status = %q, %v", s, err)
	}
	if n := e.srv.hits("GET", "/v1/status"); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
	if !strings.Contains(e.log.text(), "request timeout") {
		t.Errorf("the retry should be logged with its reason:\n%s", e.log.text())
	}
}

func TestContextCancellationStopsRetries(t *testing.T) {
	e := newEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.sleeps.hook = func(int) { cancel() }
	e.srv.on("/v1/status", jsonReply(503, `{"message":"busy"}`))
	_, err := e.client.Status(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !strings.Contains(err.Error(), "after 1 attempts") || !strings.Contains(err.Error(), "busy") {
		t.Errorf("err = %v, want the attempts and the last failure", err)
	}
	if n := e.srv.hits("GET", "/v1/status"); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestCancelledContextDuringRequest(t *testing.T) {
	e := newEnv(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e.srv.on("/v1/status", func(w http.ResponseWriter, r *http.Request) {
		cancel()
		stall(w, r)
	})
	_, err := e.client.Status(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if n := e.srv.hits("GET", "/v1/status"); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestTokenSourceErrorIsReturned(t *testing.T) {
	e := newEnv(t, nil)
	e.tokens.err = errors.New("AADSTS7000215: invalid client secret")
	_, err := e.client.Status(context.Background())
	if err == nil || !errors.Is(err, e.tokens.err) || !strings.Contains(err.Error(), "getting an access token") {
		t.Fatalf("err = %v", err)
	}
	if n := len(e.srv.requests()); n != 0 || e.tokens.count() != 1 {
		t.Errorf("requests = %d, token calls = %d; want 0 and 1", n, e.tokens.count())
	}
}

func TestTokenIsAskedForEveryAttempt(t *testing.T) {
	const a, b = "token-A-0123456789abcdef", "token-B-0123456789abcdef"
	e := newEnv(t, nil)
	e.tokens.tokens = []string{a, b}
	e.srv.on("/v1/status", jsonReply(500, `{}`), jsonReply(200, `"OK"`))
	if _, err := e.client.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.requests()
	if len(reqs) != 2 || reqs[0].Header.Get("Authorization") != "Bearer "+a || reqs[1].Header.Get("Authorization") != "Bearer "+b {
		t.Errorf("authorization headers = %q, %q", reqs[0].Header.Get("Authorization"), reqs[1].Header.Get("Authorization"))
	}
}

func TestConnectionRefusedIsNotRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	c, err := New(Config{Endpoint: "http://" + addr, Tokens: &countingTokens{}, Retry: retry.Policy{Retries: 3, Base: time.Millisecond, Max: time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	rec := &sleepRecorder{}
	c.sleep = rec.sleep
	if _, err := c.Status(context.Background()); err == nil {
		t.Fatal("want an error")
	}
	if n := len(rec.recorded()); n != 0 {
		t.Errorf("slept %d times, want no retries for a refused connection", n)
	}
}

func TestRetryDelay(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		attempt int
		jitter  float64
		header  string
		want    time.Duration
	}{
		{"first backoff, full jitter top", 1, 0.999999, "", 199999800 * time.Nanosecond},
		{"first backoff, jitter zero", 1, 0, "", 0},
		{"doubles", 3, 0.5, "", 400 * time.Millisecond},
		{"capped by Policy.Max", 10, 0.5, "", 5 * time.Second},
		{"huge attempt does not overflow", 200, 0.5, "", 5 * time.Second},
		{"retry-after seconds", 1, 0.5, "3", 3 * time.Second},
		{"retry-after zero", 4, 0.5, "0", 0},
		{"retry-after capped", 1, 0.5, "86400", 10 * time.Second},
		{"retry-after date", 1, 0.5, now.Add(4 * time.Second).Format(http.TimeFormat), 4 * time.Second},
		{"retry-after past date", 1, 0.5, now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"retry-after garbage falls back", 2, 0.5, "soon", 200 * time.Millisecond},
		{"retry-after negative falls back", 2, 0.5, "-5", 200 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Client{now: func() time.Time { return now }}
			h := http.Header{}
			if tc.header != "" {
				h.Set("Retry-After", tc.header)
			}
			// The delay the engine waits after attempt tc.attempt fails with this answer.
			p := retry.Policy{Retries: tc.attempt, Base: 200 * time.Millisecond, Max: 10 * time.Second,
				Jitter: func() float64 { return tc.jitter }, Sleep: func(context.Context, time.Duration) error { return nil }}
			var got time.Duration
			_ = p.Do(context.Background(), func(context.Context, int) error {
				return c.transient(errors.New("HTTP 503"), &response{header: h})
			}, retry.OnRetry(func(_ context.Context, n int, d time.Duration, _ error) {
				if n == tc.attempt {
					got = d
				}
			}))
			if got != tc.want {
				t.Errorf("retryDelay(%d, %q) = %v, want %v", tc.attempt, tc.header, got, tc.want)
			}
		})
	}
}

// giveUp is the error of a request whose retries ran out, as do returns it.
func giveUp(req *request, attempts int, last error) error {
	return namedRetryError(req, &retry.ExhaustedError{Attempts: attempts, Last: last})
}

func TestIsTransientNetError(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("wrapped: %w", errors.New("x509: certificate signed by unknown authority")), false},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, false},
		{&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, false},
		{&net.DNSError{Err: "i/o timeout", Name: "x", IsTimeout: true}, true},
		{errors.New("read tcp: connection reset by peer"), true},
		{errors.New("http: server closed idle connection"), true},
	}
	for _, tc := range tests {
		if got := isTransientNetError(tc.err); got != tc.want {
			t.Errorf("isTransientNetError(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

func TestIsTransient(t *testing.T) {
	req := &request{method: "GET", path: "/v1/metadata/topics/orders/partitions"}
	api503 := &APIError{Method: "GET", Path: req.path, StatusCode: 503}
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"retries exhausted on 503", giveUp(req, 4, api503), true},
		{"wrapped", fmt.Errorf("waiting: %w", giveUp(req, 4, errors.New("connection reset by peer"))), true},
		{"canceled during a wait", namedRetryError(req, &retry.CanceledError{Attempts: 2, Cause: context.Canceled, Last: api503}), false},
		{"a single 503", api503, false},
		{"403", &APIError{StatusCode: 403}, false},
		{"nil", nil, false},
	}
	for _, tc := range cases {
		if got := IsTransient(tc.err); got != tc.want {
			t.Errorf("%s: IsTransient = %v, want %v", tc.name, got, tc.want)
		}
	}
	// The exhausted error still unwraps to the last failure.
	if err := giveUp(req, 4, api503); !errors.As(err, new(*APIError)) || !strings.Contains(err.Error(), "giving up after 4 attempts") {
		t.Errorf("giveUp = %v", err)
	}
}
