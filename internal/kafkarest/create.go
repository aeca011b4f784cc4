package kafkarest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/retry"
)

// CreateOutcome says how the PUT of CreateTopic ended.
type CreateOutcome int

const (
	// CreatedOutcome: an attempt was answered 200.
	CreatedOutcome CreateOutcome = iota + 1
	// FoundAfterRetry: an attempt failed transiently and, before re-sending,
	// the topic was found on the cluster: the earlier attempt landed.
	FoundAfterRetry
	// Ambiguous: an attempt that may have landed was followed by a 400/409
	// (e.g. "already exists") while the topic was not visible yet. CreateTopic
	// then waits for the topic and checks its shape, whatever CreateOptions say.
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

// CreateOptions tunes CreateTopic.
type CreateOptions struct {
	// Wait: after the PUT, poll until the topic is visible with the requested shape (WaitForTopic).
	// Without it CreateTopic returns once the PUT was accepted, except when the requested shape is
	// incomplete (only the cluster knows an omitted partition count or replication factor) or the
	// PUT's outcome was Ambiguous: then it waits anyway.
	Wait bool
	Poll WaitOptions // polling bounds of the wait; WantPartitions is set from the spec
}

// Created is CreateTopic's result.
type Created struct {
	Outcome  CreateOutcome
	Attempts int            // PUT requests sent
	Topic    *TopicMetadata // the topic as the proxy shows it; nil when CreateTopic did not wait or look
	Wait     WaitStats      // the visibility wait (zero when there was none)
}

// CreateTopic creates a topic with PUT /v1/topics/{name} as one operation: the PUT and its retries
// (through the retry engine), the landing check of a retried PUT, the visibility wait and the shape
// check. Its errors are typed:
//
//   - *TopicExistsError (errors.Is(err, ErrTopicExists)): the topic was visible and this call's PUT
//     cannot have made it;
//   - *CreateRejectedError: the proxy refused with 400/409 and the topic is not visible;
//   - *ShapeMismatchError: the visible topic's shape is not the requested one (a retried PUT whose
//     first attempt was lost found a topic made by someone else);
//   - *NotVisibleError: the PUT was accepted but the topic did not become visible before ctx ended
//     or the wait failed; it carries the wait statistics;
//   - other errors (401, 403, 5xx after all retries, ...) as the retry engine returns them.
//
// After a transient failure (429, 5xx, timeout, reset) the next attempt first checks with a
// single GET, not retried, whether the failed attempt landed (visible → FoundAfterRetry); a check
// that fails transiently is inconclusive and the PUT is sent again under the same budget.
func (c *Client) CreateTopic(ctx context.Context, name string, spec TopicSpec, opts CreateOptions) (*Created, error) {
	p, err := topicPath("/v1/topics/", name)
	if err != nil {
		return nil, err
	}
	if err := checkSpec(name, spec); err != nil {
		return nil, err
	}
	body, err := json.Marshal(topicCreationRecord{
		PartitionCount:    spec.PartitionCount,
		ReplicationFactor: spec.ReplicationFactor,
		TopicProperties:   spec.Properties,
	})
	if err != nil {
		return nil, fmt.Errorf("kafkarest: create topic %q: encoding the request: %w", name, err)
	}
	req := &request{method: http.MethodPut, path: p, body: body}

	res, err := c.put(ctx, name, req)
	if err != nil {
		return nil, err
	}
	if res.Topic == nil && (opts.Wait || res.Outcome == Ambiguous || spec.PartitionCount == nil || spec.ReplicationFactor == nil) {
		poll := opts.Poll
		if spec.PartitionCount != nil {
			poll.WantPartitions = int(*spec.PartitionCount)
		}
		md, stats, err := c.WaitForTopic(ctx, name, poll)
		res.Wait = stats
		if err != nil {
			return nil, &NotVisibleError{Topic: name, Outcome: res.Outcome, Stats: stats, Err: err}
		}
		res.Topic = md
	}
	if res.Topic != nil {
		if err := checkShape(name, spec, res.Topic); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// put sends the PUT through the retry engine with the landing checks described at CreateTopic.
func (c *Client) put(ctx context.Context, name string, req *request) (*Created, error) {
	res := &Created{}
	// mayHaveLanded: an earlier attempt failed in a way that does not rule out that the proxy
	// created the topic (5xx, timeout, reset; not 429).
	mayHaveLanded := false
	var lastFailure error
	err := c.policy.Do(ctx, func(ctx context.Context, attempt int) error {
		res.Attempts = attempt
		if attempt > 1 {
			done, err := c.landed(ctx, name, req, attempt-1, mayHaveLanded, lastFailure, res)
			if done || err != nil {
				return err
			}
		}
		_, err := c.attempt(ctx, req, attempt)
		if err == nil {
			res.Outcome = CreatedOutcome
			return nil
		}
		if retry.IsTransient(err) {
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != http.StatusTooManyRequests {
				mayHaveLanded = true
			}
			lastFailure = errors.Unwrap(err)
			return err
		}
		return c.rejected(ctx, name, req, attempt, mayHaveLanded, err, res)
	}, c.onRetry(req))
	if err == nil {
		return res, nil
	}
	if retry.IsExhausted(err) {
		// The last attempt failed transiently too: one more look before giving up.
		done, lerr := c.landed(ctx, name, req, res.Attempts, mayHaveLanded, lastFailure, res)
		if done && lerr == nil {
			return res, nil
		}
		if lerr != nil {
			return nil, lerr
		}
	}
	return nil, withLanding(namedRetryError(req, err), mayHaveLanded)
}

// landed is the check before re-sending (or giving up on) a PUT whose attempt n failed
// transiently: visible and possibly ours → done with FoundAfterRetry; visible while no attempt
// can have landed (only 429s) → a *TopicExistsError.
func (c *Client) landed(ctx context.Context, name string, req *request, n int, mayHaveLanded bool, failure error, res *Created) (bool, error) {
	md, seen, err := c.topicPresence(ctx, name)
	if err != nil {
		return false, withLanding(fmt.Errorf("kafkarest: create topic %q: checking whether attempt %d landed failed: %w (attempt %d failed: %w)",
			name, n, err, n, failure), mayHaveLanded)
	}
	switch seen {
	case presenceUnknown:
		c.warn(ctx, "kafkarest: landing check inconclusive", req, n, failure)
	case presenceFound:
		if mayHaveLanded {
			res.Outcome, res.Topic, res.Attempts = FoundAfterRetry, md, n
			return true, nil
		}
		var ae *APIError
		if errors.As(failure, &ae) {
			return false, &TopicExistsError{Topic: name, API: ae}
		}
	}
	return false, nil
}

// rejected decides a non-transient failure of attempt n. A 400/409 (the emulator's and, most
// likely, the proxy's answer for an existing topic) is checked against the topic's visibility.
func (c *Client) rejected(ctx context.Context, name string, req *request, n int, mayHaveLanded bool, failure error, res *Created) error {
	var apiErr *APIError
	if !errors.As(failure, &apiErr) || (apiErr.StatusCode != http.StatusBadRequest && apiErr.StatusCode != http.StatusConflict) {
		return failure
	}
	md, err := c.GetTopic(ctx, name)
	switch {
	case err == nil && mayHaveLanded:
		res.Outcome, res.Topic = FoundAfterRetry, md
		return nil
	case err == nil:
		return &TopicExistsError{Topic: name, API: apiErr}
	case !IsNotFound(err):
		return fmt.Errorf("kafkarest: create topic %q: the proxy answered %d and checking whether the topic exists failed: %w (create answer: %s)",
			name, apiErr.StatusCode, err, apiErr.Error())
	case mayHaveLanded:
		c.warn(ctx, "kafkarest: create outcome ambiguous", req, n, apiErr)
		res.Outcome = Ambiguous
		return nil
	default:
		return &CreateRejectedError{Topic: name, API: apiErr}
	}
}

// withLanding notes on err that the topic may exist after all.
func withLanding(err error, mayHaveLanded bool) error {
	if !mayHaveLanded {
		return err
	}
	return fmt.Errorf("%w (an earlier attempt may have created the topic; it becomes visible only after the proxy's metadata refresh)", err)
}

// checkSpec: the REST proxy takes 32-bit counts; Kafka needs at least one partition and replica.
func checkSpec(name string, spec TopicSpec) error {
	if spec.PartitionCount != nil && *spec.PartitionCount < 1 {
		return fmt.Errorf("kafkarest: create topic %q: partition count %d must be at least 1", name, *spec.PartitionCount)
	}
	if spec.ReplicationFactor != nil && *spec.ReplicationFactor < 1 {
		return fmt.Errorf("kafkarest: create topic %q: replication factor %d must be at least 1", name, *spec.ReplicationFactor)
	}
	return nil
}

// checkShape compares the visible topic with the requested shape.
func checkShape(name string, spec TopicSpec, md *TopicMetadata) error {
	if spec.PartitionCount != nil && md.PartitionCount() != int(*spec.PartitionCount) {
		return &ShapeMismatchError{Topic: name, Field: PartitionCountField, Want: int(*spec.PartitionCount), Got: md.PartitionCount()}
	}
	if spec.ReplicationFactor != nil && md.ReplicationFactor() != int(*spec.ReplicationFactor) {
		return &ShapeMismatchError{Topic: name, Field: ReplicationFactorField, Want: int(*spec.ReplicationFactor), Got: md.ReplicationFactor()}
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
// presenceUnknown and no error: the PUT's retry budget decides what comes next.
// Other failures are returned.
func (c *Client) topicPresence(ctx context.Context, name string) (*TopicMetadata, presence, error) {
	p, err := topicPath("/v1/metadata/topics/", name)
	if err != nil {
		return nil, presenceUnknown, err
	}
	req := &request{method: http.MethodGet, path: p + "/partitions"}
	resp, err := c.attempt(ctx, req, 1)
	switch {
	case err == nil:
		var md TopicMetadata
		if err := decode(req, resp, &md); err != nil {
			return nil, presenceUnknown, err
		}
		if md.Topic == "" {
			md.Topic = name
		}
		return &md, presenceFound, nil
	case IsNotFound(err):
		return nil, presenceAbsent, nil
	case retry.IsTransient(err):
		return nil, presenceUnknown, nil
	default:
		return nil, presenceUnknown, err
	}
}
