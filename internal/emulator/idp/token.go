package idp

import (
	"crypto/subtle"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

const maxTokenRequestBytes = 1 << 20

// Credential kinds counted by Stats.
const (
	KindClientSecret      = "client_secret"
	KindClientCertificate = "client_certificate"
	KindFederated         = "federated_assertion"
	KindNoCredential      = "no_credential" //nolint:gosec // G101 false positive: a Stats label for requests that carried no credential, not a secret
)

// tokenResponse is Entra ID's successful client credentials response.
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	ExtExpiresIn int64  `json:"ext_expires_in"`
	AccessToken  string `json:"access_token"`
}

// tokenRequest is the parsed form of a token request.
type tokenRequest struct {
	grantType     string
	clientID      string
	secret        string
	hasSecret     bool
	assertion     string
	assertionType string
	scope         string
}

func (p *Provider) serveToken(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		p.writeSTSError(w, r, newSTSError("invalid_request", CodePostOnly,
			"The endpoint only accepts POST requests. Received a %s request.", r.Method))
		return
	}
	if !p.checkTenant(w, r) {
		p.stats.record("", false)
		return
	}
	base, ok := p.checkBase(w, r)
	if !ok {
		p.stats.record("", false)
		return
	}
	req, serr := parseTokenRequest(w, r)
	if serr != nil {
		p.stats.record("", false)
		p.writeSTSError(w, r, serr)
		return
	}
	kind := req.kind()
	resp, serr := p.grant(base, req)
	p.stats.record(kind, serr == nil)
	if serr != nil {
		p.writeSTSError(w, r, serr)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func parseTokenRequest(w http.ResponseWriter, r *http.Request) (*tokenRequest, *stsError) {
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || ct != "application/x-www-form-urlencoded" {
		return nil, newSTSError("invalid_request", CodeInvalidRequest,
			"The request body must be application/x-www-form-urlencoded.")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxTokenRequestBytes)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, newSTSError("invalid_request", CodeInvalidRequest, "The request body is larger than %d bytes.", maxTokenRequestBytes)
		}
		return nil, newSTSError("invalid_request", CodeInvalidRequest, "The request body is not a valid form.")
	}
	f := r.PostForm
	req := &tokenRequest{
		grantType:     f.Get("grant_type"),
		clientID:      strings.TrimSpace(f.Get("client_id")),
		secret:        f.Get("client_secret"),
		hasSecret:     f.Has("client_secret"),
		assertion:     strings.TrimSpace(f.Get("client_assertion")),
		assertionType: f.Get("client_assertion_type"),
		scope:         f.Get("scope"),
	}
	// client_secret_basic: RFC 6749 section 2.3.1 form-encodes both parts.
	if user, pass, ok := r.BasicAuth(); ok {
		if u, err := url.QueryUnescape(user); err == nil {
			user = u
		}
		if pw, err := url.QueryUnescape(pass); err == nil {
			pass = pw
		}
		if req.clientID == "" {
			req.clientID = user
		}
		if !req.hasSecret && req.clientID == user {
			req.secret, req.hasSecret = pass, true
		}
	}
	return req, nil
}

// kind names the credential for Stats; for other grant types it is the grant type itself.
func (req *tokenRequest) kind() string {
	switch {
	case req.grantType != "client_credentials":
		if req.grantType == "" {
			return "(missing grant_type)"
		}
		if len(req.grantType) > 64 {
			return "(invalid grant_type)"
		}
		return req.grantType
	case req.hasSecret:
		return KindClientSecret
	case req.assertion != "":
		if iss, _, err := unverifiedIssuer(req.assertion); err == nil && iss != "" && iss != req.clientID {
			return KindFederated
		}
		return KindClientCertificate
	default:
		return KindNoCredential
	}
}

func (p *Provider) grant(base string, req *tokenRequest) (*tokenResponse, *stsError) {
	switch req.grantType {
	case "":
		return nil, missingParameter("grant_type")
	case "client_credentials":
	default:
		return nil, newSTSError("unsupported_grant_type", CodeUnsupportedGrant,
			"The app requested an unsupported grant type '%s'. The development identity provider supports only 'client_credentials'.", truncate(req.grantType, 64))
	}
	if req.clientID == "" {
		return nil, missingParameter("client_id")
	}
	c, ok := p.client(req.clientID)
	if !ok {
		return nil, newSTSError("unauthorized_client", CodeUnknownClient,
			"Application with identifier '%s' was not found in the directory '%s'. This can happen if the application has not been "+
				"installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your "+
				"authentication request to the wrong tenant.", truncate(req.clientID, 128), p.tenant)
	}
	if serr := p.checkScope(req.scope); serr != nil {
		return nil, serr
	}
	var acr string
	switch {
	case req.hasSecret && req.assertion != "":
		return nil, newSTSError("invalid_request", CodeInvalidRequest,
			"Only one client credential may be sent: either 'client_secret' or 'client_assertion', not both.")
	case req.hasSecret:
		if c.Secret == "" || subtle.ConstantTimeCompare([]byte(req.secret), []byte(c.Secret)) != 1 {
			return nil, newSTSError("invalid_client", CodeInvalidSecret,
				"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "+
					"not the client secret ID, for a secret added to app '%s'.", c.ID)
		}
		acr = "1"
	case req.assertion != "":
		if req.assertionType != ClientAssertionType {
			if req.assertionType == "" {
				return nil, missingParameter("client_assertion_type")
			}
			return nil, newSTSError("invalid_request", CodeInvalidCredentials,
				"Error validating credentials. The client_assertion_type '%s' is not supported; use '%s'.",
				truncate(req.assertionType, 128), ClientAssertionType)
		}
		if serr := p.verifyAssertion(base, c, req.assertion); serr != nil {
			return nil, serr
		}
		acr = "2"
	default:
		return nil, newSTSError("invalid_client", CodeMissingCredential,
			"The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
	}
	tok, err := p.issueAccessToken(c, p.tenant, 0, acr)
	if err != nil {
		return nil, &stsError{status: http.StatusInternalServerError, kind: "server_error", code: CodeInvalidRequest,
			msg: "The access token could not be signed."}
	}
	secs := int64(p.lifetime.Seconds())
	return &tokenResponse{TokenType: "Bearer", ExpiresIn: secs, ExtExpiresIn: secs, AccessToken: tok}, nil
}

// ignoredScopes are the OpenID scopes MSAL adds to every request.
var ignoredScopes = map[string]bool{"openid": true, "offline_access": true, "profile": true, "email": true}

// checkScope accepts exactly one "<resource>/.default" for a known resource, besides OpenID scopes.
func (p *Provider) checkScope(scope string) *stsError {
	if strings.TrimSpace(scope) == "" {
		return missingParameter("scope")
	}
	var resources []string
	for _, s := range strings.Fields(scope) {
		if !ignoredScopes[strings.ToLower(s)] {
			resources = append(resources, s)
		}
	}
	switch len(resources) {
	case 0:
		return newSTSError("invalid_scope", CodeInvalidScope,
			"The provided value for the input parameter 'scope' is not valid. The scope '%s' does not name a resource; "+
				"request '%s'.", truncate(scope, 256), DefaultScope)
	case 1:
	default:
		return newSTSError("invalid_scope", CodeInvalidScope,
			"The provided value for the input parameter 'scope' is not valid. A client credential request must name a single resource; got '%s'.",
			truncate(strings.Join(resources, " "), 256))
	}
	s := resources[0]
	resource, ok := strings.CutSuffix(s, "/.default")
	if !ok {
		return newSTSError("invalid_scope", CodeInvalidScope,
			"The provided value for the input parameter 'scope' is not valid. The scope '%s' is not valid. Client credential flows "+
				"must have a scope value with /.default suffixed to the resource identifier (application ID URI), e.g. '%s'.",
			truncate(s, 256), DefaultScope)
	}
	if !p.knownResource(resource) {
		return newSTSError("invalid_resource", CodeResourceNotFound,
			"The resource principal named %s was not found in the tenant named %s. This can happen if the application has not been "+
				"installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your "+
				"authentication request to the wrong tenant. The Kafka REST proxy's resource is '%s'.", truncate(resource, 256), p.tenant, HIBResourceURI)
	}
	return nil
}

func (p *Provider) knownResource(resource string) bool {
	resource = strings.TrimSuffix(resource, "/")
	for _, known := range append([]string{HIBResourceURI, HIBAppID}, p.audiences...) {
		if strings.EqualFold(resource, strings.TrimSuffix(known, "/")) {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
