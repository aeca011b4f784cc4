package auth

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"testing"
	"time"
)

func TestLoadCertificateErrors(t *testing.T) {
	rsaCert := newTestCert(t, true, time.Now().Add(time.Hour))
	ecCert := newTestCert(t, false, time.Now().Add(time.Hour))
	otherRSA := newTestCert(t, true, time.Now().Add(time.Hour))
	encPEM := pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: []byte{1, 2, 3}})

	tests := []struct {
		name  string
		cfg   Config
		wants []string
	}{
		{"EC key in PEM", Config{ClientCertificate: string(ecCert.bundlePEM())}, []string{"is an ECDSA (P-256) key, not RSA", "must have RSA keys"}},
		{"EC key in PFX", Config{ClientCertificate: base64.StdEncoding.EncodeToString(ecCert.pfx(t, "pw")), ClientCertificatePassword: "pw"}, []string{"not RSA"}},
		{"PFX wrong password", Config{ClientCertificatePath: writeFile(t, "c.pfx", rsaCert.pfx(t, "right")), ClientCertificatePassword: "wrong"}, []string{"could not be decrypted", "client_certificate_password (ARM_CLIENT_CERTIFICATE_PASSWORD) is wrong"}},
		{"PFX password missing", Config{ClientCertificatePath: writeFile(t, "c.pfx", rsaCert.pfx(t, "right"))}, []string{"is password-protected: set client_certificate_password"}},
		{"not base64", Config{ClientCertificate: "%%%not base64%%%"}, []string{"client_certificate (ARM_CLIENT_CERTIFICATE) must be a base64-encoded PFX or PEM"}},
		{"garbage PFX", Config{ClientCertificate: base64.StdEncoding.EncodeToString([]byte("garbage bytes"))}, []string{"parsing the PFX (PKCS#12) from client_certificate"}},
		{"PEM without key", Config{ClientCertificate: string(rsaCert.certPEM)}, []string{"no private key block found"}},
		{"PEM without certificate", Config{ClientCertificate: string(rsaCert.keyPEM)}, []string{"no CERTIFICATE block found"}},
		{"encrypted PEM key", Config{ClientCertificate: string(append(append([]byte{}, rsaCert.certPEM...), encPEM...))}, []string{"encrypted PEM private keys are not supported"}},
		{"key does not match", Config{ClientCertificate: string(append(append([]byte{}, otherRSA.certPEM...), rsaCert.keyPEM...))}, []string{"no certificate from client_certificate", "matches its private key"}},
		{"empty file", Config{ClientCertificatePath: writeFile(t, "empty.pem", nil)}, []string{"is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.AttributeRef = testRef
			_, err := loadCertificate(tt.cfg)
			mustContain(t, err, tt.wants...)
		})
	}
}

func TestLoadCertificatePKCS1AndChainOrder(t *testing.T) {
	leaf := newTestCert(t, true, time.Now().Add(time.Hour))
	extra := newTestCert(t, true, time.Now().Add(time.Hour))
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(leaf.key.(*rsa.PrivateKey))})
	// The unrelated certificate comes first; the loader must put the key's certificate first.
	bundle := append(append(append([]byte{}, extra.certPEM...), leaf.certPEM...), pkcs1...)
	lc, err := loadCertificate(Config{ClientCertificate: base64.StdEncoding.EncodeToString(bundle)})
	if err != nil {
		t.Fatal(err)
	}
	if !lc.certs[0].Equal(leaf.cert) || len(lc.certs) != 2 {
		t.Errorf("chain order wrong: first = %s, len = %d", lc.certs[0].Subject, len(lc.certs))
	}
}
