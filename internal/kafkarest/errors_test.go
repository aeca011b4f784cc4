package kafkarest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestAPIErrorText(t *testing.T) {
	tests := []struct {
		status  int
		body    string
		want    []string
		notWant []string
	}{
		{401, `{"error_code":401,"message":"invalid token"}`, []string{
			"GET /v1/metadata/topics: HTTP 401 Unauthorized: invalid token",
			"rejected the access token", "tenant_id", "client_id", "credential", "https://hib.azurehdinsight.net/.default",
		}, []string{"security group"}},
		{403, `{"error_code":403,"message":"not in group"}`, []string{
			"HTTP 403 Forbidden: not in group", "authenticated but is not a member",
			"REST proxy security group", "kafkaRestProperties.clientGroupInfo", "add the application",
		}, []string{"tenant_id"}},
		// The emulator's 403 names the group and what to do: the hint is not repeated.
		{403, `{"error_code":40301,"message":"the application \"app\" (object id \"o\") is not a member of the Kafka REST proxy's security group \"g\": add the application's service principal to that group"}`, []string{
			`HTTP 403 Forbidden: the application "app" (object id "o") is not a member of the Kafka REST proxy's security group "g": add the application's service principal to that group`,
		}, []string{"authenticated but is not a member", "clientGroupInfo"}},
		{403, `{"message":"Forbidden: see kafkaRestProperties.clientGroupInfo"}`, []string{"HTTP 403 Forbidden: Forbidden: see kafkaRestProperties.clientGroupInfo"},
			[]string{"authenticated but is not a member"}},
		{404, `{"error_code":404,"message":"Topic orders not found"}`, []string{"HTTP 404 Not Found: Topic orders not found"},
			[]string{"security group", "tenant_id"}},
		{500, "upstream\n  exploded", []string{"HTTP 500 Internal Server Error: upstream exploded"}, nil},
		{502, "", []string{"HTTP 502 Bad Gateway"}, []string{"Bad Gateway:"}},
		{599, "x", []string{"HTTP 599: x"}, nil},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			e := &APIError{Method: "GET", Path: "/v1/metadata/topics", StatusCode: tc.status, Body: tc.body}
			msg := e.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("Error() = %q, missing %q", msg, w)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(msg, w) {
					t.Errorf("Error() = %q, must not contain %q", msg, w)
				}
			}
		})
	}
}

func TestAPIErrorFromServer(t *testing.T) {
	big := strings.Repeat("x", 10_000)
	tests := []struct {
		name       string
		status     int
		body       string
		isNotFound bool
		isUnauth   bool
		isForbid   bool
		wantBody   string
	}{
		{"404", 404, `{"error_code":404,"message":"nope"}`, true, false, false, `{"error_code":404,"message":"nope"}`},
		{"401", 401, "  raw body \n", false, true, false, "  raw body \n"},
		{"403", 403, `{}`, false, false, true, `{}`},
		{"400 truncated", 400, big, false, false, false, big[:maxErrorBody] + "…(truncated)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.on("/v1/metadata/topics", jsonReply(tc.status, tc.body))
			_, err := e.client.ListTopics(context.Background())
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %v, want *APIError", err)
			}
			if ae.Method != "GET" || ae.Path != "/v1/metadata/topics" || ae.StatusCode != tc.status || ae.Body != tc.wantBody {
				t.Errorf("APIError = %s %s %d body(%d) %.60q", ae.Method, ae.Path, ae.StatusCode, len(ae.Body), ae.Body)
			}
			if IsNotFound(err) != tc.isNotFound || IsUnauthorized(err) != tc.isUnauth || IsForbidden(err) != tc.isForbid {
				t.Errorf("IsNotFound/IsUnauthorized/IsForbidden = %v/%v/%v", IsNotFound(err), IsUnauthorized(err), IsForbidden(err))
			}
			wrapped := fmt.Errorf("outer: %w", err)
			if IsNotFound(wrapped) != tc.isNotFound {
				t.Error("IsNotFound does not see through wrapping")
			}
		})
	}
	if IsNotFound(nil) || IsNotFound(errors.New("404")) {
		t.Error("IsNotFound must be false for nil and non-API errors")
	}
}

func TestMaskToken(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "***"},
		{"short", "***"},
		{"0123456789abcde", "***"},
		{"0123456789abcdef", "0123***(16 chars)"},
		{testToken, "eyJ0***(" + fmt.Sprint(len(testToken)) + " chars)"},
	}
	for _, tc := range tests {
		if got := maskToken(tc.in); got != tc.want {
			t.Errorf("maskToken(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestErrorBodyEchoingTheTokenIsMasked(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.on("/v1/status", func(w http.ResponseWriter, r *http.Request) {
		jsonReply(401, `{"message":"bad token `+strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")+`"}`)(w, r)
	})
	_, err := e.client.Status(context.Background())
	if !IsUnauthorized(err) {
		t.Fatalf("err = %v, want 401", err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("error contains the token: %v", err)
	}
	if !strings.Contains(err.Error(), maskToken(testToken)) {
		t.Errorf("error %q should show the masked token", err)
	}
}
