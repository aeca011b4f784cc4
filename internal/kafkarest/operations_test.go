package kafkarest

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

const partitionsJSON = `{"topic":"orders","partitions":[
 {"partition_id":0,"earliest_offset":0,"latest_offset":42,
  "leader":{"hostName":"wn0","port":9092,"id":1001,"rack":"0"},
  "replicas":[{"hostName":"wn0","port":9092,"id":1001,"rack":"0"},{"hostName":"wn1","port":9092,"id":1002}],
  "isr":[{"hostName":"wn0","port":9092,"id":1001,"rack":"0"}]},
 {"partition_id":1,"earliest_offset":5,"latest_offset":7,
  "leader":{"hostName":"wn1","port":9092,"id":1002},
  "replicas":[{"hostName":"wn1","port":9092,"id":1002}],
  "isr":[]}]}`

// checkCommonHeaders asserts the headers every request carries.
func checkCommonHeaders(t *testing.T, r recorded, wantBody bool) {
	t.Helper()
	if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q, want the bearer token", got)
	}
	if got := r.Header.Get("User-Agent"); got != "hdikafka-test/1.0" {
		t.Errorf("User-Agent = %q", got)
	}
	if got := r.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	ct := r.Header.Get("Content-Type")
	if wantBody && ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if !wantBody && ct != "" {
		t.Errorf("Content-Type = %q on a request without body", ct)
	}
}

func onlyRequest(t *testing.T, s *scriptServer) recorded {
	t.Helper()
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1: %+v", len(reqs), reqs)
	}
	return reqs[0]
}

func TestOperationsRequestsAndDecoding(t *testing.T) {
	ctx := context.Background()
	rack := "0"
	wantMD := &TopicMetadata{Topic: "orders", Partitions: []Partition{
		{ID: 0, EarliestOffset: 0, LatestOffset: 42,
			Leader:   &Broker{ID: 1001, Host: "wn0", Port: 9092, Rack: &rack},
			Replicas: []Broker{{ID: 1001, Host: "wn0", Port: 9092, Rack: &rack}, {ID: 1002, Host: "wn1", Port: 9092}},
			ISR:      []Broker{{ID: 1001, Host: "wn0", Port: 9092, Rack: &rack}}},
		{ID: 1, EarliestOffset: 5, LatestOffset: 7,
			Leader:   &Broker{ID: 1002, Host: "wn1", Port: 9092},
			Replicas: []Broker{{ID: 1002, Host: "wn1", Port: 9092}},
			ISR:      []Broker{}},
	}}

	tests := []struct {
		name       string
		path       string // escaped path the server must see
		reply      http.HandlerFunc
		call       func(c *Client) (any, error)
		wantMethod string
		wantQuery  string
		wantBody   string // JSON; "" = no body
		want       any
	}{
		{
			name: "status", path: "/v1/status", reply: jsonReply(200, `"OK"`),
			call:       func(c *Client) (any, error) { return c.Status(ctx) },
			wantMethod: "GET", want: "OK",
		},
		{
			name: "status non-JSON body", path: "/v1/status", reply: jsonReply(200, "healthy\n"),
			call:       func(c *Client) (any, error) { return c.Status(ctx) },
			wantMethod: "GET", want: "healthy",
		},
		{
			name: "create topic full spec", path: "/v1/topics/orders", reply: jsonReply(200, `"Topic orders created"`),
			call: func(c *Client) (any, error) {
				return c.CreateTopic(ctx, "orders", TopicSpec{PartitionCount: ptr[int32](3), ReplicationFactor: ptr[int32](2),
					Properties: map[string]string{"retention.ms": "604800000", "cleanup.policy": "compact"}}, CreateOptions{})
			},
			wantMethod: "PUT",
			wantBody:   `{"partition_count":3,"replication_factor":2,"topic_properties":{"cleanup.policy":"compact","retention.ms":"604800000"}}`,
			want:       &Created{Outcome: CreatedOutcome, Attempts: 1},
		},
		{
			name: "create topic without properties", path: "/v1/topics/a.b_c-d", reply: jsonReply(200, `"created"`),
			call: func(c *Client) (any, error) {
				return c.CreateTopic(ctx, "a.b_c-d", TopicSpec{PartitionCount: ptr[int32](1), ReplicationFactor: ptr[int32](1)}, CreateOptions{})
			},
			wantMethod: "PUT", wantBody: `{"partition_count":1,"replication_factor":1}`,
			want: &Created{Outcome: CreatedOutcome, Attempts: 1},
		},
		{
			name: "list topics", path: "/v1/metadata/topics", reply: jsonReply(200, `{"topics":["orders","__consumer_offsets"]}`),
			call:       func(c *Client) (any, error) { return c.ListTopics(ctx) },
			wantMethod: "GET", want: []string{"orders", "__consumer_offsets"},
		},
		{
			name: "list topics empty", path: "/v1/metadata/topics", reply: jsonReply(200, `{}`),
			call:       func(c *Client) (any, error) { return c.ListTopics(ctx) },
			wantMethod: "GET", want: []string{},
		},
		{
			name: "get topic", path: "/v1/metadata/topics/orders/partitions", reply: jsonReply(200, partitionsJSON),
			call:       func(c *Client) (any, error) { return c.GetTopic(ctx, "orders") },
			wantMethod: "GET", want: wantMD,
		},
		{
			name: "get topic escapes the name", path: "/v1/metadata/topics/we%20ird%2Fname%3F/partitions",
			reply:      jsonReply(200, `{"topic":"we ird/name?","partitions":[]}`),
			call:       func(c *Client) (any, error) { return c.GetTopic(ctx, "we ird/name?") },
			wantMethod: "GET", want: &TopicMetadata{Topic: "we ird/name?", Partitions: []Partition{}},
		},
		{
			name: "get partition", path: "/v1/metadata/topics/orders/partitions/7",
			reply:      jsonReply(200, `{"partition_id":7,"earliest_offset":1,"latest_offset":9,"leader":{"hostName":"wn2","port":9093,"id":3,"rack":null},"replicas":[{"hostName":"wn2","port":9093,"id":3}],"isr":[{"hostName":"wn2","port":9093,"id":3}]}`),
			call:       func(c *Client) (any, error) { return c.GetPartition(ctx, "orders", 7) },
			wantMethod: "GET",
			want: &Partition{ID: 7, EarliestOffset: 1, LatestOffset: 9, Leader: &Broker{ID: 3, Host: "wn2", Port: 9093},
				Replicas: []Broker{{ID: 3, Host: "wn2", Port: 9093}}, ISR: []Broker{{ID: 3, Host: "wn2", Port: 9093}}},
		},
		{
			name: "list brokers", path: "/v1/metadata/brokers",
			reply:      jsonReply(200, `{"brokers":[{"hostName":"wn0","port":9092,"id":1001,"rack":"r1"},{"hostName":"wn1","port":9092,"id":1002}]}`),
			call:       func(c *Client) (any, error) { return c.ListBrokers(ctx) },
			wantMethod: "GET",
			want:       []Broker{{ID: 1001, Host: "wn0", Port: 9092, Rack: ptr("r1")}, {ID: 1002, Host: "wn1", Port: 9092}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.srv.on(tc.path, tc.reply)
			got, err := tc.call(e.client)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			r := onlyRequest(t, e.srv)
			if r.Method != tc.wantMethod || r.Path != tc.path || r.Query != tc.wantQuery {
				t.Errorf("request = %s %s?%s, want %s %s?%s", r.Method, r.Path, r.Query, tc.wantMethod, tc.path, tc.wantQuery)
			}
			checkCommonHeaders(t, r, tc.wantBody != "")
			if tc.wantBody != "" && !jsonEqual(t, r.Body, tc.wantBody) {
				t.Errorf("body = %s, want %s", r.Body, tc.wantBody)
			}
			if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("result = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal([]byte(a), &va); err != nil {
		t.Fatalf("bad JSON %q: %v", a, err)
	}
	if err := json.Unmarshal([]byte(b), &vb); err != nil {
		t.Fatalf("bad JSON %q: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}

func TestTopicMetadataShape(t *testing.T) {
	var md TopicMetadata
	if err := json.Unmarshal([]byte(partitionsJSON), &md); err != nil {
		t.Fatal(err)
	}
	if md.PartitionCount() != 2 || md.ReplicationFactor() != 2 {
		t.Errorf("PartitionCount, ReplicationFactor = %d, %d; want 2, 2", md.PartitionCount(), md.ReplicationFactor())
	}
	var nilMD *TopicMetadata
	if nilMD.PartitionCount() != 0 || nilMD.ReplicationFactor() != 0 {
		t.Error("nil metadata must report 0, 0")
	}
}

func TestBadInputsAreErrorsWithoutRequests(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		call func(c *Client) error
		want string
	}{
		{"empty topic get", func(c *Client) error { _, err := c.GetTopic(ctx, ""); return err }, "must not be empty"},
		{"empty topic create", func(c *Client) error { _, err := c.CreateTopic(ctx, "", TopicSpec{}, CreateOptions{}); return err }, "must not be empty"},
		{"zero partitions", func(c *Client) error {
			_, err := c.CreateTopic(ctx, "t", TopicSpec{PartitionCount: ptr[int32](0)}, CreateOptions{})
			return err
		}, "partition count 0 must be at least 1"},
		{"zero replication", func(c *Client) error {
			_, err := c.CreateTopic(ctx, "t", TopicSpec{ReplicationFactor: ptr[int32](0)}, CreateOptions{})
			return err
		}, "replication factor 0 must be at least 1"},
		{"negative partition", func(c *Client) error { _, err := c.GetPartition(ctx, "t", -1); return err }, "partition ids are >= 0"},
		{"wait empty name", func(c *Client) error { _, _, err := c.WaitForTopic(ctx, "", WaitOptions{}); return err }, "must not be empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			err := tc.call(e.client)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.want)
			}
			if n := len(e.srv.requests()); n != 0 {
				t.Errorf("server saw %d requests, want none", n)
			}
		})
	}
}

func TestDecodeErrorsNameTheRequest(t *testing.T) {
	e := newEnv(t, nil)
	e.srv.on("/v1/metadata/brokers", jsonReply(200, `{"brokers":"nope"}`))
	_, err := e.client.ListBrokers(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GET /v1/metadata/brokers: decoding") {
		t.Errorf("ListBrokers err = %v", err)
	}
}
