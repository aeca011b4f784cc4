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

// newMSISource gets tokens for a managed identity through MSAL's managedidentity client, which finds
// the identity endpoint from the hosting service's environment variables (App Service, Cloud
// Shell, Azure Arc, Service Fabric, ... or IMDS): the one place where an SDK, not the provider's
// settings table, reads the environment. MSAL caches the tokens (in a cache shared by the whole
// process). A permanent failure is remembered.
func newMSISource(ctx context.Context, cfg Config) (*source, error) {
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
	// The project's retry engine (bounded, context-aware) replaces MSAL's fixed retries.
	client, err := managedidentity.New(id, managedidentity.WithHTTPClient(httpClient), managedidentity.WithRetryPolicyDisabled())
	if err != nil {
		return nil, fmt.Errorf("managed identity (%s): %w", cfg.ref("use_msi"), err)
	}
	msiSource, _ := managedidentity.GetSource()
	logDebug(ctx, cfg.Logger, "Entra ID credential selected", map[string]any{
		"method": string(MethodMSI), "msi_source": string(msiSource), "client_id": cfg.ClientID,
		"msi_endpoint": cfg.MSIEndpoint, "scope": cfg.Scope,
	})
	resource := strings.TrimSuffix(cfg.Scope, "/.default")
	acquire := func(ctx context.Context) (acquired, error) {
		res, err := client.AcquireToken(ctx, resource)
		if err != nil {
			return acquired{}, err
		}
		return acquired{value: res.AccessToken, expires: res.ExpiresOn, fresh: res.Metadata.TokenSource == managedidentity.TokenSourceIdentityProvider}, nil
	}
	explain := func(err error) error {
		err = toTokenError(cfg, MethodMSI, err)
		var te *TokenError
		if errors.As(err, &te) && te.Hint == "" {
			te.Hint = "check that this host has a managed identity"
			if cfg.ClientID != "" {
				te.Hint += fmt.Sprintf(" and that the user-assigned identity with client id %q is attached to it", cfg.ClientID)
			}
		}
		return err
	}
	return newSource(cfg, MethodMSI, true, acquire, explain), nil
}

// validateMSIEndpoint checks msi_endpoint: http(s) with a host.
func validateMSIEndpoint(cfg Config) error {
	raw := cfg.MSIEndpoint
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("invalid %s %q: must be an http(s) URL of an IMDS-compatible token endpoint", cfg.ref("msi_endpoint"), raw)
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
