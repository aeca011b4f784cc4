package auth

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// TestClassifyRetryAfter: a transient token failure waits what the identity provider's Retry-After
// asks for (seconds or an HTTP date, capped by the policy), or backs off without one; a permanent
// one is not retried.
func TestClassifyRetryAfter(t *testing.T) {
	reply := func(status int, retryAfter string) error {
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		return msalerrors.CallErr{Resp: &http.Response{StatusCode: status, Header: h}, Err: errors.New("token request failed")}
	}
	cases := []struct {
		name      string
		err       error
		wantTries int
		wantWait  time.Duration // the wait before the second attempt
	}{
		{"429 with seconds", reply(429, "7"), 2, 7 * time.Second},
		{"503 with an HTTP date", reply(503, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)), 2, 10 * time.Second},
		{"503 without Retry-After: backoff", reply(503, ""), 2, 100 * time.Millisecond},
		{"400 is permanent", reply(400, "7"), 1, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var waits []time.Duration
			tries := 0
			p := retry.Policy{Retries: 1, Base: 200 * time.Millisecond, Max: 10 * time.Second,
				Jitter: func() float64 { return 0.5 }, Sleep: func(context.Context, time.Duration) error { return nil }}
			_ = p.Do(context.Background(), func(ctx context.Context, _ int) error {
				tries++
				return classify(ctx, tc.err)
			}, retry.OnRetry(func(_ context.Context, _ int, d time.Duration, _ error) { waits = append(waits, d) }))
			if tries != tc.wantTries {
				t.Fatalf("tries = %d, want %d", tries, tc.wantTries)
			}
			if tc.wantTries > 1 && (len(waits) != 1 || waits[0] != tc.wantWait) {
				t.Errorf("waits = %v, want [%s]", waits, tc.wantWait)
			}
		})
	}
}
