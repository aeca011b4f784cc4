package kafkarest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// Default polling bounds of WaitForTopic.
const (
	defaultWaitInitial = 100 * time.Millisecond
	defaultWaitMax     = 2 * time.Second
)

// After the first interval, the wait between polls is waitBase plus a tenth of the time already
// waited (capped by Max), shortened by up to 5 % of jitter. A topic that becomes visible after a
// delay D is therefore seen at most about 240 ms + 10 % of D later, in about 14 polls for D = 5 s.
// Keeping the overhead proportional to D is what bounds the polls: a fixed growth factor (×1.5–2)
// would overshoot a 1 s delay by up to a second.
const (
	waitBase       = 240 * time.Millisecond
	waitSlope      = 10   // interval grows by elapsed/waitSlope
	waitJitterSpan = 0.05 // intervals are multiplied by a factor in (1-span, 1]
)

// WaitOptions tunes WaitForTopic. Zero values take the defaults.
type WaitOptions struct {
	WantPartitions int           // > 0: also wait until the topic has at least this many partitions
	Initial, Max   time.Duration // first poll interval (~100ms) and its cap (~2s)
}

// WaitStats reports what WaitForTopic did.
type WaitStats struct {
	Polls   int
	Elapsed time.Duration
	Last    string // last observed state, e.g. "not visible yet (HTTP 404)"
}

// transientState describes a poll that failed transiently on every attempt, e.g. "HTTP 503 (transient)".
func transientState(err error) string {
	var ae *APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("HTTP %d (transient)", ae.StatusCode)
	}
	var re *retry.ExhaustedError
	if errors.As(err, &re) {
		return fmt.Sprintf("no answer (transient: %v)", re.Last)
	}
	return "no answer (transient)"
}

// WaitForTopic polls GET /v1/metadata/topics/{name}/partitions until the
// topic is visible (and, with WantPartitions, has at least that many
// partitions). A 404 means "not visible yet". The first interval is Initial;
// later ones are waitBase + elapsed/10 with a little jitter, capped by Max. Transient errors are
// retried inside each poll by the normal retry path; a poll whose retries all failed transiently is
// an observed state ("HTTP 503 (transient)") and polling goes on. Any other error (401, 403, 400, ...)
// ends the wait. When ctx ends first, the error reports the last observed state
// and the number of polls.
func (c *Client) WaitForTopic(ctx context.Context, name string, opts WaitOptions) (*TopicMetadata, WaitStats, error) {
	var stats WaitStats
	if _, err := topicPath("", name); err != nil {
		return nil, stats, err
	}
	if opts.Initial <= 0 {
		opts.Initial = defaultWaitInitial
	}
	if opts.Max <= 0 {
		opts.Max = defaultWaitMax
	}
	opts.Max = max(opts.Max, opts.Initial)
	start := c.now()
	stats.Last = "not polled yet"
	interval := opts.Initial

	timedOut := func() (*TopicMetadata, WaitStats, error) {
		stats.Elapsed = c.now().Sub(start)
		want := "visible"
		if opts.WantPartitions > 0 {
			want = fmt.Sprintf("visible with at least %d partitions", opts.WantPartitions)
		}
		return nil, stats, fmt.Errorf("kafkarest: topic %q did not become %s after %d polls in %s (last observed: %s): %w",
			name, want, stats.Polls, stats.Elapsed.Round(time.Millisecond), stats.Last, retry.ContextCause(ctx))
	}

	for {
		if ctx.Err() != nil {
			return timedOut()
		}
		stats.Polls++
		md, err := c.GetTopic(ctx, name)
		switch {
		case err == nil:
			n := md.PartitionCount()
			stats.Last = fmt.Sprintf("visible with %d partitions (replication factor %d)", n, md.ReplicationFactor())
			if opts.WantPartitions <= 0 || n >= opts.WantPartitions {
				stats.Elapsed = c.now().Sub(start)
				return md, stats, nil
			}
		case IsNotFound(err):
			stats.Last = "not visible yet (HTTP 404)"
		case ctx.Err() != nil:
			return timedOut()
		case IsTransient(err):
			// A proxy outage longer than one poll's retries is an observed state, not the end of the
			// wait: the topic was created, and giving up here would leave it on the cluster without
			// a state. Only ctx (the create timeout) bounds it.
			stats.Last = transientState(err)
		default:
			stats.Elapsed = c.now().Sub(start)
			return nil, stats, fmt.Errorf("kafkarest: waiting for topic %q to become visible (poll %d): %w", name, stats.Polls, err)
		}
		if c.log != nil {
			c.log.Debug(ctx, "kafkarest: waiting for topic", map[string]any{
				"topic": name, "poll": stats.Polls, "state": stats.Last, "next_poll_ms": interval.Milliseconds(),
			})
		}
		if err := c.sleep(ctx, interval); err != nil {
			return timedOut()
		}
		next := min(waitBase+c.now().Sub(start)/waitSlope, opts.Max)
		interval = time.Duration(float64(next) * (1 - waitJitterSpan*c.jitter()))
	}
}
