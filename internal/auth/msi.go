package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/managedidentity"
)

// imdsHost and imdsTokenPath identify MSAL's built-in IMDS token endpoint, which msi_endpoint
// replaces.
const (
	imdsHost      = "169.254.169.254"
	imdsTokenPath = "/metadata/identity/oauth2/token"
)

// msiSource gets tokens for a managed identity through MSAL's managedidentity client, which finds
// the identity endpoint from the environment (App Service, Cloud Shell, Azure Arc, ... or IMDS).
// MSAL caches the tokens (in a cache shared by the whole process).
type msiSource struct {
	cfg      Config
	client   managedidentity.Client
	resource string
	retries  int
	sem      chan struct{}
	// failed is the remembered permanent failure (guarded by sem).
	failed failureMemory
}

func newMSISource(cfg Config) (*msiSource, error) {
	id := managedidentity.SystemAssigned()
	if cfg.ClientID != "" {
		id = managedidentity.UserAssignedClientID(cfg.ClientID)
	}
	httpClient := cfg.HTTPClient
	if cfg.MSIEndpoint != "" {
		// selectMethod has validated msi_endpoint (validateMSIEndpoint), so it parses.
		ep, _ := url.Parse(cfg.MSIEndpoint)
		base := httpClient.Transport
		if base == nil {
			base = http.DefaultTransport
		}
		c := *httpClient
		c.Transport = &imdsRewriter{endpoint: ep, next: base}
		httpClient = &c
	}
	// Our own retry loop (bounded, context-aware) replaces MSAL's fixed one.
	client, err := managedidentity.New(id, managedidentity.WithHTTPClient(httpClient), managedidentity.WithRetryPolicyDisabled())
	if err != nil {
		return nil, fmt.Errorf("managed identity (%s): %w", attrRef("use_msi"), err)
	}
	source, _ := managedidentity.GetSource()
	logDebug(context.Background(), cfg.Logger, "Entra ID credential selected", map[string]any{
		"method": string(MethodMSI), "msi_source": string(source), "client_id": cfg.ClientID,
		"msi_endpoint": cfg.MSIEndpoint, "scope": cfg.Scope,
	})
	return &msiSource{
		cfg:      cfg,
		client:   client,
		resource: strings.TrimSuffix(cfg.Scope, "/.default"),
		retries:  retries(cfg.MaxRetries),
		sem:      make(chan struct{}, 1),
	}, nil
}

func (s *msiSource) Token(ctx context.Context) (string, error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.sem }()
	if err := s.failed.recall(ctx, s.cfg.Logger, MethodMSI); err != nil {
		return "", err
	}
	res, err := withRetry(ctx, s.retries, s.cfg.Logger, MethodMSI, func(ctx context.Context) (managedidentity.AuthResult, error) {
		return s.client.AcquireToken(ctx, s.resource)
	})
	if err != nil {
		cause := err
		err = toTokenError(s.cfg, MethodMSI, err)
		defer s.failed.remember(ctx, cause, err)
		var te *TokenError
		if errors.As(err, &te) && te.Hint == "" {
			te.Hint = "check that this host has a managed identity"
			if s.cfg.ClientID != "" {
				te.Hint += fmt.Sprintf(" and that the user-assigned identity with client id %q is attached to it", s.cfg.ClientID)
			}
		}
		return "", err
	}
	if res.Metadata.TokenSource == managedidentity.TokenSourceIdentityProvider {
		logAcquired(ctx, s.cfg.Logger, MethodMSI, res.AccessToken, res.ExpiresOn)
	}
	return res.AccessToken, nil
}

// validateMSIEndpoint checks msi_endpoint: http(s) with a host.
func validateMSIEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("invalid %s %q: must be an http(s) URL of an IMDS-compatible token endpoint", attrRef("msi_endpoint"), raw)
	}
	return nil
}

// imdsRewriter sends requests MSAL addresses to the IMDS token endpoint to msi_endpoint instead,
// keeping their query (api-version, resource, client_id) and headers.
type imdsRewriter struct {
	endpoint *url.URL
	next     http.RoundTripper
}

func (t *imdsRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != imdsHost || req.URL.Path != imdsTokenPath {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	u := *t.endpoint
	q := u.Query()
	for k, vs := range req.URL.Query() {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	r.URL = &u
	r.Host = u.Host
	return t.next.RoundTrip(r)
}
