package emulator

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGeneratedCertificate(t *testing.T) {
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	e := newTestEnv(t, func(o *Options) { o.CAFile = caFile })
	data, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != string(e.srv.CACertPEM()) {
		t.Error("CA file differs from CACertPEM()")
	}
	block, _ := pem.Decode(data)
	ca, err := x509.ParseCertificate(block.Bytes)
	if err != nil || !ca.IsCA {
		t.Fatalf("CA certificate: %v (IsCA %v)", err, ca != nil && ca.IsCA)
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	leaf := e.srv.certs.server.Leaf
	for _, host := range []string{"127.0.0.1", "::1", "localhost"} {
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: host}); err != nil {
			t.Errorf("server certificate for %s: %v", host, err)
		}
	}
	if !strings.HasPrefix(e.srv.URL(), "https://127.0.0.1:") || e.srv.AuthorityHost() != e.srv.URL()+"/" {
		t.Errorf("URL %q AuthorityHost %q", e.srv.URL(), e.srv.AuthorityHost())
	}
	// Plain HTTP is not served; an untrusting client is refused.
	if resp, err := http.Get(strings.Replace(e.srv.URL(), "https", "http", 1) + "/v1/status"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("the API answered over plain HTTP")
		}
	}
	if resp, err := http.Get(e.srv.URL() + "/v1/status"); err == nil {
		resp.Body.Close()
		t.Error("a client without the CA connected")
	}
	block2 := e.srv.ProviderBlock()
	for _, want := range []string{`endpoint            = "` + e.srv.URL() + `"`, `ca_certificate_file = "` + caFile + `"`, `client_id           = "` + testClientID + `"`, `tenant_id`} {
		if !strings.Contains(block2, want) {
			t.Errorf("provider block lacks %q:\n%s", want, block2)
		}
	}
}

func TestProvidedCertificate(t *testing.T) {
	gen, err := generateCerts()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	var chain []byte
	for _, der := range gen.server.Certificate {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(gen.server.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, chain, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	e := newTestEnv(t, func(o *Options) { o.TLSCertFile, o.TLSKeyFile = certFile, keyFile })
	if string(e.srv.CACertPEM()) != string(gen.caPEM) {
		t.Error("CACertPEM is not the provided chain's root")
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(gen.caPEM)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL()+"/v1/status", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d", resp.StatusCode)
	}
	if _, err := New(context.Background(), Options{TLSCertFile: certFile}); err == nil || !strings.Contains(err.Error(), "together") {
		t.Errorf("cert without key: %v", err)
	}
	if _, err := New(context.Background(), Options{TLSCertFile: keyFile, TLSKeyFile: certFile}); err == nil {
		t.Error("swapped cert and key accepted")
	}
}
