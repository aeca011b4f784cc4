package idp

import (
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"software.sslmate.com/src/go-pkcs12"
)

func TestGenerateTestCertificate(t *testing.T) {
	a, b := testCerts(t)
	tests := []struct {
		name     string
		c        testCert
		password string
	}{
		{"with password", a, "pw"},
		{"empty password", b, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key, cert, err := pkcs12.Decode(tc.c.pfx, tc.password)
			if err != nil {
				t.Fatalf("decode PFX: %v", err)
			}
			if !cert.Equal(tc.c.cert) {
				t.Error("PFX certificate differs from the PEM one")
			}
			if !tc.c.key.Equal(key) {
				t.Error("PFX key differs from the PEM one")
			}
			if cert.Subject.CommonName == "" || cert.PublicKeyAlgorithm != x509.RSA {
				t.Errorf("certificate subject %q algorithm %s, want a CN and RSA", cert.Subject.CommonName, cert.PublicKeyAlgorithm)
			}
			if tc.c.cert.NotAfter.Before(time.Now().AddDate(0, 11, 0)) {
				t.Errorf("certificate expires too soon: %s", tc.c.cert.NotAfter)
			}
		})
	}
	if _, _, err := pkcs12.Decode(a.pfx, "wrong"); err == nil {
		t.Error("PFX decoded with a wrong password")
	}
	if _, _, _, err := GenerateTestCertificate("", ""); err == nil {
		t.Error("empty common name accepted")
	}
}

func TestNewValidation(t *testing.T) {
	a, _ := testCerts(t)
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"defaults", Options{}, ""},
		{"negative lifetime", Options{TokenLifetime: -time.Second}, "must not be negative"},
		{"tenant with slash", Options{Tenant: "a/b"}, "single path segment"},
		{"bad base URL", Options{BaseURL: "https://h/path"}, "without user, path"},
		{"client without id", Options{Clients: []Client{{Secret: "s"}}}, "client id must not be empty"},
		{"certificate not PEM", Options{Clients: []Client{{ID: "c", CertificatePEM: []byte("junk")}}}, "no PEM CERTIFICATE block"},
		{"key instead of certificate", Options{Clients: []Client{{ID: "c", CertificatePEM: a.keyPEM}}}, "no PEM CERTIFICATE block"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(tc.opts)
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			}
		})
	}
}

// TestRegisterClientBadCertificate: RegisterClient cannot return an error, so the token endpoint
// reports the unusable certificate instead.
func TestRegisterClientBadCertificate(t *testing.T) {
	p, srv := newServed(t, Options{})
	a, _ := testCerts(t)
	p.RegisterClient(Client{ID: "broken", CertificatePEM: []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")})
	now := time.Now()
	claims := certClaims(p, now)
	claims["iss"], claims["sub"] = "broken", "broken"
	status, m, body := postForm(t, srv, tokenPath, form("grant_type", "client_credentials", "client_id", "broken", "scope", DefaultScope,
		"client_assertion_type", ClientAssertionType,
		"client_assertion", assertion(t, jwt.SigningMethodRS256, a.key, map[string]any{"x5t": x5t(a.cert)}, claims)))
	if status != 401 || !strings.Contains(body, "could not be used") || m["error"] != "invalid_client" {
		t.Fatalf("status %d: %s", status, body)
	}
	p.RemoveClient("broken")
	if status, m, _ := postForm(t, srv, tokenPath, form("grant_type", "client_credentials", "client_id", "broken",
		"client_secret", "x", "scope", DefaultScope)); status != 400 || m["error"] != "unauthorized_client" {
		t.Fatalf("removed client: %d %v", status, m["error"])
	}
	if err := p.AddClient(Client{ID: "x", CertificatePEM: []byte("junk")}); err == nil {
		t.Fatal("AddClient accepted a bad certificate")
	}
}

func TestWriteFederatedTokenFile(t *testing.T) {
	p, srv := newServed(t, Options{})
	path := filepath.Join(t.TempDir(), "token")
	for i := range 2 { // the second write replaces the first
		if err := p.WriteFederatedTokenFile(path, fedSubject, time.Hour); err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	tok, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.RegisteredClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(string(tok), &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Issuer != p.WorkloadIssuer() || claims.Subject != fedSubject || len(claims.Audience) != 1 || claims.Audience[0] != FederatedAudience {
		t.Fatalf("claims = %+v", claims)
	}
	status, _, body := postForm(t, srv, tokenPath, form("grant_type", "client_credentials", "client_id", fedClient, "scope", DefaultScope,
		"client_assertion_type", ClientAssertionType, "client_assertion", string(tok)))
	if status != 200 {
		t.Fatalf("token from the file refused: %d %s", status, body)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	if err := p.WriteFederatedTokenFile(filepath.Join(t.TempDir(), "missing", "dir", "token"), fedSubject, 0); err == nil {
		t.Error("write into a missing folder succeeded")
	}
	if _, err := p.FederatedAssertion("", 0); err == nil {
		t.Error("empty subject accepted")
	}
}
