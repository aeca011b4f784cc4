package auth

import (
	"context"
	"encoding/json"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeMSI is a loopback managed identity endpoint (App Service or IMDS style).
type fakeMSI struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests []*http.Request
	failures []int // statuses to return before succeeding
	header   string
}

func newFakeMSI(t *testing.T, header string, failures ...int) *fakeMSI {
	t.Helper()
	f := &fakeMSI{header: header, failures: failures}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Clone(context.Background()))
		var fail int
		if len(f.failures) > 0 {
			fail, f.failures = f.failures[0], f.failures[1:]
		}
		f.mu.Unlock()
		if f.header != "" && r.Header.Get("X-IDENTITY-HEADER") != f.header {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"statusCode":401,"message":"missing identity header"}`))
			return
		}
		if fail != 0 {
			w.WriteHeader(fail)
			_, _ = w.Write([]byte(`{"statusCode":` + strconv.Itoa(fail) + `,"message":"Unable to load the proper Managed Identity."}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"access_token": "msi-access-token-" + r.URL.Query().Get("client_id"),
			"expires_on":   strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10),
			"resource":     r.URL.Query().Get("resource"),
			"token_type":   "Bearer",
		})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMSI) calls() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.requests...)
}

var uniqueCounter atomic.Int64

// uniqueName returns prefix plus a number never returned before in this process: MSAL's managed
// identity token cache is process-wide, so every test (and every -count repetition) needs its
// own identity or resource.
func uniqueName(prefix string) string {
	return prefix + strconv.FormatInt(uniqueCounter.Add(1), 10)
}

// isolateMSIEnv clears every variable MSAL uses to find a managed identity source.
func isolateMSIEnv(t *testing.T) {
	for _, k := range []string{"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"} {
		t.Setenv(k, "")
	}
}

func TestMSIAppService(t *testing.T) {
	// MSAL's managed identity token cache is process-wide: each case uses its own identity or scope.
	tests := []struct {
		name     string
		clientID string
		scope    string
		failures []int
		wantReqs int
	}{
		{"system assigned", "", uniqueName("https://msi-system-") + ".example/.default", nil, 1},
		{"user assigned by client id", uniqueName("uami-"), "", nil, 1},
		{"transient 503 retried", uniqueName("uami-"), "", []int{503}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateMSIEnv(t)
			f := newFakeMSI(t, "secret-identity-header", tt.failures...)
			t.Setenv("IDENTITY_ENDPOINT", f.srv.URL+"/msi/token")
			t.Setenv("IDENTITY_HEADER", "secret-identity-header")
			log := &recordingLogger{}
			src, method, err := New(t.Context(), Config{UseMSI: true, ClientID: tt.clientID, Scope: tt.scope, HTTPClient: guardedClient(nil), Logger: log, Retry: testRetry})
			if err != nil || method.Method != MethodMSI {
				t.Fatalf("New = %q, %v", method, err)
			}
			for i := 0; i < 2; i++ { // the second call is served from cache
				tok, err := src.Token(context.Background())
				if err != nil {
					t.Fatalf("Token: %v", err)
				}
				if want := "msi-access-token-" + tt.clientID; tok != want {
					t.Errorf("token = %q, want %q", tok, want)
				}
			}
			reqs := f.calls()
			if len(reqs) != tt.wantReqs {
				t.Fatalf("endpoint requests = %d, want %d", len(reqs), tt.wantReqs)
			}
			q := reqs[len(reqs)-1].URL.Query()
			wantResource := "https://hib.azurehdinsight.net"
			if tt.scope != "" {
				wantResource = strings.TrimSuffix(tt.scope, "/.default")
			}
			if q.Get("resource") != wantResource || q.Get("client_id") != tt.clientID || q.Get("api-version") == "" {
				t.Errorf("query = %v, want resource %s client_id %q", q, wantResource, tt.clientID)
			}
			log.assertNoSecrets(t, "secret-identity-header", "msi-access-token-"+tt.clientID)
		})
	}
}

func TestMSIErrorIsActionable(t *testing.T) {
	isolateMSIEnv(t)
	f := newFakeMSI(t, "h", 400)
	t.Setenv("IDENTITY_ENDPOINT", f.srv.URL+"/msi/token")
	t.Setenv("IDENTITY_HEADER", "h")
	missing := uniqueName("uami-missing-")
	src, _, err := New(t.Context(), Config{UseMSI: true, ClientID: missing, HTTPClient: guardedClient(nil)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(context.Background())
	mustContain(t, err, "(msi) failed: the managed identity endpoint answered HTTP 400: check that this host has a managed identity", `user-assigned identity with client id "`+missing+`"`, "Unable to load the proper Managed Identity")
	if n := len(f.calls()); n != 1 {
		t.Errorf("endpoint requests = %d, want 1", n)
	}
}

func TestMSIEndpointReplacesIMDS(t *testing.T) {
	isolateMSIEnv(t)
	f := newFakeMSI(t, "")
	id := uniqueName("uami-imds-")
	src, _, err := New(t.Context(), Config{UseMSI: true, ClientID: id, MSIEndpoint: f.srv.URL + "/metadata/identity/oauth2/token?extra=1", HTTPClient: guardedClient(nil)})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := src.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if tok != "msi-access-token-"+id {
		t.Errorf("token = %q", tok)
	}
	reqs := f.calls()
	if len(reqs) != 1 {
		t.Fatalf("endpoint requests = %d, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Header.Get("Metadata") != "true" || r.URL.Path != "/metadata/identity/oauth2/token" || r.URL.Query().Get("extra") != "1" || r.URL.Query().Get("client_id") != id {
		t.Errorf("IMDS-style request = %s %v headers %v", r.URL.Path, r.URL.Query(), r.Header)
	}
}

func TestMSIWithoutEndpointNeverLeavesLoopback(t *testing.T) {
	// With no managed identity environment MSAL targets IMDS; the test transport refuses it, which
	// shows both that IMDS is the default and that tests cannot reach it.
	isolateMSIEnv(t)
	src, _, err := New(t.Context(), Config{UseMSI: true, ClientID: uniqueName("uami-none-"), HTTPClient: guardedClient(nil), Retry: retry.Policy{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(context.Background())
	mustContain(t, err, "test transport refuses to dial non-loopback address 169.254.169.254:80", "check that this host has a managed identity")
}
