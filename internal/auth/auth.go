// Package auth obtains Microsoft Entra ID access tokens for the HDInsight Kafka REST proxy.
//
// It supports the credential methods azurerm users rely on, chosen in azurerm's order: client
// certificate, client secret, OIDC federation (token, token file, GitHub Actions or Azure DevOps
// request endpoints), managed identity and the Azure CLI. Every method except the Azure CLI runs on
// MSAL Go; tokens are cached and refreshed before they expire, transient failures are retried with
// backoff, and AADSTS errors are turned into messages that say what to fix.
//
// Nothing secret is ever logged: not the client secret, not an assertion, not a token.
package auth

import (
	"context"
	"net/http"
	"time"
)

// TokenSource returns a bearer access token for the configured scope. It is structurally identical
// to kafkarest.TokenSource.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// Logger receives debug and warning messages; it has the same shape as kafkarest.Logger. Fields
// never contain secrets, assertions or tokens.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// Method names the credential method New selected.
type Method string

// The credential methods, in azurerm's selection order.
const (
	MethodClientCertificate Method = "client_certificate"
	MethodClientSecret      Method = "client_secret"
	MethodOIDC              Method = "oidc"
	MethodMSI               Method = "msi"
	MethodCLI               Method = "cli"
)

// DefaultScope is the OAuth scope of the HDInsight Kafka REST proxy.
const DefaultScope = "https://hib.azurehdinsight.net/.default"

// Config holds every setting of every credential method. Empty fields can be filled from the
// environment with FromEnv; New validates the result and picks exactly one method.
type Config struct {
	TenantID string
	ClientID string

	ClientSecret string

	// ClientCertificate is an inline base64-encoded PFX (PKCS#12) or PEM bundle (or raw PEM text);
	// ClientCertificatePath is a file holding a PFX or PEM bundle. Keys must be RSA.
	ClientCertificate         string
	ClientCertificatePath     string
	ClientCertificatePassword string

	UseOIDC                bool
	OIDCToken              string
	OIDCTokenFilePath      string
	OIDCRequestURL         string
	OIDCRequestToken       string
	ADOServiceConnectionID string

	UseMSI      bool
	MSIEndpoint string

	UseCLI bool

	// Environment is public (default), usgovernment or china.
	Environment string
	// AuthorityHost overrides Environment, e.g. https://127.0.0.1:8443/ for the emulator. It must
	// be https; the authority is AuthorityHost + TenantID.
	AuthorityHost string
	// Scope defaults to DefaultScope.
	Scope string

	// HTTPClient carries token requests (identity provider, OIDC request endpoints, managed
	// identity endpoint). Nil means http.DefaultClient.
	HTTPClient *http.Client
	// Logger receives debug and warning messages; nil means no logs.
	Logger Logger

	// MaxRetries bounds the retries of a token request that failed transiently (5xx, 429,
	// timeout, connection reset). 0 means the default (3); negative means no retries.
	MaxRetries int

	// envErrs holds environment values FromEnv could not parse (for example ARM_USE_MSI=maybe);
	// New reports them.
	envErrs []error
}

// defaultMaxRetries is used when Config.MaxRetries is 0.
const defaultMaxRetries = 3

// backoffBase and backoffMax shape the retry delays: base·2^attempt with jitter, capped at max.
// Tests shorten them.
var (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 8 * time.Second
)
