package idp

import (
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

const (
	// DefaultTenant is the tenant served when Options.Tenant is empty (the emulator's default).
	DefaultTenant = "00000000-0000-0000-0000-00000000000a"
	// HIBResourceURI is the HDInsight ID Broker resource that the Kafka REST proxy accepts.
	HIBResourceURI = "https://hib.azurehdinsight.net"
	// HIBAppID is the application id of the HDInsight ID Broker resource.
	HIBAppID = "7865c1d2-f040-46cc-875f-831a1ef6a28a"
	// DefaultScope is the scope a client requests for the REST proxy.
	DefaultScope = HIBResourceURI + "/.default"
	// FederatedAudience is the audience Entra ID requires in federated (workload identity) assertions.
	FederatedAudience = "api://AzureADTokenExchange"
	// ClientAssertionType is the only client_assertion_type the token endpoint accepts.
	ClientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

	// DefaultTokenLifetime is the access token lifetime when Options.TokenLifetime is zero.
	DefaultTokenLifetime = time.Hour
	// DefaultAssertionLifetime is the federated assertion lifetime when a zero lifetime is asked for.
	DefaultAssertionLifetime = 10 * time.Minute
	// ClockSkew is the leeway applied to exp and nbf of access tokens and assertions.
	ClockSkew = 60 * time.Second

	workloadPath = "/workload"
)

// Client is an application registration known to the development identity provider.
type Client struct {
	// ID is the application (client) id. Required.
	ID string
	// Secret, when set, enables the client secret credential.
	Secret string
	// CertificatePEM holds one or more PEM "CERTIFICATE" blocks with RSA public keys; a client
	// assertion must carry the SHA-1 (x5t) or SHA-256 (x5t#S256) thumbprint of one of them.
	CertificatePEM []byte
	// Groups become the access token's groups claim.
	Groups []string
	// ObjectID is the service principal's object id (oid claim). Empty: derived from tenant and ID.
	ObjectID string
	// FederatedSubjects lists the subjects accepted in federated assertions from the workload
	// issuer. Empty: any subject is accepted for this client (development convenience).
	FederatedSubjects []string
}

// Options configure a Provider.
type Options struct {
	// BaseURL is the https URL of the server hosting Handler (scheme and host[:port], no path).
	// It may be left empty and set after the listener is up with SetBaseURL.
	BaseURL string
	// Tenant is the only tenant served; DefaultTenant when empty.
	Tenant string
	// TokenLifetime of issued access tokens; DefaultTokenLifetime when zero.
	TokenLifetime time.Duration
	// Clients registered at start.
	Clients []Client
	// AllowedGroup must appear in a token's groups claim for Authorize to pass. Empty: any
	// authenticated principal is allowed.
	AllowedGroup string
	// Audiences accepted by Authorize; the first is put into issued tokens.
	// Default: HIBResourceURI and HIBAppID.
	Audiences []string
	// Audience, when set, is added to Audiences (or to the default pair when Audiences is empty)
	// and never replaces them: issued tokens keep the first audience (a convenience for a single
	// --audience flag).
	Audience string

	// ExternalIssuer switches Authorize to external mode: tokens must be issued by this issuer
	// (e.g. https://login.microsoftonline.com/<tenant>/v2.0 or https://sts.windows.net/<tenant>/)
	// and are verified with keys from <ExternalIssuer>/.well-known/openid-configuration → jwks_uri.
	// Tokens of this provider are then not accepted by Authorize.
	ExternalIssuer string
	// ExternalHTTPClient fetches the external discovery document and keys; http.DefaultClient when nil.
	ExternalHTTPClient *http.Client
}

// Provider is the development identity provider. It is safe for concurrent use.
type Provider struct {
	tenant    string
	lifetime  time.Duration
	group     string
	audiences []string
	now       func() time.Time

	signing  *keySet // access tokens
	workload *keySet // federated assertions of the trusted workload issuer

	mu      sync.RWMutex
	baseURL string
	clients map[string]*registeredClient

	stats statsCounter

	external *externalVerifier // nil in development mode
}

type registeredClient struct {
	Client
	certs   []*x509.Certificate
	certErr error // set when RegisterClient got a certificate it could not use
}

// New creates a provider with fresh signing keys.
func New(opts Options) (*Provider, error) {
	if opts.TokenLifetime < 0 {
		return nil, fmt.Errorf("idp: token lifetime %s must not be negative", opts.TokenLifetime)
	}
	p := &Provider{
		tenant:   strings.TrimSpace(opts.Tenant),
		lifetime: opts.TokenLifetime,
		group:    strings.TrimSpace(opts.AllowedGroup),
		now:      time.Now,
		clients:  map[string]*registeredClient{},
	}
	if p.tenant == "" {
		p.tenant = DefaultTenant
	}
	if strings.ContainsAny(p.tenant, "/?#% ") {
		return nil, fmt.Errorf("idp: tenant %q must be a single path segment (a tenant id or domain)", p.tenant)
	}
	if p.lifetime == 0 {
		p.lifetime = DefaultTokenLifetime
	}
	p.audiences = acceptedAudiences(opts.Audiences, opts.Audience)
	if opts.BaseURL != "" {
		if err := p.SetBaseURL(opts.BaseURL); err != nil {
			return nil, err
		}
	}
	if opts.ExternalIssuer != "" {
		ext, err := newExternalVerifier(opts.ExternalIssuer, opts.ExternalHTTPClient)
		if err != nil {
			return nil, err
		}
		p.external = ext
	}
	var err error
	if p.signing, err = newKeySet(); err != nil {
		return nil, fmt.Errorf("idp: signing key: %w", err)
	}
	if p.workload, err = newKeySet(); err != nil {
		return nil, fmt.Errorf("idp: workload issuer key: %w", err)
	}
	for i, c := range opts.Clients {
		if err := p.AddClient(c); err != nil {
			return nil, fmt.Errorf("idp: client %d: %w", i, err)
		}
	}
	return p, nil
}

// SetBaseURL sets the https URL of the server that hosts Handler, e.g. "https://127.0.0.1:8443".
// The issuer, endpoints and token audiences of assertions derive from it.
func (p *Provider) SetBaseURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("idp: base URL %q: %w", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("idp: base URL %q must use https (MSAL refuses other schemes)", raw)
	}
	if u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.Trim(u.Path, "/") != "" {
		return fmt.Errorf("idp: base URL %q must be scheme://host[:port] without user, path, query or fragment", raw)
	}
	p.mu.Lock()
	p.baseURL = u.Scheme + "://" + u.Host
	p.mu.Unlock()
	return nil
}

// BaseURL returns the base URL set with Options.BaseURL or SetBaseURL ("" when unset).
func (p *Provider) BaseURL() string {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.baseURL
}

// Tenant returns the tenant this provider serves.
func (p *Provider) Tenant() string { return p.tenant }

// AuthorityHost returns the MSAL authority host (base URL with a trailing slash); the authority is
// AuthorityHost()+Tenant().
func (p *Provider) AuthorityHost() string { return p.BaseURL() + "/" }

// Issuer returns the issuer of this provider's discovery document and access tokens:
// <base>/<tenant>/v2.0.
func (p *Provider) Issuer() string { return p.issuerFor(p.BaseURL(), p.tenant) }

// TokenEndpoint returns <base>/<tenant>/oauth2/v2.0/token, the audience of client assertions.
func (p *Provider) TokenEndpoint() string { return p.BaseURL() + "/" + p.tenant + "/oauth2/v2.0/token" }

// WorkloadIssuer returns the issuer of federated assertions trusted by this provider: <base>/workload.
func (p *Provider) WorkloadIssuer() string { return p.BaseURL() + workloadPath }

func (p *Provider) issuerFor(base, tenant string) string { return base + "/" + tenant + "/v2.0" }

var errNoBaseURL = errors.New("idp: base URL not set (call SetBaseURL after the server listens)")

func (p *Provider) requireBase() (string, error) {
	b := p.BaseURL()
	if b == "" {
		return "", errNoBaseURL
	}
	return b, nil
}

// RegisterClient adds or replaces a client. A certificate that cannot be used is remembered and
// reported in token responses (AADSTS700027); use AddClient to get the error instead.
func (p *Provider) RegisterClient(c Client) {
	rc, err := newRegisteredClient(c)
	if rc == nil {
		// Only an empty ID gets here; an application without an id can never be addressed.
		return
	}
	rc.certErr = err
	p.mu.Lock()
	p.clients[rc.ID] = rc
	p.mu.Unlock()
}

// AddClient validates and adds or replaces a client.
func (p *Provider) AddClient(c Client) error {
	rc, err := newRegisteredClient(c)
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.clients[rc.ID] = rc
	p.mu.Unlock()
	return nil
}

// RemoveClient deletes a client; unknown ids are ignored.
func (p *Provider) RemoveClient(id string) {
	p.mu.Lock()
	delete(p.clients, id)
	p.mu.Unlock()
}

func (p *Provider) client(id string) (*registeredClient, bool) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	c, ok := p.clients[id]
	return c, ok
}

func newRegisteredClient(c Client) (*registeredClient, error) {
	c.ID = strings.TrimSpace(c.ID)
	if c.ID == "" {
		return nil, errors.New("client id must not be empty")
	}
	c.Groups = append([]string(nil), c.Groups...)
	c.FederatedSubjects = append([]string(nil), c.FederatedSubjects...)
	c.CertificatePEM = append([]byte(nil), c.CertificatePEM...)
	rc := &registeredClient{Client: c}
	if len(c.CertificatePEM) == 0 {
		return rc, nil
	}
	certs, err := parseRSACertificates(c.CertificatePEM)
	if err != nil {
		return rc, fmt.Errorf("client %q: %w", c.ID, err)
	}
	rc.certs = certs
	return rc, nil
}

func rsaPublicKey(cert *x509.Certificate) (*rsa.PublicKey, bool) {
	k, ok := cert.PublicKey.(*rsa.PublicKey)
	return k, ok
}

// acceptedAudiences returns the audiences Authorize accepts: the explicit list (or, when it is
// empty, HIBResourceURI and HIBAppID), then extra when it is not already there. The first entry
// is the audience of issued tokens.
func acceptedAudiences(list []string, extra string) []string {
	var out []string
	for _, a := range list {
		if a = strings.TrimSpace(a); a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		out = []string{HIBResourceURI, HIBAppID}
	}
	if a := strings.TrimSpace(extra); a != "" && !slices.Contains(out, a) {
		out = append(out, a)
	}
	return out
}
