package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/logenv"
)

// jwtPattern matches a JSON Web Token (three base64url segments, the first starting like `{"`), and
// bearerPattern an Authorization header value.
var (
	jwtPattern    = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	bearerPattern = regexp.MustCompile(`(?i)bearer\s+[A-Za-z0-9._~+/=-]{8,}`)
)

// tflogAdapter implements kafkarest.Logger and auth.Logger on top of tflog, masking tokens and the
// configured secrets in messages and field values. A record the provider's logger would discard
// (logenv.ProviderLogs) is dropped before its masking contexts are built.
type tflogAdapter struct {
	secrets []string
}

func newTflogAdapter(secrets ...string) *tflogAdapter { return &tflogAdapter{secrets: secrets} }

func (a *tflogAdapter) masked(ctx context.Context) context.Context {
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, jwtPattern, bearerPattern)
	ctx = tflog.MaskMessageRegexes(ctx, jwtPattern, bearerPattern)
	if len(a.secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, a.secrets...)
		ctx = tflog.MaskMessageStrings(ctx, a.secrets...)
	}
	return tflog.SetField(ctx, "component", "hdikafka")
}

func (a *tflogAdapter) Debug(ctx context.Context, msg string, fields map[string]any) {
	if !logenv.ProviderLogs("DEBUG") {
		return
	}
	tflog.Debug(a.masked(ctx), msg, fields)
}

func (a *tflogAdapter) Warn(ctx context.Context, msg string, fields map[string]any) {
	if !logenv.ProviderLogs("WARN") {
		return
	}
	tflog.Warn(a.masked(ctx), msg, fields)
}
