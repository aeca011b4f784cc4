package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// fetchToken runs the client credentials grant with a secret against the
// emulator's token endpoint.
func (e *testEnv) fetchToken(clientID, secret string) (int, string) {
	e.t.Helper()
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {secret},
		"scope":         {idp.DefaultScope},
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestDeadline)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.srv.AuthorityHost()+e.srv.Tenant()+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatalf("token request: %v", err)
	}
	defer resp.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.AccessToken
}

func TestAuthMatrix(t *testing.T) {
	e := newTestEnv(t, nil)
	p := e.srv.IdP()
	outsider, err := p.IssueAccessToken(outsiderID, "", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := p.IssueAccessToken(testClientID, "", -2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	foreignTenant, err := p.IssueAccessToken(testClientID, "99999999-0000-0000-0000-000000000000", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(e.token, ".")
	badSig := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	status, granted := e.fetchToken(testClientID, testSecret)
	if status != http.StatusOK || granted == "" {
		t.Fatalf("token endpoint: status %d", status)
	}
	if s, _ := e.fetchToken(testClientID, "wrong"); s != http.StatusUnauthorized && s != http.StatusBadRequest {
		t.Errorf("token endpoint with a wrong secret: status %d, want 400/401", s)
	}

	tests := []struct {
		name   string
		header string // full Authorization header; "" = none
		want   int
	}{
		{"no token", "", http.StatusUnauthorized},
		{"garbage", "Bearer not-a-jwt", http.StatusUnauthorized},
		{"wrong scheme", "Basic " + e.token, http.StatusUnauthorized},
		{"bad signature", "Bearer " + badSig, http.StatusUnauthorized},
		{"expired", "Bearer " + expired, http.StatusUnauthorized},
		{"wrong issuer", "Bearer " + foreignTenant, http.StatusUnauthorized},
		{"outside the group", "Bearer " + outsider, http.StatusForbidden},
		{"issued by IssueAccessToken", "Bearer " + e.token, http.StatusOK},
		{"granted by the token endpoint", "Bearer " + granted, http.StatusOK},
	}
	paths := []struct{ method, path string }{
		{http.MethodGet, "/v1/status"},
		{http.MethodGet, "/v1/metadata/topics"},
		{http.MethodGet, "/v1/metadata/brokers"},
		{http.MethodPut, "/v1/topics/bad-auth-never-created"},
	}
	for _, tc := range tests {
		for _, pth := range paths {
			want := tc.want
			if want == http.StatusOK && pth.method == http.MethodPut {
				continue
			}
			req, err := http.NewRequest(pth.method, e.srv.URL()+pth.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			resp, err := e.http.Do(req)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.name, pth.path, err)
			}
			var eb errorBody
			_ = json.NewDecoder(resp.Body).Decode(&eb)
			resp.Body.Close()
			if resp.StatusCode != want {
				t.Errorf("%s: %s %s: status %d, want %d (%s)", tc.name, pth.method, pth.path, resp.StatusCode, want, eb.Message)
				continue
			}
			if want == http.StatusOK {
				continue
			}
			if eb.ErrorCode != want || eb.Message == "" {
				t.Errorf("%s: error body %+v", tc.name, eb)
			}
			if wa := resp.Header.Get("WWW-Authenticate"); want == http.StatusUnauthorized && !strings.Contains(wa, `error="invalid_token"`) {
				t.Errorf("%s: WWW-Authenticate %q", tc.name, wa)
			}
			if strings.Contains(eb.Message, e.token) || (len(tc.header) > 20 && strings.Contains(eb.Message, tc.header[7:])) {
				t.Errorf("%s: the error message echoes the token", tc.name)
			}
		}
	}
	meta, err := e.srv.Backend().metadata(context.Background(), []string{"bad-auth-never-created"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := meta.Topics["bad-auth-never-created"]; ok {
		t.Error("an unauthorized create created the topic")
	}
	c := e.srv.Counters()
	if c[RouteToken] != 2 || c[RouteStatus] != int64(len(tests)) {
		t.Errorf("counters %v: want token=2 and status=%d", c, len(tests))
	}
	e.srv.ResetCounters()
	if c := e.srv.Counters(); c[RouteStatus] != 0 || len(c) != len(RouteNames()) {
		t.Errorf("after reset: %v", c)
	}
}

// TestFakeAuthorizer checks that the server obeys whatever its authorizer says.
func TestFakeAuthorizer(t *testing.T) {
	e := newTestEnv(t, nil)
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusServiceUnavailable} {
		e.srv.setAuthorizer(fakeAuth{status: status})
		checkErrorBody(t, e.do(http.MethodGet, "/v1/status", nil), status, "fake says no")
	}
	e.srv.setAuthorizer(fakeAuth{})
	e.mustStatus(e.doToken("", http.MethodGet, "/v1/status", nil), http.StatusOK, "fake allows")
}

type fakeAuth struct{ status int }

func (f fakeAuth) Authorize(*http.Request) (int, error) {
	if f.status == 0 {
		return 0, nil
	}
	return f.status, &apiError{Status: f.status, Message: "fake says no"}
}
