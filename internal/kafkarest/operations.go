package kafkarest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

func topicPath(prefix, topic string) (string, error) {
	if topic == "" {
		return "", errors.New("kafkarest: topic name must not be empty")
	}
	return prefix + url.PathEscape(topic), nil
}

// decode unmarshals a 2xx body, naming the request on failure.
func decode(req *request, resp *response, v any) error {
	if err := json.Unmarshal(resp.body, v); err != nil {
		return fmt.Errorf("kafkarest: %s %s: decoding the HTTP %d response: %w", req.method, req.path, resp.status, err)
	}
	return nil
}

// Status calls GET /v1/status and returns the proxy's answer (a JSON string
// decoded, or the raw body when it is not one). Callers should not depend
// on its content.
func (c *Client) Status(ctx context.Context) (string, error) {
	req := &request{method: "GET", path: "/v1/status"}
	resp, err := c.do(ctx, req)
	if err != nil {
		return "", err
	}
	var s string
	if json.Unmarshal(resp.body, &s) == nil {
		return s, nil
	}
	return strings.TrimSpace(string(resp.body)), nil
}

// ListTopics calls GET /v1/metadata/topics.
func (c *Client) ListTopics(ctx context.Context) ([]string, error) {
	req := &request{method: "GET", path: "/v1/metadata/topics"}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var out topicList
	if err := decode(req, resp, &out); err != nil {
		return nil, err
	}
	if out.Topics == nil {
		out.Topics = []string{}
	}
	return out.Topics, nil
}

// GetTopic calls GET /v1/metadata/topics/{topic}/partitions. A topic that
// does not exist (or is not visible yet) gives an error for which
// IsNotFound is true.
func (c *Client) GetTopic(ctx context.Context, name string) (*TopicMetadata, error) {
	p, err := topicPath("/v1/metadata/topics/", name)
	if err != nil {
		return nil, err
	}
	req := &request{method: "GET", path: p + "/partitions"}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var md TopicMetadata
	if err := decode(req, resp, &md); err != nil {
		return nil, err
	}
	if md.Topic == "" {
		md.Topic = name
	}
	return &md, nil
}

// GetPartition calls GET /v1/metadata/topics/{topic}/partitions/{partition}.
func (c *Client) GetPartition(ctx context.Context, topic string, partition int32) (*Partition, error) {
	p, err := topicPath("/v1/metadata/topics/", topic)
	if err != nil {
		return nil, err
	}
	if partition < 0 {
		return nil, fmt.Errorf("kafkarest: partition %d of topic %q: partition ids are >= 0", partition, topic)
	}
	req := &request{method: "GET", path: p + "/partitions/" + strconv.FormatInt(int64(partition), 10)}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var out Partition
	if err := decode(req, resp, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListBrokers calls GET /v1/metadata/brokers.
func (c *Client) ListBrokers(ctx context.Context) ([]Broker, error) {
	req := &request{method: "GET", path: "/v1/metadata/brokers"}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var out brokerList
	if err := decode(req, resp, &out); err != nil {
		return nil, err
	}
	if out.Brokers == nil {
		out.Brokers = []Broker{}
	}
	return out.Brokers, nil
}

// Produce calls POST /v1/producer/topics/{topic} with {"records":[...]}.
// The proxy returns no offsets. A produce whose answer was lost to a
// transient failure is retried, so records may be written more than once.
func (c *Client) Produce(ctx context.Context, topic string, records []ProducerRecord) error {
	p, err := topicPath("/v1/producer/topics/", topic)
	if err != nil {
		return err
	}
	if len(records) == 0 {
		return fmt.Errorf("kafkarest: produce to topic %q: at least one record is required", topic)
	}
	body, err := json.Marshal(producerRecords{Records: records})
	if err != nil {
		return fmt.Errorf("kafkarest: produce to topic %q: encoding records: %w", topic, err)
	}
	_, err = c.do(ctx, &request{method: "POST", path: p, body: body})
	return err
}

// Consume calls GET /v1/consumer/topics/{topic}/partitions/{partition}/offsets/{offset}?count=n
// (count 0 leaves the server's default of 1). It accepts both the
// {"records":[...]} object and a bare array, and reads the NextOffset header.
func (c *Client) Consume(ctx context.Context, topic string, partition int32, offset int64, count int) (*ConsumeResult, error) {
	p, err := topicPath("/v1/consumer/topics/", topic)
	if err != nil {
		return nil, err
	}
	switch {
	case partition < 0:
		return nil, fmt.Errorf("kafkarest: consume partition %d of topic %q: partition ids are >= 0", partition, topic)
	case offset < 0:
		return nil, fmt.Errorf("kafkarest: consume topic %q at offset %d: offsets are >= 0", topic, offset)
	case count < 0 || count > 1<<31-1:
		return nil, fmt.Errorf("kafkarest: consume topic %q with count %d: count must be between 0 (server default) and 2147483647", topic, count)
	}
	req := &request{
		method: "GET",
		path:   fmt.Sprintf("%s/partitions/%d/offsets/%d", p, partition, offset),
	}
	if count > 0 {
		req.query = url.Values{"count": {strconv.Itoa(count)}}
	}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	records, err := decodeConsume(resp.body)
	if err != nil {
		return nil, fmt.Errorf("kafkarest: %s %s: decoding the consume response: %w", req.method, req.path, err)
	}
	out := &ConsumeResult{Records: records}
	if v := strings.TrimSpace(resp.header.Get("NextOffset")); v != "" {
		n, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil {
			if c.log != nil {
				c.log.Warn(ctx, "kafkarest: ignoring unparsable NextOffset header", map[string]any{"path": req.path, "next_offset": v})
			}
		} else {
			out.NextOffset, out.HasNextOffset = n, true
		}
	}
	return out, nil
}

// decodeConsume accepts {"records":[...]}, a bare [...] and null.
func decodeConsume(body []byte) ([]ConsumeRecord, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, errors.New("empty body: expected {\"records\":[...]} or a JSON array")
	}
	var records []ConsumeRecord
	switch trimmed[0] {
	case '[':
		if err := json.Unmarshal(trimmed, &records); err != nil {
			return nil, err
		}
	case '{':
		var env consumeEnvelope
		if err := json.Unmarshal(trimmed, &env); err != nil {
			return nil, err
		}
		records = env.Records
	default:
		if string(trimmed) != "null" {
			return nil, fmt.Errorf("unexpected body starting with %q: expected {\"records\":[...]} or a JSON array", trimmed[0])
		}
	}
	if records == nil {
		records = []ConsumeRecord{}
	}
	return records, nil
}
