package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

const (
	testGroup       = "11111111-2222-3333-4444-555555555555"
	testClientID    = "aaaaaaaa-0000-0000-0000-000000000001"
	testSecret      = "test-secret"
	outsiderID      = "aaaaaaaa-0000-0000-0000-000000000002"
	outsiderSecret  = "outsider-secret"
	testTokenLife   = time.Hour
	requestDeadline = 30 * time.Second
)

// testEnv is a running emulator with a registered client and its token.
type testEnv struct {
	t     *testing.T
	srv   *Server
	token string
	http  *http.Client
}

// newTestEnv starts an emulator with modify applied to the default options.
func newTestEnv(t *testing.T, modify func(*Options)) *testEnv {
	t.Helper()
	opts := Options{
		Brokers:      1,
		AllowedGroup: testGroup,
		Clients: []idp.Client{
			{ID: testClientID, Secret: testSecret, Groups: []string{testGroup}},
			{ID: outsiderID, Secret: outsiderSecret, Groups: []string{"some-other-group"}},
		},
	}
	if modify != nil {
		modify(&opts)
	}
	srv, err := New(context.Background(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	tok, err := srv.IdP().IssueAccessToken(testClientID, srv.Tenant(), testTokenLife)
	if err != nil {
		t.Fatalf("IssueAccessToken: %v", err)
	}
	return &testEnv{t: t, srv: srv, token: tok, http: srv.HTTPClient()}
}

// response is a finished API call.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends an authorized request; body may be nil, a string or []byte.
func (e *testEnv) do(method, path string, body any) response {
	e.t.Helper()
	return e.doToken(e.token, method, path, body)
}

func (e *testEnv) doToken(token, method, path string, body any) response {
	e.t.Helper()
	r, err := e.try(token, method, path, body)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func (e *testEnv) try(token, method, path string, body any) (response, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return response{}, err
		}
		rd = bytes.NewReader(buf)
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestDeadline)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, e.srv.URL()+path, rd)
	if err != nil {
		return response{}, err
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// mustStatus fails unless r has the wanted status.
func (e *testEnv) mustStatus(r response, want int, what string) {
	e.t.Helper()
	if r.status != want {
		e.t.Fatalf("%s: status %d, want %d; body %s", what, r.status, want, r.body)
	}
}

// checkErrorBody verifies the JSON error document of a non-200 answer.
func checkErrorBody(t *testing.T, r response, wantStatus int, wantText string) {
	t.Helper()
	if r.status != wantStatus {
		t.Fatalf("status %d, want %d; body %s", r.status, wantStatus, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q, want application/json", ct)
	}
	var eb struct {
		ErrorCode *int    `json:"error_code"`
		Message   *string `json:"message"`
	}
	if err := json.Unmarshal(r.body, &eb); err != nil {
		t.Fatalf("error body is not JSON: %v: %s", err, r.body)
	}
	if eb.ErrorCode == nil || *eb.ErrorCode != wantStatus {
		t.Errorf("error_code in %s, want %d", r.body, wantStatus)
	}
	if eb.Message == nil || *eb.Message == "" {
		t.Errorf("message missing in %s", r.body)
	} else if wantText != "" && !strings.Contains(*eb.Message, wantText) {
		t.Errorf("message %q does not contain %q", *eb.Message, wantText)
	}
}

// createTopic creates a topic through the API and fails the test otherwise.
func (e *testEnv) createTopic(name string, body any) {
	e.t.Helper()
	r := e.do(http.MethodPut, "/v1/topics/"+name, body)
	e.mustStatus(r, http.StatusOK, "create topic "+name)
}

// waitFor polls cond until it is true or a generous bound passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
