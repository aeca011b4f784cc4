package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// TestBootstrapServers runs the emulator against a separate Kafka-protocol
// cluster that it reaches only by its address.
func TestBootstrapServers(t *testing.T) {
	cluster, err := kfake.NewCluster(kfake.NumBrokers(2), kfake.SeedTopics(2, "preexisting"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Close)
	addrs := cluster.ListenAddrs()

	e := newTestEnv(t, func(o *Options) {
		o.BootstrapServers = addrs
		o.VisibilityDelay = time.Hour // only what the emulator creates or first sees waits
	})
	if e.srv.Backend().Embedded() {
		t.Fatal("backend is embedded, want the external cluster")
	}
	if got := e.srv.Backend().Addrs(); !slices.Equal(got, addrs) {
		t.Errorf("backend addrs %v, want %v", got, addrs)
	}

	// Brokers and a topic that existed before the emulator started.
	r := e.do(http.MethodGet, "/v1/metadata/brokers", nil)
	e.mustStatus(r, http.StatusOK, "brokers")
	var bl wireBrokerList
	if err := json.Unmarshal(r.body, &bl); err != nil || len(bl.Brokers) != 2 {
		t.Fatalf("brokers %s: %v", r.body, err)
	}
	r = e.do(http.MethodGet, "/v1/metadata/topics/preexisting/partitions", nil)
	e.mustStatus(r, http.StatusOK, "preexisting topic")
	var tm wireTopicMetadata
	if err := json.Unmarshal(r.body, &tm); err != nil || len(tm.Partitions) != 2 {
		t.Fatalf("preexisting %s: %v", r.body, err)
	}

	// A topic created through the emulator lands in the external cluster.
	e.srv.SetVisibilityDelay(0)
	e.createTopic("via-proxy", map[string]any{"partition_count": 3, "replication_factor": 2})
	cl, err := kgo.NewClient(kgo.SeedBrokers(addrs...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	req := kmsg.NewPtrMetadataRequest()
	rt := kmsg.NewMetadataRequestTopic()
	rt.Topic = kmsg.StringPtr("via-proxy")
	req.Topics = append(req.Topics, rt)
	resp, err := req.RequestWith(context.Background(), cl)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Topics) != 1 || resp.Topics[0].ErrorCode != 0 || len(resp.Topics[0].Partitions) != 3 || len(resp.Topics[0].Partitions[0].Replicas) != 2 {
		t.Fatalf("external cluster's view of via-proxy: %+v", resp.Topics)
	}

	// Records produced through the proxy are readable with a plain client, and back through the proxy.
	e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/via-proxy", `{"records":[{"value":"hello","partition":1}]}`), http.StatusOK, "produce")
	b, next := e.consume("via-proxy", 1, 0, 5)
	if len(b.Records) != 1 || b.Records[0].Value != "hello" || next != 1 {
		t.Errorf("consume via proxy: %+v next %d", b.Records, next)
	}
	consumer, err := kgo.NewClient(kgo.SeedBrokers(addrs...),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{"via-proxy": {1: kgo.NewOffset().AtStart()}}))
	if err != nil {
		t.Fatal(err)
	}
	defer consumer.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	fetches := consumer.PollFetches(ctx)
	if recs := fetches.Records(); len(recs) != 1 || string(recs[0].Value) != "hello" {
		t.Errorf("plain consumer read %d records (errors %v)", len(recs), fetches.Errors())
	}

	// Out-of-band partition increase shows up at once.
	if err := e.srv.Backend().CreatePartitions(context.Background(), "via-proxy", 5); err != nil {
		t.Fatal(err)
	}
	r = e.do(http.MethodGet, "/v1/metadata/topics/via-proxy/partitions", nil)
	if err := json.Unmarshal(r.body, &tm); err != nil || len(tm.Partitions) != 5 {
		t.Errorf("after CreatePartitions: %s", r.body)
	}
	e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/via-proxy", `{"records":[{"value":"new","partition":4}]}`), http.StatusOK, "produce to a new partition")
	// Out-of-band produce is visible through consume.
	if err := e.srv.Backend().Produce(context.Background(), "via-proxy", &kgo.Record{Partition: 4, Value: []byte("oob")}); err != nil {
		t.Fatal(err)
	}
	if b, next = e.consume("via-proxy", 4, 0, 10); len(b.Records) != 2 || b.Records[1].Value != "oob" || next != 2 {
		t.Errorf("partition 4: %+v next %d", b.Records, next)
	}

	// An unreachable cluster is an error naming the address.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel2()
	if _, err := New(ctx2, Options{BootstrapServers: []string{"127.0.0.1:1"}}); err == nil {
		t.Error("New with an unreachable bootstrap server succeeded")
	}
}
