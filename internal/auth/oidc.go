package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// federatedAudience is the audience Entra ID expects in federated assertions.
const federatedAudience = "api://AzureADTokenExchange"

// adoAPIVersion is the Azure DevOps OIDC token API version.
const adoAPIVersion = "7.1"

// assertionSource yields a federated assertion (a JWT from a trusted workload issuer). It is asked
// on every token request that misses MSAL's cache, so it never hands out a stale assertion from a
// file or request endpoint.
type assertionSource interface {
	assertion(ctx context.Context) (string, error)
	describe() string // for logs; never contains the assertion
}

func newAssertionSource(cfg Config) (assertionSource, error) {
	switch {
	case cfg.OIDCToken != "":
		return staticAssertion(strings.TrimSpace(cfg.OIDCToken)), nil
	case cfg.OIDCTokenFilePath != "":
		return &fileAssertion{path: cfg.OIDCTokenFilePath, ref: cfg.ref("oidc_token_file_path")}, nil
	case cfg.OIDCRequestURL != "":
		// selectMethod has validated oidc_request_url.
		r := &requestAssertion{url: cfg.OIDCRequestURL, token: cfg.OIDCRequestToken, client: cfg.HTTPClient,
			urlRef: cfg.ref("oidc_request_url"), tokenRef: cfg.ref("oidc_request_token")}
		if cfg.ADOServiceConnectionID != "" {
			r.serviceConnectionID = cfg.ADOServiceConnectionID
		}
		return r, nil
	}
	return nil, missingAssertionSource(cfg)
}

type staticAssertion string

func (s staticAssertion) assertion(context.Context) (string, error) { return string(s), nil }
func (s staticAssertion) describe() string                          { return "oidc_token" }

// fileAssertion reads the assertion from a file; ref renders oidc_token_file_path for messages.
type fileAssertion struct{ path, ref string }

// assertion re-reads the file every time: workload identity webhooks rotate it in place.
func (f *fileAssertion) assertion(context.Context) (string, error) {
	b, err := os.ReadFile(f.path)
	if err != nil {
		return "", fmt.Errorf("reading the OIDC token file %s %q: %w", f.ref, f.path, err)
	}
	a := strings.TrimSpace(string(b))
	if a == "" {
		return "", fmt.Errorf("the OIDC token file %s %q is empty", f.ref, f.path)
	}
	return a, nil
}
func (f *fileAssertion) describe() string { return "oidc_token_file_path" }

// requestAssertion fetches an assertion from GitHub Actions (GET, {"value": ...}) or, with a
// service connection id, from Azure DevOps (POST, {"oidcToken": ...}).
type requestAssertion struct {
	url, token          string
	serviceConnectionID string
	client              *http.Client
	// urlRef and tokenRef render oidc_request_url and oidc_request_token for messages.
	urlRef, tokenRef string
}

func (r *requestAssertion) describe() string {
	if r.serviceConnectionID != "" {
		return "azure_devops_oidc_request"
	}
	return "github_actions_oidc_request"
}

func (r *requestAssertion) assertion(ctx context.Context) (string, error) {
	u, err := url.Parse(r.url)
	if err != nil {
		return "", fmt.Errorf("invalid %s: %w", r.urlRef, err)
	}
	q := u.Query()
	method := http.MethodGet
	field := "value"
	if r.serviceConnectionID != "" {
		method = http.MethodPost
		field = "oidcToken"
		if q.Get("api-version") == "" {
			q.Set("api-version", adoAPIVersion)
		}
		q.Set("serviceConnectionId", r.serviceConnectionID)
	} else if q.Get("audience") == "" {
		q.Set("audience", federatedAudience)
	}
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return "", fmt.Errorf("building the OIDC request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Accept", "application/json")
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json")
	}
	where := fmt.Sprintf("%s %s://%s%s", r.urlRef, u.Scheme, u.Host, u.Path)
	resp, err := r.client.Do(req)
	if err != nil {
		err = fmt.Errorf("requesting an OIDC assertion from %s: %w", where, err)
		var ne net.Error
		if errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return "", &transientError{err}
		}
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", &transientError{fmt.Errorf("reading the OIDC assertion from %s: %w", where, err)}
	}
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("requesting an OIDC assertion from %s: HTTP %d: %s", where, resp.StatusCode, truncate(strings.TrimSpace(string(body)), 300))
		switch {
		case resp.StatusCode == 401 || resp.StatusCode == 403:
			return "", fmt.Errorf("%w (check %s; in GitHub Actions the job needs `permissions: id-token: write`)", err, r.tokenRef)
		case resp.StatusCode == 408 || resp.StatusCode == 429 || resp.StatusCode >= 500:
			return "", &transientError{err}
		}
		return "", err
	}
	var parsed map[string]any
	if err := json.Unmarshal(body, &parsed); err != nil {
		return "", fmt.Errorf("the OIDC assertion reply from %s is not JSON: %w", where, err)
	}
	a, _ := parsed[field].(string)
	if strings.TrimSpace(a) == "" {
		return "", fmt.Errorf("the OIDC assertion reply from %s has no %q field", where, field)
	}
	return strings.TrimSpace(a), nil
}

// validateRequestURL accepts https URLs, and http only for loopback hosts.
func validateRequestURL(cfg Config, attribute, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid %s %q: %w", cfg.ref(attribute), raw, err)
	}
	if u.Host == "" {
		return fmt.Errorf("invalid %s %q: must be an absolute URL", cfg.ref(attribute), raw)
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
	}
	return fmt.Errorf("invalid %s %q: must be https (plain http only for loopback hosts)", cfg.ref(attribute), raw)
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
