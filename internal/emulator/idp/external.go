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
	fetched   time.Time     // start of the last JWKS fetch (success or failure)
	lastErr   error         // error of the last fetch; answered (503) until the next refetch
	inflight  chan struct{} // closed when the running fetch ends; nil when none runs
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
// the key is not cached (at most once per refetch interval). The fetch runs outside the lock and
// only once at a time: concurrent callers wait for the running fetch instead of starting their
// own. Until the next refetch is allowed, a failed fetch keeps answering "unavailable" (503)
// with its error rather than "key not published" (401).
func (v *externalVerifier) key(ctx context.Context, kid string, now time.Time) (*rsa.PublicKey, error) {
	for {
		v.mu.Lock()
		if k, ok := v.keys[kid]; ok {
			v.mu.Unlock()
			return k, nil
		}
		if wait := v.inflight; wait != nil {
			v.mu.Unlock()
			select {
			case <-wait:
				continue
			case <-ctx.Done():
				return nil, &keyError{fmt.Sprintf("waiting for the signing keys of issuer %s: %v", v.issuer, ctx.Err()), true}
			}
		}
		if !v.fetched.IsZero() && now.Sub(v.fetched) < v.refetch {
			lastErr := v.lastErr
			v.mu.Unlock()
			if lastErr != nil {
				return nil, fetchFailed(v.issuer, lastErr)
			}
			return nil, notPublished(kid, v.issuer)
		}
		done := make(chan struct{})
		v.inflight, v.fetched = done, now
		jwksURI := v.jwksURI
		v.mu.Unlock()

		// Detached from the caller: the result serves every waiting request and the back-off.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), externalTimeout)
		res, err := v.fetch(fctx, jwksURI)
		cancel()

		v.mu.Lock()
		v.inflight, v.lastErr = nil, err
		if err == nil {
			v.keys = res.keys
			if res.jwksURI != "" {
				v.docIssuer, v.jwksURI = res.docIssuer, res.jwksURI
			}
		}
		k, ok := v.keys[kid]
		close(done)
		v.mu.Unlock()
		switch {
		case err != nil:
			return nil, fetchFailed(v.issuer, err)
		case ok:
			return k, nil
		}
		return nil, notPublished(kid, v.issuer)
	}
}

func fetchFailed(issuer string, err error) *keyError {
	return &keyError{fmt.Sprintf("cannot fetch the signing keys of issuer %s: %v", issuer, err), true}
}

func notPublished(kid, issuer string) *keyError {
	return &keyError{fmt.Sprintf("key id %q is not published by issuer %s", kid, issuer), false}
}

// keyError explains why no key was found; unavailable means the issuer could not be reached.
type keyError struct {
	msg         string
	unavailable bool
}

func (e *keyError) Error() string { return e.msg }

// fetchResult is the result of one fetch: the keys, and the discovery document's issuer and
// jwks_uri when the document was read (jwksURI empty: the known one was reused).
type fetchResult struct {
	docIssuer, jwksURI string
	keys               map[string]*rsa.PublicKey
}

// fetch reads the discovery document (when jwksURI is not known yet) and the JWKS. It touches
// no shared state, so it runs without the lock.
func (v *externalVerifier) fetch(ctx context.Context, jwksURI string) (fetchResult, error) {
	var res fetchResult
	if jwksURI == "" {
		var doc struct {
			Issuer  string `json:"issuer"`
			JWKSURI string `json:"jwks_uri"`
		}
		discovery := strings.TrimSuffix(v.issuer, "/") + "/.well-known/openid-configuration"
		if err := v.getJSON(ctx, discovery, &doc); err != nil {
			return res, err
		}
		if _, err := checkFetchURL(doc.JWKSURI); err != nil {
			return res, fmt.Errorf("discovery document %s: jwks_uri: %w", discovery, err)
		}
		res.docIssuer, res.jwksURI = doc.Issuer, doc.JWKSURI
		jwksURI = doc.JWKSURI
	}
	var set jwks
	if err := v.getJSON(ctx, jwksURI, &set); err != nil {
		return res, err
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
		return res, fmt.Errorf("%s has no usable RSA signing key", jwksURI)
	}
	res.keys = keys
	return res, nil
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
