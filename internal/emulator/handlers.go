package emulator

import (
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
	meta, err := s.backend.metadata(r.Context(), only)
	if err != nil {
		return err
	}
	if _, ok := meta.Topics[name]; ok {
		return errorf(http.StatusBadRequest, "topic %q already exists", name)
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
			return errorf(http.StatusBadRequest, "topic %q already exists", name)
		case errors.Is(err, kerr.InvalidTopicException), errors.Is(err, kerr.InvalidPartitions),
			errors.Is(err, kerr.InvalidReplicationFactor), errors.Is(err, kerr.InvalidConfig),
			errors.Is(err, kerr.InvalidRequest), errors.Is(err, kerr.PolicyViolation),
			errors.Is(err, kerr.InvalidReplicaAssignment):
			return errorf(http.StatusBadRequest, "%v", err)
		}
		return err
	}
	s.vis.known(name, id)
	s.log.Info("topic created", "topic", name, "partitions", partitions, "replication_factor", rf, "properties", len(req.Properties))
	if s.faults.afterCreate() {
		s.log.Debug("fault: create-then-fail", "topic", name)
		writeError(w, http.StatusInternalServerError, "injected fault: internal server error after the topic was created")
		return nil
	}
	writeJSON(w, http.StatusOK, fmt.Sprintf("Topic %s created", name))
	return nil
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

// handleListTopics serves GET /v1/metadata/topics.
func (s *Server) handleListTopics(w http.ResponseWriter, r *http.Request) error {
	meta, err := s.backend.metadata(r.Context(), nil)
	if err != nil {
		return err
	}
	visible := s.vis.observe(meta, true, nil)
	out := wireTopicList{Topics: []string{}}
	for name, ok := range visible {
		if ok {
			out.Topics = append(out.Topics, name)
		}
	}
	sort.Strings(out.Topics)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// visibleTopic checks the topic name and returns fresh metadata of the topic
// when it is visible through the cache.
func (s *Server) visibleTopic(r *http.Request, name string) (*clusterMeta, topicMeta, error) {
	if err := topicconfig.ValidateTopicName(name); err != nil {
		return nil, topicMeta{}, errorf(http.StatusBadRequest, "invalid topic name: %v", err)
	}
	return s.visibleValidTopic(r, name)
}

// visibleValidTopic is visibleTopic for a name already checked.
func (s *Server) visibleValidTopic(r *http.Request, name string) (*clusterMeta, topicMeta, error) {
	meta, err := s.backend.metadata(r.Context(), []string{name})
	if err != nil {
		return nil, topicMeta{}, err
	}
	visible := s.vis.observe(meta, false, []string{name})
	t, ok := meta.Topics[name]
	if !ok || !visible[name] {
		return nil, topicMeta{}, errorf(http.StatusNotFound, "topic %q not found", name)
	}
	return meta, t, nil
}

// handleTopicPartitions serves GET /v1/metadata/topics/{topic}/partitions.
func (s *Server) handleTopicPartitions(w http.ResponseWriter, r *http.Request, name string) error {
	meta, t, err := s.visibleTopic(r, name)
	if err != nil {
		return err
	}
	offs, err := s.backend.offsets(r.Context(), t, nil)
	if err != nil {
		return err
	}
	out := wireTopicMetadata{Topic: name, Partitions: make([]wirePartition, 0, len(t.Partitions))}
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

// handlePartition serves GET /v1/metadata/topics/{topic}/partitions/{partition}.
func (s *Server) handlePartition(w http.ResponseWriter, r *http.Request, name, rawPart string) error {
	pid, err := parsePartition(rawPart)
	if err != nil {
		return err
	}
	meta, t, err := s.visibleTopic(r, name)
	if err != nil {
		return err
	}
	p, err := findPartition(t, pid)
	if err != nil {
		return err
	}
	offs, err := s.backend.offsets(r.Context(), t, []int32{pid})
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

// handleProduce serves POST /v1/producer/topics/{topic}.
func (s *Server) handleProduce(w http.ResponseWriter, r *http.Request, name string) error {
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
	_, t, err := s.visibleValidTopic(r, name)
	if err != nil {
		return err
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
