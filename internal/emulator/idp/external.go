package idp

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

const (
	maxDiscoveryBytes = 1 << 20
	externalTimeout   = 15 * time.Second
	// defaultRefetchInterval bounds JWKS refetches caused by unknown key ids.
	defaultRefetchInterval = 30 * time.Second
)

// externalVerifier holds the keys of an external issuer (Entra ID in production).
type externalVerifier struct {
	issuer  string // as configured
	httpc   *http.Client
	refetch time.Duration

	mu        sync.Mutex
	docIssuer string // issuer from the discovery document
	jwksURI   string
	keys      map[string]*rsa.PublicKey
	fetched   time.Time // last JWKS fetch (success or failure)
}

func newExternalVerifier(issuer string, httpc *http.Client) (*externalVerifier, error) {
	issuer = strings.TrimSpace(issuer)
	if _, err := checkFetchURL(issuer); err != nil {
		return nil, fmt.Errorf("idp: external issuer: %w", err)
	}
	if httpc == nil {
		httpc = http.DefaultClient
	}
	return &externalVerifier{issuer: issuer, httpc: httpc, refetch: defaultRefetchInterval}, nil
}

// checkFetchURL allows https URLs, and http only for loopback hosts.
func checkFetchURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("URL %q: %w", raw, err)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("URL %q must be an absolute https URL without user, query or fragment", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		h := u.Hostname()
		if ip := net.ParseIP(h); !(h == "localhost" || ip != nil && ip.IsLoopback()) {
			return nil, fmt.Errorf("URL %q must use https (http only for loopback hosts)", raw)
		}
	default:
		return nil, fmt.Errorf("URL %q must use https", raw)
	}
	return u, nil
}

// acceptsIssuer reports whether iss is the configured issuer or the discovery document's.
func (v *externalVerifier) acceptsIssuer(iss string) bool {
	v.mu.Lock()
	doc := v.docIssuer
	v.mu.Unlock()
	norm := func(s string) string { return strings.TrimSuffix(s, "/") }
	return iss != "" && (norm(iss) == norm(v.issuer) || doc != "" && norm(iss) == norm(doc))
}

// key returns the public key with id kid, fetching the discovery document and the JWKS when
// the key is not cached (at most once per refetch interval).
func (v *externalVerifier) key(ctx context.Context, kid string, now time.Time) (*rsa.PublicKey, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if k, ok := v.keys[kid]; ok {
		return k, nil
	}
	if !v.fetched.IsZero() && now.Sub(v.fetched) < v.refetch {
		return nil, &keyError{fmt.Sprintf("key id %q is not published by issuer %s", kid, v.issuer), false}
	}
	v.fetched = now
	if err := v.fetchLocked(ctx); err != nil {
		return nil, &keyError{fmt.Sprintf("cannot fetch the signing keys of issuer %s: %v", v.issuer, err), true}
	}
	if k, ok := v.keys[kid]; ok {
		return k, nil
	}
	return nil, &keyError{fmt.Sprintf("key id %q is not published by issuer %s", kid, v.issuer), false}
}

// keyError explains why no key was found; unavailable means the issuer could not be reached.
type keyError struct {
	msg         string
	unavailable bool
}

func (e *keyError) Error() string { return e.msg }

func (v *externalVerifier) fetchLocked(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, externalTimeout)
	defer cancel()
	if v.jwksURI == "" {
		var doc struct {
			Issuer  string `json:"issuer"`
			JWKSURI string `json:"jwks_uri"`
		}
		discovery := strings.TrimSuffix(v.issuer, "/") + "/.well-known/openid-configuration"
		if err := v.getJSON(ctx, discovery, &doc); err != nil {
			return err
		}
		if _, err := checkFetchURL(doc.JWKSURI); err != nil {
			return fmt.Errorf("discovery document %s: jwks_uri: %w", discovery, err)
		}
		v.docIssuer, v.jwksURI = doc.Issuer, doc.JWKSURI
	}
	var set jwks
	if err := v.getJSON(ctx, v.jwksURI, &set); err != nil {
		return err
	}
	keys := map[string]*rsa.PublicKey{}
	for _, k := range set.Keys {
		if k.Kty != "RSA" || k.Kid == "" || (k.Use != "" && k.Use != "sig") {
			continue
		}
		pub, err := k.publicKey()
		if err != nil {
			continue // one unusable key must not hide the others
		}
		keys[k.Kid] = pub
	}
	if len(keys) == 0 {
		return fmt.Errorf("%s has no usable RSA signing key", v.jwksURI)
	}
	v.keys = keys
	return nil
}

func (v *externalVerifier) getJSON(ctx context.Context, u string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", u, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := v.httpc.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", u, err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDiscoveryBytes+1))
	if err != nil {
		return fmt.Errorf("GET %s: %w", u, err)
	}
	if len(body) > maxDiscoveryBytes {
		return fmt.Errorf("GET %s: response larger than %d bytes", u, maxDiscoveryBytes)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("GET %s: response is not the expected JSON: %w", u, err)
	}
	return nil
}
