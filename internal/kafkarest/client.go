package kafkarest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// TokenSource supplies bearer tokens. It is asked on every attempt and is
// expected to cache tokens and refresh them before they expire.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// Logger receives the client's log lines. Fields never contain the token.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

// Defaults applied by New.
const (
	defaultRequestTimeout = 60 * time.Second
	defaultUserAgent      = "terraform-provider-hdikafka/kafkarest"

	// maxResponseBody bounds what the client reads of a response; the proxy
	// answers metadata in far less.
	maxResponseBody = 64 << 20
)

// Config configures a Client.
type Config struct {
	Endpoint       string        // https://host[:port] (http only for loopback) — validated by New
	HTTPClient     *http.Client  // nil → a client with its own transport; RequestTimeout applies per attempt either way
	Tokens         TokenSource   // required
	UserAgent      string        // sent as User-Agent; "terraform-provider-hdikafka/kafkarest" when empty
	Retry          retry.Policy  // retries of transient failures (429, 5xx, timeouts, resets); the zero Policy makes one attempt, retry.DefaultPolicy() is 8 retries
	RequestTimeout time.Duration // per attempt, default 60s
	Logger         Logger        // nil → no logs
}

// Client is a REST proxy client. It is safe for concurrent use.
type Client struct {
	base           string // validated base URL, e.g. https://host[:port]
	hc             *http.Client
	tokens         TokenSource
	userAgent      string
	policy         retry.Policy
	requestTimeout time.Duration
	log            Logger

	// Injectable for tests.
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func() float64 // uniform in [0, 1)
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	base, err := ValidateEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("kafkarest: %w", err)
	}
	if cfg.Tokens == nil {
		return nil, errors.New("kafkarest: Config.Tokens is required: the REST proxy needs an Entra ID bearer token on every request")
	}
	if cfg.RequestTimeout < 0 {
		return nil, fmt.Errorf("kafkarest: request timeout %s must not be negative", cfg.RequestTimeout)
	}
	if err := cfg.Retry.Validate(); err != nil {
		return nil, fmt.Errorf("kafkarest: %w", err)
	}
	c := &Client{
		base:           base.String(),
		hc:             cfg.HTTPClient,
		tokens:         cfg.Tokens,
		userAgent:      cfg.UserAgent,
		policy:         cfg.Retry,
		requestTimeout: cfg.RequestTimeout,
		log:            cfg.Logger,
		now:            time.Now,
		sleep:          retry.Sleep,
		jitter:         rand.Float64,
	}
	// The engine waits through the client's clock so that tests can replace both at once.
	if c.policy.Sleep == nil {
		c.policy.Sleep = func(ctx context.Context, d time.Duration) error { return c.sleep(ctx, d) }
	}
	if c.policy.Jitter == nil {
		c.policy.Jitter = func() float64 { return c.jitter() }
	}
	if c.hc == nil {
		var rt http.RoundTripper = http.DefaultTransport
		if t, ok := rt.(*http.Transport); ok {
			rt = t.Clone()
		}
		c.hc = &http.Client{Transport: rt}
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	if c.requestTimeout == 0 {
		c.requestTimeout = defaultRequestTimeout
	}
	return c, nil
}

// request is one API call; path is already escaped.
type request struct {
	method string
	path   string
	query  url.Values
	body   []byte // nil: no body
}

// response is a fully read HTTP answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// tokenError marks a failure of the TokenSource; it is never retried here.
type tokenError struct{ err error }

func (e *tokenError) Error() string {
	return "kafkarest: getting an access token for the REST proxy: " + e.err.Error()
}
func (e *tokenError) Unwrap() error { return e.err }

// send performs one attempt: it fetches a token, sends the request and reads
// the whole answer. HTTP error statuses are not errors here; the token used
// is returned so that error bodies echoing it can be masked.
func (c *Client) send(ctx context.Context, req *request, attempt int) (*response, string, error) {
	token, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, "", &tokenError{err: err}
	}
	if token == "" {
		return nil, "", &tokenError{err: errors.New("the token source returned an empty token")}
	}
	actx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()

	u := c.base + req.path
	if len(req.query) > 0 {
		u += "?" + req.query.Encode()
	}
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(actx, req.method, u, body)
	if err != nil {
		return nil, "", fmt.Errorf("kafkarest: building request %s %s: %w", req.method, req.path, err)
	}
	hreq.Header.Set("Authorization", "Bearer "+token)
	hreq.Header.Set("User-Agent", c.userAgent)
	hreq.Header.Set("Accept", "application/json")
	if req.body != nil {
		hreq.Header.Set("Content-Type", "application/json")
	}

	start := c.now()
	hresp, err := c.hc.Do(hreq)
	if err != nil {
		c.logAttempt(ctx, req, attempt, 0, c.now().Sub(start), err)
		return nil, token, err
	}
	defer hresp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hresp.Body, maxResponseBody+1))
	if err == nil && len(data) > maxResponseBody {
		err = fmt.Errorf("response body exceeds %d bytes", maxResponseBody)
	}
	elapsed := c.now().Sub(start)
	if err != nil {
		err = fmt.Errorf("reading response body: %w", err)
		c.logAttempt(ctx, req, attempt, hresp.StatusCode, elapsed, err)
		return nil, token, err
	}
	c.logAttempt(ctx, req, attempt, hresp.StatusCode, elapsed, nil)
	return &response{status: hresp.StatusCode, header: hresp.Header, body: data}, token, nil
}

func (c *Client) logAttempt(ctx context.Context, req *request, attempt, status int, d time.Duration, err error) {
	if c.log == nil {
		return
	}
	f := map[string]any{
		"method":      req.method,
		"path":        req.path,
		"attempt":     attempt,
		"duration_ms": d.Milliseconds(),
	}
	if status != 0 {
		f["status"] = status
	}
	if err != nil {
		f["error"] = err.Error()
		c.log.Debug(ctx, "kafkarest: request failed", f)
		return
	}
	c.log.Debug(ctx, "kafkarest: request", f)
}

// outcome classifies one attempt: failure is nil on 2xx; transient says
// whether another attempt may succeed.
func (c *Client) outcome(ctx context.Context, req *request, resp *response, token string, err error) (failure error, transient bool) {
	if err != nil {
		var te *tokenError
		if errors.As(err, &te) {
			return err, false
		}
		if ctx.Err() != nil {
			return fmt.Errorf("kafkarest: %s %s: %w", req.method, req.path, retry.ContextCause(ctx)), false
		}
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("kafkarest: %s %s: no answer within the request timeout of %s", req.method, req.path, c.requestTimeout), true
		}
		return fmt.Errorf("kafkarest: %s %s: %w", req.method, req.path, err), isTransientNetError(err)
	}
	if resp.status >= 200 && resp.status < 300 {
		return nil, false
	}
	return newAPIError(req.method, req.path, resp.status, resp.body, token), isRetryableStatus(resp.status)
}

// attempt sends req once and classifies the answer: nil on 2xx, a retry.Transient mark on a failure
// another attempt may not repeat, any other error as it is.
func (c *Client) attempt(ctx context.Context, req *request, n int) (*response, error) {
	resp, token, err := c.send(ctx, req, n)
	failure, transient := c.outcome(ctx, req, resp, token, err)
	if transient {
		return resp, c.transient(failure, resp)
	}
	return resp, failure
}

// do sends req through the retry engine and returns the 2xx answer.
func (c *Client) do(ctx context.Context, req *request) (*response, error) {
	var out *response
	err := c.policy.Do(ctx, func(ctx context.Context, n int) error {
		resp, err := c.attempt(ctx, req, n)
		out = resp
		return err
	}, c.onRetry(req))
	if err != nil {
		return nil, namedRetryError(req, err)
	}
	return out, nil
}
