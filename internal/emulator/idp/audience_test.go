package idp

import (
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// TestAudienceOption: Options.Audience adds an accepted audience to the defaults (or to the
// explicit Audiences) instead of replacing them, and issued tokens keep the first audience.
func TestAudienceOption(t *testing.T) {
	const extra = "api://my-proxy"
	tests := []struct {
		name      string
		opts      Options
		issuedAud string
		accepted  []string
		refused   []string
	}{
		{"defaults", Options{}, HIBResourceURI, []string{HIBResourceURI, HIBAppID}, []string{extra}},
		{"audience adds to the defaults", Options{Audience: extra}, HIBResourceURI,
			[]string{HIBResourceURI, HIBAppID, extra}, []string{"https://management.azure.com"}},
		{"audience adds to an explicit list", Options{Audiences: []string{"api://a"}, Audience: extra}, "api://a",
			[]string{"api://a", extra}, []string{HIBResourceURI}},
		{"audience equal to a default is not repeated", Options{Audience: HIBAppID}, HIBResourceURI,
			[]string{HIBResourceURI, HIBAppID}, []string{extra}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := tc.opts
			opts.AllowedGroup = testGroup
			opts.Clients = []Client{{ID: secretClient, Groups: []string{testGroup}}}
			p, err := New(opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.SetBaseURL("https://127.0.0.1:1"); err != nil {
				t.Fatal(err)
			}
			tok, err := p.IssueAccessToken(secretClient, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			var claims AccessTokenClaims
			if _, _, err := jwt.NewParser().ParseUnverified(tok, &claims); err != nil {
				t.Fatal(err)
			}
			if len(claims.Audience) != 1 || claims.Audience[0] != tc.issuedAud {
				t.Errorf("issued token aud = %v, want [%s]", claims.Audience, tc.issuedAud)
			}
			sk := p.signing.current()
			now := time.Now()
			withAud := func(aud string) *http.Request {
				c := AccessTokenClaims{
					RegisteredClaims: jwt.RegisteredClaims{
						Issuer: p.Issuer(), Audience: jwt.ClaimStrings{aud},
						IssuedAt: jwt.NewNumericDate(now), NotBefore: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
					},
					AppID: secretClient, Groups: []string{testGroup},
				}
				return bearer(assertion(t, jwt.SigningMethodRS256, sk.key, map[string]any{"kid": sk.kid}, jwt.MapClaims(mustMap(t, c))))
			}
			for _, aud := range tc.accepted {
				if status, err := p.Authorize(withAud(aud)); status != 0 {
					t.Errorf("aud %q: status %d (%v), want accepted", aud, status, err)
				}
			}
			for _, aud := range tc.refused {
				if status, _ := p.Authorize(withAud(aud)); status != http.StatusUnauthorized {
					t.Errorf("aud %q: status %d, want 401", aud, status)
				}
			}
			if len(p.audiences) != len(tc.accepted) {
				t.Errorf("accepted audiences = %v, want %v", p.audiences, tc.accepted)
			}
		})
	}
}
