package idp

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// AuthError is the error Authorize returns. Its text is safe to show to the caller: it never
// contains the token.
type AuthError struct {
	// Status is 401 (no or invalid token), 403 (valid token, principal outside the allowed group)
	// or 503 (external mode: the issuer's keys could not be fetched).
	Status int
	// Code is the RFC 6750 error code: invalid_request, invalid_token or insufficient_scope;
	// "temporarily_unavailable" for 503.
	Code string
	// Message explains what is wrong and what to do.
	Message string
}

func (e *AuthError) Error() string { return e.Message }

// WWWAuthenticate returns the value for the WWW-Authenticate response header ("" for 503).
func (e *AuthError) WWWAuthenticate() string {
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		if e.Code == "" {
			return "Bearer"
		}
		return fmt.Sprintf("Bearer error=%q", e.Code)
	default:
		return ""
	}
}

func unauthorized(code, format string, args ...any) *AuthError {
	return &AuthError{Status: http.StatusUnauthorized, Code: code, Message: fmt.Sprintf(format, args...)}
}

// bearerClaims are the claims Authorize reads.
type bearerClaims struct {
	AccessTokenClaims
	ClaimNames map[string]any `json:"_claim_names,omitempty"`
}

// Authorize checks the request's bearer token. It returns 0 and nil when the token is valid and
// its principal is in AllowedGroup; otherwise the status to answer (401, 403, or 503 when an
// external issuer's keys cannot be fetched) and an *AuthError. Checks: RS256 signature by this
// provider's keys (or the external issuer's), issuer, audience (Options.Audiences), exp required
// and nbf, both with ClockSkew leeway, then the groups claim.
func (p *Provider) Authorize(r *http.Request) (int, error) {
	howTo := p.howToGetToken()
	h := r.Header.Get("Authorization")
	if strings.TrimSpace(h) == "" {
		return http.StatusUnauthorized, &AuthError{Status: http.StatusUnauthorized,
			Message: "missing Authorization header: send 'Authorization: Bearer <access token>'; " + howTo}
	}
	scheme, raw, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return http.StatusUnauthorized, unauthorized("invalid_request",
			"the Authorization header must use the Bearer scheme ('Authorization: Bearer <access token>'); %s", howTo)
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return http.StatusUnauthorized, unauthorized("invalid_request", "the Authorization header has an empty bearer token; %s", howTo)
	}

	claims := &bearerClaims{}
	var keyErr *keyError
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(p.now),
		jwt.WithExpirationRequired(),
	)
	_, err := parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("the token has no kid header")
		}
		if p.external != nil {
			k, err := p.external.key(r.Context(), kid, p.now())
			if err != nil {
				errors.As(err, &keyErr)
				return nil, err
			}
			return k, nil
		}
		if k, ok := p.signing.lookup(kid); ok {
			return k, nil
		}
		return nil, fmt.Errorf("key id %q is not one of this identity provider's signing keys", kid)
	})
	if err != nil {
		if keyErr != nil && keyErr.unavailable {
			return http.StatusServiceUnavailable, &AuthError{Status: http.StatusServiceUnavailable,
				Code: "temporarily_unavailable", Message: "cannot validate the bearer token now: " + keyErr.msg}
		}
		ae := p.tokenError(err, claims, howTo)
		return ae.Status, ae
	}

	if ae := p.checkIssuer(claims.Issuer, howTo); ae != nil {
		return ae.Status, ae
	}
	if !slices.ContainsFunc(claims.Audience, p.acceptsAudience) {
		return http.StatusUnauthorized, unauthorized("invalid_token",
			"the bearer token's audience %q is not accepted (accepted: %s); %s",
			truncate(strings.Join(claims.Audience, " "), 256), strings.Join(p.audiences, ", "), howTo)
	}
	if p.group != "" && !slices.Contains(claims.Groups, p.group) {
		app := claims.AppID
		if app == "" {
			app = claims.AZP
		}
		who := fmt.Sprintf("application %q (object id %q)", truncate(app, 128), truncate(claims.ObjectID, 128))
		msg := fmt.Sprintf("the %s is not a member of the Kafka REST proxy's security group %q: add the application's "+
			"service principal to that group (membership reaches new tokens only)", who, p.group)
		if _, overage := claims.ClaimNames["groups"]; overage && len(claims.Groups) == 0 {
			msg += "; the token has a groups overage claim instead of a groups list, which the proxy cannot evaluate"
		}
		return http.StatusForbidden, &AuthError{Status: http.StatusForbidden, Code: "insufficient_scope", Message: msg}
	}
	return 0, nil
}

func (p *Provider) howToGetToken() string {
	if p.external != nil {
		return fmt.Sprintf("get a token from issuer %s for scope %s", p.external.issuer, DefaultScope)
	}
	base := p.BaseURL()
	return fmt.Sprintf("get a token with the client credentials grant from %s/%s/oauth2/v2.0/token (tenant %s) for scope %s",
		base, p.tenant, p.tenant, DefaultScope)
}

func (p *Provider) tokenError(err error, claims *bearerClaims, howTo string) *AuthError {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return unauthorized("invalid_token", "the bearer token is not a well-formed JWT; %s", howTo)
	case errors.Is(err, jwt.ErrTokenUnverifiable), errors.Is(err, jwt.ErrTokenSignatureInvalid):
		signer := "this identity provider"
		if p.external != nil {
			signer = "issuer " + p.external.issuer
		}
		var ke *keyError
		detail := ""
		if errors.As(err, &ke) {
			detail = " (" + ke.msg + ")"
		} else if errors.Is(err, jwt.ErrTokenUnverifiable) {
			detail = " (" + unwrapLast(err) + ")"
		}
		return unauthorized("invalid_token", "the bearer token's signature is not valid: it is not signed (RS256) by a key of %s%s; %s",
			signer, detail, howTo)
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return unauthorized("invalid_token", "the bearer token has no exp claim; %s", howTo)
	case errors.Is(err, jwt.ErrTokenExpired):
		return unauthorized("invalid_token", "the bearer token expired at %s (allowed clock skew %s); %s",
			fmtNumeric(claims.ExpiresAt), ClockSkew, howTo)
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return unauthorized("invalid_token", "the bearer token is not valid before %s (allowed clock skew %s); check the clocks; %s",
			fmtNumeric(claims.NotBefore), ClockSkew, howTo)
	default:
		return unauthorized("invalid_token", "the bearer token is not valid (%s); %s", unwrapLast(err), howTo)
	}
}

// unwrapLast returns the innermost message of a jwt error chain (never the token itself).
func unwrapLast(err error) string {
	for {
		var next error
		switch u := err.(type) { //nolint:errorlint // walks the Unwrap chain one link at a time to reach its innermost error; errors.As cannot do that
		case interface{ Unwrap() []error }:
			if errs := u.Unwrap(); len(errs) > 0 {
				next = errs[len(errs)-1]
			}
		case interface{ Unwrap() error }:
			next = u.Unwrap()
		}
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func (p *Provider) checkIssuer(iss, howTo string) *AuthError {
	if p.external != nil {
		if p.external.acceptsIssuer(iss) {
			return nil
		}
		return unauthorized("invalid_token", "the bearer token's issuer %q is not accepted (expected %s); %s",
			truncate(iss, 256), p.external.issuer, howTo)
	}
	want := p.Issuer()
	if iss == want && p.BaseURL() != "" {
		return nil
	}
	return unauthorized("invalid_token", "the bearer token's issuer %q is not accepted (expected %s); %s", truncate(iss, 256), want, howTo)
}

func (p *Provider) acceptsAudience(aud string) bool {
	aud = strings.TrimSuffix(aud, "/")
	return slices.ContainsFunc(p.audiences, func(a string) bool { return strings.EqualFold(aud, strings.TrimSuffix(a, "/")) })
}
