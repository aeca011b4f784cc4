package logenv

import (
	"context"
	"errors"
	"testing"
	"time"
)

type testKey struct{}

func TestDetachDropsValuesKeepsCancellationAndDeadline(t *testing.T) {
	deadline := time.Now().Add(time.Hour)
	parent, cancel := context.WithDeadline(context.WithValue(context.Background(), testKey{}, "logging state"), deadline)
	defer cancel()
	parent, cancelCause := context.WithCancelCause(parent)
	d := detach(parent)
	if v := d.Value(testKey{}); v != nil {
		t.Fatalf("detached context still carries the request's value %v", v)
	}
	if got, ok := d.Deadline(); !ok || !got.Equal(deadline) {
		t.Fatalf("Deadline() = %v, %v; want %v, true", got, ok, deadline)
	}
	select {
	case <-d.Done():
		t.Fatal("detached context done before the request's")
	default:
	}
	stopped := errors.New("terraform went away")
	cancelCause(stopped)
	<-d.Done() // would block forever if cancellation did not propagate
	if !errors.Is(context.Cause(d), stopped) {
		t.Errorf("Cause = %v, want %v", context.Cause(d), stopped)
	}
}
