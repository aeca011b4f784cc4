package topicconfig

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// EqualValues reports whether Kafka reads a and b as the same value of the
// topic property key, so that changing one into the other changes nothing on
// the topic. Both values are parsed like ConfigDef.parseType (see
// parseKafkaValue: Java String.trim first) and compared as the key's type:
//
//   - INT, LONG: the same integer ("007", "+7", " 7 " and "7" are equal;
//     Integer.parseInt and Long.parseLong accept a sign and leading zeros).
//   - DOUBLE: the same number ("0.50", "0.5", ".5", "5e-1", "0.5d" are equal,
//     as Double.parseDouble reads them; 0 and -0 are equal, as every
//     comparison Kafka makes on them is; NaN equals NaN).
//   - BOOLEAN: the same truth value ("TRUE", "true", " True " are equal;
//     ConfigDef accepts "true"/"false" in any case).
//   - STRING: the same trimmed text, case kept: the enum validators of
//     compression.type and message.timestamp.type are ValidString, which
//     compares case-sensitively, so "GZIP" is not "gzip" (and is refused).
//     message.format.version compares the Kafka version both values stand
//     for (Kafka's ApiVersion(String): the first two dot-separated parts,
//     three for 0.x, and a short version means its latest internal version),
//     so "2.4", "2.4.1" and "2.4-IV1" are equal on Kafka 2.4 and 3.2.
//   - LIST: the same elements, after ConfigDef's split on commas with the
//     spaces around them removed ("compact, delete" equals "compact,delete");
//     for cleanup.policy order and repetition do not matter either
//     ("delete,compact" equals "compact,delete"), because Kafka's LogConfig
//     only asks whether the list contains "compact" and "delete". The
//     throttled replica lists keep their order.
//
// A value that does not parse as the key's type, and every value of a key
// this Kafka version does not know, compares as exact text. Identical texts
// are always equal. A nil Catalogue compares exact text.
func (c *Catalogue) EqualValues(key, a, b string) bool {
	if a == b {
		return true
	}
	if c == nil {
		return false
	}
	e, ok := c.entries[key]
	if !ok {
		return false
	}
	va, errA := parseKafkaValue(e.typ, a)
	vb, errB := parseKafkaValue(e.typ, b)
	if errA != nil || errB != nil {
		return false
	}
	switch e.typ {
	case typeInt, typeLong:
		return va.integer == vb.integer
	case typeDouble:
		return va.double == vb.double || (math.IsNaN(va.double) && math.IsNaN(vb.double))
	case typeBoolean:
		return va.boolean == vb.boolean
	case typeString:
		if e.check.versionPrefix {
			return c.apiVersion(e, va.text) == c.apiVersion(e, vb.text)
		}
		return va.text == vb.text
	case typeList:
		if e.check.kind == kindListEnum {
			return sameSet(va.list, vb.list)
		}
		return slices.Equal(va.list, vb.list)
	}
	return false
}

// apiVersion resolves a trimmed message.format.version value to the version
// Kafka's ApiVersion(String) returns: the versionPrefix key when it is an
// internal version ("2.4-IV1") or a release without internal versions
// ("0.8.2"), and for a release that has them ("2.4") the latest one
// ("2.4-IV1"), the catalogue listing them oldest first as Kafka does. A value
// Kafka does not know stays as it is.
func (c *Catalogue) apiVersion(e *entry, v string) string {
	key := versionPrefix(v)
	if !e.check.valueSet[key] {
		return v
	}
	latest := key
	for _, s := range e.check.values {
		if strings.HasPrefix(s, key+"-IV") {
			latest = s
		}
	}
	return latest
}

// sameSet reports whether a and b hold the same elements, ignoring order and repetition.
func sameSet(a, b []string) bool {
	in := func(x string, list []string) bool { return slices.Contains(list, x) }
	for _, x := range a {
		if !in(x, b) {
			return false
		}
	}
	for _, x := range b {
		if !in(x, a) {
			return false
		}
	}
	return true
}

// PropertyDiff is one topic property that differs between two sets of topic
// properties as Kafka reads them (see EqualValues).
type PropertyDiff struct {
	Key string
	// Have and Want are the values exactly as given; "" when not set.
	Have, Want string
	// HaveSet and WantSet tell whether the key is in have and in want:
	// WantSet only = added, HaveSet only = removed, both = changed.
	HaveSet, WantSet bool
}

// DiffProperties compares two sets of topic properties, for example those a
// topic was created with (have) and those now configured (want), and returns
// the keys whose values Kafka reads differently, sorted by key: keys only in
// want (added), keys only in have (removed, even when the value equals Kafka's
// default: the topic still carries it as an override) and keys in both whose
// values are not EqualValues (changed). It returns nil when nothing differs;
// nil and empty maps are the same.
func (c *Catalogue) DiffProperties(have, want map[string]string) []PropertyDiff {
	keys := make([]string, 0, len(have)+len(want))
	for k := range have {
		keys = append(keys, k)
	}
	for k := range want {
		if _, ok := have[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []PropertyDiff
	for _, k := range keys {
		h, hok := have[k]
		w, wok := want[k]
		if hok && wok && c.EqualValues(k, h, w) {
			continue
		}
		out = append(out, PropertyDiff{Key: k, Have: h, Want: w, HaveSet: hok, WantSet: wok})
	}
	return out
}
