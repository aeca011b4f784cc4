package auth

import (
	"context"
	"errors"
	"io"
	"net"
	"syscall"
	"time"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// transientError marks a failure of our own HTTP calls (OIDC request endpoints) that is worth
// retrying.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// isTransient reports whether a token request failure may succeed when retried: 408, 429 and 5xx
// replies, timeouts, resets and refused or dropped connections. Nothing is transient once ctx is
// done. This classification is auth's; the retry engine (internal/retry) does the waiting.
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

// classify expresses isTransient for the retry engine: a transient failure becomes
// retry.Transient, with the wait the identity provider's Retry-After asks for when it sent one
// (retry.ParseRetryAfter: seconds or an HTTP date); other failures stay permanent.
func classify(ctx context.Context, err error) error {
	if !isTransient(ctx, err) {
		return err
	}
	var ce msalerrors.CallErr
	if errors.As(err, &ce) && ce.Resp != nil {
		if d, ok := retry.ParseRetryAfter(ce.Resp.Header.Get("Retry-After"), time.Now()); ok {
			return retry.TransientAfter(err, d)
		}
	}
	return retry.Transient(err, 0)
}
