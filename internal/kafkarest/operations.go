package kafkarest

import (
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
