package emulator

import (
	"encoding/json"
	"errors"
	"net/url"
	"testing"
)

// FuzzDecodeRequest feeds arbitrary bodies and path values to every request
// decoder: none may panic, and accepted input must satisfy the decoders'
// promises.
func FuzzDecodeRequest(f *testing.F) {
	seeds := []string{
		``, `null`, `{}`, `[]`, `"x"`, `{"partition_count":1}`,
		`{"partition_count":1,"replication_factor":1,"topic_properties":{"retention.ms":604800000,"min.insync.replicas":"1"}}`,
		`{"partition_count":-1}`, `{"partition_count":1e3}`, `{"replication_factor":40000}`,
		`{"topic_properties":{"a":null}}`, `{"topic_properties":{"a":{"b":1}}}`, `{"topic_properties":{"a":true}}`,
		`{"records":[{"key":"key1","value":"a string"},{"partition":0,"value":5},{"value":3.14},{"value":{"id":1}},{"value":[{"id":1},{"id":2}]}]}`,
		`{"records":[]}`, `{"records":[{"value":null}]}`, `{"records":[{"value":1,"partition":"0"}]}`,
		`{"records":[{"value":"\ud800"}]}`, `{"records":[{"value":1}]} x`, "{\"records\":[{\"value\":\"\xff\"}]}",
	}
	for _, s := range seeds {
		f.Add([]byte(s), "0", "count=1")
	}
	f.Add([]byte(`{}`), "-1", "count=-1")
	f.Add([]byte(`{}`), "99999999999999999999", "count=abc&count=2")
	f.Fuzz(func(t *testing.T, body []byte, segment, query string) {
		var ae *apiError
		if req, err := decodeCreateTopic(body); err == nil {
			if req.PartitionCount != nil && (*req.PartitionCount < 1 || *req.PartitionCount > maxPartitionCount) {
				t.Errorf("accepted partition_count %d", *req.PartitionCount)
			}
			if req.ReplicationFactor != nil && (*req.ReplicationFactor < 1 || *req.ReplicationFactor > 32767) {
				t.Errorf("accepted replication_factor %d", *req.ReplicationFactor)
			}
		} else if !errors.As(err, &ae) {
			t.Errorf("decodeCreateTopic error %T is not an API error", err)
		} else if ae.Status != 400 {
			t.Errorf("decodeCreateTopic status %d", ae.Status)
		}
		if recs, err := decodeProduce(body); err == nil {
			if len(recs) == 0 {
				t.Error("accepted a produce body without records")
			}
			for _, r := range recs {
				if r.Value == nil {
					t.Error("accepted a record without a value")
				}
				if r.Partition != nil && *r.Partition < 0 {
					t.Errorf("accepted partition %d", *r.Partition)
				}
			}
			if !json.Valid(body) {
				t.Error("accepted invalid JSON")
			}
		} else if !errors.As(err, &ae) {
			t.Errorf("decodeProduce error %T is not an API error", err)
		}
		if p, err := parsePartition(segment); err == nil && p < 0 {
			t.Errorf("parsePartition(%q) = %d", segment, p)
		}
		if o, err := parseOffset(segment); err == nil && o < 0 {
			t.Errorf("parseOffset(%q) = %d", segment, o)
		}
		if q, err := url.ParseQuery(query); err == nil {
			if c, err := parseCount(q); err == nil && c < 1 {
				t.Errorf("parseCount(%q) = %d", query, c)
			}
		}
		_, _ = matchRoute("/v1/" + segment)
		_, _ = matchRoute("/v1/consumer/topics/" + segment + "/partitions/" + segment + "/offsets/" + segment)
	})
}

func TestDecodeValues(t *testing.T) {
	tests := []struct {
		body string
		want []string // values as stored
		keys []string // "" = no key
	}{
		{`{"records":[{"value":"a string"}]}`, []string{"a string"}, []string{""}},
		{`{"records":[{"value":5},{"value":3.14},{"value":-1e3}]}`, []string{"5", "3.14", "-1e3"}, []string{"", "", ""}},
		{`{"records":[{"value": { "id" : 1 , "n":[1, 2] }}]}`, []string{`{"id":1,"n":[1,2]}`}, []string{""}},
		{`{"records":[{"value":null,"key":null}]}`, []string{"null"}, []string{""}},
		{`{"records":[{"value":"v","key":7,"extra":{"ignored":true}}],"more":1}`, []string{"v"}, []string{"7"}},
		{`{"records":[{"value":"\u00e9\n"}]}`, []string{"é\n"}, []string{""}},
	}
	for _, tc := range tests {
		recs, err := decodeProduce([]byte(tc.body))
		if err != nil {
			t.Errorf("%s: %v", tc.body, err)
			continue
		}
		for i, r := range recs {
			if string(r.Value) != tc.want[i] || string(r.Key) != tc.keys[i] {
				t.Errorf("%s: record %d = key %q value %q, want %q %q", tc.body, i, r.Key, r.Value, tc.keys[i], tc.want[i])
			}
		}
	}
}
