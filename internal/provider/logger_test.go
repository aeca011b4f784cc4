package provider

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/logenv"
)

func TestTflogAdapterMasksTokensAndSecrets(t *testing.T) {
	const (
		jwt    = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2hpYiJ9.c2lnbmF0dXJlLWJ5dGVz"
		secret = "very-secret-value"
	)
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	a := newTflogAdapter(secret)
	a.Debug(ctx, "request with Authorization: Bearer "+jwt, map[string]any{"token": jwt, "header": "Bearer " + jwt, "form": "client_secret=" + secret})
	a.Warn(ctx, "retrying after secret "+secret+" failed", nil)
	out := buf.String()
	if !strings.Contains(out, "request with Authorization") || !strings.Contains(out, "retrying after") {
		t.Fatalf("messages missing from the log: %s", out)
	}
	for _, leak := range []string{jwt, secret, "eyJhdWQiOiJodHRwczovL2hpYiJ9"} {
		if strings.Contains(out, leak) {
			t.Errorf("log contains %q:\n%s", leak, out)
		}
	}
}

func TestTflogAdapterSkipsRecordsTheProviderLoggerDiscards(t *testing.T) {
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf) // writes every level
	a := newTflogAdapter()
	t.Setenv(logenv.ProviderLevelVariable, "WARN")
	a.Debug(ctx, "debug record", nil)
	a.Warn(ctx, "warn record", nil)
	t.Setenv(logenv.ProviderLevelVariable, "OFF")
	a.Warn(ctx, "warn while off", nil)
	out := buf.String()
	if strings.Contains(out, "debug record") || strings.Contains(out, "warn while off") {
		t.Errorf("records below %s's level were written:\n%s", logenv.ProviderLevelVariable, out)
	}
	if !strings.Contains(out, "warn record") {
		t.Errorf("a WARN record at level WARN is missing:\n%s", out)
	}
}
