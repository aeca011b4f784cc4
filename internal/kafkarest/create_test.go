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
		want         Created // Outcome and Attempts are compared
		wantExists   bool    // error wraps ErrTopicExists
		wantErrAPI   int     // error wraps an APIError with this status
		wantErrText  string
		wantPuts     int
		wantGets     int
		wantAnyError bool
	}{
		{name: "created at once", put: []http.HandlerFunc{created},
			want: Created{Outcome: CreatedOutcome, Attempts: 1}, wantPuts: 1, wantGets: 0},
		{name: "500 but the topic exists: found after retry", put: []http.HandlerFunc{jsonReply(500, `{}`), created}, get: []http.HandlerFunc{exists},
			want: Created{Outcome: FoundAfterRetry, Attempts: 1}, wantPuts: 1, wantGets: 1},
		{name: "reset but the topic exists: found after retry", put: []http.HandlerFunc{hangUp, created}, get: []http.HandlerFunc{exists},
			want: Created{Outcome: FoundAfterRetry, Attempts: 1}, wantPuts: 1, wantGets: 1},
		{name: "500, not landed, retry creates", put: []http.HandlerFunc{jsonReply(503, `{}`), created}, get: []http.HandlerFunc{missing},
			want: Created{Outcome: CreatedOutcome, Attempts: 2}, wantPuts: 2, wantGets: 1},
		{name: "500, not visible, retry says exists: ambiguous, then waited for", put: []http.HandlerFunc{jsonReply(500, `{}`), already}, get: []http.HandlerFunc{missing, missing, missing, exists},
			want: Created{Outcome: Ambiguous, Attempts: 2}, wantPuts: 2, wantGets: 4},
		{name: "ambiguous, then visible with another shape: shape mismatch", put: []http.HandlerFunc{jsonReply(500, `{}`), already},
			get:          []http.HandlerFunc{missing, missing, jsonReply(200, `{"topic":"orders","partitions":[{"partition_id":0,"replicas":[{"id":1}]},{"partition_id":1,"replicas":[{"id":1}]}]}`)},
			wantAnyError: true, wantErrText: "has partition count 2, but 1 was requested", wantPuts: 2, wantGets: 3},
		{name: "reset, retry gets 409, then visible: found after retry", put: []http.HandlerFunc{hangUp, jsonReply(409, `{}`)}, get: []http.HandlerFunc{missing, exists},
			want: Created{Outcome: FoundAfterRetry, Attempts: 2}, wantPuts: 2, wantGets: 2},
		{name: "first attempt 400 and the topic exists: ErrTopicExists", put: []http.HandlerFunc{already}, get: []http.HandlerFunc{exists},
			wantExists: true, wantErrAPI: 400, wantErrText: `topic "orders" already exists`, wantPuts: 1, wantGets: 1},
		{name: "first attempt 409 and the topic exists: ErrTopicExists", put: []http.HandlerFunc{jsonReply(409, `{}`)}, get: []http.HandlerFunc{exists},
			wantExists: true, wantErrAPI: 409, wantPuts: 1, wantGets: 1},
		{name: "first attempt 400, topic absent: the APIError", put: []http.HandlerFunc{jsonReply(400, `{"message":"Invalid value abc for configuration retention.ms"}`)},
			get: []http.HandlerFunc{missing}, wantErrAPI: 400, wantErrText: "Invalid value abc", wantPuts: 1, wantGets: 1},
		{name: "429 then created", put: []http.HandlerFunc{jsonReply(429, `{}`), created}, get: []http.HandlerFunc{missing},
			want: Created{Outcome: CreatedOutcome, Attempts: 2}, wantPuts: 2, wantGets: 1},
		{name: "429 and the topic is there already: ErrTopicExists", put: []http.HandlerFunc{jsonReply(429, `{}`)}, get: []http.HandlerFunc{exists},
			wantExists: true, wantErrAPI: 429, wantPuts: 1, wantGets: 1},
		{name: "401 is returned without checks", put: []http.HandlerFunc{jsonReply(401, `{}`)},
			wantErrAPI: 401, wantErrText: "tenant_id", wantPuts: 1, wantGets: 0},
		{name: "500, presence check 503 once, retry creates without nested retries",
			put: []http.HandlerFunc{jsonReply(500, `{}`), created}, get: []http.HandlerFunc{jsonReply(503, `{}`), exists},
			want: Created{Outcome: CreatedOutcome, Attempts: 2}, wantPuts: 2, wantGets: 1},
		{name: "500, presence check 503, retry says exists, then visible: found after retry",
			put: []http.HandlerFunc{jsonReply(500, `{}`), already}, get: []http.HandlerFunc{jsonReply(503, `{}`), exists},
			want: Created{Outcome: FoundAfterRetry, Attempts: 2}, wantPuts: 2, wantGets: 2},
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
			spec := TopicSpec{PartitionCount: ptr[int32](1), ReplicationFactor: ptr[int32](1)}
			res, err := e.client.CreateTopic(context.Background(), "orders", spec, CreateOptions{})
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
				if res.Outcome != tc.want.Outcome || res.Attempts != tc.want.Attempts {
					t.Errorf("result = %+v, want outcome %s after %d attempts", res, tc.want.Outcome, tc.want.Attempts)
				}
				if (res.Outcome != CreatedOutcome) != (res.Topic != nil) {
					t.Errorf("Topic = %v for outcome %s: a found or ambiguous create must carry the topic it saw", res.Topic, res.Outcome)
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

func TestCreateTopicWaitsAndChecksShape(t *testing.T) {
	const (
		putPath = "/v1/topics/orders"
		getPath = "/v1/metadata/topics/orders/partitions"
	)
	created := jsonReply(200, `"Topic orders created"`)
	missing := jsonReply(404, `{"error_code":404,"message":"Topic orders not found"}`)
	full := TopicSpec{PartitionCount: ptr[int32](2), ReplicationFactor: ptr[int32](2)}
	tests := []struct {
		name      string
		spec      TopicSpec
		wait      bool
		get       []http.HandlerFunc
		wantGets  int
		wantTopic bool   // Created.Topic set
		wantErr   string // error text; "" = success
		check     func(t *testing.T, err error)
	}{
		{name: "no wait, full shape: no GET at all", spec: full, wantGets: 0},
		{name: "wait: polls until visible with the partitions", spec: full, wait: true,
			get: []http.HandlerFunc{missing, partitionsReply(1), partitionsReply(2)}, wantGets: 3, wantTopic: true},
		{name: "no wait but replication factor omitted: waits, only the cluster knows it",
			spec: TopicSpec{PartitionCount: ptr[int32](2)}, get: []http.HandlerFunc{missing, partitionsReply(2)}, wantGets: 2, wantTopic: true},
		{name: "no wait but partition count omitted: waits", spec: TopicSpec{ReplicationFactor: ptr[int32](2)},
			get: []http.HandlerFunc{partitionsReply(5)}, wantGets: 1, wantTopic: true},
		{name: "wait sees another replication factor: shape mismatch", spec: TopicSpec{PartitionCount: ptr[int32](1), ReplicationFactor: ptr[int32](3)}, wait: true,
			get: []http.HandlerFunc{partitionsReply(1)}, wantGets: 1, wantErr: "has replication factor 2, but 3 was requested",
			check: func(t *testing.T, err error) {
				var se *ShapeMismatchError
				if !errors.As(err, &se) || se.Field != ReplicationFactorField || se.Want != 3 || se.Got != 2 {
					t.Errorf("err = %#v, want a ShapeMismatchError for the replication factor", err)
				}
			}},
		{name: "wait fails on 403: not visible, with statistics", spec: full, wait: true,
			get: []http.HandlerFunc{missing, jsonReply(403, `{}`)}, wantGets: 2, wantErr: "waiting for topic",
			check: func(t *testing.T, err error) {
				var nv *NotVisibleError
				if !errors.As(err, &nv) || nv.Stats.Polls != 2 || nv.Outcome != CreatedOutcome || !IsForbidden(err) {
					t.Errorf("err = %#v, want a NotVisibleError after 2 polls wrapping the 403", err)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.on(putPath, created)
			if len(tc.get) > 0 {
				e.srv.on(getPath, tc.get...)
			}
			res, err := e.client.CreateTopic(context.Background(), "orders", tc.spec, CreateOptions{Wait: tc.wait})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				tc.check(t, err)
			} else {
				if err != nil {
					t.Fatalf("CreateTopic: %v", err)
				}
				if (res.Topic != nil) != tc.wantTopic {
					t.Errorf("Topic = %+v, want set: %v", res.Topic, tc.wantTopic)
				}
				if tc.wantTopic && res.Wait.Polls != tc.wantGets {
					t.Errorf("Wait.Polls = %d, want %d", res.Wait.Polls, tc.wantGets)
				}
			}
			if n := e.srv.hits("GET", getPath); n != tc.wantGets {
				t.Errorf("GETs = %d, want %d", n, tc.wantGets)
			}
			if n := e.srv.hits("PUT", putPath); n != 1 {
				t.Errorf("PUTs = %d, want 1", n)
			}
		})
	}
}

func TestCreateTopicNotVisibleBeforeDeadline(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.on("/v1/topics/orders", jsonReply(200, `"created"`))
	ctx, cancel := context.WithCancel(context.Background())
	polls := 0
	e.srv.on("/v1/metadata/topics/orders/partitions", func(w http.ResponseWriter, r *http.Request) {
		if polls++; polls == 3 {
			cancel()
		}
		jsonReply(404, `{}`)(w, r)
	})
	_, err := e.client.CreateTopic(ctx, "orders", TopicSpec{PartitionCount: ptr[int32](1), ReplicationFactor: ptr[int32](1)}, CreateOptions{Wait: true})
	var nv *NotVisibleError
	if !errors.As(err, &nv) || nv.Stats.Polls != 3 || !strings.Contains(nv.Stats.Last, "404") || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %#v, want NotVisibleError after 3 polls, last 404, wrapping the cancellation", err)
	}
}
