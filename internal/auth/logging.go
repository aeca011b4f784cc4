package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

func logDebug(ctx context.Context, l Logger, msg string, fields map[string]any) {
	if l != nil {
		l.Debug(ctx, msg, fields)
	}
}

func logWarn(ctx context.Context, l Logger, msg string, fields map[string]any) {
	if l != nil {
		l.Warn(ctx, msg, fields)
	}
}

// claimsSummary decodes a JWT's payload without verifying it and returns the non-secret claims
// worth logging: appid (or azp), tid, aud, oid and the number of groups. The token itself is never
// part of the result.
func claimsSummary(token string) map[string]any {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return map[string]any{"token_format": "opaque"}
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return map[string]any{"token_format": "undecodable"}
	}
	var claims struct {
		AppID  string          `json:"appid"`
		AZP    string          `json:"azp"`
		TID    string          `json:"tid"`
		OID    string          `json:"oid"`
		Aud    json.RawMessage `json:"aud"`
		Groups []any           `json:"groups"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		return map[string]any{"token_format": "undecodable"}
	}
	app := claims.AppID
	if app == "" {
		app = claims.AZP
	}
	var aud any
	if len(claims.Aud) > 0 {
		_ = json.Unmarshal(claims.Aud, &aud)
	}
	return map[string]any{
		"appid":        app,
		"tid":          claims.TID,
		"oid":          claims.OID,
		"aud":          aud,
		"groups_count": len(claims.Groups),
	}
}

// logAcquired logs, at debug, a token freshly obtained from the identity provider: its expiry and
// its claims summary, never the token.
func logAcquired(ctx context.Context, l Logger, method Method, token string, expires time.Time) {
	if l == nil {
		return
	}
	fields := claimsSummary(token)
	fields["method"] = string(method)
	fields["expires_on"] = expires.UTC().Format(time.RFC3339)
	fields["expires_in"] = time.Until(expires).Round(time.Second).String()
	l.Debug(ctx, "acquired Entra ID access token", fields)
}
