package idp

import (
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // x5t thumbprints in test assertions
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	testTenant   = "11111111-2222-3333-4444-555555555555"
	testGroup    = "99999999-0000-0000-0000-000000000001"
	secretClient = "aaaaaaaa-0000-0000-0000-000000000001"
	certClient   = "aaaaaaaa-0000-0000-0000-000000000002"
	fedClient    = "aaaaaaaa-0000-0000-0000-000000000003"
	outsider     = "aaaaaaaa-0000-0000-0000-000000000004"
	testSecret   = "s3cr3t-Value~with.chars"
	fedSubject   = "repo:example/infra:ref:refs/heads/main"
)

// testCert is one generated client certificate shared by the tests (RSA generation is slow).
type testCert struct {
	certPEM, keyPEM, pfx []byte
	cert                 *x509.Certificate
	key                  *rsa.PrivateKey
}

var (
	certOnce           sync.Once
	certA, certB       testCert
	certErrA, certErrB error
)

func testCerts(t *testing.T) (testCert, testCert) {
	t.Helper()
	certOnce.Do(func() {
		certA, certErrA = makeTestCert("client-a", "pw")
		if certErrA == nil {
			certB, certErrB = makeTestCert("client-b", "")
		}
	})
	if certErrA != nil || certErrB != nil {
		t.Fatalf("generate test certificates: %v %v", certErrA, certErrB)
	}
	return certA, certB
}

func makeTestCert(cn, pw string) (testCert, error) {
	c, k, pfx, err := GenerateTestCertificate(cn, pw)
	if err != nil {
		return testCert{}, err
	}
	cb, _ := pem.Decode(c)
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return testCert{}, err
	}
	kb, _ := pem.Decode(k)
	key, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return testCert{}, err
	}
	return testCert{certPEM: c, keyPEM: k, pfx: pfx, cert: cert, key: key.(*rsa.PrivateKey)}, nil
}

// newServed starts a provider behind an httptest TLS server with the standard test clients.
func newServed(t *testing.T, opts Options) (*Provider, *httptest.Server) {
	t.Helper()
	a, _ := testCerts(t)
	if opts.Tenant == "" {
		opts.Tenant = testTenant
	}
	if opts.AllowedGroup == "" {
		opts.AllowedGroup = testGroup
	}
	if opts.Clients == nil {
		opts.Clients = []Client{
			{ID: secretClient, Secret: testSecret, Groups: []string{"other", testGroup}},
			{ID: certClient, CertificatePEM: a.certPEM, Groups: []string{testGroup}, ObjectID: "0b1ec7-1d"},
			{ID: fedClient, FederatedSubjects: []string{fedSubject}, Groups: []string{testGroup}},
			{ID: outsider, Secret: testSecret, Groups: []string{"someone-else"}},
		}
	}
	p, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewTLSServer(p.Handler())
	t.Cleanup(srv.Close)
	if err := p.SetBaseURL(srv.URL); err != nil {
		t.Fatalf("SetBaseURL: %v", err)
	}
	return p, srv
}

// postForm sends a token request and decodes the JSON answer.
func postForm(t *testing.T, srv *httptest.Server, path string, form url.Values) (int, map[string]any, string) {
	t.Helper()
	resp, err := srv.Client().PostForm(srv.URL+path, form)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return decode(t, resp)
}

func get(t *testing.T, srv *httptest.Server, path string) (int, map[string]any, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return decode(t, resp)
}

func decode(t *testing.T, resp *http.Response) (int, map[string]any, string) {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON; body %s", ct, body)
	}
	m := map[string]any{}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, body)
	}
	return resp.StatusCode, m, string(body)
}

// assertion builds a signed JWT with the given header fields and claims.
func assertion(t *testing.T, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign assertion: %v", err)
	}
	return s
}

func x5t(c *x509.Certificate) string {
	s := sha1.Sum(c.Raw) //nolint:gosec // thumbprint
	return base64.RawURLEncoding.EncodeToString(s[:])
}

func x5tS256Std(c *x509.Certificate) string {
	s := sha256.Sum256(c.Raw)
	return base64.StdEncoding.EncodeToString(s[:])
}

// certClaims are the claims of a valid certificate assertion for certClient.
func certClaims(p *Provider, now time.Time) jwt.MapClaims {
	return jwt.MapClaims{
		"aud": p.TokenEndpoint(), "iss": certClient, "sub": certClient, "jti": newUUID(),
		"nbf": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(),
	}
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func bearer(tok string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "https://example.test/v1/status", nil)
	if tok != "" {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return r
}

func httptestRecorder(p *Provider, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	p.Handler().ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

// mustMap turns claims into a MapClaims-compatible map.
func mustMap(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
