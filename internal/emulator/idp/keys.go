package idp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"sync"
)

const rsaKeyBits = 2048

// signingKey is one RSA key pair with its key id.
type signingKey struct {
	kid string
	key *rsa.PrivateKey
}

// keySet is a current signing key plus the keys it replaced (still published and accepted).
type keySet struct {
	mu   sync.RWMutex
	keys []signingKey // last = current
}

func newKeySet() (*keySet, error) {
	ks := &keySet{}
	if err := ks.rotate(); err != nil {
		return nil, err
	}
	return ks, nil
}

func (ks *keySet) rotate() error {
	key, err := rsa.GenerateKey(rand.Reader, rsaKeyBits)
	if err != nil {
		return fmt.Errorf("generate RSA key: %w", err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return fmt.Errorf("encode RSA public key: %w", err)
	}
	sum := sha256.Sum256(der)
	ks.mu.Lock()
	ks.keys = append(ks.keys, signingKey{kid: base64.RawURLEncoding.EncodeToString(sum[:20]), key: key})
	ks.mu.Unlock()
	return nil
}

func (ks *keySet) current() signingKey {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	return ks.keys[len(ks.keys)-1]
}

func (ks *keySet) lookup(kid string) (*rsa.PublicKey, bool) {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	for _, k := range ks.keys {
		if k.kid == kid {
			return &k.key.PublicKey, true
		}
	}
	return nil, false
}

// jwk is one entry of a JSON Web Key Set (RFC 7517), RSA only.
type jwk struct {
	Kty string `json:"kty"`
	Use string `json:"use,omitempty"`
	Kid string `json:"kid"`
	Alg string `json:"alg,omitempty"`
	N   string `json:"n"`
	E   string `json:"e"`
}

type jwks struct {
	Keys []jwk `json:"keys"`
}

func (ks *keySet) jwks() jwks {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	out := jwks{Keys: make([]jwk, 0, len(ks.keys))}
	for _, k := range ks.keys {
		pub := k.key.PublicKey
		out.Keys = append(out.Keys, jwk{
			Kty: "RSA", Use: "sig", Kid: k.kid, Alg: "RS256",
			N: base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
			E: base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
		})
	}
	return out
}

// publicKey converts an RSA JWK back to a key.
func (k jwk) publicKey() (*rsa.PublicKey, error) {
	if k.Kty != "RSA" {
		return nil, fmt.Errorf("key %q has type %q, want RSA", k.Kid, k.Kty)
	}
	n, err := decodeB64(k.N)
	if err != nil || len(n) == 0 {
		return nil, fmt.Errorf("key %q: modulus n is not base64url", k.Kid)
	}
	e, err := decodeB64(k.E)
	if err != nil || len(e) == 0 || len(e) > 4 {
		return nil, fmt.Errorf("key %q: exponent e is not a base64url integer of at most 4 bytes", k.Kid)
	}
	exp := int(new(big.Int).SetBytes(e).Int64())
	if exp < 3 {
		return nil, fmt.Errorf("key %q: exponent e=%d is too small", k.Kid, exp)
	}
	pub := &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}
	if pub.N.BitLen() < 2048 {
		return nil, fmt.Errorf("key %q: modulus has %d bits, need at least 2048", k.Kid, pub.N.BitLen())
	}
	return pub, nil
}

// decodeB64 accepts base64url and standard base64, padded or not (JOSE producers differ:
// MSAL Go puts standard base64 into x5t#S256).
func decodeB64(s string) ([]byte, error) {
	for _, enc := range []*base64.Encoding{base64.RawURLEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.StdEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, nil
		}
	}
	return nil, errors.New("not base64")
}

// parseRSACertificates reads every CERTIFICATE block of a PEM bundle; other blocks (keys) are skipped.
func parseRSACertificates(data []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", len(certs)+1, err)
		}
		if _, ok := rsaPublicKey(cert); !ok {
			return nil, fmt.Errorf("certificate %d (subject %q) must have an RSA key, has %s", len(certs)+1, cert.Subject.CommonName, cert.PublicKeyAlgorithm)
		}
		certs = append(certs, cert)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM CERTIFICATE block found")
	}
	return certs, nil
}
