package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
)

// newConfidentialSource gets app tokens with MSAL's confidential client (certificate, secret or
// federated assertion). MSAL caches the token and serves it until shortly before expiry.
// A permanent failure is remembered, except when the OIDC assertion comes from a file or request
// endpoint: a new assertion may succeed where the last one was refused (the file is rotated in
// place, an expired one is replaced).
func newConfidentialSource(ctx context.Context, cfg Config, method Method) (*source, error) {
	au, err := resolveAuthority(cfg)
	if err != nil {
		return nil, err
	}
	var cred confidential.Credential
	switch method {
	case MethodClientCertificate:
		lc, err := loadCertificate(cfg)
		if err != nil {
			return nil, err
		}
		if leaf := lc.certs[0]; time.Now().After(leaf.NotAfter) {
			logWarn(ctx, cfg.Logger, "the client certificate has expired; Entra ID will reject it (AADSTS700027)", map[string]any{
				"not_after": leaf.NotAfter.UTC().Format(time.RFC3339), "subject": leaf.Subject.String(),
			})
		}
		cred, err = confidential.NewCredFromCert(lc.certs, lc.key)
		if err != nil {
			return nil, fmt.Errorf("client certificate: %w", err)
		}
	case MethodClientSecret:
		cred, err = confidential.NewCredFromSecret(cfg.ClientSecret)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.ref("client_secret"), err)
		}
	case MethodOIDC:
		as, err := newAssertionSource(cfg)
		if err != nil {
			return nil, err
		}
		cred = confidential.NewCredFromAssertionCallback(func(ctx context.Context, _ confidential.AssertionRequestOptions) (string, error) {
			a, err := as.assertion(ctx)
			if err != nil {
				return "", err
			}
			logDebug(ctx, cfg.Logger, "obtained a fresh OIDC assertion", map[string]any{"source": as.describe()})
			return a, nil
		})
	default:
		return nil, fmt.Errorf("internal error: %q is not a confidential client method", method)
	}
	opts := []confidential.Option{confidential.WithHTTPClient(cfg.HTTPClient)}
	if au.custom {
		opts = append(opts, confidential.WithInstanceDiscovery(false))
	}
	client, err := confidential.New(au.url, cfg.ClientID, cred, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating the MSAL client for authority %q: %w", au.url, err)
	}
	logDebug(ctx, cfg.Logger, "Entra ID credential selected", map[string]any{
		"method": string(method), "authority": au.url, "client_id": cfg.ClientID, "scope": cfg.Scope,
	})
	scopes := []string{cfg.Scope}
	acquire := func(ctx context.Context) (acquired, error) {
		res, err := client.AcquireTokenByCredential(ctx, scopes)
		if err != nil {
			return acquired{}, err
		}
		return acquired{value: res.AccessToken, expires: res.ExpiresOn, fresh: res.Metadata.TokenSource == confidential.TokenSourceIdentityProvider}, nil
	}
	explain := func(err error) error { return toTokenError(cfg, method, err) }
	return newSource(cfg, method, method != MethodOIDC || cfg.OIDCToken != "", acquire, explain), nil
}
