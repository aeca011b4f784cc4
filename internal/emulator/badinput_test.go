package emulator

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func TestBadInputMatrix(t *testing.T) { testBadInputMatrix(t, nil) }

// testBadInputMatrix sends every kind of bad input to an emulator started with
// modify: each is refused with its status and message, and nothing is created
// or written.
func testBadInputMatrix(t *testing.T, modify func(*Options)) {
	e := newTestEnv(t, modify)
	e.createTopic("existing", map[string]any{"partition_count": 2})
	for node := range e.srv.ProxyNodes() {
		waitFor(t, fmt.Sprintf("topic existing shown on node %d", node), func() bool {
			topics, err := e.srv.NodeTopics(node)
			return err == nil && topics["existing"] == 2
		})
	}
	long := strings.Repeat("a", 250)
	big := `{"records":[{"value":"` + strings.Repeat("x", maxProduceBody) + `"}]}`
	bigCreate := `{"topic_properties":{"retention.ms":"` + strings.Repeat("1", maxOtherBody) + `"}}`

	tests := []struct {
		name       string
		method     string
		path       string
		body       string
		wantStatus int
		wantText   string
	}{
		// create: names
		{"name with space", "PUT", "/v1/topics/bad%20name", "", 400, "invalid topic name"},
		{"name dot", "PUT", "/v1/topics/.", "", 400, "invalid topic name"},
		{"name dotdot", "PUT", "/v1/topics/..", "", 400, "invalid topic name"},
		{"name too long", "PUT", "/v1/topics/" + long, "", 400, "invalid topic name"},
		{"name with escaped slash", "PUT", "/v1/topics/a%2Fb", "", 400, "invalid topic name"},
		{"name with unicode", "PUT", "/v1/topics/t%C3%B6pic", "", 400, "invalid topic name"},
		// create: body
		{"malformed JSON", "PUT", "/v1/topics/t1", `{"partition_count":`, 400, "malformed JSON"},
		{"trailing data", "PUT", "/v1/topics/t1", `{} {}`, 400, "trailing data"},
		{"body is an array", "PUT", "/v1/topics/t1", `[1]`, 400, "must be a JSON object"},
		{"partition_count string", "PUT", "/v1/topics/t1", `{"partition_count":"3"}`, 400, "partition_count must be an integer"},
		{"partition_count float", "PUT", "/v1/topics/t1", `{"partition_count":1.5}`, 400, "partition_count"},
		{"partition_count zero", "PUT", "/v1/topics/t1", `{"partition_count":0}`, 400, "at least 1"},
		{"partition_count negative", "PUT", "/v1/topics/t1", `{"partition_count":-4}`, 400, "at least 1"},
		{"partition_count huge", "PUT", "/v1/topics/t1", `{"partition_count":99999999999}`, 400, "partition_count"},
		{"replication_factor zero", "PUT", "/v1/topics/t1", `{"replication_factor":0}`, 400, "at least 1"},
		{"replication_factor above brokers", "PUT", "/v1/topics/t1", `{"replication_factor":2}`, 400, "number of available brokers 1"},
		{"replication_factor bool", "PUT", "/v1/topics/t1", `{"replication_factor":true}`, 400, "must be an integer"},
		{"topic_properties array", "PUT", "/v1/topics/t1", `{"topic_properties":["a"]}`, 400, "topic_properties must be a JSON object"},
		{"property value object", "PUT", "/v1/topics/t1", `{"topic_properties":{"retention.ms":{"v":1}}}`, 400, "must be a string, number or boolean"},
		{"property value array", "PUT", "/v1/topics/t1", `{"topic_properties":{"cleanup.policy":["compact"]}}`, 400, "must be a string, number or boolean"},
		{"property value null", "PUT", "/v1/topics/t1", `{"topic_properties":{"retention.ms":null}}`, 400, "got null"},
		{"unknown property", "PUT", "/v1/topics/t1", `{"topic_properties":{"retention.msec":"1"}}`, 400, "retention.ms"},
		{"bad property value", "PUT", "/v1/topics/t1", `{"topic_properties":{"retention.ms":"abc"}}`, 400, "retention.ms"},
		{"bad enum", "PUT", "/v1/topics/t1", `{"topic_properties":{"cleanup.policy":"shred"}}`, 400, "cleanup.policy"},
		{"existing topic", "PUT", "/v1/topics/existing", `{}`, 400, "already exists"},
		{"oversized create body", "PUT", "/v1/topics/t1", bigCreate, 400, "request body exceeds the 1 MiB limit of create topic"},
		// produce
		{"produce unknown topic", "POST", "/v1/producer/topics/nope", `{"records":[{"value":1}]}`, 404, "not found"},
		{"produce malformed", "POST", "/v1/producer/topics/existing", `{"records":[`, 400, "malformed JSON"},
		{"produce empty body", "POST", "/v1/producer/topics/existing", ``, 400, "malformed JSON"},
		{"produce no records", "POST", "/v1/producer/topics/existing", `{"recs":[]}`, 400, `"records"`},
		{"produce records object", "POST", "/v1/producer/topics/existing", `{"records":{"value":1}}`, 400, "records must be a JSON array"},
		{"produce records empty", "POST", "/v1/producer/topics/existing", `{"records":[]}`, 400, "at least one record"},
		{"produce record not object", "POST", "/v1/producer/topics/existing", `{"records":["x"]}`, 400, "records[0] must be a JSON object"},
		{"produce no value", "POST", "/v1/producer/topics/existing", `{"records":[{"key":"k"}]}`, 400, `needs a "value"`},
		{"produce partition string", "POST", "/v1/producer/topics/existing", `{"records":[{"value":1,"partition":"0"}]}`, 400, "partition must be an integer"},
		{"produce partition negative", "POST", "/v1/producer/topics/existing", `{"records":[{"value":1,"partition":-1}]}`, 400, "must not be negative"},
		{"produce partition out of range", "POST", "/v1/producer/topics/existing", `{"records":[{"value":1,"partition":2}]}`, 404, "partition 2"},
		{"produce bad name", "POST", "/v1/producer/topics/..", `{"records":[{"value":1}]}`, 400, "invalid topic name"},
		{"produce oversized", "POST", "/v1/producer/topics/existing", big, 400, "request body exceeds the 8 MiB limit of produce"},
		// consume
		{"consume partition text", "GET", "/v1/consumer/topics/existing/partitions/abc/offsets/0", "", 400, "partition must be"},
		{"consume partition negative", "GET", "/v1/consumer/topics/existing/partitions/-1/offsets/0", "", 400, "partition must be"},
		{"consume partition overflow", "GET", "/v1/consumer/topics/existing/partitions/4294967296/offsets/0", "", 400, "partition must be"},
		{"consume offset text", "GET", "/v1/consumer/topics/existing/partitions/0/offsets/x", "", 400, "offset must be"},
		{"consume offset negative", "GET", "/v1/consumer/topics/existing/partitions/0/offsets/-5", "", 400, "offset must be"},
		{"consume count zero", "GET", "/v1/consumer/topics/existing/partitions/0/offsets/0?count=0", "", 400, "count must be"},
		{"consume count text", "GET", "/v1/consumer/topics/existing/partitions/0/offsets/0?count=abc", "", 400, "count must be"},
		{"consume count negative", "GET", "/v1/consumer/topics/existing/partitions/0/offsets/0?count=-1", "", 400, "count must be"},
		{"consume unknown topic", "GET", "/v1/consumer/topics/nope/partitions/0/offsets/0", "", 404, "not found"},
		{"consume unknown partition", "GET", "/v1/consumer/topics/existing/partitions/7/offsets/0", "", 404, "partition 7"},
		// metadata
		{"partition text", "GET", "/v1/metadata/topics/existing/partitions/one", "", 400, "partition must be"},
		{"partition unknown", "GET", "/v1/metadata/topics/existing/partitions/2", "", 404, "partition 2"},
		{"partitions of unknown topic", "GET", "/v1/metadata/topics/nope/partitions", "", 404, "not found"},
		// routing
		{"unknown route", "GET", "/v1/nothing", "", 404, "no API operation"},
		{"trailing slash", "GET", "/v1/metadata/topics/", "", 404, "no API operation"},
		{"wrong method", "DELETE", "/v1/topics/existing", "", 405, "use PUT"},
		{"wrong method on list", "POST", "/v1/metadata/topics", "{}", 405, "use GET"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			if tc.body != "" || tc.method == "POST" {
				body = tc.body
			}
			r := e.do(tc.method, tc.path, body)
			checkErrorBody(t, r, tc.wantStatus, tc.wantText)
		})
	}
	// Nothing was half-created.
	meta, err := e.srv.Backend().metadata(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(meta.Topics) != 1 {
		names := make([]string, 0, len(meta.Topics))
		for n := range meta.Topics {
			names = append(names, n)
		}
		t.Errorf("backend topics %v, want only \"existing\"", names)
	}
	if r := e.do(http.MethodGet, "/v1/consumer/topics/existing/partitions/0/offsets/0", nil); r.status != 200 || strings.Contains(string(r.body), `"value"`) {
		t.Errorf("a refused produce wrote records: %s", r.body)
	}
}

func TestCreateDefaultsAndAcceptedKinds(t *testing.T) {
	e := newTestEnv(t, func(o *Options) { o.Brokers = 4 })
	tests := []struct {
		topic      string
		body       any
		partitions int
		rf         int
	}{
		{"defaults-empty-body", nil, DefaultPartitionCount, 3},
		{"defaults-null", "null", DefaultPartitionCount, 3},
		{"defaults-object", "{}", DefaultPartitionCount, 3},
		{"explicit", `{"partition_count":5,"replication_factor":4,"unknown_field":[1,{"x":null}]}`, 5, 4},
		{"null-fields", `{"partition_count":null,"replication_factor":null,"topic_properties":null}`, DefaultPartitionCount, 3},
		{"property-kinds", `{"topic_properties":{"retention.ms":604800000,"min.insync.replicas":"1","unclean.leader.election.enable":false,"min.cleanable.dirty.ratio":0.5}}`, DefaultPartitionCount, 3},
	}
	for _, tc := range tests {
		e.createTopic(tc.topic, tc.body)
		meta, err := e.srv.Backend().metadata(context.Background(), []string{tc.topic})
		if err != nil {
			t.Fatal(err)
		}
		tm := meta.Topics[tc.topic]
		if len(tm.Partitions) != tc.partitions || len(tm.Partitions[0].Replicas) != tc.rf {
			t.Errorf("%s: %d partitions x %d replicas, want %d x %d", tc.topic, len(tm.Partitions), len(tm.Partitions[0].Replicas), tc.partitions, tc.rf)
		}
	}
	// Properties reach the backend as strings.
	rc, err := e.srv.Backend().Admin().DescribeTopicConfigs(context.Background(), "property-kinds")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"retention.ms": "604800000", "min.insync.replicas": "1", "unclean.leader.election.enable": "false", "min.cleanable.dirty.ratio": "0.5"}
	for _, c := range rc[0].Configs {
		if w, ok := want[c.Key]; ok {
			if c.Value == nil || *c.Value != w {
				t.Errorf("config %s = %v, want %q", c.Key, c.Value, w)
			}
			delete(want, c.Key)
		}
	}
	if len(want) != 0 {
		t.Errorf("configs not found in the backend: %v", want)
	}
}

// TestCreateTopicNameCollision: like Kafka, a name that differs from an
// existing topic only by '.' versus '_' is refused (they share metric names),
// and nothing is created.
func TestCreateTopicNameCollision(t *testing.T) {
	e := newTestEnv(t, nil)
	e.createTopic("orders.v1", nil)
	e.createTopic("pay_v2", nil)
	tests := []struct {
		name       string
		wantStatus int
		wantText   string
	}{
		{"orders_v1", 400, `"orders_v1" collides with existing topic "orders.v1": Kafka treats '.' and '_' alike in metric names`},
		{"pay.v2", 400, `collides with existing topic "pay_v2"`},
		{"orders.v1", 400, "already exists"},
		{"orders-v1", 200, ""},
		{"ordersv1", 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(http.MethodPut, "/v1/topics/"+tc.name, `{}`)
			if tc.wantStatus != http.StatusOK {
				checkErrorBody(t, r, tc.wantStatus, tc.wantText)
				if tc.wantText != "already exists" {
					checkErrorBody(t, e.do(http.MethodGet, "/v1/metadata/topics/"+tc.name+"/partitions", nil), http.StatusNotFound, "not found")
				}
				return
			}
			e.mustStatus(r, http.StatusOK, "create "+tc.name)
		})
	}
}
