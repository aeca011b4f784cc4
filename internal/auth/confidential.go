package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
)

// confidentialSource gets app tokens with MSAL's confidential client (certificate, secret or
// federated assertion). MSAL caches the token and serves it until shortly before expiry.
type confidentialSource struct {
	cfg     Config
	method  Method
	client  confidential.Client
	scopes  []string
	retries int
	// sem serialises acquisitions so that concurrent callers on a cold cache make one request.
	sem chan struct{}
	// failed is the remembered permanent failure (guarded by sem). Not used when the OIDC
	// assertion comes from a file or request endpoint: a new assertion may succeed where the
	// last one was refused (the file is rotated in place, an expired one is replaced).
	failed   failureMemory
	remember bool
}

func newConfidentialSource(cfg Config, method Method) (*confidentialSource, error) {
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
			logWarn(context.Background(), cfg.Logger, "the client certificate has expired; Entra ID will reject it (AADSTS700027)", map[string]any{
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
			return nil, fmt.Errorf("%s: %w", attrRef("client_secret"), err)
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
	logDebug(context.Background(), cfg.Logger, "Entra ID credential selected", map[string]any{
		"method": string(method), "authority": au.url, "client_id": cfg.ClientID, "scope": cfg.Scope,
	})
	return &confidentialSource{
		cfg:      cfg,
		method:   method,
		client:   client,
		scopes:   []string{cfg.Scope},
		retries:  retries(cfg.MaxRetries),
		sem:      make(chan struct{}, 1),
		remember: method != MethodOIDC || cfg.OIDCToken != "",
	}, nil
}

// Token returns a cached token or requests a new one, retrying transient failures. A permanent
// failure (see isPermanent) is remembered and returned again without a new request.
func (s *confidentialSource) Token(ctx context.Context) (string, error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.sem }()
	if err := s.failed.recall(ctx, s.cfg.Logger, s.method); err != nil {
		return "", err
	}
	res, err := withRetry(ctx, s.retries, s.cfg.Logger, s.method, func(ctx context.Context) (confidential.AuthResult, error) {
		return s.client.AcquireTokenByCredential(ctx, s.scopes)
	})
	if err != nil {
		out := toTokenError(s.cfg, s.method, err)
		if s.remember {
			s.failed.remember(ctx, err, out)
		}
		return "", out
	}
	if res.Metadata.TokenSource == confidential.TokenSourceIdentityProvider {
		logAcquired(ctx, s.cfg.Logger, s.method, res.AccessToken, res.ExpiresOn)
	}
	return res.AccessToken, nil
}
