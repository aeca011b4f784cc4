package kafkarest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// maxErrorBody is how much of an error response body an APIError keeps.
const maxErrorBody = 4 << 10

// proxyScope is the OAuth scope the REST proxy's tokens must be issued for
// (named in the 401 hint).
const proxyScope = "https://hib.azurehdinsight.net/.default"

// ErrTopicExists is wrapped by CreateTopic's error when the topic already
// existed before this client's first attempt.
var ErrTopicExists = errors.New("topic already exists")

// APIError is a non-2xx answer of the REST proxy.
type APIError struct {
	Method     string
	Path       string // the escaped request path, e.g. /v1/topics/orders
	StatusCode int
	Body       string // response body verbatim, truncated to 4 KB
}

// Error describes the failed request, the status, the proxy's message and,
// for 401 and 403, what to do about it (for 403 only when the proxy's message
// does not already name the security group).
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	msg := e.message()
	if msg != "" {
		b.WriteString(": " + msg)
	}
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		b.WriteString("; the REST proxy rejected the access token: check tenant_id, client_id and the credential " +
			"(client secret, certificate, OIDC token or managed identity), and that the token scope is " + proxyScope)
	case e.StatusCode == http.StatusForbidden && !namesSecurityGroup(msg):
		b.WriteString("; the application is authenticated but is not a member of the cluster's Kafka REST proxy " +
			"security group (kafkaRestProperties.clientGroupInfo): add the application's service principal to that group")
	}
	return b.String()
}

// namesSecurityGroup reports whether the proxy's 403 message already says what to do (it names the
// REST proxy's security group, as hdikafka-emulator's does), so that the hint is not repeated.
func namesSecurityGroup(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "security group") || strings.Contains(m, "clientgroupinfo")
}

// message is the proxy's error message: the "message" field of a JSON error
// body when there is one, the whole body (whitespace collapsed) otherwise.
func (e *APIError) message() string {
	body := strings.TrimSpace(e.Body)
	if body == "" {
		return ""
	}
	var obj struct {
		Message string `json:"message"`
	}
	if strings.HasPrefix(body, "{") && json.Unmarshal([]byte(body), &obj) == nil && obj.Message != "" {
		return obj.Message
	}
	return strings.Join(strings.Fields(body), " ")
}

// newAPIError builds an APIError, truncating the body and masking the bearer
// token should the server echo it.
func newAPIError(method, path string, status int, body []byte, token string) *APIError {
	truncated := false
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
		truncated = true
	}
	s := string(body)
	if token != "" && strings.Contains(s, token) {
		s = strings.ReplaceAll(s, token, maskToken(token))
	}
	if truncated {
		s += "…(truncated)"
	}
	return &APIError{Method: method, Path: path, StatusCode: status, Body: s}
}

func hasStatus(err error, status int) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == status
}

// IsNotFound reports whether err is or wraps an APIError with status 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

// IsUnauthorized reports whether err is or wraps an APIError with status 401.
func IsUnauthorized(err error) bool { return hasStatus(err, http.StatusUnauthorized) }

// IsForbidden reports whether err is or wraps an APIError with status 403.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// maskToken returns a form of a secret that is safe to log: "***" for short
// values, otherwise a 4-character prefix and the length, e.g. "eyJ0***(1234 chars)".
func maskToken(s string) string {
	if len(s) < 16 {
		return "***"
	}
	return fmt.Sprintf("%s***(%d chars)", s[:4], len(s))
}

// TopicExistsError is CreateTopic's error for a topic that was visible on the cluster and that
// this call cannot have created. errors.Is(err, ErrTopicExists) is true.
type TopicExistsError struct {
	Topic string
	API   *APIError // the proxy's answer to the PUT
}

func (e *TopicExistsError) Error() string {
	return fmt.Sprintf("kafkarest: topic %q already exists on the cluster (%s)", e.Topic, e.API.Error())
}

func (e *TopicExistsError) Unwrap() []error { return []error{ErrTopicExists, e.API} }

// CreateRejectedError is CreateTopic's error for a PUT answered 400 or 409 while the topic is not
// visible: an invalid request, a name that collides with another topic, or a topic that exists but
// is not in the proxy's metadata cache yet (the wire contract leaves the proxy's exact answer open).
type CreateRejectedError struct {
	Topic string
	API   *APIError
}

func (e *CreateRejectedError) Error() string {
	return fmt.Sprintf("kafkarest: the REST proxy refused to create topic %q: %s", e.Topic, e.API.Error())
}

func (e *CreateRejectedError) Unwrap() error { return e.API }

// ShapeField names the part of a topic's shape that a ShapeMismatchError is about.
type ShapeField string

// The fields of a topic's shape.
const (
	PartitionCountField    ShapeField = "partition count"
	ReplicationFactorField ShapeField = "replication factor"
)

// ShapeMismatchError is CreateTopic's error when the visible topic does not have the requested
// shape: most likely it existed before and a retried PUT found it.
type ShapeMismatchError struct {
	Topic     string
	Field     ShapeField
	Want, Got int
}

func (e *ShapeMismatchError) Error() string {
	return fmt.Sprintf("kafkarest: topic %q has %s %d, but %d was requested", e.Topic, e.Field, e.Got, e.Want)
}

// NotVisibleError is CreateTopic's error when the PUT was accepted (or may have been) but the
// topic did not become visible with the requested partitions before the context ended, or the
// wait failed otherwise. Stats tells what the wait saw.
type NotVisibleError struct {
	Topic   string
	Outcome CreateOutcome
	Stats   WaitStats
	Err     error
}

func (e *NotVisibleError) Error() string { return e.Err.Error() }
func (e *NotVisibleError) Unwrap() error { return e.Err }
