package emulator

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Backend is the Kafka-protocol cluster behind the emulator: an embedded kfake
// cluster or a real cluster reached by its bootstrap servers. Its exported
// methods act behind the proxy (as kafka-topics.sh would), bypassing the REST
// API and its validation. The proxy nodes' metadata caches show a change made
// through CreateTopic, DeleteTopic or CreatePartitions like any change in
// Kafka: after Options.VisibilityDelay (node i of n, i = 0..n-1, after delay·(i+1)/n) and the
// node's next Options.CacheRefresh, counted from the call, which reads the
// topic's new state at once. A change made with Admin() or another Kafka
// client is counted from the first API request that reads the topic.
type Backend struct {
	cluster *kfake.Cluster // nil for an external cluster
	seeds   []string
	client  *kgo.Client
	admin   *kadm.Client
	rr      atomic.Uint32 // round robin for keyless records
	// changed is told about a topic changed through an exported method, so
	// that the cache dates the change from now (set by the server).
	changed func(ctx context.Context, topic string)
}

// newBackend starts an embedded cluster with the given number of brokers, or
// connects to bootstrap when it is not empty.
func newBackend(brokers int, bootstrap []string) (*Backend, error) {
	b := &Backend{}
	if len(bootstrap) == 0 {
		if brokers < 1 {
			return nil, fmt.Errorf("brokers must be at least 1, got %d", brokers)
		}
		c, err := kfake.NewCluster(kfake.NumBrokers(brokers), kfake.DefaultNumPartitions(1))
		if err != nil {
			return nil, fmt.Errorf("starting the embedded Kafka cluster: %w", err)
		}
		b.cluster = c
		b.seeds = c.ListenAddrs()
	} else {
		b.seeds = append([]string(nil), bootstrap...)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.seeds...), kgo.ClientID("hdikafka-emulator"), kgo.RetryTimeout(10*time.Second))
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("creating the Kafka client for %v: %w", b.seeds, err)
	}
	b.client = cl
	b.admin = kadm.NewClient(cl)
	return b, nil
}

// Close stops the client and, for an embedded cluster, the cluster.
func (b *Backend) Close() {
	if b.client != nil {
		b.client.Close()
	}
	if b.cluster != nil {
		b.cluster.Close()
	}
}

// Addrs returns the bootstrap addresses of the backend cluster.
func (b *Backend) Addrs() []string { return append([]string(nil), b.seeds...) }

// Embedded reports whether the backend is the in-process kfake cluster.
func (b *Backend) Embedded() bool { return b.cluster != nil }

// Admin returns a kadm client on the backend (beware: kadm's Metadata and
// ListTopics answer from kgo's metadata cache, which may be seconds stale).
func (b *Backend) Admin() *kadm.Client { return b.admin }

// CreateTopic creates a topic directly in the backend, behind the proxy (see
// Backend for when the proxy nodes show it). partitions or replicationFactor
// of -1 take the cluster defaults; configs are topic-level Kafka configs.
func (b *Backend) CreateTopic(ctx context.Context, name string, partitions int32, replicationFactor int16, configs map[string]string) error {
	_, err := b.createTopic(ctx, name, partitions, replicationFactor, configs)
	if err == nil {
		b.noteChange(ctx, name)
	}
	return err
}

// noteChange tells the server that topic changed through an exported method.
func (b *Backend) noteChange(ctx context.Context, topic string) {
	if b.changed != nil {
		b.changed(ctx, topic)
	}
}

func (b *Backend) createTopic(ctx context.Context, name string, partitions int32, replicationFactor int16, configs map[string]string) (kadm.TopicID, error) {
	var cfg map[string]*string
	if len(configs) > 0 {
		cfg = make(map[string]*string, len(configs))
		for k, v := range configs {
			cfg[k] = kadm.StringPtr(v)
		}
	}
	resp, err := b.admin.CreateTopic(ctx, partitions, replicationFactor, cfg, name)
	if err != nil {
		if resp.ErrMessage != "" {
			return resp.ID, fmt.Errorf("creating topic %q: %w: %s", name, err, resp.ErrMessage)
		}
		return resp.ID, fmt.Errorf("creating topic %q: %w", name, err)
	}
	return resp.ID, nil
}

// DeleteTopic deletes a topic directly in the backend, behind the proxy (the
// REST proxy has no delete operation). The proxy nodes keep showing the topic,
// in the metadata and producer routes, until the change reaches their caches
// (see Backend); Kafka's own answers (create, consume) see the deletion at
// once. Errors wrap Kafka's, e.g. kerr.UnknownTopicOrPartition.
func (b *Backend) DeleteTopic(ctx context.Context, name string) error {
	resp, err := b.admin.DeleteTopic(ctx, name)
	if err == nil {
		err = resp.Err
	}
	if err != nil {
		return fmt.Errorf("deleting topic %q: %w", name, err)
	}
	b.noteChange(ctx, name)
	return nil
}

// CreatePartitions raises the partition count of topic to total, behind the
// proxy (the REST proxy has no such operation). The proxy nodes show the old
// count (and refuse a produce to a new partition) until the change reaches
// their caches (see Backend). Errors wrap Kafka's, e.g. kerr.InvalidPartitions
// for a total not above the current count.
func (b *Backend) CreatePartitions(ctx context.Context, topic string, total int) error {
	resps, err := b.admin.UpdatePartitions(ctx, total, topic)
	if err == nil {
		err = resps.Error()
	}
	if err != nil {
		return fmt.Errorf("setting topic %q to %d partitions: %w", topic, total, err)
	}
	b.noteChange(ctx, topic)
	return nil
}

// Produce writes records directly to the backend, each to its Partition field.
func (b *Backend) Produce(ctx context.Context, topic string, records ...*kgo.Record) error {
	for _, r := range records {
		r.Topic = topic
	}
	return b.produceRecords(ctx, records)
}

// brokerMeta is one broker from a fresh metadata response.
type brokerMeta struct {
	ID   int32
	Host string
	Port int32
	Rack *string
}

// partitionMeta is one partition from a fresh metadata response.
type partitionMeta struct {
	ID       int32
	Leader   int32
	Replicas []int32
	ISR      []int32
}

// topicMeta is one topic from a fresh metadata response.
type topicMeta struct {
	Name       string
	ID         [16]byte
	Partitions []partitionMeta // sorted by ID
}

// clusterMeta is a fresh metadata answer.
type clusterMeta struct {
	Brokers []brokerMeta // sorted by ID
	Topics  map[string]topicMeta
}

func (m *clusterMeta) broker(id int32) brokerMeta {
	for _, b := range m.Brokers {
		if b.ID == id {
			return b
		}
	}
	return brokerMeta{ID: id}
}

// metadata sends a raw Metadata request (never kgo's cache). topics nil asks
// for all topics; topics that do not exist are absent from the answer.
func (b *Backend) metadata(ctx context.Context, topics []string) (*clusterMeta, error) {
	req := kmsg.NewPtrMetadataRequest()
	if topics != nil {
		req.Topics = make([]kmsg.MetadataRequestTopic, 0, len(topics))
		for _, t := range topics {
			rt := kmsg.NewMetadataRequestTopic()
			rt.Topic = kmsg.StringPtr(t)
			req.Topics = append(req.Topics, rt)
		}
	}
	req.AllowAutoTopicCreation = false
	resp, err := req.RequestWith(ctx, b.client)
	if err != nil {
		return nil, fmt.Errorf("metadata request to %v: %w", b.seeds, err)
	}
	out := &clusterMeta{Topics: make(map[string]topicMeta, len(resp.Topics))}
	for _, br := range resp.Brokers {
		out.Brokers = append(out.Brokers, brokerMeta{ID: br.NodeID, Host: br.Host, Port: br.Port, Rack: br.Rack})
	}
	sort.Slice(out.Brokers, func(i, j int) bool { return out.Brokers[i].ID < out.Brokers[j].ID })
	for _, t := range resp.Topics {
		if t.Topic == nil {
			continue
		}
		if err := kerr.ErrorForCode(t.ErrorCode); err != nil {
			if errors.Is(err, kerr.UnknownTopicOrPartition) {
				continue
			}
			return nil, fmt.Errorf("metadata for topic %q: %w", *t.Topic, err)
		}
		tm := topicMeta{Name: *t.Topic, ID: t.TopicID}
		for _, p := range t.Partitions {
			tm.Partitions = append(tm.Partitions, partitionMeta{ID: p.Partition, Leader: p.Leader, Replicas: p.Replicas, ISR: p.ISR})
		}
		sort.Slice(tm.Partitions, func(i, j int) bool { return tm.Partitions[i].ID < tm.Partitions[j].ID })
		out.Topics[tm.Name] = tm
	}
	return out, nil
}

// offsetRange is a partition's earliest offset and log-end offset.
type offsetRange struct {
	Earliest, Latest int64
}

// offsets lists the earliest and latest offsets of the given partitions of a
// topic by asking each leader directly.
func (b *Backend) offsets(ctx context.Context, t topicMeta, partitions []int32) (map[int32]offsetRange, error) {
	byLeader := map[int32][]int32{}
	for _, p := range t.Partitions {
		if partitions != nil && !containsInt32(partitions, p.ID) {
			continue
		}
		byLeader[p.Leader] = append(byLeader[p.Leader], p.ID)
	}
	out := make(map[int32]offsetRange)
	for leader, parts := range byLeader {
		if leader < 0 {
			return nil, fmt.Errorf("topic %q partitions %v have no leader", t.Name, parts)
		}
		for _, ts := range []int64{-2, -1} {
			req := kmsg.NewPtrListOffsetsRequest()
			req.ReplicaID = -1
			rt := kmsg.NewListOffsetsRequestTopic()
			rt.Topic = t.Name
			for _, p := range parts {
				rp := kmsg.NewListOffsetsRequestTopicPartition()
				rp.Partition = p
				rp.CurrentLeaderEpoch = -1
				rp.Timestamp = ts
				rt.Partitions = append(rt.Partitions, rp)
			}
			req.Topics = []kmsg.ListOffsetsRequestTopic{rt}
			resp, err := req.RequestWith(ctx, b.client.Broker(int(leader)))
			if err != nil {
				return nil, fmt.Errorf("listing offsets of topic %q on broker %d: %w", t.Name, leader, err)
			}
			for _, rt := range resp.Topics {
				for _, rp := range rt.Partitions {
					if err := kerr.ErrorForCode(rp.ErrorCode); err != nil {
						return nil, fmt.Errorf("listing offsets of topic %q partition %d: %w", t.Name, rp.Partition, err)
					}
					r := out[rp.Partition]
					if ts == -2 {
						r.Earliest = rp.Offset
					} else {
						r.Latest = rp.Offset
					}
					out[rp.Partition] = r
				}
			}
		}
	}
	return out, nil
}

func containsInt32(s []int32, v int32) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// pickPartition chooses a partition for a record without an explicit one:
// a hash of the key, or round robin for keyless records.
func (b *Backend) pickPartition(key []byte, n int) int32 {
	if n <= 0 {
		return 0
	}
	if key != nil {
		h := fnv.New32a()
		_, _ = h.Write(key)
		return int32(h.Sum32() % uint32(n))
	}
	return int32(b.rr.Add(1) % uint32(n))
}

// produceRecords produces records (Topic and Partition set) through a
// short-lived producer, so that its metadata is never stale.
func (b *Backend) produceRecords(ctx context.Context, records []*kgo.Record) error {
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(b.seeds...),
		kgo.ClientID("hdikafka-emulator-producer"),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.DisableIdempotentWrite(),
		kgo.RecordDeliveryTimeout(15*time.Second),
	)
	if err != nil {
		return fmt.Errorf("creating a producer for %v: %w", b.seeds, err)
	}
	defer cl.Close()
	return cl.ProduceSync(ctx, records...).FirstErr()
}

// consumed is one record read back from the backend.
type consumed struct {
	Key, Value    []byte
	Partition     int32
	Offset        int64
	Timestamp     int64
	LogAppendTime bool
}

// consume reads up to count records of one partition from offset, stopping at
// end (the log-end offset) or before the records' sizes, as size measures them
// (the handler: their encoded JSON), would exceed maxBytes. At least one record
// is always returned when one is available, however large.
func (b *Backend) consume(ctx context.Context, topic string, partition int32, offset, end int64, count, maxBytes int, size func(consumed) int) ([]consumed, error) {
	if offset >= end || count < 1 {
		return nil, nil
	}
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(b.seeds...),
		kgo.ClientID("hdikafka-emulator-consumer"),
		kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {partition: kgo.NewOffset().At(offset)}}),
		kgo.FetchMaxWait(100*time.Millisecond),
		kgo.FetchMaxBytes(maxConsumeBytes),
		kgo.FetchMaxPartitionBytes(maxConsumeBytes),
	)
	if err != nil {
		return nil, fmt.Errorf("creating a consumer for %v: %w", b.seeds, err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	var out []consumed
	total := 0
	for {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			if len(out) > 0 {
				return out, nil
			}
			return nil, fmt.Errorf("reading topic %q partition %d from offset %d: %w", topic, partition, offset, err)
		}
		for _, fe := range fetches.Errors() {
			if errors.Is(fe.Err, kerr.OffsetOutOfRange) {
				return nil, errorf(400, "offset %d is out of range for topic %q partition %d", offset, topic, partition)
			}
			if errors.Is(fe.Err, kerr.UnknownTopicOrPartition) {
				return nil, errorf(404, "topic %q partition %d not found", topic, partition)
			}
			return nil, fmt.Errorf("reading topic %q partition %d: %w", topic, partition, fe.Err)
		}
		for _, r := range fetches.Records() {
			if r.Offset < offset {
				continue
			}
			c := consumed{
				Key: r.Key, Value: r.Value, Partition: r.Partition, Offset: r.Offset,
				Timestamp: r.Timestamp.UnixMilli(), LogAppendTime: r.Attrs.TimestampType() == 1,
			}
			n := size(c)
			if len(out) > 0 && total+n > maxBytes {
				return out, nil
			}
			total += n
			out = append(out, c)
			if len(out) >= count || r.Offset+1 >= end {
				return out, nil
			}
		}
	}
}
