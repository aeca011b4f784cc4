package auth

import (
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"syscall"
	"time"
)

// transientError marks a failure of our own HTTP calls (OIDC request endpoints) that is worth
// retrying.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// isTransient reports whether a token request failure may succeed when retried: 408, 429 and 5xx
// replies, timeouts, resets and refused or dropped connections. Nothing is transient once ctx is
// done.
func isTransient(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil {
		return false
	}
	if status, _, _, ok := callErrDetails(err); ok {
		return status == 408 || status == 429 || status >= 500
	}
	var te *transientError
	if errors.As(err, &te) {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		// A per-attempt timeout inside MSAL while the caller's context is still alive.
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// retries normalises Config.MaxRetries.
func retries(n int) int {
	switch {
	case n == 0:
		return defaultMaxRetries
	case n < 0:
		return 0
	}
	return n
}

// withRetry runs fn, retrying transient failures up to maxRetries times with exponential backoff
// and jitter; waiting stops as soon as ctx is done.
func withRetry[T any](ctx context.Context, maxRetries int, log Logger, method Method, fn func(context.Context) (T, error)) (T, error) {
	for attempt := 0; ; attempt++ {
		v, err := fn(ctx)
		if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			// The caller gave up while the request was answered: say so.
			return v, errors.Join(err, ctx.Err())
		}
		if err == nil || attempt >= maxRetries || !isTransient(ctx, err) {
			return v, err
		}
		delay := backoff(attempt)
		logWarn(ctx, log, "transient Entra ID token request failure; retrying", map[string]any{
			"method": string(method), "attempt": attempt + 1, "max_retries": maxRetries, "delay": delay.String(), "error": err.Error(),
		})
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			var zero T
			return zero, errors.Join(err, ctx.Err())
		case <-t.C:
		}
	}
}

// backoff returns base·2^attempt, capped, with ±25 % jitter.
func backoff(attempt int) time.Duration {
	d := backoffBase << min(attempt, 16)
	if d > backoffMax || d <= 0 {
		d = backoffMax
	}
	jitter := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4
	return d + jitter
}
