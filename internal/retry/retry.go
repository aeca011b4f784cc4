// Package retry is the project's one retry engine: the REST proxy client (internal/kafkarest) and
// the Entra ID token sources (internal/auth) both retry transient failures through Policy.Do.
//
// A failure is retried only when the attempt marks it transient (Transient). The wait before the
// next attempt is the server's Retry-After when the attempt passed one, otherwise full-jitter
// exponential backoff: uniform in [0, min(Max, Base·2^(n-1))) before retry n. Every wait is capped
// by Max and ends early when the context ends.
package retry

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Defaults of DefaultPolicy, the one place where they are set.
const (
	DefaultRetries = 8
	defaultBase    = 200 * time.Millisecond
	defaultMax     = 30 * time.Second
)

// Policy says how often and how long to retry a transient failure. The zero Policy makes one
// attempt and never waits.
type Policy struct {
	Retries int           // retries after the first attempt; 0 means a single attempt
	Base    time.Duration // ceiling of the first backoff; it doubles per retry
	Max     time.Duration // cap on every wait, Retry-After included

	// Sleep and Jitter are for tests; nil means a context-aware timer and math/rand/v2.
	Sleep  func(ctx context.Context, d time.Duration) error
	Jitter func() float64 // uniform in [0, 1)
}

// DefaultPolicy is 8 retries, backoff from 200 ms, waits capped at 30 s.
func DefaultPolicy() Policy {
	return Policy{Retries: DefaultRetries, Base: defaultBase, Max: defaultMax}
}

// Validate reports a policy that cannot be used: negative counts or durations.
func (p Policy) Validate() error {
	switch {
	case p.Retries < 0:
		return fmt.Errorf("retry: %d retries: the number of retries must be 0 or more", p.Retries)
	case p.Base < 0:
		return fmt.Errorf("retry: backoff base %s must not be negative", p.Base)
	case p.Max < 0:
		return fmt.Errorf("retry: maximum wait %s must not be negative", p.Max)
	}
	return nil
}

// transientError marks an attempt's failure as worth retrying.
type transientError struct {
	err        error
	retryAfter time.Duration
	asked      bool // the server asked for retryAfter (0 included: "now")
}

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// Transient marks err as a failure that another attempt may not repeat (429, 5xx, timeouts,
// resets). retryAfter > 0 is the wait the server asked for (capped by Policy.Max); 0 means backoff.
// Transient(nil, _) is nil.
func Transient(err error, retryAfter time.Duration) error {
	if err == nil {
		return nil
	}
	return &transientError{err: err, retryAfter: retryAfter, asked: retryAfter > 0}
}

// TransientAfter marks err as transient with the wait the server asked for, 0 ("retry now")
// included (an HTTP Retry-After header); the wait is capped by Policy.Max.
func TransientAfter(err error, wait time.Duration) error {
	if err == nil {
		return nil
	}
	return &transientError{err: err, retryAfter: max(wait, 0), asked: true}
}

// IsTransient reports whether err was marked with Transient (and not yet unwrapped by Do).
func IsTransient(err error) bool {
	var te *transientError
	return errors.As(err, &te)
}

// ExhaustedError is Do's error when every attempt failed transiently until the retries ran out.
// It unwraps to the last failure.
type ExhaustedError struct {
	Attempts int
	Last     error
}

func (e *ExhaustedError) Error() string {
	return fmt.Sprintf("giving up after %d attempts: %v", e.Attempts, e.Last)
}

func (e *ExhaustedError) Unwrap() error { return e.Last }

// IsExhausted reports whether err is (or wraps) an *ExhaustedError: the same operation may
// succeed later.
func IsExhausted(err error) bool {
	var ee *ExhaustedError
	return errors.As(err, &ee)
}

// CanceledError is Do's error when the context ended during a wait between attempts. It unwraps to
// both the context's cause and the last failure.
type CanceledError struct {
	Attempts int
	Cause    error // context.Cause of the context
	Last     error
}

func (e *CanceledError) Error() string {
	return fmt.Sprintf("%v after %d attempts (last failure: %v)", e.Cause, e.Attempts, e.Last)
}

func (e *CanceledError) Unwrap() []error { return []error{e.Cause, e.Last} }

// Option tunes one Do call.
type Option func(*options)

type options struct {
	onRetry func(ctx context.Context, attempt int, delay time.Duration, err error)
}

// OnRetry calls fn before each wait: attempt is the attempt that failed (1-based), delay the wait
// before the next one, err its failure (without the transient mark).
func OnRetry(fn func(ctx context.Context, attempt int, delay time.Duration, err error)) Option {
	return func(o *options) { o.onRetry = fn }
}

// Do calls try with attempt = 1, 2, ... until it returns nil or an error not marked Transient,
// which Do returns as it is, or until Retries retries have failed transiently (an *ExhaustedError)
// or ctx ends during a wait (a *CanceledError). Transient marks never leave Do.
func (p Policy) Do(ctx context.Context, try func(ctx context.Context, attempt int) error, opts ...Option) error {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	for attempt := 1; ; attempt++ {
		err := try(ctx, attempt)
		var te *transientError
		if err == nil || !errors.As(err, &te) {
			return err
		}
		last := te.err
		if attempt > p.Retries {
			return &ExhaustedError{Attempts: attempt, Last: last}
		}
		delay := p.Delay(attempt, te.retryAfter, te.asked)
		if o.onRetry != nil {
			o.onRetry(ctx, attempt, delay, last)
		}
		if err := p.sleep(ctx, delay); err != nil {
			return &CanceledError{Attempts: attempt, Cause: ContextCause(ctx), Last: last}
		}
	}
}

// Delay is the wait after failed attempt n (1-based): retryAfter when the server asked for it,
// otherwise full-jitter backoff uniform in [0, min(Max, Base·2^(n-1))); both capped by Max.
func (p Policy) Delay(attempt int, retryAfter time.Duration, asked bool) time.Duration {
	if asked {
		return min(retryAfter, p.Max)
	}
	ceiling := p.Max
	if attempt >= 1 && attempt-1 < 32 {
		if b := p.Base << (attempt - 1); b > 0 && b < ceiling {
			ceiling = b
		}
	}
	jitter := rand.Float64
	if p.Jitter != nil {
		jitter = p.Jitter
	}
	return time.Duration(jitter() * float64(ceiling))
}

func (p Policy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	return Sleep(ctx, d)
}

// Sleep waits d or until ctx ends (then it returns ctx.Err()).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// ContextCause is why ctx ended: its cause when one was set (context.WithCancelCause), else ctx.Err().
func ContextCause(ctx context.Context) error {
	if c := context.Cause(ctx); c != nil {
		return c
	}
	return ctx.Err()
}

// ParseRetryAfter reads an HTTP Retry-After value (RFC 9110 §10.2.3): delta-seconds or an HTTP
// date. A date in the past means "now" (0, true); values above a day are capped at a day; an empty
// or malformed value gives (0, false).
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(min(secs, int64(24*time.Hour/time.Second))) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
