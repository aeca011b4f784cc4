package auth

import (
	"context"
	"errors"
)

// credentialError marks a failure that comes from the credential itself (the Azure CLI is not
// logged in or not installed): asking again within the same process cannot succeed.
type credentialError struct{ err error }

func (e *credentialError) Error() string { return e.err.Error() }
func (e *credentialError) Unwrap() error { return e.err }

// isPermanent reports whether a token failure will repeat on every later attempt in this
// process: a 4xx reply of the token endpoint (an AADSTS error such as a wrong secret or a
// rejected certificate; 408 and 429 excluded) or a credentialError. Transient failures (5xx,
// timeouts, resets) and failures after the caller's context ended are not permanent.
func isPermanent(ctx context.Context, err error) bool {
	if err == nil || ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if status, _, _, ok := callErrDetails(err); ok {
		return status >= 400 && status < 500 && status != 408 && status != 429
	}
	var ce *credentialError
	return errors.As(err, &ce)
}

// failureMemory keeps the first permanent token failure of a source so that every later Token
// call returns it without a new request: a wrong secret must not cost one token request (and
// one identical AADSTS error) per resource. Credentials do not change within a process. Callers
// hold the source's semaphore.
type failureMemory struct{ err error }

// recall returns the remembered failure, logging that no request was made, or nil.
func (m *failureMemory) recall(ctx context.Context, log Logger, method Method) error {
	if m.err != nil {
		logDebug(ctx, log, "returning the remembered Entra ID credential failure without a new token request", map[string]any{"method": string(method)})
	}
	return m.err
}

// remember keeps err (the error Token returns) when cause, the underlying failure, is permanent.
func (m *failureMemory) remember(ctx context.Context, cause, err error) {
	if isPermanent(ctx, cause) {
		m.err = err
	}
}
