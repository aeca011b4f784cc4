package topicconfig

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrorKind tells which rule an *Error is about.
type ErrorKind int

const (
	// KindInvalidValue: the value does not parse as the key's type or breaks its validator.
	KindInvalidValue ErrorKind = iota + 1
	// KindUnknownKey: the key is not a topic property of the selected Kafka version.
	KindUnknownKey
	// KindConflict: two properties are individually valid but conflict
	// (e.g. min.compaction.lag.ms above max.compaction.lag.ms).
	KindConflict
	// KindInvalidTopicName: the topic name breaks Kafka's naming rules.
	KindInvalidTopicName
)

// String returns a short name for the kind.
func (k ErrorKind) String() string {
	switch k {
	case KindInvalidValue:
		return "invalid value"
	case KindUnknownKey:
		return "unknown key"
	case KindConflict:
		return "conflict"
	case KindInvalidTopicName:
		return "invalid topic name"
	default:
		return fmt.Sprintf("ErrorKind(%d)", int(k))
	}
}

// Error is the error type of this package. Error() renders a complete
// sentence naming the key, the value and the rule, for example
//
//	topic property "retention.ms": value "1h" is not a valid LONG (a 64-bit decimal integer such as 3600000)
//	unknown topic property "retention.msec" for Kafka 3.2 (HDInsight 5.1); did you mean "retention.ms"?
//	unknown topic property "retention.msec" in any supported Kafka version (2.4, 3.2); did you mean "retention.ms"?
type Error struct {
	Kind ErrorKind
	// Key is the topic property ("" for topic names). For conflicts it is
	// the property reported (e.g. min.compaction.lag.ms).
	Key string
	// Value is the offending value exactly as given (the topic name for
	// KindInvalidTopicName; "" for unknown keys).
	Value string
	// Rule explains what is wrong, as a clause that Error() prefixes with the
	// key (e.g. `value "1h" is not a valid LONG (...)`).
	Rule string
	// Suggestion is a hint such as `did you mean "retention.ms"?` ("" if none).
	Suggestion string
	// Suggested is the bare key or value proposed in Suggestion ("" if none).
	Suggested string
	// Duration is set when a *.ms value was written with time units and
	// Suggested is its conversion to milliseconds: the value in the form
	// ParseDurationMs accepts (e.g. "7d" for "7 d"), for callers that point
	// at a conversion function. "" otherwise.
	Duration string
	// Version is the catalogue's Kafka version ("3.2"), "" for topic names.
	Version string
	// AllVersions is set on an unknown-key error that holds for every supported Kafka version
	// (ValidateKeyAllVersions, a check made without the cluster's version): Error() names them all
	// ("in any supported Kafka version (2.4, 3.2)") instead of Version.
	AllVersions bool
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	switch e.Kind {
	case KindUnknownKey:
		fmt.Fprintf(&b, "unknown topic property %q", e.Key)
		if e.AllVersions {
			b.WriteString(" in any supported Kafka version (" + strings.Join(SupportedVersions(), ", ") + ")")
		} else if v, ok := resolveVersion(e.Version); ok && e.Version != "" {
			b.WriteString(" for " + v.label())
		}
		if e.Rule != "" {
			b.WriteString(": " + e.Rule)
		}
	case KindConflict:
		b.WriteString("conflicting topic properties: " + e.Rule)
	case KindInvalidTopicName:
		fmt.Fprintf(&b, "invalid topic name %s: %s", quoteValue(e.Value), e.Rule)
	default:
		fmt.Fprintf(&b, "topic property %q: %s", e.Key, e.Rule)
	}
	if e.Suggestion != "" {
		b.WriteString("; " + e.Suggestion)
	}
	return b.String()
}

// maxQuoted is the length beyond which quoted values are shortened in messages.
const maxQuoted = 120

// quoteValue quotes a user-supplied value for a message, shortening very long ones.
func quoteValue(s string) string {
	if len(s) <= maxQuoted {
		return fmt.Sprintf("%q", s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%q… (%d bytes)", s[:cut], len(s))
}

func didYouMean(s string) string { return fmt.Sprintf("did you mean %q?", s) }
