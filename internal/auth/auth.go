// Package auth obtains Microsoft Entra ID access tokens for the HDInsight Kafka REST proxy.
//
// It supports the credential methods azurerm users rely on, chosen in azurerm's order: client
// certificate, client secret, OIDC federation (token, token file, GitHub Actions or Azure DevOps
// request endpoints), managed identity and the Azure CLI. Every method except the Azure CLI runs on
// MSAL Go; tokens are cached and refreshed before they expire, transient failures are retried by
// the project's retry engine (internal/retry), and AADSTS errors are turned into messages that say what to fix.
//
// Nothing secret is ever logged: not the client secret, not an assertion, not a token.
package auth

import (
	"context"
	"net/http"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
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

// Config holds every setting of every credential method, already resolved: internal/auth reads no
// environment variable of its own (the provider's settings table resolves attributes and their
// environment variables). The one exception is MSAL Go's managed identity client, which detects
// its identity endpoint from the variables of the hosting service (IDENTITY_ENDPOINT and
// IDENTITY_HEADER on App Service and Functions, with IDENTITY_SERVER_THUMBPRINT on Service Fabric;
// MSI_ENDPOINT in Cloud Shell, with MSI_SECRET on Azure Machine Learning; IDENTITY_ENDPOINT and
// IMDS_ENDPOINT on Azure Arc; none: the instance metadata service). The provider documents them
// under use_msi.
// New validates the configuration and picks one method in azurerm's order.
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

	// UseCLI enables the Azure CLI, the last method of azurerm's order; azurerm (and the provider)
	// enable it by default. UseCLIByDefault says the default enabled it, nobody configured it: it
	// is then not reported as ignored, and when it fails the error also says that no other
	// method is configured.
	UseCLI          bool
	UseCLIByDefault bool

	// Environment is public (default), usgovernment or china, in any case. It is validated even
	// when AuthorityHost overrides it.
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

	// Retry bounds the retries of a token request that failed transiently (408, 429, 5xx,
	// timeouts, connection resets); its zero value makes no retries. The provider passes
	// retry.DefaultPolicy().
	Retry retry.Policy

	// AttributeRef renders a provider attribute name for messages, e.g. "client_secret" as
	// "client_secret (ARM_CLIENT_SECRET)"; nil renders the bare name.
	AttributeRef func(attribute string) string
}

// ref renders attribute for a message through cfg.AttributeRef.
func (c Config) ref(attribute string) string {
	if c.AttributeRef == nil {
		return attribute
	}
	return c.AttributeRef(attribute)
}
