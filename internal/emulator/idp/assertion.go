package idp

import (
	"bytes"
	"crypto/sha1" //nolint:gosec // x5t is defined as a SHA-1 thumbprint (RFC 7515 section 4.1.7)
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// assertionMethods: MSAL Go v1.10.1 signs certificate assertions with PS256 (x5t#S256) for Entra
// authorities and RS256 (x5t) for ADFS; other clients use RS256.
var assertionMethods = []string{"RS256", "PS256"}

func unverifiedIssuer(assertion string) (string, *jwt.Token, error) {
	claims := jwt.MapClaims{}
	tok, _, err := jwt.NewParser().ParseUnverified(assertion, claims)
	if err != nil {
		return "", nil, err
	}
	iss, _ := claims["iss"].(string)
	return iss, tok, nil
}

func malformedAssertion() *stsError {
	return newSTSError("invalid_client", CodeMalformedJWT, "JWT token is invalid or malformed: the client_assertion could not be parsed.")
}

// verifyAssertion checks a client_assertion: a certificate assertion when iss is the client id,
// otherwise a federated assertion from the trusted workload issuer.
func (p *Provider) verifyAssertion(base string, c *registeredClient, assertion string) *stsError {
	iss, tok, err := unverifiedIssuer(assertion)
	if err != nil {
		return malformedAssertion()
	}
	if iss == c.ID {
		return p.verifyCertificateAssertion(base, c, assertion, tok)
	}
	return p.verifyFederatedAssertion(base, c, assertion, tok)
}

func (p *Provider) assertionParser() *jwt.Parser {
	return jwt.NewParser(
		jwt.WithValidMethods(assertionMethods),
		jwt.WithLeeway(ClockSkew),
		jwt.WithTimeFunc(p.now),
		jwt.WithExpirationRequired(),
	)
}

func (p *Provider) verifyCertificateAssertion(base string, c *registeredClient, assertion string, unverified *jwt.Token) *stsError {
	notRegistered := func(reason string) *stsError {
		return newSTSError("invalid_client", CodeAssertionSignature,
			"The certificate with identifier used to sign the client assertion is not registered on application. [Reason - %s "+
				"Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '%s'.]", reason, c.ID)
	}
	if c.certErr != nil {
		return notRegistered(fmt.Sprintf("The certificate registered for this app could not be used (%v).", c.certErr))
	}
	if len(c.certs) == 0 {
		return notRegistered("No certificate credentials are registered.,")
	}
	cert, thumb, reason := matchCertificate(unverified, c.certs)
	if cert == nil {
		if thumb != "" {
			return notRegistered(fmt.Sprintf("The key was not found., Thumbprint of key used by client: '%s',", thumb))
		}
		return notRegistered(reason)
	}
	pub, _ := rsaPublicKey(cert)
	claims := &jwt.RegisteredClaims{}
	_, err := p.assertionParser().ParseWithClaims(assertion, claims, func(*jwt.Token) (any, error) { return pub, nil })
	if serr := p.assertionError(err, claims); serr != nil {
		return serr
	}
	if claims.Subject != c.ID {
		return newSTSError("invalid_client", CodeAssertionClientID,
			"Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at "+
				"https://learn.microsoft.com/entra/identity-platform/certificate-credentials . (iss and sub must both be the client id.)")
	}
	want := []string{
		base + "/" + p.tenant + "/oauth2/v2.0/token",
		base + "/" + p.tenant + "/oauth2/token",
	}
	if !slices.ContainsFunc(claims.Audience, func(a string) bool {
		return slices.ContainsFunc(want, func(w string) bool { return strings.EqualFold(a, w) })
	}) {
		return newSTSError("invalid_client", CodeAssertionAudience,
			"Assertion audience claim does not match the required value. The audience in the assertion was '%s' and the expected audience is '%s'.",
			truncate(strings.Join(claims.Audience, " "), 256), want[0])
	}
	return nil
}

// matchCertificate finds the registered certificate named by the x5t#S256 or x5t header. It returns
// the thumbprint as hex when the header named an unknown certificate, or a reason otherwise.
func matchCertificate(tok *jwt.Token, certs []*x509.Certificate) (*x509.Certificate, string, string) {
	type header struct {
		name string
		sum  func([]byte) []byte
	}
	headers := []header{
		{"x5t#S256", func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }},
		{"x5t", func(b []byte) []byte { s := sha1.Sum(b); return s[:] }}, //nolint:gosec // thumbprint, not a signature
	}
	seen := false
	var unknown string
	for _, h := range headers {
		raw, ok := tok.Header[h.name].(string)
		if !ok {
			continue
		}
		seen = true
		want, err := decodeB64(raw)
		if err != nil {
			return nil, "", fmt.Sprintf("The %s header is not base64.,", h.name)
		}
		for _, cert := range certs {
			if bytes.Equal(h.sum(cert.Raw), want) {
				return cert, "", ""
			}
		}
		if unknown == "" {
			unknown = strings.ToUpper(hex.EncodeToString(want))
		}
	}
	if !seen {
		return nil, "", "The client assertion header has neither x5t nor x5t#S256, so the signing certificate cannot be identified.,"
	}
	return nil, unknown, ""
}

// assertionError maps a jwt verification error to Entra's codes.
func (p *Provider) assertionError(err error, claims *jwt.RegisteredClaims) *stsError {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, jwt.ErrTokenMalformed):
		return malformedAssertion()
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return newSTSError("invalid_client", CodeAssertionSignature, "Client assertion failed signature validation.")
	case errors.Is(err, jwt.ErrTokenExpired), errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued),
		errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return newSTSError("invalid_client", CodeAssertionTime,
			"Client assertion is not within its valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s.",
			fmtTime(p.now()), fmtNumeric(claims.NotBefore), fmtNumeric(claims.ExpiresAt))
	default:
		return malformedAssertion()
	}
}

func fmtTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.0000000Z") }

func fmtNumeric(d *jwt.NumericDate) string {
	if d == nil {
		return "(not set)"
	}
	return fmtTime(d.Time)
}

func (p *Provider) verifyFederatedAssertion(base string, c *registeredClient, assertion string, unverified *jwt.Token) *stsError {
	uc, _ := unverified.Claims.(jwt.MapClaims)
	iss, _ := uc.GetIssuer()
	sub, _ := uc.GetSubject()
	aud, _ := uc.GetAudience()
	noMatch := func() *stsError {
		return newSTSError("invalid_client", CodeFederatedNoMatch,
			"No matching federated identity record found for presented assertion. Assertion Issuer: '%s'. Assertion Subject: '%s'. "+
				"Assertion Audience: '%s'. The trusted issuer is '%s' with audience '%s'.",
			truncate(iss, 256), truncate(sub, 256), truncate(strings.Join(aud, " "), 256), base+workloadPath, FederatedAudience)
	}
	if iss != base+workloadPath || sub == "" {
		return noMatch()
	}
	claims := &jwt.RegisteredClaims{}
	_, err := p.assertionParser().ParseWithClaims(assertion, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if key, ok := p.workload.lookup(kid); ok {
			return key, nil
		}
		return nil, fmt.Errorf("unknown key id %q", kid)
	})
	if serr := p.assertionError(err, claims); serr != nil {
		return serr
	}
	if !slices.Contains(claims.Audience, FederatedAudience) {
		return noMatch()
	}
	if len(c.FederatedSubjects) > 0 && !slices.Contains(c.FederatedSubjects, claims.Subject) {
		return noMatch()
	}
	return nil
}
