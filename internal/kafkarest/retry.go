package kafkarest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// The REST client's side of the retry engine (internal/retry): which answers are transient, and
// the errors a request ends with when its retries run out or its context ends.

// isRetryableStatus: 429 and every 5xx.
func isRetryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500 && status <= 599
}

// isTransientNetError reports connection resets, aborted or broken
// connections, premature EOF and network timeouts. Refused connections, DNS
// and TLS failures are configuration problems and are not retried.
func isTransientNetError(err error) bool {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	// net/http reports some server hang-ups only as text.
	msg := err.Error()
	return strings.Contains(msg, "server closed idle connection") ||
		strings.Contains(msg, "connection reset by peer")
}

// transient marks failure for the retry engine with the wait resp's Retry-After asks for, if any.
func (c *Client) transient(failure error, resp *response) error {
	if resp != nil {
		if d, ok := retry.ParseRetryAfter(resp.header.Get("Retry-After"), c.now()); ok {
			return retry.TransientAfter(failure, d)
		}
	}
	return retry.Transient(failure, 0)
}

// onRetry logs each retry of req at warning level.
func (c *Client) onRetry(req *request) retry.Option {
	return retry.OnRetry(func(ctx context.Context, attempt int, delay time.Duration, err error) {
		if c.log == nil {
			return
		}
		f := map[string]any{
			"method": req.method, "path": req.path, "attempt": attempt,
			"delay_ms": delay.Milliseconds(), "error": err.Error(),
		}
		var ae *APIError
		if errors.As(err, &ae) {
			f["status"] = ae.StatusCode
		}
		c.log.Warn(ctx, "kafkarest: transient failure, retrying", f)
	})
}

// requestError names the request in an error of the retry engine (*retry.ExhaustedError or
// *retry.CanceledError), which it unwraps to.
type requestError struct {
	method, path string
	err          error
}

func (e *requestError) Error() string {
	return fmt.Sprintf("kafkarest: %s %s: %v", e.method, e.path, e.err)
}

func (e *requestError) Unwrap() error { return e.err }

// namedRetryError wraps the engine's own errors with the request; other errors already name it.
func namedRetryError(req *request, err error) error {
	var ee *retry.ExhaustedError
	var ce *retry.CanceledError
	if errors.As(err, &ee) || errors.As(err, &ce) {
		return &requestError{method: req.method, path: req.path, err: err}
	}
	return err
}

// IsTransient reports whether err is a request that failed only transiently (429, 5xx, timeouts,
// connection resets) until its retries ran out: the same request may succeed later.
func IsTransient(err error) bool { return retry.IsExhausted(err) }
