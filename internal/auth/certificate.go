package auth

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"

	"software.sslmate.com/src/go-pkcs12"
)

// loadedCertificate is a client certificate chain with its RSA private key.
type loadedCertificate struct {
	certs []*x509.Certificate // leaf (matching the key) first when known
	key   *rsa.PrivateKey
}

// loadCertificate reads the client certificate from client_certificate (inline base64 PFX or PEM,
// or PEM text) or client_certificate_path (a PFX or PEM file) and checks that the key is RSA.
func loadCertificate(cfg Config) (*loadedCertificate, error) {
	var data []byte
	var origin string
	if cfg.ClientCertificatePath != "" {
		origin = fmt.Sprintf("%s %q", cfg.ref("client_certificate_path"), cfg.ClientCertificatePath)
		b, err := os.ReadFile(cfg.ClientCertificatePath)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", origin, err)
		}
		data = b
	} else {
		origin = cfg.ref("client_certificate")
		raw := strings.TrimSpace(cfg.ClientCertificate)
		if strings.HasPrefix(raw, "-----BEGIN") {
			data = []byte(raw)
		} else {
			b, err := decodeBase64(raw)
			if err != nil {
				return nil, fmt.Errorf("%s must be a base64-encoded PFX or PEM certificate bundle (or PEM text): %w", origin, err)
			}
			data = b
		}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s is empty", origin)
	}

	var certs []*x509.Certificate
	var key crypto.PrivateKey
	var err error
	if bytes.Contains(data, []byte("-----BEGIN")) {
		certs, key, err = parsePEMBundle(data)
		if err != nil {
			return nil, fmt.Errorf("parsing the PEM bundle from %s: %w", origin, err)
		}
	} else {
		var leaf *x509.Certificate
		var chain []*x509.Certificate
		key, leaf, chain, err = pkcs12.DecodeChain(data, cfg.ClientCertificatePassword)
		if err != nil {
			if errors.Is(err, pkcs12.ErrIncorrectPassword) {
				if cfg.ClientCertificatePassword == "" {
					return nil, fmt.Errorf("the PFX from %s is password-protected: set %s", origin, cfg.ref("client_certificate_password"))
				}
				return nil, fmt.Errorf("the PFX from %s could not be decrypted: %s is wrong", origin, cfg.ref("client_certificate_password"))
			}
			return nil, fmt.Errorf("parsing the PFX (PKCS#12) from %s: %w", origin, err)
		}
		certs = append([]*x509.Certificate{leaf}, chain...)
	}

	rsaKey, ok := key.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("the private key from %s is %s, not RSA: Entra ID client certificates used through MSAL must have RSA keys (for example: openssl req -x509 -newkey rsa:2048 ...)", origin, keyKind(key))
	}
	var leaf *x509.Certificate
	rest := make([]*x509.Certificate, 0, len(certs))
	for _, c := range certs {
		if pub, ok := c.PublicKey.(*rsa.PublicKey); ok && leaf == nil && pub.Equal(&rsaKey.PublicKey) {
			leaf = c
			continue
		}
		rest = append(rest, c)
	}
	if leaf == nil {
		return nil, fmt.Errorf("no certificate from %s matches its private key", origin)
	}
	return &loadedCertificate{certs: append([]*x509.Certificate{leaf}, rest...), key: rsaKey}, nil
}

// decodeBase64 accepts standard or URL-safe base64, padded or not, with embedded line breaks.
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not valid base64")
}

// parsePEMBundle reads CERTIFICATE blocks and one private key (PKCS#8, PKCS#1 or SEC 1).
func parsePEMBundle(data []byte) ([]*x509.Certificate, crypto.PrivateKey, error) {
	var certs []*x509.Certificate
	var key crypto.PrivateKey
	for {
		block, rest := pem.Decode(data)
		if block == nil {
			break
		}
		data = rest
		if _, encrypted := block.Headers["DEK-Info"]; encrypted || block.Type == "ENCRYPTED PRIVATE KEY" {
			return nil, nil, errors.New("encrypted PEM private keys are not supported: use an unencrypted PEM key or a password-protected PFX with client_certificate_password")
		}
		var err error
		var k crypto.PrivateKey
		switch block.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("invalid CERTIFICATE block: %w", err)
			}
			certs = append(certs, c)
			continue
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		case "EC PRIVATE KEY":
			k, err = x509.ParseECPrivateKey(block.Bytes)
		default:
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("invalid %s block: %w", block.Type, err)
		}
		if key != nil {
			return nil, nil, errors.New("more than one private key found")
		}
		key = k
	}
	if len(certs) == 0 {
		return nil, nil, errors.New("no CERTIFICATE block found")
	}
	if key == nil {
		return nil, nil, errors.New("no private key block found (PRIVATE KEY or RSA PRIVATE KEY)")
	}
	return certs, key, nil
}

func keyKind(key crypto.PrivateKey) string {
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		return "an ECDSA (" + k.Curve.Params().Name + ") key"
	case ed25519.PrivateKey, *ed25519.PrivateKey:
		return "an Ed25519 key"
	case nil:
		return "missing"
	default:
		return fmt.Sprintf("a %T key", key)
	}
}
