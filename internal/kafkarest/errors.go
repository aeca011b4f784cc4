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
// for 401 and 403, what to do about it.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" " + t)
	}
	if msg := e.message(); msg != "" {
		b.WriteString(": " + msg)
	}
	switch e.StatusCode {
	case http.StatusUnauthorized:
		b.WriteString("; the REST proxy rejected the access token: check tenant_id, client_id and the credential " +
			"(client secret, certificate, OIDC token or managed identity), and that the token scope is " + proxyScope)
	case http.StatusForbidden:
		b.WriteString("; the application is authenticated but is not a member of the cluster's Kafka REST proxy " +
			"security group (kafkaRestProperties.clientGroupInfo): add the application's service principal to that group")
	}
	return b.String()
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
		s = strings.ReplaceAll(s, token, MaskToken(token))
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

// topicExistsError is CreateTopic's error for a topic that existed already.
type topicExistsError struct {
	topic string
	api   *APIError
}

func (e *topicExistsError) Error() string {
	return fmt.Sprintf("kafkarest: topic %q already exists on the cluster (%s)", e.topic, e.api.Error())
}

func (e *topicExistsError) Unwrap() []error { return []error{ErrTopicExists, e.api} }

// MaskToken returns a form of a secret that is safe to log: "***" for short
// values, otherwise a 4-character prefix and the length, e.g. "eyJ0***(1234 chars)".
func MaskToken(s string) string {
	if len(s) < 16 {
		return "***"
	}
	return fmt.Sprintf("%s***(%d chars)", s[:4], len(s))
}
