package idp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// GenerateTestCertificate makes a self-signed RSA-2048 client certificate (valid from an hour ago
// for one year) for tests: the certificate as PEM, the private key as PKCS#8 PEM ("PRIVATE KEY"),
// and both as a PKCS#12 file encrypted with password (AES-256/PBKDF2, readable by OpenSSL 1.1.1+).
func GenerateTestCertificate(cn string, password string) (certPEM, keyPEM, pfx []byte, err error) {
	if cn == "" {
		return nil, nil, nil, errors.New("idp: test certificate common name must not be empty")
	}
	key, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("idp: test certificate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("idp: test certificate serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("idp: create test certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("idp: parse test certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("idp: encode test key: %w", err)
	}
	pfx, err = pkcs12.Modern2023.Encode(key, cert, nil, password)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("idp: encode test PFX: %w", err)
	}
	certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	return certPEM, keyPEM, pfx, nil
}
