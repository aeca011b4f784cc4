package idp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// AccessTokenClaims are the claims of the access tokens this provider issues.
type AccessTokenClaims struct {
	jwt.RegisteredClaims
	TenantID string   `json:"tid,omitempty"`
	ObjectID string   `json:"oid,omitempty"`
	AppID    string   `json:"appid,omitempty"`
	AZP      string   `json:"azp,omitempty"`
	AppIDACR string   `json:"appidacr,omitempty"`
	IDType   string   `json:"idtyp,omitempty"`
	Version  string   `json:"ver,omitempty"`
	Groups   []string `json:"groups,omitempty"`
}

// IssueAccessToken signs an access token for a registered client, as the token endpoint would
// (for tests). tenant "" means the served tenant; any other tenant is allowed here so that tests can
// make tokens with a foreign issuer. lifetime 0 means Options.TokenLifetime; a negative lifetime
// makes a token that expired -lifetime ago.
func (p *Provider) IssueAccessToken(clientID, tenant string, lifetime time.Duration) (string, error) {
	c, ok := p.client(clientID)
	if !ok {
		return "", fmt.Errorf("idp: client %q is not registered", clientID)
	}
	if tenant == "" {
		tenant = p.tenant
	}
	if strings.ContainsAny(tenant, "/?#% ") {
		return "", fmt.Errorf("idp: tenant %q must be a single path segment", tenant)
	}
	return p.issueAccessToken(c, tenant, lifetime, "1")
}

func (p *Provider) issueAccessToken(c *registeredClient, tenant string, lifetime time.Duration, acr string) (string, error) {
	base, err := p.requireBase()
	if err != nil {
		return "", err
	}
	if lifetime == 0 {
		lifetime = p.lifetime
	}
	now := p.now()
	nbf, exp := now, now.Add(lifetime)
	if lifetime < 0 {
		nbf = exp.Add(lifetime)
	}
	oid := c.ObjectID
	if oid == "" {
		oid = derivedObjectID(tenant, c.ID)
	}
	claims := AccessTokenClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    p.issuerFor(base, tenant),
			Subject:   oid,
			Audience:  jwt.ClaimStrings{p.audiences[0]},
			IssuedAt:  jwt.NewNumericDate(nbf),
			NotBefore: jwt.NewNumericDate(nbf),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        newUUID(),
		},
		TenantID: tenant,
		ObjectID: oid,
		AppID:    c.ID,
		AZP:      c.ID,
		AppIDACR: acr,
		IDType:   "app",
		Version:  "2.0",
		Groups:   append([]string(nil), c.Groups...),
	}
	return signRS256(p.signing.current(), claims)
}

func signRS256(k signingKey, claims jwt.Claims) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = k.kid
	s, err := tok.SignedString(k.key)
	if err != nil {
		return "", fmt.Errorf("idp: sign token: %w", err)
	}
	return s, nil
}

// derivedObjectID makes a stable GUID-shaped object id for a client without one.
func derivedObjectID(tenant, clientID string) string {
	sum := sha256.Sum256([]byte("oid\x00" + strings.ToLower(tenant) + "\x00" + clientID))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// RotateSigningKey makes a new access token signing key current. Earlier keys stay in the JWKS and
// keep verifying the tokens they signed.
func (p *Provider) RotateSigningKey() error {
	if err := p.signing.rotate(); err != nil {
		return fmt.Errorf("idp: rotate signing key: %w", err)
	}
	return nil
}
