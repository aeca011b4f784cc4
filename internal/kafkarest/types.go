package kafkarest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Broker is a Kafka broker endpoint as the proxy reports it (BrokerEndpoint).
type Broker struct {
	ID   int32   `json:"id"`
	Host string  `json:"hostName"`
	Port int32   `json:"port"`
	Rack *string `json:"rack,omitempty"`
}

// Partition is the metadata of one partition (PartitionMetadataResponse).
type Partition struct {
	ID             int32    `json:"partition_id"`
	EarliestOffset int64    `json:"earliest_offset"`
	LatestOffset   int64    `json:"latest_offset"`
	Leader         *Broker  `json:"leader"`
	Replicas       []Broker `json:"replicas"`
	ISR            []Broker `json:"isr"`
}

// TopicMetadata is the answer of GET /v1/metadata/topics/{topic}/partitions.
type TopicMetadata struct {
	Topic      string      `json:"topic"`
	Partitions []Partition `json:"partitions"`
}

// PartitionCount is the number of partitions of the topic.
func (t *TopicMetadata) PartitionCount() int {
	if t == nil {
		return 0
	}
	return len(t.Partitions)
}

// ReplicationFactor is the largest number of replicas over the topic's
// partitions (0 for a topic without partitions).
func (t *TopicMetadata) ReplicationFactor() int {
	if t == nil {
		return 0
	}
	rf := 0
	for _, p := range t.Partitions {
		rf = max(rf, len(p.Replicas))
	}
	return rf
}

// TopicSpec is what CreateTopic sends. Nil fields are omitted so that the
// cluster's defaults apply; properties are sent as JSON strings.
type TopicSpec struct {
	PartitionCount    *int32
	ReplicationFactor *int32
	Properties        map[string]string
}

// topicCreationRecord is the wire form of TopicSpec (TopicCreationRecord).
type topicCreationRecord struct {
	PartitionCount    *int32            `json:"partition_count,omitempty"`
	ReplicationFactor *int32            `json:"replication_factor,omitempty"`
	TopicProperties   map[string]string `json:"topic_properties,omitempty"`
}

// ProducerRecord is one record of a produce request. Value is any JSON value;
// Key is usually a string.
type ProducerRecord struct {
	Key       any    `json:"key,omitempty"`
	Value     any    `json:"value"`
	Partition *int32 `json:"partition,omitempty"`
}

type producerRecords struct {
	Records []ProducerRecord `json:"records"`
}

// ConsumeRecord is one record returned by the consume operation.
type ConsumeRecord struct {
	Key           string `json:"key"`
	Value         string `json:"value"`
	Partition     int32  `json:"partition"`
	Offset        int64  `json:"offset"`
	Timestamp     int64  `json:"timestamp"`
	TimestampType string `json:"timestampType"`
}

// ConsumeResult holds the records of one consume call and the NextOffset
// response header when the proxy sent one.
type ConsumeResult struct {
	Records       []ConsumeRecord
	NextOffset    int64
	HasNextOffset bool
}

type topicList struct {
	Topics []string `json:"topics"`
}

type brokerList struct {
	Brokers []Broker `json:"brokers"`
}

type consumeEnvelope struct {
	Records []ConsumeRecord `json:"records"`
}

// UnmarshalJSON accepts key and value as JSON strings (the documented form)
// and, should a proxy send them as other JSON values, keeps their JSON text;
// null becomes "".
func (r *ConsumeRecord) UnmarshalJSON(data []byte) error {
	var wire struct {
		Key           json.RawMessage `json:"key"`
		Value         json.RawMessage `json:"value"`
		Partition     int32           `json:"partition"`
		Offset        int64           `json:"offset"`
		Timestamp     int64           `json:"timestamp"`
		TimestampType string          `json:"timestampType"`
	}
	if err := json.Unmarshal(data, &wire); err != nil {
		return err
	}
	key, err := rawText(wire.Key)
	if err != nil {
		return fmt.Errorf("record key: %w", err)
	}
	value, err := rawText(wire.Value)
	if err != nil {
		return fmt.Errorf("record value: %w", err)
	}
	*r = ConsumeRecord{
		Key: key, Value: value, Partition: wire.Partition, Offset: wire.Offset,
		Timestamp: wire.Timestamp, TimestampType: wire.TimestampType,
	}
	return nil
}

func rawText(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return "", nil
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return s, nil
	default:
		return string(raw), nil
	}
}
