package auth

import (
	"context"
	"errors"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// acquired is one access token and where it came from.
type acquired struct {
	value   string
	expires time.Time
	// fresh is true when the token came from the identity provider rather than a cache.
	fresh bool
}

// source is the skeleton every credential method shares; a method supplies only acquire (one
// token request, or a cache hit) and explain (its actionable error). source adds: one
// acquisition at a time (concurrent callers on a cold cache make one request), the remembered
// permanent failure (see failureMemory), retries of transient failures (isTransient) through the
// project's retry engine with cfg.Retry, and the debug log of a fresh token (never the token).
type source struct {
	cfg    Config
	method Method
	// acquire makes one attempt.
	acquire func(ctx context.Context) (acquired, error)
	// explain turns the final failure into the error Token returns; nil keeps it.
	explain func(err error) error
	// remember says whether a permanent failure is kept for later calls (see failureMemory).
	remember bool

	sem    chan struct{}
	failed failureMemory // guarded by sem
}

func newSource(cfg Config, method Method, remember bool, acquire func(context.Context) (acquired, error), explain func(error) error) *source {
	return &source{cfg: cfg, method: method, acquire: acquire, explain: explain, remember: remember, sem: make(chan struct{}, 1)}
}

// Token returns a cached token or requests a new one, retrying transient failures. A permanent
// failure is remembered (when the method allows it) and returned again without a new request.
func (s *source) Token(ctx context.Context) (string, error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.sem }()
	if err := s.failed.recall(ctx, s.cfg.Logger, s.method); err != nil {
		return "", err
	}
	var got acquired
	err := s.cfg.Retry.Do(ctx, func(ctx context.Context, _ int) error {
		t, err := s.acquire(ctx)
		if err != nil {
			return classify(ctx, err)
		}
		got = t
		return nil
	}, retry.OnRetry(func(ctx context.Context, attempt int, delay time.Duration, err error) {
		logWarn(ctx, s.cfg.Logger, "transient Entra ID token request failure; retrying", map[string]any{
			"method": string(s.method), "attempt": attempt, "max_retries": s.cfg.Retry.Retries, "delay": delay.String(), "error": err.Error(),
		})
	}))
	if err != nil {
		if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
			// The caller gave up while the request was answered: say so.
			err = errors.Join(err, ctx.Err())
		}
		out := err
		if s.explain != nil {
			out = s.explain(err)
		}
		if s.remember {
			s.failed.remember(ctx, err, out)
		}
		return "", out
	}
	if got.fresh {
		logAcquired(ctx, s.cfg.Logger, s.method, got.value, got.expires)
	}
	return got.value, nil
}
