package topicconfig

import (
	"errors"
	"testing"
)

// FuzzValidateValue feeds arbitrary keys and values to every catalogue and
// checks that validation never panics, always returns *Error values with a
// message, and agrees between ValidateValue and Validate; and that
// EqualValues is reflexive, symmetric and blind to the spaces Kafka trims.
func FuzzValidateValue(f *testing.F) {
	seeds := [][2]string{
		{"retention.ms", "3600000"},
		{"retention.ms", "1h"},
		{"retention.ms", " -1 "},
		{"retention.ms", "9223372036854775808"},
		{"max.message.bytes", "+2147483647"},
		{"min.cleanable.dirty.ratio", "NaN"},
		{"min.cleanable.dirty.ratio", "0x1.8p-1d"},
		{"min.cleanable.dirty.ratio", "-Infinity"},
		{"min.cleanable.dirty.ratio", ".5e"},
		{"preallocate", "TRUE"},
		{"cleanup.policy", "compact, delete"},
		{"cleanup.policy", ",,"},
		{"compression.type", "none"},
		{"message.format.version", "0.10.2.1"},
		{"message.format.version", "..."},
		{"leader.replication.throttled.replicas", "*,0:1"},
		{"follower.replication.throttled.replicas", "0:1,,\x012:3"},
		{"local.retention.ms", "-1"},
		{"retention.msec", "1"},
		{"log.retention.hours", "168"},
		{"", ""},
		{"\xff\xfe", "\xff"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	cats := make([]*Catalogue, 0, 2)
	for _, v := range SupportedVersions() {
		cats = append(cats, mustCatalogue(f, v))
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		for _, c := range cats {
			err := c.ValidateValue(key, value)
			errs := c.Validate(map[string]string{key: value})
			// EqualValues is reflexive and symmetric, and Kafka trims every value it accepts.
			padded := " " + value + "\t"
			if !c.EqualValues(key, value, value) || c.EqualValues(key, value, padded) != c.EqualValues(key, padded, value) {
				t.Fatalf("%s: EqualValues(%q, %q, ...) is not reflexive and symmetric", c.Version(), key, value)
			}
			if err == nil && !c.EqualValues(key, value, padded) {
				t.Fatalf("%s: valid %s = %q differs from %q", c.Version(), key, value, padded)
			}
			if err == nil {
				for _, e := range errs {
					var te *Error
					if !errors.As(e, &te) || te.Kind != KindConflict {
						t.Fatalf("%s: ValidateValue(%q, %q) = nil but Validate reported %v", c.Version(), key, value, e)
					}
				}
				continue
			}
			var te *Error
			if !errors.As(err, &te) || err.Error() == "" {
				t.Fatalf("%s: ValidateValue(%q, %q) = %#v, want non-empty *Error", c.Version(), key, value, err)
			}
			if len(errs) == 0 || errs[0].Error() != err.Error() {
				t.Fatalf("%s: Validate disagrees with ValidateValue(%q, %q): %v vs %v", c.Version(), key, value, errs, err)
			}
		}
		_ = ValidateTopicName(key)
	})
}
