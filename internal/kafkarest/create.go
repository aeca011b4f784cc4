package kafkarest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// CreateOutcome says how CreateTopic ended.
type CreateOutcome int

const (
	// CreatedOutcome: an attempt was answered 200.
	CreatedOutcome CreateOutcome = iota + 1
	// FoundAfterRetry: an attempt failed transiently and, before re-sending,
	// the topic was found on the cluster: the earlier attempt landed.
	FoundAfterRetry
	// Ambiguous: an attempt that may have landed was followed by a 400/409
	// (e.g. "already exists") while the topic was not visible yet. The caller
	// should wait for visibility and check the topic's shape.
	Ambiguous
)

func (o CreateOutcome) String() string {
	switch o {
	case CreatedOutcome:
		return "created"
	case FoundAfterRetry:
		return "found after retry"
	case Ambiguous:
		return "ambiguous"
	default:
		return fmt.Sprintf("CreateOutcome(%d)", int(o))
	}
}

// CreateResult is CreateTopic's successful result.
type CreateResult struct {
	Outcome  CreateOutcome
	Attempts int   // PUT requests sent
	Detail   error // for Ambiguous: the 400/409 answer of the retry
}

// CreateTopic calls PUT /v1/topics/{name}.
//
// After a transient failure (429, 5xx, timeout, reset) it first checks with
// a single GET, not retried, whether the failed attempt landed (present →
// FoundAfterRetry) before sending the PUT again; a check that fails
// transiently is inconclusive and the PUT is retried under its own budget. A 400/409 on a retry after an attempt that
// may have landed yields Ambiguous unless the topic is visible (then
// FoundAfterRetry). A 400/409 on the first attempt is checked the same way:
// an existing topic gives an error wrapping ErrTopicExists, otherwise the
// *APIError is returned.
func (c *Client) CreateTopic(ctx context.Context, name string, spec TopicSpec) (CreateResult, error) {
	p, err := topicPath("/v1/topics/", name)
	if err != nil {
		return CreateResult{}, err
	}
	if err := checkSpec(name, spec); err != nil {
		return CreateResult{}, err
	}
	body, err := json.Marshal(topicCreationRecord{
		PartitionCount:    spec.PartitionCount,
		ReplicationFactor: spec.ReplicationFactor,
		TopicProperties:   spec.Properties,
	})
	if err != nil {
		return CreateResult{}, fmt.Errorf("kafkarest: create topic %q: encoding the request: %w", name, err)
	}
	req := &request{method: http.MethodPut, path: p, body: body}

	// mayHaveLanded: an earlier attempt failed in a way that does not rule
	// out that the proxy created the topic (5xx, timeout, reset; not 429).
	mayHaveLanded := false
	for attempt := 1; ; attempt++ {
		resp, token, sendErr := c.send(ctx, req, attempt)
		failure, transient := c.outcome(ctx, req, resp, token, sendErr)
		if failure == nil {
			return CreateResult{Outcome: CreatedOutcome, Attempts: attempt}, nil
		}
		var apiErr *APIError
		isAPI := errors.As(failure, &apiErr)
		if !transient {
			if !isAPI || (apiErr.StatusCode != http.StatusBadRequest && apiErr.StatusCode != http.StatusConflict) {
				return CreateResult{}, failure
			}
			present, err := c.topicPresent(ctx, name)
			if err != nil {
				return CreateResult{}, fmt.Errorf("kafkarest: create topic %q: the proxy answered %d and checking whether the topic exists failed: %w (create answer: %s)",
					name, apiErr.StatusCode, err, apiErr.Error())
			}
			switch {
			case present && mayHaveLanded:
				return CreateResult{Outcome: FoundAfterRetry, Attempts: attempt}, nil
			case present:
				return CreateResult{}, &topicExistsError{topic: name, api: apiErr}
			case mayHaveLanded:
				c.warn(ctx, "kafkarest: create outcome ambiguous", req, attempt, apiErr)
				return CreateResult{Outcome: Ambiguous, Attempts: attempt, Detail: apiErr}, nil
			default:
				return CreateResult{}, failure
			}
		}
		if !isAPI || apiErr.StatusCode != http.StatusTooManyRequests {
			mayHaveLanded = true
		}
		last := attempt > c.maxRetries
		if !last {
			if err := c.pause(ctx, req, attempt, resp, failure); err != nil {
				return CreateResult{}, withLanding(err, mayHaveLanded)
			}
		}
		seen, err := c.topicPresence(ctx, name)
		if err != nil {
			return CreateResult{}, withLanding(fmt.Errorf("kafkarest: create topic %q: checking whether attempt %d landed failed: %w (attempt %d failed: %w)",
				name, attempt, err, attempt, failure), mayHaveLanded)
		}
		if seen == presenceUnknown {
			c.warn(ctx, "kafkarest: landing check inconclusive, retrying the create", req, attempt, failure)
		}
		if seen == presenceFound {
			if mayHaveLanded {
				return CreateResult{Outcome: FoundAfterRetry, Attempts: attempt}, nil
			}
			if isAPI {
				return CreateResult{}, &topicExistsError{topic: name, api: apiErr}
			}
		}
		if last {
			return CreateResult{}, withLanding(giveUp(req, attempt, failure), mayHaveLanded)
		}
	}
}

// withLanding notes on err that the topic may exist after all.
func withLanding(err error, mayHaveLanded bool) error {
	if !mayHaveLanded {
		return err
	}
	return fmt.Errorf("%w (an earlier attempt may have created the topic; it becomes visible only after the proxy's metadata refresh)", err)
}

// topicPresent is the final check after a 400/409 answer: GetTopic (with its
// own retries) succeeded → true; 404 → false; other errors returned.
func (c *Client) topicPresent(ctx context.Context, name string) (bool, error) {
	_, err := c.GetTopic(ctx, name)
	switch {
	case err == nil:
		return true, nil
	case IsNotFound(err):
		return false, nil
	default:
		return false, err
	}
}

func checkSpec(name string, spec TopicSpec) error {
	if spec.PartitionCount != nil && *spec.PartitionCount < 1 {
		return fmt.Errorf("kafkarest: create topic %q: partition count %d must be at least 1", name, *spec.PartitionCount)
	}
	if spec.ReplicationFactor != nil && *spec.ReplicationFactor < 1 {
		return fmt.Errorf("kafkarest: create topic %q: replication factor %d must be at least 1", name, *spec.ReplicationFactor)
	}
	return nil
}

func (c *Client) warn(ctx context.Context, msg string, req *request, attempt int, err error) {
	if c.log == nil {
		return
	}
	c.log.Warn(ctx, msg, map[string]any{
		"method": req.method, "path": req.path, "attempt": attempt, "error": err.Error(),
	})
}

// presence is the answer of a single-attempt landing check.
type presence int

const (
	presenceAbsent  presence = iota // 404
	presenceFound                   // 2xx
	presenceUnknown                 // a transient failure (429, 5xx, timeout, reset)
)

// topicPresence checks with one GET /v1/metadata/topics/{topic}/partitions,
// without retrying, whether the topic is visible. A transient failure gives
// presenceUnknown and no error: CreateTopic's own retry loop, with its backoff
// and budget, decides what comes next. Other failures are returned.
func (c *Client) topicPresence(ctx context.Context, name string) (presence, error) {
	p, err := topicPath("/v1/metadata/topics/", name)
	if err != nil {
		return presenceUnknown, err
	}
	req := &request{method: http.MethodGet, path: p + "/partitions"}
	resp, token, sendErr := c.send(ctx, req, 1)
	failure, transient := c.outcome(ctx, req, resp, token, sendErr)
	switch {
	case failure == nil:
		return presenceFound, nil
	case IsNotFound(failure):
		return presenceAbsent, nil
	case transient:
		return presenceUnknown, nil
	default:
		return presenceUnknown, failure
	}
}
