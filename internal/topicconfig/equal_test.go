package topicconfig

import (
	"reflect"
	"testing"
)

func TestEqualValues(t *testing.T) {
	type tc struct {
		key, a, b string
		want      bool
	}
	tests := []tc{
		// DOUBLE (Double.parseDouble after trim).
		{"min.cleanable.dirty.ratio", "0.50", "0.5", true}, // the field case of issue 11
		{"min.cleanable.dirty.ratio", " 0.5 ", "0.5", true},
		{"min.cleanable.dirty.ratio", ".5", "0.5", true},
		{"min.cleanable.dirty.ratio", "5e-1", "0.5", true},
		{"min.cleanable.dirty.ratio", "5E-1", "0.500", true},
		{"min.cleanable.dirty.ratio", "0.5d", "0.5", true},
		{"min.cleanable.dirty.ratio", "0.5F", "0.5", true},
		{"min.cleanable.dirty.ratio", "+0.5", "0.5", true},
		{"min.cleanable.dirty.ratio", "1", "1.0", true},
		{"min.cleanable.dirty.ratio", "0x1p-1", "0.5", true},
		{"min.cleanable.dirty.ratio", "0", "-0.0", true},
		{"min.cleanable.dirty.ratio", "\t0.5\n", "0.5", true},
		{"min.cleanable.dirty.ratio", "0.5", "0.51", false},
		{"min.cleanable.dirty.ratio", "0.1", "0.10000000000000001", true}, // the same double
		{"min.cleanable.dirty.ratio", "0.1", "0.1000000000000001", false},
		{"min.cleanable.dirty.ratio", "half", "0.5", false}, // not a double: text
		{"min.cleanable.dirty.ratio", "half", "half", true},
		{"min.cleanable.dirty.ratio", "0,5", "0.5", false},

		// LONG (Long.parseLong after trim: sign and leading zeros accepted).
		{"retention.ms", "604800000", "604800000", true},
		{"retention.ms", "0604800000", "604800000", true},
		{"retention.ms", "+604800000", "604800000", true},
		{"retention.ms", " 604800000 ", "604800000", true},
		{"retention.ms", "-1", "-01", true},
		{"retention.ms", "-1", "1", false},
		{"retention.ms", "604800000", "604800001", false},
		{"retention.ms", "7d", "604800000", false}, // not a LONG: text
		{"retention.ms", "6.048e8", "604800000", false},
		{"retention.bytes", "007", "7", true},
		{"retention.bytes", "-1", "-1 ", true},
		{"segment.ms", "0", "-0", true},
		{"delete.retention.ms", "86400000", "0086400000", true},
		{"max.compaction.lag.ms", "9223372036854775807", "+9223372036854775807", true},
		{"max.compaction.lag.ms", "9223372036854775808", "9223372036854775807", false}, // out of range: text
		{"flush.messages", "1_000", "1000", false},

		// INT (Integer.parseInt after trim).
		{"max.message.bytes", "1048588", "01048588", true},
		{"max.message.bytes", "1048588", "+1048588", true},
		{"max.message.bytes", "1048588", "1048589", false},
		{"segment.bytes", "1073741824", " 1073741824", true},
		{"min.insync.replicas", "2", "002", true},
		{"min.insync.replicas", "2", "3", false},
		{"index.interval.bytes", "4096", "4096.0", false},
		{"segment.index.bytes", "2147483648", "2147483648", true}, // identical text, even out of range
		{"segment.index.bytes", "2147483648", "02147483648", false},

		// BOOLEAN ("true"/"false" in any case after trim).
		{"unclean.leader.election.enable", "TRUE", "true", true},
		{"unclean.leader.election.enable", "True", " true ", true},
		{"unclean.leader.election.enable", "false", "FALSE", true},
		{"unclean.leader.election.enable", "false", "true", false},
		{"preallocate", "fAlSe", "false", true},
		{"preallocate", "yes", "true", false}, // not a BOOLEAN: text
		{"preallocate", "1", "true", false},
		{"message.downconversion.enable", "true", "TRUE\t", true},

		// LIST with a list-enum validator: elements split on \s*,\s*, order and repetition ignored.
		{"cleanup.policy", "compact, delete", "compact,delete", true},
		{"cleanup.policy", " compact ,delete ", "compact,delete", true},
		{"cleanup.policy", "delete,compact", "compact,delete", true},
		{"cleanup.policy", "compact,compact", "compact", true},
		{"cleanup.policy", "compact", "delete", false},
		{"cleanup.policy", "compact", "compact,delete", false},
		{"cleanup.policy", "", " ", true}, // both the empty list
		{"cleanup.policy", "", "delete", false},
		{"cleanup.policy", "Compact", "compact", false}, // ValidList is case-sensitive
		{"cleanup.policy", "compact,", "compact", false},

		// LIST of throttled replicas: split like every LIST, order kept.
		{"leader.replication.throttled.replicas", "0:101, 1:102", "0:101,1:102", true},
		{"leader.replication.throttled.replicas", " * ", "*", true},
		{"leader.replication.throttled.replicas", "1:102,0:101", "0:101,1:102", false},
		{"follower.replication.throttled.replicas", "0:101", "0:102", false},
		{"follower.replication.throttled.replicas", "", "  ", true},

		// STRING with a case-sensitive enum (ValidString): trimmed, case kept.
		{"compression.type", "gzip", " gzip ", true},
		{"compression.type", "GZIP", "gzip", false},
		{"compression.type", "gzip", "lz4", false},
		{"compression.type", "producer", "producer", true},
		{"message.timestamp.type", "LogAppendTime", "LogAppendTime\n", true},
		{"message.timestamp.type", "logappendtime", "LogAppendTime", false},
		{"message.timestamp.type", "CreateTime", "LogAppendTime", false},

		// STRING message.format.version: the ApiVersion both values stand for.
		{"message.format.version", "2.4", "2.4.1", true},
		{"message.format.version", "2.4", "2.4-IV1", true},
		{"message.format.version", "2.4.1", "2.4-IV1", true},
		{"message.format.version", "2.4", "2.4-IV0", false},
		{"message.format.version", "2.4", "2.3", false},
		{"message.format.version", "0.10.2", "0.10.2.1", true},
		{"message.format.version", "0.10.2", "0.10.2-IV0", true},
		{"message.format.version", "0.8.2", "0.8.2.2", true},
		{"message.format.version", " 2.3 ", "2.3-IV1", true},
		{"message.format.version", "2.4-iv1", "2.4-IV1", false}, // case-sensitive, and unknown
		{"message.format.version", "9.9", "9.9.0", false},       // unknown versions compare as text

		// Unknown keys compare as exact text.
		{"retention.msec", "1", "01", false},
		{"retention.msec", "1", "1", true},
		{"Retention.ms", "1", " 1", false},
	}
	for _, version := range SupportedVersions() {
		c := mustCatalogue(t, version)
		for _, tt := range tests {
			if _, ok := c.Lookup(tt.key); !ok && tt.key[0] != 'r' && tt.key[0] != 'R' {
				t.Fatalf("Kafka %s does not know %q: the test table needs keys every version knows", version, tt.key)
			}
			if got := c.EqualValues(tt.key, tt.a, tt.b); got != tt.want {
				t.Errorf("Kafka %s: EqualValues(%q, %q, %q) = %v, want %v", version, tt.key, tt.a, tt.b, got, tt.want)
			}
			if got := c.EqualValues(tt.key, tt.b, tt.a); got != tt.want {
				t.Errorf("Kafka %s: EqualValues(%q, %q, %q) = %v, want %v (not symmetric)", version, tt.key, tt.b, tt.a, got, tt.want)
			}
		}
	}
}

// TestEqualValuesVersionSpecific: keys one version knows and the other does not compare by type
// where known and as text where not.
func TestEqualValuesVersionSpecific(t *testing.T) {
	c24, c32 := mustCatalogue(t, "2.4"), mustCatalogue(t, "3.2")
	if !c32.EqualValues("remote.storage.enable", "TRUE", "true") {
		t.Error(`Kafka 3.2: remote.storage.enable "TRUE" and "true" differ, want equal (BOOLEAN)`)
	}
	if c24.EqualValues("remote.storage.enable", "TRUE", "true") {
		t.Error(`Kafka 2.4: remote.storage.enable (unknown there) "TRUE" and "true" equal, want exact text`)
	}
	if !c32.EqualValues("local.retention.ms", "-2", "-02") {
		t.Error(`Kafka 3.2: local.retention.ms "-2" and "-02" differ, want equal (LONG)`)
	}
	// 2.8 is a version only Kafka 3.2 knows.
	if !c32.EqualValues("message.format.version", "2.8", "2.8-IV1") {
		t.Error(`Kafka 3.2: message.format.version "2.8" and "2.8-IV1" differ, want equal`)
	}
	if c24.EqualValues("message.format.version", "2.8", "2.8-IV1") {
		t.Error(`Kafka 2.4: message.format.version "2.8" and "2.8-IV1" equal, but Kafka 2.4 knows neither`)
	}
}

func TestDiffProperties(t *testing.T) {
	c := mustCatalogue(t, "3.2")
	tests := []struct {
		name       string
		have, want map[string]string
		diffs      []PropertyDiff
	}{
		{"both nil", nil, nil, nil},
		{"nil and empty", nil, map[string]string{}, nil},
		{"field case 0.50 vs 0.5",
			map[string]string{"min.cleanable.dirty.ratio": "0.50"},
			map[string]string{"min.cleanable.dirty.ratio": "0.5"}, nil},
		{"every type spelled differently but equal to Kafka",
			map[string]string{
				"min.cleanable.dirty.ratio":      "0.50",
				"retention.ms":                   "0604800000",
				"max.message.bytes":              "+1048588",
				"unclean.leader.election.enable": "TRUE",
				"cleanup.policy":                 "compact, delete",
				"compression.type":               " lz4",
				"message.format.version":         "2.4.1",
				"some.unknown.key":               "x",
			},
			map[string]string{
				"min.cleanable.dirty.ratio":      "0.5",
				"retention.ms":                   "604800000",
				"max.message.bytes":              "1048588",
				"unclean.leader.election.enable": "true",
				"cleanup.policy":                 "delete,compact",
				"compression.type":               "lz4",
				"message.format.version":         "2.4-IV1",
				"some.unknown.key":               "x",
			}, nil},
		{"added, removed and changed, sorted, equal keys left out",
			map[string]string{
				"retention.ms":              "604800000",
				"min.cleanable.dirty.ratio": "0.50",
				"segment.bytes":             "1073741824",
				"compression.type":          "gzip",
			},
			map[string]string{
				"retention.ms":              "86400000",
				"min.cleanable.dirty.ratio": "0.5",
				"cleanup.policy":            "compact",
				"compression.type":          "GZIP",
			},
			[]PropertyDiff{
				{Key: "cleanup.policy", Want: "compact", WantSet: true},
				{Key: "compression.type", Have: "gzip", Want: "GZIP", HaveSet: true, WantSet: true},
				{Key: "retention.ms", Have: "604800000", Want: "86400000", HaveSet: true, WantSet: true},
				{Key: "segment.bytes", Have: "1073741824", HaveSet: true},
			}},
		{"an empty value is set, not absent",
			map[string]string{"cleanup.policy": ""},
			map[string]string{},
			[]PropertyDiff{{Key: "cleanup.policy", HaveSet: true}}},
		{"removal of a value equal to Kafka's default is still a difference",
			map[string]string{"retention.ms": "604800000"},
			nil,
			[]PropertyDiff{{Key: "retention.ms", Have: "604800000", HaveSet: true}}},
		{"unknown keys compare as text",
			map[string]string{"retention.msec": "1"},
			map[string]string{"retention.msec": "01"},
			[]PropertyDiff{{Key: "retention.msec", Have: "1", Want: "01", HaveSet: true, WantSet: true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := c.DiffProperties(tt.have, tt.want)
			if !reflect.DeepEqual(got, tt.diffs) {
				t.Errorf("DiffProperties =\n  %+v\nwant\n  %+v", got, tt.diffs)
			}
		})
	}
}
