package topicconfig

import (
	"errors"
	"strings"
	"testing"
)

func mustCatalogue(t testing.TB, v string) *Catalogue {
	t.Helper()
	c, err := ForVersion(v)
	if err != nil {
		t.Fatalf("ForVersion(%q): %v", v, err)
	}
	return c
}

// both means the case applies to Kafka 2.4 and 3.2 alike.
var both = []string{"2.4", "3.2"}

func TestValidateValue(t *testing.T) {
	tests := []struct {
		name     string
		versions []string
		key      string
		value    string
		wantErr  string // "" = valid; otherwise a substring of the error text
		kind     ErrorKind
	}{
		// trimming
		{"trim long", both, "retention.ms", "  3600000\t", "", 0},
		{"trim control chars", both, "retention.ms", "\x00\x013600000\n", "", 0},
		{"trim string enum", both, "compression.type", " gzip ", "", 0},
		{"nbsp not trimmed", both, "retention.ms", "\u00a03600000", `is not a valid LONG`, KindInvalidValue},

		// int
		{"int ok", both, "max.message.bytes", "1048588", "", 0},
		{"int plus sign", both, "max.message.bytes", "+1048588", "", 0},
		{"int leading zeros", both, "segment.bytes", "00014", "", 0},
		{"int overflow", both, "max.message.bytes", "2147483648", "out of range for a INT (a 32-bit integer from -2147483648 to 2147483647)", KindInvalidValue},
		{"int decimal point", both, "min.insync.replicas", "1.5", `value "1.5" is not a valid INT (a 32-bit decimal integer`, KindInvalidValue},
		{"int empty", both, "min.insync.replicas", "", `value "" is not a valid INT`, KindInvalidValue},
		{"int unit", both, "segment.bytes", "1GB", `is not a valid INT`, KindInvalidValue},
		{"int hex", both, "segment.bytes", "0x100", `is not a valid INT`, KindInvalidValue},

		// long
		{"long ok", both, "retention.ms", "604800000", "", 0},
		{"long max", both, "flush.ms", "9223372036854775807", "", 0},
		{"long overflow", both, "flush.ms", "9223372036854775808", "out of range for a LONG", KindInvalidValue},
		{"long with unit", both, "retention.ms", "1h", `topic property "retention.ms": value "1h" is not a valid LONG (a 64-bit decimal integer such as 3600000)`, KindInvalidValue},
		{"long underscore", both, "retention.ms", "3_600_000", `is not a valid LONG`, KindInvalidValue},
		{"long exponent", both, "retention.ms", "1e6", `is not a valid LONG`, KindInvalidValue},
		{"retention.bytes none validator min long", both, "retention.bytes", "-9223372036854775808", "", 0},
		{"retention.bytes any negative", both, "retention.bytes", "-5", "", 0},

		// double
		{"double ok", both, "min.cleanable.dirty.ratio", "0.5", "", 0},
		{"double leading dot", both, "min.cleanable.dirty.ratio", ".5", "", 0},
		{"double exponent", both, "min.cleanable.dirty.ratio", "5e-1", "", 0},
		{"double suffix", both, "min.cleanable.dirty.ratio", "0.5d", "", 0},
		{"double integer form", both, "min.cleanable.dirty.ratio", "1", "", 0},
		{"double hex", both, "min.cleanable.dirty.ratio", "0x1p-1", "", 0},
		{"double NaN quirk passes range", both, "min.cleanable.dirty.ratio", "NaN", "", 0},
		{"double Infinity fails range", both, "min.cleanable.dirty.ratio", "Infinity", `value "Infinity" is out of range: must be between 0 and 1 (inclusive)`, KindInvalidValue},
		{"double above max", both, "min.cleanable.dirty.ratio", "1.01", "must be between 0 and 1 (inclusive)", KindInvalidValue},
		{"double below min", both, "min.cleanable.dirty.ratio", "-0.1", "must be between 0 and 1", KindInvalidValue},
		{"double garbage", both, "min.cleanable.dirty.ratio", "half", `value "half" is not a valid DOUBLE (a decimal number such as 0.5)`, KindInvalidValue},
		{"double comma", both, "min.cleanable.dirty.ratio", "0,5", `is not a valid DOUBLE`, KindInvalidValue},
		{"double lower nan", both, "min.cleanable.dirty.ratio", "nan", `is not a valid DOUBLE`, KindInvalidValue},

		// boolean
		{"bool true", both, "preallocate", "true", "", 0},
		{"bool upper", both, "preallocate", "TRUE", "", 0},
		{"bool mixed", both, "unclean.leader.election.enable", "False", "", 0},
		{"bool yes", both, "preallocate", "yes", `value "yes" is not a valid BOOLEAN (true or false, case-insensitive)`, KindInvalidValue},
		{"bool 1", both, "message.downconversion.enable", "1", `is not a valid BOOLEAN`, KindInvalidValue},

		// range
		{"range min inclusive", both, "retention.ms", "-1", "", 0},
		{"range below min", both, "retention.ms", "-2", `value "-2" is out of range: must be at least -1`, KindInvalidValue},
		{"segment.bytes min 14", both, "segment.bytes", "14", "", 0},
		{"segment.bytes 13", both, "segment.bytes", "13", "must be at least 14", KindInvalidValue},
		{"segment.ms 0", both, "segment.ms", "0", "must be at least 1", KindInvalidValue},
		{"min.insync 0", both, "min.insync.replicas", "0", "must be at least 1", KindInvalidValue},
		{"max.compaction.lag 0", both, "max.compaction.lag.ms", "0", "must be at least 1", KindInvalidValue},
		{"flush.messages 0 valid before 3.3", both, "flush.messages", "0", "", 0},
		{"flush.messages -1", both, "flush.messages", "-1", "must be at least 0", KindInvalidValue},
		{"segment.index.bytes 2 valid before 3.3", both, "segment.index.bytes", "2", "", 0},
		{"segment.index.bytes 0", both, "segment.index.bytes", "0", "", 0},

		// enum
		{"enum ok", both, "compression.type", "zstd", "", 0},
		{"enum uncompressed", both, "compression.type", "uncompressed", "", 0},
		{"enum case", both, "compression.type", "GZIP", `value "GZIP" is not one of uncompressed, zstd, lz4, snappy, gzip, producer (case-sensitive); did you mean "gzip"?`, KindInvalidValue},
		{"enum none alias", both, "compression.type", "none", `did you mean "uncompressed"?`, KindInvalidValue},
		{"enum empty", both, "compression.type", "", `value "" is not one of`, KindInvalidValue},
		{"timestamp type ok", both, "message.timestamp.type", "LogAppendTime", "", 0},
		{"timestamp type case", both, "message.timestamp.type", "createtime", `did you mean "CreateTime"?`, KindInvalidValue},

		// list-enum
		{"list one", both, "cleanup.policy", "compact", "", 0},
		{"list two with spaces", both, "cleanup.policy", "compact , delete", "", 0},
		{"list reversed", both, "cleanup.policy", "delete,compact", "", 0},
		{"list duplicates", both, "cleanup.policy", "delete,delete", "", 0},
		{"list whole value empty", both, "cleanup.policy", "", "", 0},
		{"list whole value blank", both, "cleanup.policy", "   ", "", 0},
		{"list case", both, "cleanup.policy", "Compact", `topic property "cleanup.policy": element "Compact" is not one of compact, delete (case-sensitive)`, KindInvalidValue},
		{"list second element bad", both, "cleanup.policy", "delete,dedupe", `element "dedupe" of value "delete,dedupe" is not one of compact, delete`, KindInvalidValue},
		{"list trailing comma", both, "cleanup.policy", "compact,", `has an empty element`, KindInvalidValue},
		{"list doubled comma", both, "cleanup.policy", "compact,,delete", `has an empty element`, KindInvalidValue},
		{"list only comma", both, "cleanup.policy", ",", `has an empty element`, KindInvalidValue},

		// throttled replicas, common
		{"throttled empty", both, "leader.replication.throttled.replicas", "", "", 0},
		{"throttled pairs", both, "leader.replication.throttled.replicas", "0:101, 1:102", "", 0},
		{"throttled empty elements", both, "follower.replication.throttled.replicas", "0:1,,1:2", "", 0},
		{"throttled star", both, "follower.replication.throttled.replicas", "*", "", 0},
		{"throttled star trailing comma", both, "follower.replication.throttled.replicas", "*,", "", 0},
		{"throttled bad pair", both, "leader.replication.throttled.replicas", "0-101", `element "0-101" of value "0-101" is not a partition:broker pair`, KindInvalidValue},
		{"throttled missing broker", both, "leader.replication.throttled.replicas", "0:", `is not a partition:broker pair`, KindInvalidValue},
		{"throttled negative", both, "leader.replication.throttled.replicas", "-1:2", `is not a partition:broker pair`, KindInvalidValue},
		{"throttled star not first", both, "leader.replication.throttled.replicas", "0:1,*", `the wildcard "*" must be`, KindInvalidValue},
		// throttled replicas, wildcard rule differs
		{"throttled star junk 2.4", []string{"2.4"}, "leader.replication.throttled.replicas", "*,junk", "", 0},
		{"throttled star pair 2.4", []string{"2.4"}, "follower.replication.throttled.replicas", "*,0:1", "", 0},
		{"throttled star junk 3.2", []string{"3.2"}, "leader.replication.throttled.replicas", "*,junk", `the wildcard "*" must be the whole value on Kafka 3.2`, KindInvalidValue},
		{"throttled star pair 3.2", []string{"3.2"}, "follower.replication.throttled.replicas", "*,0:1", `cannot be combined with partition:broker pairs`, KindInvalidValue},
		{"throttled star leading comma 3.2", []string{"3.2"}, "follower.replication.throttled.replicas", ",*", "", 0},
		{"throttled leading comma star 2.4", []string{"2.4"}, "follower.replication.throttled.replicas", ",*", `must be the first element on Kafka 2.4`, KindInvalidValue},

		// message.format.version
		{"mfv short", both, "message.format.version", "2.4", "", 0},
		{"mfv patch", both, "message.format.version", "2.4.1", "", 0},
		{"mfv anything", both, "message.format.version", "2.4.anything", "", 0},
		{"mfv IV", both, "message.format.version", "2.4-IV1", "", 0},
		{"mfv 0.x", both, "message.format.version", "0.10.2.1", "", 0},
		{"mfv 0.x IV", both, "message.format.version", "0.10.0-IV1", "", 0},
		{"mfv case", both, "message.format.version", "2.4-iv1", `did you mean "2.4-IV1"?`, KindInvalidValue},
		{"mfv 0.x too short", both, "message.format.version", "0.10", `is not a message format version known to Kafka`, KindInvalidValue},
		{"mfv unknown", both, "message.format.version", "9.9", `value "9.9" is not a message format version known to Kafka`, KindInvalidValue},
		{"mfv 2.5 on 2.4", []string{"2.4"}, "message.format.version", "2.5.1", `value "2.5.1" (read as "2.5") is not a message format version known to Kafka 2.4`, KindInvalidValue},
		{"mfv 2.5 on 3.2", []string{"3.2"}, "message.format.version", "2.5.1", "", 0},
		{"mfv 3.0-IV1 on 3.2", []string{"3.2"}, "message.format.version", "3.0-IV1", "", 0},
		{"mfv 3.3 on 3.2", []string{"3.2"}, "message.format.version", "3.3", `known to Kafka 3.2`, KindInvalidValue},

		// keys known to one version only
		{"remote.storage.enable on 3.2", []string{"3.2"}, "remote.storage.enable", "false", "", 0},
		{"remote.storage.enable on 2.4", []string{"2.4"}, "remote.storage.enable", "true", `remote.storage.enable was added in Kafka 3.0; this cluster runs Kafka 2.4`, KindUnknownKey},
		{"local.retention.ms on 3.2", []string{"3.2"}, "local.retention.ms", "-2", "", 0},
		{"local.retention.ms below min on 3.2", []string{"3.2"}, "local.retention.ms", "-3", "must be at least -2", KindInvalidValue},
		{"gzip level unknown", both, "compression.gzip.level", "5", `compression.gzip.level was added in Kafka 3.8; this cluster runs Kafka`, KindUnknownKey},
		{"timestamp before unknown", both, "message.timestamp.before.max.ms", "1000", `added in Kafka 3.6`, KindUnknownKey},
		{"typo key", both, "retention.msec", "1", `did you mean "retention.ms"?`, KindUnknownKey},
	}
	for _, tt := range tests {
		for _, v := range tt.versions {
			t.Run(v+"/"+tt.name, func(t *testing.T) {
				c := mustCatalogue(t, v)
				err := c.ValidateValue(tt.key, tt.value)
				if tt.wantErr == "" {
					if err != nil {
						t.Fatalf("ValidateValue(%q, %q) = %v, want nil", tt.key, tt.value, err)
					}
					return
				}
				if err == nil {
					t.Fatalf("ValidateValue(%q, %q) = nil, want error containing %q", tt.key, tt.value, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ValidateValue(%q, %q) = %q, want it to contain %q", tt.key, tt.value, err.Error(), tt.wantErr)
				}
				var te *Error
				if !errors.As(err, &te) {
					t.Fatalf("error %T is not *Error", err)
				}
				if te.Kind != tt.kind || te.Key != tt.key || te.Version != v {
					t.Errorf("Error{Kind: %v, Key: %q, Version: %q}, want {%v, %q, %q}", te.Kind, te.Key, te.Version, tt.kind, tt.key, v)
				}
				if te.Kind == KindInvalidValue && te.Value != tt.value {
					t.Errorf("Error.Value = %q, want %q", te.Value, tt.value)
				}
			})
		}
	}
}

func TestValidateValueExactMessages(t *testing.T) {
	c := mustCatalogue(t, "3.2")
	tests := []struct{ key, value, want string }{
		{"retention.ms", "1h", `topic property "retention.ms": value "1h" is not a valid LONG (a 64-bit decimal integer such as 3600000); durations are given in milliseconds: did you mean "3600000" (1h)?`},
		{"cleanup.policy", "Compact", `topic property "cleanup.policy": element "Compact" is not one of compact, delete (case-sensitive); did you mean "compact"?`},
		{"retention.ms", "-5", `topic property "retention.ms": value "-5" is out of range: must be at least -1`},
		{"retention.msec", "1", `unknown topic property "retention.msec" for Kafka 3.2 (HDInsight 5.1); did you mean "retention.ms"?`},
		{"compression.gzip.level", "1", `unknown topic property "compression.gzip.level" for Kafka 3.2 (HDInsight 5.1): compression.gzip.level was added in Kafka 3.8; this cluster runs Kafka 3.2`},
	}
	for _, tt := range tests {
		err := c.ValidateValue(tt.key, tt.value)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ValidateValue(%q, %q) =\n  %v\nwant\n  %s", tt.key, tt.value, err, tt.want)
		}
	}
}

func TestUnitHint(t *testing.T) {
	c := mustCatalogue(t, "3.2")
	tests := []struct{ key, value, suggested, duration string }{
		{"retention.ms", "7d", "604800000", "7d"},
		{"segment.ms", "30m", "1800000", "30m"},
		{"retention.ms", "1w", "604800000", "1w"},
		{"retention.ms", "10s", "10000", "10s"},
		{"retention.ms", "1.5h", "5400000", "1.5h"},   // ParseDurationMs takes fractions that give whole ms
		{"retention.ms", "1h30m", "5400000", "1h30m"}, // and combinations
		{"retention.ms", " 1 H ", "3600000", "1h"},    // spaces and case are forgiven in the hint, which shows the function's form
		{"retention.ms", "10sec", "10000", "10s"},
		{"retention.ms", "5 mins", "300000", "5m"},
		{"retention.ms", "infinite", "-1", "infinite"},
		{"retention.ms", "0.5ms", "", ""},            // a fraction of a millisecond: no guess
		{"retention.bytes", "1h", "", ""},            // not a duration key
		{"retention.ms", "999999999999999d", "", ""}, // would overflow a LONG
		{"retention.ms", "7days", "", ""},            // not a unit ParseDurationMs knows
	}
	for _, tt := range tests {
		err := c.ValidateValue(tt.key, tt.value)
		var te *Error
		if !errors.As(err, &te) {
			t.Fatalf("ValidateValue(%q, %q) = %v, want *Error", tt.key, tt.value, err)
		}
		if te.Suggested != tt.suggested || te.Duration != tt.duration {
			t.Errorf("ValidateValue(%q, %q): Suggested = %q, Duration = %q; want %q, %q (%v)",
				tt.key, tt.value, te.Suggested, te.Duration, tt.suggested, tt.duration, err)
		}
		if tt.suggested != "" {
			// The suggestion is a value the catalogue accepts for that key.
			if err := c.ValidateValue(tt.key, te.Suggested); err != nil {
				t.Errorf("suggested %q for %q is refused: %v", te.Suggested, tt.key, err)
			}
		}
	}
}

func TestValidateKey(t *testing.T) {
	tests := []struct {
		version   string
		key       string
		suggested string // "" = no suggestion expected
		contains  string
	}{
		{"3.2", "retention.ms", "", ""},
		{"3.2", "retention.msec", "retention.ms", `did you mean "retention.ms"?`},
		{"3.2", "retention.mss", "retention.ms", ""},
		{"3.2", "retentionms", "retention.ms", ""},
		{"3.2", "retention_ms", "retention.ms", ""},
		{"3.2", "Retention.MS", "retention.ms", "topic property names are case-sensitive"},
		{"3.2", " retention.ms", "retention.ms", ""},
		{"3.2", "cleanup-policy", "cleanup.policy", ""},
		{"3.2", "segment.byte", "segment.bytes", ""},
		{"3.2", "min.insync.replica", "min.insync.replicas", ""},
		{"3.2", "min.insync", "min.insync.replicas", ""},
		{"3.2", "unclean.leader", "unclean.leader.election.enable", ""},
		{"3.2", "log.retention.ms", "retention.ms", "broker-level setting"},
		{"3.2", "log.retention.hours", "retention.ms", "topic-level durations are in milliseconds"},
		{"3.2", "log.retention.minutes", "retention.ms", ""},
		{"3.2", "log.roll.hours", "segment.ms", ""},
		{"3.2", "log.retention.bytes", "retention.bytes", ""},
		{"3.2", "log.cleanup.policy", "cleanup.policy", ""},
		{"3.2", "message.max.bytes", "max.message.bytes", "broker-level setting"},
		{"3.2", "log.cleaner.min.compaction.lag.ms", "min.compaction.lag.ms", ""},
		{"3.2", "log.preallocate", "preallocate", ""},
		{"3.2", "retention.hours", "retention.ms", ""},
		{"3.2", "segment", "", `did you mean one of "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms"?`},
		{"3.2", "retention", "", `did you mean one of "retention.bytes", "retention.ms"?`},
		{"3.2", "foo", "", ""},               // nothing close
		{"3.2", "", "", ""},                  // empty key
		{"3.2", "compression.level", "", ""}, // not close enough to anything
		{"2.4", "local.retention.ms", "", "local.retention.ms was added in Kafka 3.0; this cluster runs Kafka 2.4"},
		{"2.4", "compression.zstd.level", "", "added in Kafka 3.8"},
		{"3.2", "remote.log.copy.disable", "", "added in Kafka 3.9"},
		{"3.2", "message.timestamp.after.max.ms", "", "added in Kafka 3.6"},
	}
	for _, tt := range tests {
		t.Run(tt.version+"/"+tt.key, func(t *testing.T) {
			c := mustCatalogue(t, tt.version)
			err := c.ValidateKey(tt.key)
			if tt.key == "retention.ms" {
				if err != nil {
					t.Fatalf("ValidateKey(%q) = %v, want nil", tt.key, err)
				}
				return
			}
			var te *Error
			if !errors.As(err, &te) {
				t.Fatalf("ValidateKey(%q) = %v, want *Error", tt.key, err)
			}
			if te.Kind != KindUnknownKey || te.Key != tt.key {
				t.Errorf("Kind, Key = %v, %q; want %v, %q", te.Kind, te.Key, KindUnknownKey, tt.key)
			}
			if te.Suggested != tt.suggested {
				t.Errorf("ValidateKey(%q).Suggested = %q, want %q (%v)", tt.key, te.Suggested, tt.suggested, err)
			}
			if tt.suggested != "" && te.Suggestion != `did you mean "`+tt.suggested+`"?` {
				t.Errorf("Suggestion = %q", te.Suggestion)
			}
			if tt.suggested == "" && strings.Contains(err.Error(), "did you mean") && !strings.Contains(tt.contains, "did you mean one of") {
				t.Errorf("unexpected suggestion: %v", err)
			}
			if !strings.Contains(err.Error(), "for Kafka "+tt.version+" (HDInsight ") {
				t.Errorf("error %q does not name the Kafka/HDInsight version", err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("ValidateKey(%q) = %q, want it to contain %q", tt.key, err, tt.contains)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		version string
		props   map[string]string
		want    []string // substrings, one per expected error, in order
	}{
		{"nil map", "3.2", nil, nil},
		{"all valid", "3.2", map[string]string{"retention.ms": "3600000", "cleanup.policy": "compact,delete", "min.insync.replicas": "2"}, nil},
		{"sorted by key", "3.2", map[string]string{"segment.ms": "0", "cleanup.policy": "x", "bogus.key": "1"},
			[]string{`unknown topic property "bogus.key"`, `topic property "cleanup.policy"`, `topic property "segment.ms"`}},
		{"compaction lag conflict", "2.4", map[string]string{"min.compaction.lag.ms": "7200000", "max.compaction.lag.ms": "3600000"},
			[]string{"conflicting topic properties: min.compaction.lag.ms (7200000) must not be greater than max.compaction.lag.ms (3600000)"}},
		{"compaction lag equal ok", "3.2", map[string]string{"min.compaction.lag.ms": "3600000", "max.compaction.lag.ms": "3600000"}, nil},
		{"compaction lag min only uses default max", "3.2", map[string]string{"min.compaction.lag.ms": "9223372036854775807"}, nil},
		{"compaction lag max only uses default min", "3.2", map[string]string{"max.compaction.lag.ms": "1"}, nil},
		{"compaction lag skipped when a side is invalid", "3.2", map[string]string{"min.compaction.lag.ms": "5", "max.compaction.lag.ms": "0"},
			[]string{`topic property "max.compaction.lag.ms": value "0" is out of range`}},
		{"compaction lag trimmed and signed", "3.2", map[string]string{"min.compaction.lag.ms": " +20 ", "max.compaction.lag.ms": "10"},
			[]string{"min.compaction.lag.ms (20) must not be greater than max.compaction.lag.ms (10)"}},
		{"value error and conflict together", "3.2", map[string]string{"min.compaction.lag.ms": "20", "max.compaction.lag.ms": "10", "preallocate": "maybe"},
			[]string{`topic property "preallocate"`, "min.compaction.lag.ms (20) must not be greater"}},
		{"local retention -1 with default retention", "3.2", map[string]string{"local.retention.ms": "-1"},
			[]string{"local.retention.ms (-1) may be -1 only when retention.ms (not set: Kafka's default 604800000) is -1"}},
		{"local retention -1 with retention -1", "3.2", map[string]string{"local.retention.ms": "-1", "retention.ms": "-1"}, nil},
		{"local retention above retention", "3.2", map[string]string{"local.retention.ms": "7200000", "retention.ms": "3600000"},
			[]string{"local.retention.ms (7200000) must not be greater than retention.ms (3600000)"}},
		{"local retention with unlimited retention", "3.2", map[string]string{"local.retention.bytes": "5"},
			[]string{"local.retention.bytes (5) must not be greater than retention.bytes (not set: Kafka's default -1)"}},
		{"local retention -2 always ok", "3.2", map[string]string{"local.retention.bytes": "-2", "retention.bytes": "10"}, nil},
		{"local retention within", "3.2", map[string]string{"local.retention.ms": "1000", "retention.ms": "3600000"}, nil},
		{"local retention unknown on 2.4 only once", "2.4", map[string]string{"local.retention.ms": "-1"},
			[]string{"local.retention.ms was added in Kafka 3.0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustCatalogue(t, tt.version)
			errs := c.Validate(tt.props)
			if len(errs) != len(tt.want) {
				t.Fatalf("Validate() returned %d errors %v, want %d", len(errs), errs, len(tt.want))
			}
			for i, err := range errs {
				if !strings.Contains(err.Error(), tt.want[i]) {
					t.Errorf("error %d = %q, want it to contain %q", i, err, tt.want[i])
				}
				var te *Error
				if !errors.As(err, &te) {
					t.Errorf("error %d is %T, want *Error", i, err)
				}
			}
		})
	}
}

func TestConflictErrorFields(t *testing.T) {
	c := mustCatalogue(t, "3.2")
	errs := c.Validate(map[string]string{"min.compaction.lag.ms": "20", "max.compaction.lag.ms": "10"})
	if len(errs) != 1 {
		t.Fatalf("got %v", errs)
	}
	var te *Error
	if !errors.As(errs[0], &te) || te.Kind != KindConflict || te.Key != "min.compaction.lag.ms" || te.Value != "20" {
		t.Errorf("got %#v", errs[0])
	}
}

func TestLongValuesAreShortenedInMessages(t *testing.T) {
	c := mustCatalogue(t, "3.2")
	long := strings.Repeat("x", 10000)
	err := c.ValidateValue("retention.ms", long)
	if err == nil {
		t.Fatal("want error")
	}
	if len(err.Error()) > 400 || !strings.Contains(err.Error(), "(10000 bytes)") {
		t.Errorf("message not shortened: %d bytes: %.200s", len(err.Error()), err)
	}
	var te *Error
	if errors.As(err, &te) && te.Value != long {
		t.Errorf("Error.Value must keep the full value")
	}
}

// TestValidateKeyAllVersions: without the cluster's version, a key is refused only when no supported
// version accepts it, and the message names them all rather than the default version.
func TestValidateKeyAllVersions(t *testing.T) {
	tests := []struct{ key, want string }{
		{"retention.ms", ""},
		{"remote.storage.enable", ""}, // Kafka 3.2 only
		{"retention.msec", `unknown topic property "retention.msec" in any supported Kafka version (2.4, 3.2); did you mean "retention.ms"?`},
		{"compression.gzip.level", `unknown topic property "compression.gzip.level" in any supported Kafka version (2.4, 3.2): compression.gzip.level was added in Kafka 3.8`},
		{"log.retention.hours", `unknown topic property "log.retention.hours" in any supported Kafka version (2.4, 3.2): that is a broker-level setting name; topic-level durations are in milliseconds; did you mean "retention.ms"?`},
	}
	for _, tt := range tests {
		err := ValidateKeyAllVersions(tt.key)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("ValidateKeyAllVersions(%q) = %v, want nil", tt.key, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("ValidateKeyAllVersions(%q) =\n  %v\nwant\n  %s", tt.key, err, tt.want)
		}
		var e *Error
		if tt.want != "" && (!errors.As(err, &e) || e.Kind != KindUnknownKey || !e.AllVersions) {
			t.Errorf("ValidateKeyAllVersions(%q): want an *Error of KindUnknownKey with AllVersions, got %#v", tt.key, err)
		}
	}
}
