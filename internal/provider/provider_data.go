package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/auth"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// providerData is what Configure hands to every resource and data source. It keeps the resolved
// settings and builds the REST proxy client on first use: the provider configuration may hold values
// that are unknown at plan time, and most runs never need a client for every operation.
type providerData struct {
	version          string
	terraformVersion string
	settings         settings

	mu        sync.Mutex
	built     bool
	client    topicClient // nil when the build failed
	buildDiag diag.Diagnostics

	brokersMu   sync.Mutex
	brokerCount int // > 0 once fetched

	topics *processTopics
}

func newProviderData(version, terraformVersion string, s settings) *providerData {
	return &providerData{version: version, terraformVersion: terraformVersion, settings: s, topics: newProcessTopics()}
}

// ConfigKnown reports whether every provider setting was known at configure time. Plan-time checks
// that need the cluster are skipped when it is false.
func (d *providerData) ConfigKnown() bool { return len(d.settings.Unknown) == 0 }

// Catalogue returns the topic-config catalogue of the configured Kafka version, or nil.
func (d *providerData) Catalogue() *topicconfig.Catalogue { return d.settings.Catalogue }

// UserAgent is sent with every REST proxy request.
func (d *providerData) UserAgent() string {
	tf := d.terraformVersion
	if tf == "" {
		tf = "unknown"
	}
	return fmt.Sprintf("terraform-provider-hdikafka/%s (+Terraform/%s)", d.version, tf)
}

// Client returns the REST proxy client, building it (and its token source) once. A configuration
// error is reported on every call as a diagnostic naming the attribute; a warning (a credential
// method ignored) only by the call that built the client, so that it appears once per provider
// process.
func (d *providerData) Client(ctx context.Context) (topicClient, diag.Diagnostics) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.built {
		c, diags := d.build(ctx)
		if c != nil { // a nil *kafkarest.Client must not become a non-nil interface
			d.client = c
		}
		d.built = true
		d.buildDiag = diags.Errors()
		return d.client, diags
	}
	return d.client, d.buildDiag
}

func (d *providerData) build(ctx context.Context) (*kafkarest.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !d.ConfigKnown() {
		diags.Append(diagConfigUnknown(d.settings.Unknown))
		return nil, diags
	}
	if d.settings.Endpoint == "" {
		diags.Append(diagMissingEndpoint())
		return nil, diags
	}
	if _, err := kafkarest.ValidateEndpoint(d.settings.Endpoint); err != nil {
		diags.Append(diagInvalidEndpoint(d.settings.Endpoint, err))
		return nil, diags
	}
	httpClient, err := newHTTPClient(d.settings.CACertificatePEM, d.settings.CACertificateFile)
	if err != nil {
		diags.Append(diagCACertificate(err))
		return nil, diags
	}
	logger := newTflogAdapter(d.secrets()...)

	authCfg := d.settings.Auth
	authCfg.HTTPClient = httpClient
	authCfg.Logger = logger
	tokens, selected, err := auth.New(ctx, authCfg)
	if err != nil {
		diags.Append(diagAuthConfig(err))
		return nil, diags
	}
	if len(selected.Ignored) > 0 {
		diags.Append(diagCredentialMethodsIgnored(selected))
	}

	client, err := kafkarest.New(kafkarest.Config{
		Endpoint:       d.settings.Endpoint,
		HTTPClient:     httpClient,
		Tokens:         tokens,
		UserAgent:      d.UserAgent(),
		Retry:          d.retryPolicy(),
		RequestTimeout: d.settings.RequestTimeout,
		Logger:         logger,
	})
	if err != nil {
		diags.Append(diagClientSetup(err))
		return nil, diags
	}
	return client, diags
}

// retryPolicy is the REST client's retry policy: the engine's defaults with max_retries.
func (d *providerData) retryPolicy() retry.Policy {
	p := retry.DefaultPolicy()
	p.Retries = d.settings.MaxRetries
	return p
}

// secrets are literal values that must never appear in logs: the resolved values of the
// settings table's sensitive rows.
func (d *providerData) secrets() []string {
	var out []string
	for _, row := range providerSettings {
		if v := d.settings.values[row.Attr]; row.Sensitive && strings.TrimSpace(v) != "" {
			out = append(out, v)
		}
	}
	return out
}

// BrokerCount returns the number of brokers, fetched once per provider instance (one per process).
func (d *providerData) BrokerCount(ctx context.Context) (int, diag.Diagnostics) {
	d.brokersMu.Lock()
	defer d.brokersMu.Unlock()
	if d.brokerCount > 0 {
		return d.brokerCount, nil
	}
	client, diags := d.Client(ctx)
	if diags.HasError() {
		return 0, diags
	}
	brokers, err := client.ListBrokers(ctx)
	if err != nil {
		diags.Append(diagAPI("list the cluster's brokers", err))
		return 0, diags
	}
	d.brokerCount = len(brokers)
	return d.brokerCount, diags
}

// newHTTPClient returns the client used for REST proxy and token requests alike: the system roots
// plus the configured extra roots, from pemText (ca_certificate) and pemFile (ca_certificate_file)
// alike when both are given. A failure is a *caError naming the attribute. No overall timeout:
// kafkarest bounds each attempt.
func newHTTPClient(pemText, pemFile string) (*http.Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	// Terraform runs up to 10 operations at once against one host; the default of 2 idle
	// connections per host would make most of them pay a new TLS handshake.
	tr.MaxIdleConnsPerHost = 16
	if pemText == "" && pemFile == "" {
		return &http.Client{Transport: tr}, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if pemText != "" && !pool.AppendCertsFromPEM([]byte(pemText)) {
		return nil, &caError{attr: "ca_certificate", err: errors.New("no PEM-encoded certificate found")}
	}
	if pemFile != "" {
		b, err := os.ReadFile(pemFile)
		if err != nil {
			return nil, &caError{attr: "ca_certificate_file", err: fmt.Errorf("reading %q: %w", pemFile, err)}
		}
		if !pool.AppendCertsFromPEM(b) {
			return nil, &caError{attr: "ca_certificate_file", err: fmt.Errorf("no PEM-encoded certificate found in %q", pemFile)}
		}
	}
	if tr.TLSClientConfig == nil {
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	tr.TLSClientConfig.RootCAs = pool
	return &http.Client{Transport: tr}, nil
}

// caError is a CA certificate that could not be loaded, with the attribute it came from.
type caError struct {
	attr string // ca_certificate or ca_certificate_file
	err  error
}

func (e *caError) Error() string { return e.err.Error() }
func (e *caError) Unwrap() error { return e.err }
