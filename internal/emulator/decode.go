package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Request body limits. Oversized bodies are answered with 400 naming the limit.
const (
	maxProduceBody = 8 << 20
	maxOtherBody   = 1 << 20
	// maxPartitionCount bounds partition_count so that one request cannot
	// exhaust the emulator's memory; real clusters have their own limits.
	maxPartitionCount = 10000
	// maxConsumeBytes is the documented 6 MiB cap of one consume response.
	maxConsumeBytes = 6 << 20
	// maxConsumeCount bounds the count query parameter (int32 on the wire).
	maxConsumeCount = math.MaxInt32
)

// createRequest is a decoded TopicCreationRecord.
type createRequest struct {
	PartitionCount    *int32
	ReplicationFactor *int32
	Properties        map[string]string
}

// produceRecord is one decoded ProducerRecord: key and value are the bytes to
// store (strings as their content, other JSON values as their compact JSON text).
type produceRecord struct {
	Key       []byte
	Value     []byte
	Partition *int32
}

// decodeObject parses body as one JSON object into its raw members. Unknown
// members are kept for the caller to ignore.
func decodeObject(body []byte, what string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, errorf(http.StatusBadRequest, "malformed JSON in %s: %v", what, err)
	}
	if dec.More() {
		return nil, errorf(http.StatusBadRequest, "malformed JSON in %s: trailing data after the JSON value", what)
	}
	if kind := jsonKind(raw); kind != "object" {
		return nil, errorf(http.StatusBadRequest, "%s must be a JSON object, got %s", what, kind)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errorf(http.StatusBadRequest, "malformed JSON in %s: %v", what, err)
	}
	return m, nil
}

// jsonKind names the kind of a syntactically valid JSON value.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimLeft(raw, " \t\r\n")
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// isNull reports whether raw is absent or the JSON literal null.
func isNull(raw json.RawMessage) bool {
	return raw == nil || jsonKind(raw) == "null"
}

// decodeInt32 parses raw as a JSON integer within int32.
func decodeInt32(raw json.RawMessage, field string) (int32, error) {
	if kind := jsonKind(raw); kind != "number" {
		return 0, errorf(http.StatusBadRequest, "%s must be an integer, got %s", field, kind)
	}
	s := strings.TrimSpace(string(raw))
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return 0, errorf(http.StatusBadRequest, "%s must be an integer between %d and %d, got %s", field, math.MinInt32, math.MaxInt32, s)
	}
	return int32(n), nil
}

// decodeCreateTopic decodes the optional body of PUT /v1/topics/{topic}.
// An empty body or null means "all defaults".
func decodeCreateTopic(body []byte) (createRequest, error) {
	var req createRequest
	if len(bytes.TrimSpace(body)) == 0 || string(bytes.TrimSpace(body)) == "null" {
		return req, nil
	}
	m, err := decodeObject(body, "the topic creation body")
	if err != nil {
		return req, err
	}
	if raw, ok := m["partition_count"]; ok && !isNull(raw) {
		n, err := decodeInt32(raw, "partition_count")
		if err != nil {
			return req, err
		}
		if n < 1 {
			return req, errorf(http.StatusBadRequest, "partition_count must be at least 1, got %d", n)
		}
		if n > maxPartitionCount {
			return req, errorf(http.StatusBadRequest, "partition_count must be at most %d in the emulator, got %d", maxPartitionCount, n)
		}
		req.PartitionCount = &n
	}
	if raw, ok := m["replication_factor"]; ok && !isNull(raw) {
		n, err := decodeInt32(raw, "replication_factor")
		if err != nil {
			return req, err
		}
		if n < 1 {
			return req, errorf(http.StatusBadRequest, "replication_factor must be at least 1, got %d", n)
		}
		if n > math.MaxInt16 {
			return req, errorf(http.StatusBadRequest, "replication_factor must be at most %d, got %d", math.MaxInt16, n)
		}
		req.ReplicationFactor = &n
	}
	if raw, ok := m["topic_properties"]; ok && !isNull(raw) {
		props, err := decodeProperties(raw)
		if err != nil {
			return req, err
		}
		req.Properties = props
	}
	return req, nil
}

// decodeProperties converts topic_properties: strings stay, numbers keep their
// JSON text, booleans become "true"/"false"; objects, arrays and null are refused.
func decodeProperties(raw json.RawMessage) (map[string]string, error) {
	if kind := jsonKind(raw); kind != "object" {
		return nil, errorf(http.StatusBadRequest, "topic_properties must be a JSON object, got %s", kind)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errorf(http.StatusBadRequest, "malformed topic_properties: %v", err)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	props := make(map[string]string, len(m))
	for _, k := range keys {
		v := m[k]
		switch kind := jsonKind(v); kind {
		case "string":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, errorf(http.StatusBadRequest, "topic property %q: %v", k, err)
			}
			props[k] = s
		case "number", "boolean":
			props[k] = strings.TrimSpace(string(v))
		default:
			return nil, errorf(http.StatusBadRequest, "topic property %q must be a string, number or boolean, got %s", k, kind)
		}
	}
	return props, nil
}

// decodeProduce decodes the body of POST /v1/producer/topics/{topic}.
func decodeProduce(body []byte) ([]produceRecord, error) {
	m, err := decodeObject(body, "the produce body")
	if err != nil {
		return nil, err
	}
	raw, ok := m["records"]
	if !ok || isNull(raw) {
		return nil, errorf(http.StatusBadRequest, "the produce body needs a \"records\" array")
	}
	if kind := jsonKind(raw); kind != "array" {
		return nil, errorf(http.StatusBadRequest, "records must be a JSON array, got %s", kind)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, errorf(http.StatusBadRequest, "malformed records: %v", err)
	}
	if len(items) == 0 {
		return nil, errorf(http.StatusBadRequest, "records must contain at least one record")
	}
	out := make([]produceRecord, 0, len(items))
	for i, item := range items {
		if kind := jsonKind(item); kind != "object" {
			return nil, errorf(http.StatusBadRequest, "records[%d] must be a JSON object, got %s", i, kind)
		}
		var rm map[string]json.RawMessage
		if err := json.Unmarshal(item, &rm); err != nil {
			return nil, errorf(http.StatusBadRequest, "malformed records[%d]: %v", i, err)
		}
		var rec produceRecord
		v, ok := rm["value"]
		if !ok {
			return nil, errorf(http.StatusBadRequest, "records[%d] needs a \"value\"", i)
		}
		if rec.Value, err = recordBytes(v); err != nil {
			return nil, errorf(http.StatusBadRequest, "records[%d].value: %v", i, err)
		}
		if k, ok := rm["key"]; ok && !isNull(k) {
			if rec.Key, err = recordBytes(k); err != nil {
				return nil, errorf(http.StatusBadRequest, "records[%d].key: %v", i, err)
			}
		}
		if p, ok := rm["partition"]; ok && !isNull(p) {
			n, err := decodeInt32(p, fmt.Sprintf("records[%d].partition", i))
			if err != nil {
				return nil, err
			}
			if n < 0 {
				return nil, errorf(http.StatusBadRequest, "records[%d].partition must not be negative, got %d", i, n)
			}
			rec.Partition = &n
		}
		out = append(out, rec)
	}
	return out, nil
}

// recordBytes stores a JSON string as its content and any other JSON value as
// its compact JSON text.
func recordBytes(raw json.RawMessage) ([]byte, error) {
	if jsonKind(raw) == "string" {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return []byte(s), nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parsePartition parses a partition path segment: a non-negative int32.
func parsePartition(s string) (int32, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil || n < 0 {
		return 0, errorf(http.StatusBadRequest, "partition must be a non-negative 32-bit integer, got %q", s)
	}
	return int32(n), nil
}

// parseOffset parses an offset path segment: a non-negative int64.
func parseOffset(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errorf(http.StatusBadRequest, "offset must be a non-negative 64-bit integer, got %q", s)
	}
	return n, nil
}

// parseCount parses the consume count query parameter (default 1).
func parseCount(q url.Values) (int, error) {
	vals, ok := q["count"]
	if !ok || len(vals) == 0 {
		return 1, nil
	}
	s := vals[0]
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 1 || n > maxConsumeCount {
		return 0, errorf(http.StatusBadRequest, "count must be an integer between 1 and %d, got %q", maxConsumeCount, s)
	}
	return int(n), nil
}
