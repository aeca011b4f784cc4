package kafkarest

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestCreateTopicLandingChecks(t *testing.T) {
	const (
		putPath = "/v1/topics/orders"
		getPath = "/v1/metadata/topics/orders/partitions"
	)
	exists := jsonReply(200, `{"topic":"orders","partitions":[{"partition_id":0,"replicas":[{"id":1}]}]}`)
	missing := jsonReply(404, `{"error_code":404,"message":"Topic orders not found"}`)
	already := jsonReply(400, `{"error_code":400,"message":"Topic 'orders' already exists."}`)
	created := jsonReply(200, `"Topic orders created"`)

	tests := []struct {
		name         string
		put, get     []http.HandlerFunc
		want         CreateResult // compared without Detail
		wantDetail   int          // status of Detail, 0 = nil
		wantExists   bool         // error wraps ErrTopicExists
		wantErrAPI   int          // error wraps an APIError with this status
		wantErrText  string
		wantPuts     int
		wantGets     int
		wantAnyError bool
	}{
		{name: "created at once", put: []http.HandlerFunc{created},
			want: CreateResult{Outcome: CreatedOutcome, Attempts: 1}, wantPuts: 1, wantGets: 0},
		{name: "500 but the topic exists: found after retry", put: []http.HandlerFunc{jsonReply(500, `{}`), created}, get: []http.HandlerFunc{exists},
			want: CreateResult{Outcome: FoundAfterRetry, Attempts: 1}, wantPuts: 1, wantGets: 1},
		{name: "reset but the topic exists: found after retry", put: []http.HandlerFunc{hangUp, created}, get: []http.HandlerFunc{exists},
			want: CreateResult{Outcome: FoundAfterRetry, Attempts: 1}, wantPuts: 1, wantGets: 1},
		{name: "500, not landed, retry creates", put: []http.HandlerFunc{jsonReply(503, `{}`), created}, get: []http.HandlerFunc{missing},
			want: CreateResult{Outcome: CreatedOutcome, Attempts: 2}, wantPuts: 2, wantGets: 1},
		{name: "500, not visible, retry says exists: ambiguous", put: []http.HandlerFunc{jsonReply(500, `{}`), already}, get: []http.HandlerFunc{missing},
			want: CreateResult{Outcome: Ambiguous, Attempts: 2}, wantDetail: 400, wantPuts: 2, wantGets: 2},
		{name: "reset, retry gets 409, then visible: found after retry", put: []http.HandlerFunc{hangUp, jsonReply(409, `{}`)}, get: []http.HandlerFunc{missing, exists},
			want: CreateResult{Outcome: FoundAfterRetry, Attempts: 2}, wantPuts: 2, wantGets: 2},
		{name: "first attempt 400 and the topic exists: ErrTopicExists", put: []http.HandlerFunc{already}, get: []http.HandlerFunc{exists},
			wantExists: true, wantErrAPI: 400, wantErrText: `topic "orders" already exists`, wantPuts: 1, wantGets: 1},
		{name: "first attempt 409 and the topic exists: ErrTopicExists", put: []http.HandlerFunc{jsonReply(409, `{}`)}, get: []http.HandlerFunc{exists},
			wantExists: true, wantErrAPI: 409, wantPuts: 1, wantGets: 1},
		{name: "first attempt 400, topic absent: the APIError", put: []http.HandlerFunc{jsonReply(400, `{"message":"Invalid value abc for configuration retention.ms"}`)},
			get: []http.HandlerFunc{missing}, wantErrAPI: 400, wantErrText: "Invalid value abc", wantPuts: 1, wantGets: 1},
		{name: "429 then created", put: []http.HandlerFunc{jsonReply(429, `{}`), created}, get: []http.HandlerFunc{missing},
			want: CreateResult{Outcome: CreatedOutcome, Attempts: 2}, wantPuts: 2, wantGets: 1},
		{name: "429 and the topic is there already: ErrTopicExists", put: []http.HandlerFunc{jsonReply(429, `{}`)}, get: []http.HandlerFunc{exists},
			wantExists: true, wantErrAPI: 429, wantPuts: 1, wantGets: 1},
		{name: "401 is returned without checks", put: []http.HandlerFunc{jsonReply(401, `{}`)},
			wantErrAPI: 401, wantErrText: "tenant_id", wantPuts: 1, wantGets: 0},
		{name: "500, presence check 503 once, retry creates without nested retries",
			put: []http.HandlerFunc{jsonReply(500, `{}`), created}, get: []http.HandlerFunc{jsonReply(503, `{}`), exists},
			want: CreateResult{Outcome: CreatedOutcome, Attempts: 2}, wantPuts: 2, wantGets: 1},
		{name: "500, presence check 503, retry says exists, then visible: found after retry",
			put: []http.HandlerFunc{jsonReply(500, `{}`), already}, get: []http.HandlerFunc{jsonReply(503, `{}`), exists},
			want: CreateResult{Outcome: FoundAfterRetry, Attempts: 2}, wantPuts: 2, wantGets: 2},
		{name: "exhausted 500s with every presence check 503",
			put: []http.HandlerFunc{jsonReply(500, `{"message":"boom"}`)}, get: []http.HandlerFunc{jsonReply(503, `{}`)},
			wantErrAPI: 500, wantErrText: "may have created the topic", wantPuts: 4, wantGets: 4},
		{name: "landing check fails with 403", put: []http.HandlerFunc{jsonReply(500, `{}`)}, get: []http.HandlerFunc{jsonReply(403, `{}`)},
			wantErrAPI: 403, wantErrText: "checking whether attempt 1 landed failed", wantPuts: 1, wantGets: 1},
		{name: "exhausted 500s say the topic may exist", put: []http.HandlerFunc{jsonReply(500, `{"message":"boom"}`)}, get: []http.HandlerFunc{missing},
			wantErrAPI: 500, wantErrText: "may have created the topic", wantPuts: 4, wantGets: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.on(putPath, tc.put...)
			if len(tc.get) > 0 {
				e.srv.on(getPath, tc.get...)
			}
			spec := TopicSpec{PartitionCount: ptr[int32](1)}
			res, err := e.client.CreateTopic(context.Background(), "orders", spec)
			wantErr := tc.wantExists || tc.wantErrAPI != 0 || tc.wantAnyError
			switch {
			case wantErr && err == nil:
				t.Fatalf("CreateTopic = %+v, want an error", res)
			case !wantErr && err != nil:
				t.Fatalf("CreateTopic: %v", err)
			}
			if wantErr {
				if errors.Is(err, ErrTopicExists) != tc.wantExists {
					t.Errorf("errors.Is(ErrTopicExists) = %v, want %v (err %v)", !tc.wantExists, tc.wantExists, err)
				}
				var ae *APIError
				if tc.wantErrAPI != 0 && (!errors.As(err, &ae) || ae.StatusCode != tc.wantErrAPI) {
					t.Errorf("err = %v, want an APIError %d", err, tc.wantErrAPI)
				}
				if !strings.Contains(err.Error(), tc.wantErrText) {
					t.Errorf("err = %q, want it to contain %q", err, tc.wantErrText)
				}
			} else {
				detail := res.Detail
				res.Detail = nil
				if res != tc.want {
					t.Errorf("result = %+v, want %+v", res, tc.want)
				}
				var ae *APIError
				switch {
				case tc.wantDetail == 0 && detail != nil:
					t.Errorf("Detail = %v, want nil", detail)
				case tc.wantDetail != 0 && (!errors.As(detail, &ae) || ae.StatusCode != tc.wantDetail):
					t.Errorf("Detail = %v, want APIError %d", detail, tc.wantDetail)
				}
			}
			if n := e.srv.hits("PUT", putPath); n != tc.wantPuts {
				t.Errorf("PUTs = %d, want %d", n, tc.wantPuts)
			}
			if n := e.srv.hits("GET", getPath); n != tc.wantGets {
				t.Errorf("GETs = %d, want %d", n, tc.wantGets)
			}
			var first string
			for _, r := range e.srv.requests() {
				if r.Method != "PUT" {
					continue
				}
				if first == "" {
					first = r.Body
				} else if r.Body != first {
					t.Errorf("retried PUT body %q differs from the first %q", r.Body, first)
				}
			}
		})
	}
}

func TestCreateOutcomeString(t *testing.T) {
	for o, want := range map[CreateOutcome]string{
		CreatedOutcome: "created", FoundAfterRetry: "found after retry", Ambiguous: "ambiguous", 0: "CreateOutcome(0)",
	} {
		if got := o.String(); got != want {
			t.Errorf("%d.String() = %q, want %q", int(o), got, want)
		}
	}
}
