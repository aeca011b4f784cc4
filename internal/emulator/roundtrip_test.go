package emulator

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kadm"
)

// The value kinds of Microsoft's Python sample and what consume returns for them.
var sampleValues = []struct {
	name  string
	value any
	want  string
}{
	{"string", "a string", "a string"},
	{"int", 5, "5"},
	{"float", 3.14, "3.14"},
	{"object", map[string]any{"id": 1, "name": "HDInsight Kafka REST proxy"}, `{"id":1,"name":"HDInsight Kafka REST proxy"}`},
	{"array", []any{map[string]any{"id": 1}, map[string]any{"id": 2}}, `[{"id":1},{"id":2}]`},
	{"nested", map[string]any{"a": map[string]any{"b": []any{1, "x", nil, true}}}, `{"a":{"b":[1,"x",null,true]}}`},
	{"bool", true, "true"},
}

type consumeBody struct {
	Records []wireConsumeRecord `json:"records"`
}

func (e *testEnv) consume(topic string, partition int32, offset int64, count int) (consumeBody, int64) {
	e.t.Helper()
	path := fmt.Sprintf("/v1/consumer/topics/%s/partitions/%d/offsets/%d", topic, partition, offset)
	if count > 0 {
		path += "?count=" + strconv.Itoa(count)
	}
	r := e.do(http.MethodGet, path, nil)
	e.mustStatus(r, http.StatusOK, "consume "+path)
	var b consumeBody
	if err := json.Unmarshal(r.body, &b); err != nil {
		e.t.Fatalf("consume body: %v: %s", err, r.body)
	}
	if b.Records == nil {
		e.t.Fatalf("consume body has no records array: %s", r.body)
	}
	next, err := strconv.ParseInt(r.header.Get("NextOffset"), 10, 64)
	if err != nil {
		e.t.Fatalf("NextOffset header %q: %v", r.header.Get("NextOffset"), err)
	}
	return b, next
}

// TestProduceConsumeRoundTrip produces every value kind of the sample and
// reads them back with the sample's NextOffset loop.
func TestProduceConsumeRoundTrip(t *testing.T) {
	e := newTestEnv(t, nil)
	e.createTopic("sample", map[string]any{"partition_count": 3})

	var records []map[string]any
	for i, v := range sampleValues {
		records = append(records, map[string]any{"key": fmt.Sprintf("key%d", i), "value": v.value, "partition": 2})
	}
	// A non-string key is stored as its JSON text, a null key as no key.
	records = append(records, map[string]any{"key": map[string]any{"k": 1}, "value": "object key", "partition": 2})
	records = append(records, map[string]any{"key": nil, "value": "null key", "partition": 2})
	r := e.do(http.MethodPost, "/v1/producer/topics/sample", map[string]any{"records": records})
	e.mustStatus(r, http.StatusOK, "produce")
	var msg string
	if err := json.Unmarshal(r.body, &msg); err != nil {
		t.Fatalf("produce answer is not a JSON string: %s", r.body)
	}

	// The sample's loop: consume from offset, continue at NextOffset, stop
	// when NextOffset equals the requested offset or records are empty.
	var got []wireConsumeRecord
	offset := int64(0)
	for range 100 {
		b, next := e.consume("sample", 2, offset, 0)
		if next == offset || len(b.Records) == 0 {
			break
		}
		got = append(got, b.Records...)
		offset = next
	}
	if len(got) != len(records) {
		t.Fatalf("consumed %d records, want %d: %+v", len(got), len(records), got)
	}
	for i, v := range sampleValues {
		rec := got[i]
		if rec.Value != v.want || rec.Key != fmt.Sprintf("key%d", i) || rec.Offset != int64(i) || rec.Partition != 2 {
			t.Errorf("%s: got %+v, want value %q key key%d offset %d partition 2", v.name, rec, v.want, i, i)
		}
		if rec.TimestampType != "CreateTime" || rec.Timestamp <= 0 {
			t.Errorf("%s: timestamp %d type %q", v.name, rec.Timestamp, rec.TimestampType)
		}
	}
	if k := got[len(sampleValues)].Key; k != `{"k":1}` {
		t.Errorf("object key came back as %q", k)
	}
	if k := got[len(sampleValues)+1].Key; k != "" {
		t.Errorf("null key came back as %q", k)
	}

	// count caps the batch; NextOffset follows the last record.
	b, next := e.consume("sample", 2, 1, 3)
	if len(b.Records) != 3 || b.Records[0].Offset != 1 || next != 4 {
		t.Errorf("count=3 from 1: %d records, first %+v, NextOffset %d", len(b.Records), b.Records, next)
	}
	// At and past the end: empty records, NextOffset = requested offset.
	for _, off := range []int64{int64(len(records)), int64(len(records)) + 50} {
		b, next = e.consume("sample", 2, off, 5)
		if len(b.Records) != 0 || next != off {
			t.Errorf("consume at %d: %d records, NextOffset %d; want none and %d", off, len(b.Records), next, off)
		}
	}
	// Other partitions stayed empty.
	if b, next = e.consume("sample", 0, 0, 10); len(b.Records) != 0 || next != 0 {
		t.Errorf("partition 0: %d records, NextOffset %d", len(b.Records), next)
	}

	// Below the earliest offset: 400.
	adm := e.srv.Backend().Admin()
	var offs kadm.Offsets
	offs.Add(kadm.Offset{Topic: "sample", Partition: 2, At: 3})
	if _, err := adm.DeleteRecords(context.Background(), offs); err != nil {
		t.Fatalf("DeleteRecords: %v", err)
	}
	r = e.do(http.MethodGet, "/v1/consumer/topics/sample/partitions/2/offsets/1", nil)
	checkErrorBody(t, r, http.StatusBadRequest, "out of range")
	r = e.do(http.MethodGet, "/v1/metadata/topics/sample/partitions/2", nil)
	var p wirePartition
	if err := json.Unmarshal(r.body, &p); err != nil || p.EarliestOffset != 3 || p.LatestOffset != int64(len(records)) {
		t.Errorf("partition 2 after DeleteRecords: %s (err %v)", r.body, err)
	}
}

// TestProduceSpreadsKeylessAndHonoursPartition checks partition choice.
func TestProduceSpreadsKeylessAndHonoursPartition(t *testing.T) {
	e := newTestEnv(t, nil)
	e.createTopic("spread", map[string]any{"partition_count": 3})
	var records []map[string]any
	for i := range 6 {
		records = append(records, map[string]any{"value": i})
	}
	records = append(records, map[string]any{"value": "same", "key": "k"}, map[string]any{"value": "same", "key": "k"})
	e.mustStatus(e.do(http.MethodPost, "/v1/producer/topics/spread", map[string]any{"records": records}), http.StatusOK, "produce")
	total := 0
	keyed := map[int32]int{}
	for p := int32(0); p < 3; p++ {
		b, _ := e.consume("spread", p, 0, 100)
		if len(b.Records) == 0 {
			t.Errorf("partition %d got no records; keyless records should spread", p)
		}
		for _, r := range b.Records {
			if r.Key == "k" {
				keyed[p]++
			}
		}
		total += len(b.Records)
	}
	if total != len(records) {
		t.Errorf("consumed %d records, want %d", total, len(records))
	}
	if len(keyed) != 1 {
		t.Errorf("records with the same key landed in partitions %v, want one", keyed)
	}
}

// TestNextOffsetHeaderVerbatim checks the header's exact spelling on the
// wire. Go's client canonicalises header names as it parses them (and
// Header.Get canonicalises its argument), so this reads the raw HTTP/1.1
// response head from a TLS connection instead.
func TestNextOffsetHeaderVerbatim(t *testing.T) {
	e := newTestEnv(t, nil)
	e.createTopic("verbatim", nil)
	u, err := url.Parse(e.srv.URL())
	if err != nil {
		t.Fatalf("server URL %q: %v", e.srv.URL(), err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(e.srv.CACertPEM()) {
		t.Fatal("the server's CA PEM holds no certificate")
	}
	conn, err := tls.Dial("tcp", u.Host, &tls.Config{RootCAs: pool, ServerName: u.Hostname(), NextProtos: []string{"http/1.1"}})
	if err != nil {
		t.Fatalf("dial %s: %v", u.Host, err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "GET /v1/consumer/topics/verbatim/partitions/0/offsets/0 HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n", u.Host, e.token); err != nil {
		t.Fatalf("write request: %v", err)
	}
	br := bufio.NewReader(conn)
	var head []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("read response head after %q: %v", head, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		head = append(head, line)
	}
	if len(head) == 0 || !strings.HasPrefix(head[0], "HTTP/1.1 200 ") {
		t.Fatalf("response head %q: want HTTP/1.1 200", head)
	}
	var found []string
	for _, line := range head[1:] {
		if name, _, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "NextOffset") {
			found = append(found, line)
		}
	}
	if len(found) != 1 || found[0] != "NextOffset: 0" {
		t.Errorf("NextOffset header lines %q in head %q: want exactly [\"NextOffset: 0\"]", found, head)
	}
}
