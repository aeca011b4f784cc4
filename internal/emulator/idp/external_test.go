package idp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestExternalMode validates tokens of a second provider instance acting as the external issuer.
func TestExternalMode(t *testing.T) {
	issuer, _ := newServed(t, Options{Tenant: "ext-tenant"})
	var keyFetches atomic.Int64
	counting := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/discovery/v2.0/keys") {
			keyFetches.Add(1)
		}
		issuer.Handler().ServeHTTP(w, r)
	})
	// Serve the issuer through a front door that counts key fetches.
	front := httptest.NewTLSServer(counting)
	t.Cleanup(front.Close)
	if err := issuer.SetBaseURL(front.URL); err != nil {
		t.Fatal(err)
	}

	api, err := New(Options{
		BaseURL: "https://127.0.0.1:1", AllowedGroup: testGroup, Audience: HIBResourceURI,
		ExternalIssuer: issuer.Issuer(), ExternalHTTPClient: front.Client(),
		Clients: []Client{{ID: secretClient, Groups: []string{testGroup}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	api.now = func() time.Time { return clock }

	mustIssue := func(p *Provider, client string) string {
		t.Helper()
		tok, err := p.IssueAccessToken(client, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	first := mustIssue(issuer, secretClient)
	steps := []struct {
		name        string
		tok         func() string
		advance     time.Duration
		status      int
		text        string
		wantFetches int64
	}{
		{"external token accepted (keys fetched)", func() string { return first }, 0, 0, "", 1},
		{"again from the key cache", func() string { return first }, 0, 0, "", 1},
		{"principal outside the group", func() string { return mustIssue(issuer, outsider) }, 0, 403, "security group", 1},
		{"own dev token rejected", func() string { return mustIssue(api, secretClient) }, 0, 401, "signature", 1},
		{"rotated key within the refetch interval", func() string {
			if err := issuer.RotateSigningKey(); err != nil {
				t.Fatal(err)
			}
			return mustIssue(issuer, secretClient)
		}, 0, 401, "not published", 1},
		{"rotated key after the interval: refetch", func() string { return mustIssue(issuer, secretClient) }, time.Minute, 0, "", 2},
		{"old key still published", func() string { return first }, 0, 0, "", 2},
		{"wrong issuer (same keys)", func() string {
			tok, err := issuer.IssueAccessToken(secretClient, "other-tenant", 0)
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}, 0, 401, "issuer", 2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			clock = clock.Add(st.advance)
			status, err := api.Authorize(bearer(st.tok()))
			if status != st.status || (st.text != "" && (err == nil || !strings.Contains(err.Error(), st.text))) {
				t.Fatalf("status = %d (%v), want %d containing %q", status, err, st.status, st.text)
			}
			if got := keyFetches.Load(); got != st.wantFetches {
				t.Fatalf("JWKS fetched %d times, want %d", got, st.wantFetches)
			}
		})
	}
}

func TestExternalModeIssuerUnreachable(t *testing.T) {
	dead := httptest.NewTLSServer(http.NotFoundHandler())
	url := dead.URL
	client := dead.Client()
	dead.Close()
	issuer, _ := newServed(t, Options{})
	api, err := New(Options{ExternalIssuer: url + "/" + testTenant + "/v2.0", ExternalHTTPClient: client})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := issuer.IssueAccessToken(secretClient, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	api.now = func() time.Time { return clock }
	// The second call falls within the refetch back-off: no new fetch, but still 503 with the
	// fetch error (not 401 "key not published"), until the back-off ends.
	for i, advance := range []time.Duration{0, 10 * time.Second, time.Minute} {
		clock = clock.Add(advance)
		status, err := api.Authorize(bearer(tok))
		if status != http.StatusServiceUnavailable || err == nil || !strings.Contains(err.Error(), "cannot fetch the signing keys") {
			t.Fatalf("call %d: status = %d (%v), want 503 naming the key fetch", i+1, status, err)
		}
	}
}

// TestExternalModeFetchOutsideLock: while a JWKS fetch is running, the verifier's lock is free,
// so requests with cached keys are not held up by a slow issuer.
func TestExternalModeFetchOutsideLock(t *testing.T) {
	issuer, _ := newServed(t, Options{Tenant: "ext-tenant"})
	var block atomic.Bool
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	front := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/discovery/v2.0/keys") && block.Load() {
			entered <- struct{}{}
			<-release
		}
		issuer.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	if err := issuer.SetBaseURL(front.URL); err != nil {
		t.Fatal(err)
	}
	api, err := New(Options{
		BaseURL: "https://127.0.0.1:1", AllowedGroup: testGroup,
		ExternalIssuer: issuer.Issuer(), ExternalHTTPClient: front.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	api.now = func() time.Time { return clock }
	old, err := issuer.IssueAccessToken(secretClient, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if status, err := api.Authorize(bearer(old)); status != 0 {
		t.Fatalf("first call: status %d (%v)", status, err)
	}
	if err := issuer.RotateSigningKey(); err != nil {
		t.Fatal(err)
	}
	rotated, err := issuer.IssueAccessToken(secretClient, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Minute)
	block.Store(true)
	done := make(chan int, 1)
	go func() {
		status, _ := api.Authorize(bearer(rotated))
		done <- status
	}()
	<-entered // the refetch is running now
	if !api.external.mu.TryLock() {
		close(release)
		t.Fatal("the verifier's lock is held during the JWKS fetch")
	}
	api.external.mu.Unlock()
	status, err := api.Authorize(bearer(old))
	close(release)
	if status != 0 {
		t.Errorf("cached key during the fetch: status %d (%v), want accepted", status, err)
	}
	if status := <-done; status != 0 {
		t.Errorf("rotated key after the refetch: status %d, want accepted", status)
	}
}

func TestExternalIssuerValidation(t *testing.T) {
	tests := []struct {
		issuer string
		ok     bool
	}{
		{"https://login.microsoftonline.com/" + testTenant + "/v2.0", true},
		{"https://sts.windows.net/" + testTenant + "/", true},
		{"http://127.0.0.1:8080/t/v2.0", true},
		{"http://login.microsoftonline.com/t/v2.0", false},
		{"login.microsoftonline.com/t", false},
		{"https://login.microsoftonline.com/t?x=1", false},
	}
	for _, tc := range tests {
		t.Run(tc.issuer, func(t *testing.T) {
			_, err := New(Options{ExternalIssuer: tc.issuer})
			if (err == nil) != tc.ok {
				t.Fatalf("New(ExternalIssuer %q) error = %v, want ok=%v", tc.issuer, err, tc.ok)
			}
		})
	}
}
