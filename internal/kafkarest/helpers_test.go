package kafkarest

import (
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"

	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const testToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-payload.signature-part"

// countingTokens hands out testToken (or tokens[i]) and counts the calls.
type countingTokens struct {
	mu     sync.Mutex
	calls  int
	tokens []string
	err    error
}

func (s *countingTokens) Token(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if s.err != nil {
		return "", s.err
	}
	if len(s.tokens) > 0 {
		return s.tokens[(s.calls-1)%len(s.tokens)], nil
	}
	return testToken, nil
}

func (s *countingTokens) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// captureLogger records every log line as text.
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *captureLogger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %s %v", level, msg, fields))
}

func (l *captureLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("DEBUG", msg, f)
}

func (l *captureLogger) Warn(_ context.Context, msg string, f map[string]any) {
	l.add("WARN", msg, f)
}

func (l *captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// recorded is what the test server saw of one request.
type recorded struct {
	Method, Path, Query string // Path is the escaped path as sent
	Header              http.Header
	Body                string
}

// scriptServer answers each request with the next handler scripted for its
// escaped path (the last one repeats); unscripted paths get 404.
type scriptServer struct {
	*httptest.Server
	mu      sync.Mutex
	scripts map[string][]http.HandlerFunc
	served  map[string]int
	reqs    []recorded
}

func newScriptServer(t testing.TB) *scriptServer {
	t.Helper()
	s := &scriptServer{scripts: map[string][]http.HandlerFunc{}, served: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptServer) on(path string, hs ...http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.scripts[path] = append(s.scripts[path], hs...)
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := r.URL.EscapedPath()
	s.mu.Lock()
	s.reqs = append(s.reqs, recorded{Method: r.Method, Path: path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(body)})
	hs := s.scripts[path]
	i := s.served[path]
	s.served[path]++
	s.mu.Unlock()
	if len(hs) == 0 {
		jsonReply(http.StatusNotFound, `{"error_code":404,"message":"no route"}`)(w, r)
		return
	}
	hs[min(i, len(hs)-1)](w, r)
}

func (s *scriptServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// hits counts the requests made with method to path.
func (s *scriptServer) hits(method, path string) int {
	n := 0
	for _, r := range s.requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func jsonReply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func withHeader(key, value string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(key, value)
		h(w, r)
	}
}

// hangUp closes the connection without an answer (a reset as the client sees it).
func hangUp(w http.ResponseWriter, _ *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		http.Error(w, "test server cannot hijack", http.StatusTeapot)
		return
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

// stall blocks until the client gives up on the request.
func stall(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// sleepRecorder replaces the client's sleep: it records the delays and
// returns at once (or with the context's error).
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
	hook   func(n int) // called with the number of sleeps so far
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	n := len(s.delays)
	hook := s.hook
	s.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	return ctx.Err()
}

func (s *sleepRecorder) recorded() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

type testEnv struct {
	srv    *scriptServer
	client *Client
	tokens *countingTokens
	log    *captureLogger
	sleeps *sleepRecorder
}

// newEnv builds a client against a script server with instant sleeps and a
// fixed jitter of 0.5.
func newEnv(t *testing.T, mutate func(*Config)) *testEnv {
	t.Helper()
	e := &testEnv{srv: newScriptServer(t), tokens: &countingTokens{}, log: &captureLogger{}, sleeps: &sleepRecorder{}}
	cfg := Config{
		Endpoint:  e.srv.URL,
		Tokens:    e.tokens,
		UserAgent: "hdikafka-test/1.0",
		Retry:     retry.Policy{Retries: 3, Base: 200 * time.Millisecond, Max: 10 * time.Second},
		Logger:    e.log,
	}
	if mutate != nil {
		mutate(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.sleep = e.sleeps.sleep
	c.jitter = func() float64 { return 0.5 }
	e.client = c
	return e
}
