package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

// fakeSleeps records the waits Do asks for without waiting.
type fakeSleeps struct{ waits []time.Duration }

func (f *fakeSleeps) sleep(ctx context.Context, d time.Duration) error {
	f.waits = append(f.waits, d)
	return ctx.Err()
}

func testPolicy(retries int, f *fakeSleeps) Policy {
	return Policy{Retries: retries, Base: 100 * time.Millisecond, Max: time.Second, Sleep: f.sleep,
		Jitter: func() float64 { return 0.5 }}
}

func TestDo(t *testing.T) {
	errBoom := errors.New("boom")
	tests := []struct {
		name      string
		retries   int
		results   []error // per attempt; the last repeats
		wantTries int
		wantWaits []time.Duration
		check     func(t *testing.T, err error)
	}{
		{name: "success at once", retries: 3, results: []error{nil}, wantTries: 1,
			check: func(t *testing.T, err error) { mustNil(t, err) }},
		{name: "permanent failure is returned as is", retries: 3, results: []error{errBoom}, wantTries: 1,
			check: func(t *testing.T, err error) {
				if err != errBoom { //nolint:errorlint // the very value, not a wrapper of it
					t.Fatalf("err = %v, want errBoom itself", err)
				}
			}},
		{name: "transient then success", retries: 3, results: []error{Transient(errBoom, 0), Transient(errBoom, 0), nil},
			wantTries: 3, wantWaits: []time.Duration{50 * time.Millisecond, 100 * time.Millisecond},
			check: func(t *testing.T, err error) { mustNil(t, err) }},
		{name: "retry-after wins and is capped", retries: 2, results: []error{Transient(errBoom, 700*time.Millisecond), Transient(errBoom, time.Hour), nil},
			wantTries: 3, wantWaits: []time.Duration{700 * time.Millisecond, time.Second},
			check: func(t *testing.T, err error) { mustNil(t, err) }},
		{name: "retry-after zero means now", retries: 1, results: []error{TransientAfter(errBoom, 0), nil},
			wantTries: 2, wantWaits: []time.Duration{0},
			check: func(t *testing.T, err error) { mustNil(t, err) }},
		{name: "exhausted after retries", retries: 2, results: []error{Transient(errBoom, 0)}, wantTries: 3,
			wantWaits: []time.Duration{50 * time.Millisecond, 100 * time.Millisecond},
			check: func(t *testing.T, err error) {
				var ee *ExhaustedError
				if !errors.As(err, &ee) || ee.Attempts != 3 || !errors.Is(err, errBoom) || IsTransient(err) {
					t.Fatalf("err = %#v, want ExhaustedError{3} wrapping errBoom without the transient mark", err)
				}
			}},
		{name: "zero policy makes one attempt", retries: 0, results: []error{Transient(errBoom, 0)}, wantTries: 1,
			check: func(t *testing.T, err error) {
				if !IsExhausted(err) {
					t.Fatalf("err = %v, want exhausted", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fakeSleeps
			tries := 0
			err := testPolicy(tt.retries, &f).Do(context.Background(), func(_ context.Context, attempt int) error {
				tries++
				if attempt != tries {
					t.Fatalf("attempt = %d on call %d", attempt, tries)
				}
				return tt.results[min(attempt-1, len(tt.results)-1)]
			})
			if tries != tt.wantTries {
				t.Errorf("tries = %d, want %d", tries, tt.wantTries)
			}
			if len(f.waits) != len(tt.wantWaits) {
				t.Fatalf("waits = %v, want %v", f.waits, tt.wantWaits)
			}
			for i := range f.waits {
				if f.waits[i] != tt.wantWaits[i] {
					t.Errorf("wait %d = %s, want %s", i, f.waits[i], tt.wantWaits[i])
				}
			}
			tt.check(t, err)
		})
	}
}

func TestDoCanceledDuringWait(t *testing.T) {
	errBoom := errors.New("boom")
	ctx, cancel := context.WithCancelCause(context.Background())
	cause := errors.New("interrupted")
	var retried []int
	err := Policy{Retries: 5, Base: time.Millisecond, Max: time.Second, Sleep: func(ctx context.Context, _ time.Duration) error {
		cancel(cause)
		return ctx.Err()
	}}.Do(ctx, func(context.Context, int) error { return Transient(errBoom, 0) },
		OnRetry(func(_ context.Context, attempt int, _ time.Duration, err error) {
			if err != errBoom { //nolint:errorlint // the very value, not a wrapper of it
				t.Errorf("OnRetry err = %v, want errBoom", err)
			}
			retried = append(retried, attempt)
		}))
	var ce *CanceledError
	if !errors.As(err, &ce) || ce.Attempts != 1 || !errors.Is(err, cause) || !errors.Is(err, errBoom) {
		t.Fatalf("err = %v, want CanceledError after 1 attempt wrapping the cause and the failure", err)
	}
	if len(retried) != 1 || retried[0] != 1 {
		t.Errorf("OnRetry attempts = %v, want [1]", retried)
	}
}

func TestDelayBackoffCeiling(t *testing.T) {
	p := Policy{Base: 200 * time.Millisecond, Max: time.Second, Jitter: func() float64 { return 0.999999 }}
	for attempt, want := range map[int]time.Duration{1: 200 * time.Millisecond, 2: 400 * time.Millisecond, 3: 800 * time.Millisecond, 4: time.Second, 60: time.Second} {
		got := p.Delay(attempt, 0, false)
		if got > want || got < want*99/100 {
			t.Errorf("Delay(%d) = %s, want just under %s", attempt, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, p := range []Policy{{Retries: -1}, {Base: -1}, {Max: -1}} {
		if p.Validate() == nil {
			t.Errorf("Validate(%+v) = nil, want an error", p)
		}
	}
	if err := DefaultPolicy().Validate(); err != nil {
		t.Errorf("DefaultPolicy().Validate() = %v", err)
	}
}

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("err = %v, want nil", err)
	}
}
