package auth

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
	"software.sslmate.com/src/go-pkcs12"
)

// testRetry keeps retries fast in tests; the retry count and classification are what is under
// test.
var testRetry = retry.Policy{Retries: 3, Base: 2 * time.Millisecond, Max: 10 * time.Millisecond}

// loopbackOnly wraps a transport so that it can dial loopback addresses only: no test can reach
// the internet or the IMDS link-local address, whatever the code under test asks for.
func loopbackOnly(base *http.Transport) *http.Transport {
	t := base.Clone()
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	t.Proxy = nil
	t.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("test transport refuses to dial non-loopback address %s", addr)
		}
		return dialer.DialContext(ctx, network, addr)
	}
	return t
}

// guardedClient returns an HTTP client trusting srv's certificate (when srv is TLS) that dials
// loopback addresses only.
func guardedClient(srv *httptest.Server) *http.Client {
	base := http.DefaultTransport.(*http.Transport)
	if srv != nil && srv.TLS != nil {
		base = srv.Client().Transport.(*http.Transport)
	}
	return &http.Client{Transport: loopbackOnly(base), Timeout: 30 * time.Second}
}

// testIdP is the emulator's identity provider behind an httptest TLS server.
type testIdP struct {
	*idp.Provider
	srv *httptest.Server
}

func newTestIdP(t *testing.T, opts idp.Options) *testIdP {
	t.Helper()
	p, err := idp.New(opts)
	if err != nil {
		t.Fatalf("idp.New: %v", err)
	}
	srv := httptest.NewTLSServer(p.Handler())
	t.Cleanup(srv.Close)
	if err := p.SetBaseURL(srv.URL); err != nil {
		t.Fatalf("SetBaseURL: %v", err)
	}
	return &testIdP{Provider: p, srv: srv}
}

// config returns a Config pointing at this identity provider.
func (p *testIdP) config(clientID string) Config {
	return Config{
		TenantID:      p.Tenant(),
		ClientID:      clientID,
		AuthorityHost: p.AuthorityHost(),
		HTTPClient:    guardedClient(p.srv),
		Retry:         testRetry,
		AttributeRef:  testRef,
	}
}

// testCert is a self-signed client certificate in every encoding the package accepts.
type testCert struct {
	cert    *x509.Certificate
	key     crypto.Signer
	certPEM []byte
	keyPEM  []byte // PKCS#8
}

func newTestCert(t *testing.T, rsaKey bool, notAfter time.Time) *testCert {
	t.Helper()
	var key crypto.Signer
	var err error
	if rsaKey {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	} else {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "hdikafka-test-client"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pk8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return &testCert{
		cert:    cert,
		key:     key,
		certPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		keyPEM:  pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pk8}),
	}
}

func (c *testCert) pfx(t *testing.T, password string) []byte {
	t.Helper()
	enc := pkcs12.Modern
	if password == "" {
		enc = pkcs12.Passwordless
	}
	data, err := enc.Encode(c.key, c.cert, nil, password)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (c *testCert) bundlePEM() []byte { return append(append([]byte{}, c.certPEM...), c.keyPEM...) }

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := t.TempDir() + "/" + name
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// recordingLogger keeps every message and field for inspection.
type recordingLogger struct {
	mu      sync.Mutex
	entries []string
}

func (l *recordingLogger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, fmt.Sprintf("%s %s %v", level, msg, fields))
}
func (l *recordingLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("DEBUG", msg, f)
}
func (l *recordingLogger) Warn(_ context.Context, msg string, f map[string]any) {
	l.add("WARN", msg, f)
}
func (l *recordingLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.entries, "\n")
}

// assertNoSecrets fails when any of the secrets appears in the logs.
func (l *recordingLogger) assertNoSecrets(t *testing.T, secrets ...string) {
	t.Helper()
	text := l.text()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("logs contain a secret value (%d chars): %s", len(s), text)
		}
	}
}

func mustContain(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", wants)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q\n  does not contain %q", err.Error(), w)
		}
	}
}
