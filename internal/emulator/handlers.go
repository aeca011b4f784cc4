package emulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// handleCreateTopic serves PUT /v1/topics/{topic}. Everything is validated
// before the backend is asked, so a refused request never creates a topic.
func (s *Server) handleCreateTopic(w http.ResponseWriter, r *http.Request, name string) error {
	body, err := readBody(w, r, maxOtherBody, "create topic")
	if err != nil {
		return err
	}
	if err := topicconfig.ValidateTopicName(name); err != nil {
		return errorf(http.StatusBadRequest, "invalid topic name: %v", err)
	}
	req, err := decodeCreateTopic(body)
	if err != nil {
		return err
	}
	if err := validateConfigs(s.catalogue, req.Properties); err != nil {
		return errorf(http.StatusBadRequest, "invalid topic_properties: %v", err)
	}
	// A name with '.' or '_' can collide with an existing topic: read the
	// fresh list of all topics then, else only this one.
	var only []string
	if !strings.ContainsAny(name, "._") {
		only = []string{name}
	}
	// Kafka is the truth for a create, not the serving node's view.
	meta, err := s.readTopics(r.Context(), only)
	if err != nil {
		return err
	}
	if _, ok := meta.Topics[name]; ok {
		return s.createExistingTopic(w, name)
	}
	if other, ok := collidingTopic(name, meta); ok {
		return errorf(http.StatusBadRequest, "invalid topic name: %q collides with existing topic %q: Kafka treats '.' and '_' alike in metric names", name, other)
	}
	partitions := int32(DefaultPartitionCount)
	if req.PartitionCount != nil {
		partitions = *req.PartitionCount
	}
	brokers := int32(len(meta.Brokers))
	rf := min(int32(MaxDefaultReplicationFactor), brokers)
	if req.ReplicationFactor != nil {
		rf = *req.ReplicationFactor
		if rf > brokers {
			return errorf(http.StatusBadRequest, "replication_factor %d is larger than the number of available brokers %d", rf, brokers)
		}
	}
	if rf < 1 {
		return errorf(http.StatusInternalServerError, "the Kafka cluster reports no brokers")
	}
	id, err := s.backend.createTopic(r.Context(), name, partitions, int16(rf), req.Properties)
	if err != nil {
		switch {
		case errors.Is(err, kerr.TopicAlreadyExists):
			return s.createExistingTopic(w, name)
		case errors.Is(err, kerr.InvalidTopicException), errors.Is(err, kerr.InvalidPartitions),
			errors.Is(err, kerr.InvalidReplicationFactor), errors.Is(err, kerr.InvalidConfig),
			errors.Is(err, kerr.InvalidRequest), errors.Is(err, kerr.PolicyViolation),
			errors.Is(err, kerr.InvalidReplicaAssignment):
			return errorf(http.StatusBadRequest, "%v", err)
		}
		return err
	}
	s.topicChanged(r.Context(), name)
	s.log.Info("topic created", "topic", name, "topic_id", fmt.Sprintf("%x", id), "partitions", partitions, "replication_factor", rf, "properties", len(req.Properties))
	if s.faults.afterCreate() {
		s.log.Debug("fault: create-then-fail", "topic", name)
		writeError(w, http.StatusInternalServerError, "injected fault: internal server error after the topic was created")
		return nil
	}
	writeJSON(w, http.StatusOK, fmt.Sprintf("Topic %s created", name))
	return nil
}

// createExistingTopic answers a create of a topic that exists in Kafka with
// Options.CreateExistingStatus: a 400 or 409 error, or 200 with the create's
// usual body and nothing changed.
func (s *Server) createExistingTopic(w http.ResponseWriter, name string) error {
	if s.createExisting == http.StatusOK {
		s.log.Info("create of an existing topic answered as a no-op success", "topic", name)
		writeJSON(w, http.StatusOK, fmt.Sprintf("Topic %s created", name))
		return nil
	}
	return errorf(s.createExisting, "topic %q already exists", name)
}

// readTopics reads Kafka's metadata of topics (nil = all of them) and records
// what it saw in the proxy nodes' cache.
func (s *Server) readTopics(ctx context.Context, topics []string) (*clusterMeta, error) {
	seq := s.vis.beginRead()
	meta, err := s.backend.metadata(ctx, topics)
	if err != nil {
		return nil, err
	}
	s.vis.observe(seq, meta, topics == nil, topics)
	return meta, nil
}

// topicChanged reads the topic's state right after the emulator changed it in
// Kafka, so that the proxy nodes' delay counts from the change. A failed read
// is only logged: the next request that reads the topic records the change.
func (s *Server) topicChanged(ctx context.Context, topic string) {
	if _, err := s.readTopics(ctx, []string{topic}); err != nil {
		s.log.Debug("reading a changed topic", "topic", topic, "error", err)
	}
}

// collidingTopic returns an existing topic of meta whose name differs from
// name only by '.' versus '_' (Kafka refuses such a topic).
func collidingTopic(name string, meta *clusterMeta) (string, bool) {
	var hits []string
	for other := range meta.Topics {
		if topicconfig.TopicNamesCollide(name, other) {
			hits = append(hits, other)
		}
	}
	if len(hits) == 0 {
		return "", false
	}
	sort.Strings(hits)
	return hits[0], true
}

// handleListTopics serves GET /v1/metadata/topics: the topics node shows.
func (s *Server) handleListTopics(w http.ResponseWriter, r *http.Request, node int) error {
	if _, err := s.readTopics(r.Context(), nil); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, wireTopicList{Topics: s.vis.topicNames(node)})
	return nil
}

// nodeTopic reads Kafka's metadata of the topic name (already checked) and
// returns it fresh (brokers, the leaders to ask for offsets) with the topic as
// node shows it; known is false when node does not know the topic.
func (s *Server) nodeTopic(r *http.Request, node int, name string) (meta *clusterMeta, t topicMeta, known bool, err error) {
	meta, err = s.readTopics(r.Context(), []string{name})
	if err != nil {
		return nil, topicMeta{}, false, err
	}
	t, known = s.vis.topic(node, name)
	return meta, t, known, nil
}

// unknownTopicError is the error of a metadata route for a topic the serving node
// does not know (Options.UnknownTopic; UnknownTopicEmpty is answered by the
// handlers).
func (s *Server) unknownTopicError(name string) error {
	if s.unknownTopic == UnknownTopicServerError {
		return errorf(http.StatusInternalServerError, "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition (topic %q)", name)
	}
	return errorf(http.StatusNotFound, "topic %q not found", name)
}

// liveOffsets reads the offsets of partitions ids of topic name as Kafka has
// it now (meta). A partition Kafka no longer has (the node still shows a
// deleted topic, or a topic re-created with fewer partitions) is absent from
// the map: its offsets are answered as 0 and 0, an empty log.
func (s *Server) liveOffsets(r *http.Request, meta *clusterMeta, name string, ids []int32) (map[int32]offsetRange, error) {
	live, ok := meta.Topics[name]
	if !ok {
		return map[int32]offsetRange{}, nil
	}
	have := make([]int32, 0, len(ids))
	for _, id := range ids {
		if _, err := findPartition(live, id); err == nil {
			have = append(have, id)
		}
	}
	if len(have) == 0 {
		return map[int32]offsetRange{}, nil
	}
	return s.backend.offsets(r.Context(), live, have)
}

// handleTopicPartitions serves GET /v1/metadata/topics/{topic}/partitions:
// the partition layout node shows, with offsets read from Kafka.
func (s *Server) handleTopicPartitions(w http.ResponseWriter, r *http.Request, node int, name string) error {
	if err := topicconfig.ValidateTopicName(name); err != nil {
		return errorf(http.StatusBadRequest, "invalid topic name: %v", err)
	}
	meta, t, known, err := s.nodeTopic(r, node, name)
	if err != nil {
		return err
	}
	out := wireTopicMetadata{Topic: name, Partitions: make([]wirePartition, 0, len(t.Partitions))}
	if !known {
		if s.unknownTopic != UnknownTopicEmpty {
			return s.unknownTopicError(name)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	ids := make([]int32, 0, len(t.Partitions))
	for _, p := range t.Partitions {
		ids = append(ids, p.ID)
	}
	offs, err := s.liveOffsets(r, meta, name, ids)
	if err != nil {
		return err
	}
	for _, p := range t.Partitions {
		out.Partitions = append(out.Partitions, toWirePartition(meta, p, offs[p.ID]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// findPartition returns partition id of t, or a 404.
func findPartition(t topicMeta, id int32) (partitionMeta, error) {
	for _, p := range t.Partitions {
		if p.ID == id {
			return p, nil
		}
	}
	return partitionMeta{}, errorf(http.StatusNotFound, "partition %d of topic %q not found (the topic has %d partitions)", id, t.Name, len(t.Partitions))
}

// handlePartition serves GET /v1/metadata/topics/{topic}/partitions/{partition}
// from node's view, with offsets read from Kafka.
func (s *Server) handlePartition(w http.ResponseWriter, r *http.Request, node int, name, rawPart string) error {
	pid, err := parsePartition(rawPart)
	if err != nil {
		return err
	}
	if err := topicconfig.ValidateTopicName(name); err != nil {
		return errorf(http.StatusBadRequest, "invalid topic name: %v", err)
	}
	meta, t, known, err := s.nodeTopic(r, node, name)
	if err != nil {
		return err
	}
	if !known {
		if s.unknownTopic != UnknownTopicEmpty {
			return s.unknownTopicError(name)
		}
		t = topicMeta{Name: name} // no partitions: the 404 below names the partition
	}
	p, err := findPartition(t, pid)
	if err != nil {
		return err
	}
	offs, err := s.liveOffsets(r, meta, name, []int32{pid})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toWirePartition(meta, p, offs[pid]))
	return nil
}

// handleBrokers serves GET /v1/metadata/brokers.
func (s *Server) handleBrokers(w http.ResponseWriter, r *http.Request) error {
	meta, err := s.backend.metadata(r.Context(), []string{})
	if err != nil {
		return err
	}
	out := wireBrokerList{Brokers: make([]wireBroker, 0, len(meta.Brokers))}
	for _, b := range meta.Brokers {
		out.Brokers = append(out.Brokers, toWireBroker(b))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleProduce serves POST /v1/producer/topics/{topic}: the topic and its
// partitions as node shows them (a topic it does not know is a 404, a
// partition it does not show yet too), the records written to Kafka.
func (s *Server) handleProduce(w http.ResponseWriter, r *http.Request, node int, name string) error {
	body, err := readBody(w, r, maxProduceBody, "produce")
	if err != nil {
		return err
	}
	if err := topicconfig.ValidateTopicName(name); err != nil {
		return errorf(http.StatusBadRequest, "invalid topic name: %v", err)
	}
	// The name is checked before the body, so a bad name is reported first.
	recs, err := decodeProduce(body)
	if err != nil {
		return err
	}
	_, t, known, err := s.nodeTopic(r, node, name)
	if err != nil {
		return err
	}
	if !known {
		return errorf(http.StatusNotFound, "topic %q not found", name)
	}
	n := len(t.Partitions)
	out := make([]*kgo.Record, 0, len(recs))
	for i, rec := range recs {
		var p int32
		if rec.Partition != nil {
			p = *rec.Partition
			if _, err := findPartition(t, p); err != nil {
				return errorf(http.StatusNotFound, "records[%d]: partition %d of topic %q not found (the topic has %d partitions)", i, p, name, n)
			}
		} else {
			p = s.backend.pickPartition(rec.Key, n)
		}
		out = append(out, &kgo.Record{Topic: name, Partition: p, Key: rec.Key, Value: rec.Value})
	}
	if err := s.backend.produceRecords(r.Context(), out); err != nil {
		switch {
		case errors.Is(err, kerr.UnknownTopicOrPartition):
			return errorf(http.StatusNotFound, "topic %q not found", name)
		case errors.Is(err, kerr.MessageTooLarge), errors.Is(err, kerr.RecordListTooLarge):
			return errorf(http.StatusBadRequest, "record too large for topic %q: %v", name, err)
		}
		return fmt.Errorf("producing to topic %q: %w", name, err)
	}
	writeJSON(w, http.StatusOK, fmt.Sprintf("Produced %d records to topic %s", len(out), name))
	return nil
}

// handleConsume serves GET /v1/consumer/topics/{topic}/partitions/{partition}/offsets/{offset}?count=n.
func (s *Server) handleConsume(w http.ResponseWriter, r *http.Request, name, rawPart, rawOffset string) error {
	pid, err := parsePartition(rawPart)
	if err != nil {
		return err
	}
	offset, err := parseOffset(rawOffset)
	if err != nil {
		return err
	}
	count, err := parseCount(r.URL.Query())
	if err != nil {
		return err
	}
	if err := topicconfig.ValidateTopicName(name); err != nil {
		return errorf(http.StatusBadRequest, "invalid topic name: %v", err)
	}
	meta, err := s.backend.metadata(r.Context(), []string{name})
	if err != nil {
		return err
	}
	t, ok := meta.Topics[name]
	if !ok {
		return errorf(http.StatusNotFound, "topic %q not found", name)
	}
	if _, err := findPartition(t, pid); err != nil {
		return err
	}
	offs, err := s.backend.offsets(r.Context(), t, []int32{pid})
	if err != nil {
		return err
	}
	rng := offs[pid]
	if offset < rng.Earliest {
		return errorf(http.StatusBadRequest, "offset %d is out of range for topic %q partition %d: the earliest offset is %d", offset, name, pid, rng.Earliest)
	}
	recs, err := s.backend.consume(r.Context(), name, pid, offset, rng.Latest, count,
		maxConsumeBytes-consumeEnvelopeBytes, encodedRecordSize)
	if err != nil {
		return err
	}
	out := wireConsumeResponse{Records: make([]wireConsumeRecord, 0, len(recs))}
	next := offset
	for _, c := range recs {
		out.Records = append(out.Records, toWireConsumeRecord(c))
		next = c.Offset + 1
	}
	// Set verbatim: the sample reads "NextOffset" and Go would canonicalise it.
	w.Header()["NextOffset"] = []string{strconv.FormatInt(next, 10)}
	writeJSON(w, http.StatusOK, out)
	return nil
}
