package idp

import (
	"net/http"
	"net/url"
	"strings"
)

// Handler serves the identity provider's endpoints (mount it at the server root):
//
//	GET  /{tenant}/v2.0/.well-known/openid-configuration   tenant discovery (MSAL reads issuer,
//	                                                       authorization_endpoint, token_endpoint)
//	GET  /{tenant}/discovery/v2.0/keys                     JSON Web Key Set of the access token keys
//	POST /{tenant}/oauth2/v2.0/token                       client credentials grant
//	GET  /{tenant}/oauth2/v2.0/authorize                   400: interactive flows are not emulated
//	GET  /common/discovery/instance                        instance discovery (MSAL sends it to
//	                                                       login.microsoftonline.com unless disabled)
//	GET  /workload/.well-known/openid-configuration        discovery of the trusted workload issuer
//	GET  /workload/keys                                    its keys
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{tenant}/v2.0/.well-known/openid-configuration", p.serveOpenIDConfiguration)
	mux.HandleFunc("GET /{tenant}/discovery/v2.0/keys", p.serveKeys)
	mux.HandleFunc("/{tenant}/oauth2/v2.0/token", p.serveToken)
	mux.HandleFunc("/{tenant}/oauth2/v2.0/authorize", p.serveAuthorize)
	mux.HandleFunc("GET /common/discovery/instance", p.serveInstanceDiscovery)
	mux.HandleFunc("GET /workload/.well-known/openid-configuration", p.serveWorkloadConfiguration)
	mux.HandleFunc("GET /workload/keys", p.serveWorkloadKeys)
	return mux
}

// checkTenant answers AADSTS90002 for a tenant other than the served one.
func (p *Provider) checkTenant(w http.ResponseWriter, r *http.Request) bool {
	t := r.PathValue("tenant")
	if strings.EqualFold(t, p.tenant) {
		return true
	}
	p.writeSTSError(w, r, newSTSError("invalid_tenant", CodeInvalidTenant,
		"Tenant '%s' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. "+
			"This identity provider serves tenant '%s'.", t, p.tenant))
	return false
}

func (p *Provider) checkBase(w http.ResponseWriter, r *http.Request) (string, bool) {
	base, err := p.requireBase()
	if err != nil {
		p.writeSTSError(w, r, &stsError{status: http.StatusServiceUnavailable, kind: "temporarily_unavailable",
			code: CodeInvalidRequest, msg: "The identity provider's base URL is not configured yet."})
		return "", false
	}
	return base, true
}

// openIDConfiguration is the tenant discovery document, shaped like Entra ID's v2.0 document.
type openIDConfiguration struct {
	TokenEndpoint                     string   `json:"token_endpoint"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported"`
	JWKSURI                           string   `json:"jwks_uri"`
	ResponseModesSupported            []string `json:"response_modes_supported"`
	SubjectTypesSupported             []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported"`
	ResponseTypesSupported            []string `json:"response_types_supported"`
	ScopesSupported                   []string `json:"scopes_supported"`
	Issuer                            string   `json:"issuer"`
	RequestURIParameterSupported      bool     `json:"request_uri_parameter_supported"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	GrantTypesSupported               []string `json:"grant_types_supported"`
	ClaimsSupported                   []string `json:"claims_supported"`
	TenantRegionScope                 *string  `json:"tenant_region_scope"`
	CloudInstanceName                 string   `json:"cloud_instance_name"`
}

func (p *Provider) serveOpenIDConfiguration(w http.ResponseWriter, r *http.Request) {
	if !p.checkTenant(w, r) {
		return
	}
	base, ok := p.checkBase(w, r)
	if !ok {
		return
	}
	t := p.tenant
	writeJSON(w, http.StatusOK, openIDConfiguration{
		TokenEndpoint:                     base + "/" + t + "/oauth2/v2.0/token",
		TokenEndpointAuthMethodsSupported: []string{"client_secret_post", "private_key_jwt", "client_secret_basic"},
		JWKSURI:                           base + "/" + t + "/discovery/v2.0/keys",
		ResponseModesSupported:            []string{"query", "fragment", "form_post"},
		SubjectTypesSupported:             []string{"pairwise"},
		IDTokenSigningAlgValuesSupported:  []string{"RS256"},
		ResponseTypesSupported:            []string{"code", "id_token", "code id_token", "id_token token"},
		ScopesSupported:                   []string{"openid", "profile", "email", "offline_access"},
		Issuer:                            p.issuerFor(base, t),
		AuthorizationEndpoint:             base + "/" + t + "/oauth2/v2.0/authorize",
		GrantTypesSupported:               []string{"client_credentials"},
		ClaimsSupported:                   []string{"sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid", "azp", "groups"},
		CloudInstanceName:                 "emulator",
	})
}

func (p *Provider) serveKeys(w http.ResponseWriter, r *http.Request) {
	if !p.checkTenant(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, p.signing.jwks())
}

func (p *Provider) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	if !p.checkTenant(w, r) {
		return
	}
	p.writeSTSError(w, r, newSTSError("unsupported_response_type", CodeInvalidRequest,
		"The development identity provider supports only the client credentials grant at the token endpoint; interactive sign-in is not emulated."))
}

// instanceDiscovery is the answer of /common/discovery/instance (api-version 1.1).
type instanceDiscovery struct {
	TenantDiscoveryEndpoint string                      `json:"tenant_discovery_endpoint"`
	APIVersion              string                      `json:"api-version"`
	Metadata                []instanceDiscoveryMetadata `json:"metadata"`
}

type instanceDiscoveryMetadata struct {
	PreferredNetwork string   `json:"preferred_network"`
	PreferredCache   string   `json:"preferred_cache"`
	Aliases          []string `json:"aliases"`
}

// serveInstanceDiscovery answers MSAL's instance discovery. MSAL only sends it to a well-known
// Microsoft host (so clients of the emulator must disable it), but answering keeps tools that
// discover against the authority host itself working.
func (p *Provider) serveInstanceDiscovery(w http.ResponseWriter, r *http.Request) {
	base, ok := p.checkBase(w, r)
	if !ok {
		return
	}
	tenant := p.tenant
	if ae := r.URL.Query().Get("authorization_endpoint"); ae != "" {
		u, err := url.Parse(ae)
		if err != nil || u.Host == "" {
			p.writeSTSError(w, r, newSTSError("invalid_instance", CodeInvalidRequest,
				"The authorization_endpoint parameter is not an absolute URL."))
			return
		}
		if seg := strings.Split(strings.Trim(u.Path, "/"), "/"); len(seg) > 0 && seg[0] != "" {
			tenant = seg[0]
		}
	}
	host := strings.TrimPrefix(strings.TrimPrefix(base, "https://"), "http://")
	writeJSON(w, http.StatusOK, instanceDiscovery{
		TenantDiscoveryEndpoint: base + "/" + url.PathEscape(tenant) + "/v2.0/.well-known/openid-configuration",
		APIVersion:              "1.1",
		Metadata:                []instanceDiscoveryMetadata{{PreferredNetwork: host, PreferredCache: host, Aliases: []string{host}}},
	})
}

type workloadConfiguration struct {
	Issuer                           string   `json:"issuer"`
	JWKSURI                          string   `json:"jwks_uri"`
	SubjectTypesSupported            []string `json:"subject_types_supported"`
	ResponseTypesSupported           []string `json:"response_types_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
}

func (p *Provider) serveWorkloadConfiguration(w http.ResponseWriter, r *http.Request) {
	base, ok := p.checkBase(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, workloadConfiguration{
		Issuer:                           base + workloadPath,
		JWKSURI:                          base + workloadPath + "/keys",
		SubjectTypesSupported:            []string{"public"},
		ResponseTypesSupported:           []string{"id_token"},
		IDTokenSigningAlgValuesSupported: []string{"RS256"},
	})
}

func (p *Provider) serveWorkloadKeys(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, p.workload.jwks())
}
