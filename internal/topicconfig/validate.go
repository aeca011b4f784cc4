package topicconfig

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// parsed is a successfully parsed property value.
type parsed struct {
	integer int64 // int and long values
	isInt   bool
}

// ValidateKey checks that key is a topic property this Kafka version accepts
// (exact, case-sensitive match). Otherwise it returns an *Error of kind
// KindUnknownKey that explains why (added in a later Kafka, broker-level
// spelling, wrong case) and, when a known key is close, suggests it.
func (c *Catalogue) ValidateKey(key string) error {
	if _, ok := c.entries[key]; ok {
		return nil
	}
	e := &Error{Kind: KindUnknownKey, Key: key, Version: c.info.short}
	if r, ok := c.global[key]; ok {
		e.Rule = c.notInVersionRule(r)
		return e
	}
	if t, unit := c.brokerEquivalent(key); t != "" {
		e.Rule = "that is a broker-level setting name"
		if unit {
			e.Rule += "; topic-level durations are in milliseconds"
		}
		e.Suggested, e.Suggestion = t, didYouMean(t)
		return e
	}
	switch alts := closest(key, c.keys); len(alts) {
	case 0:
	case 1:
		if strings.EqualFold(alts[0], key) {
			e.Rule = "topic property names are case-sensitive"
		}
		e.Suggested, e.Suggestion = alts[0], didYouMean(alts[0])
	default:
		quoted := make([]string, len(alts))
		for i, a := range alts {
			quoted[i] = fmt.Sprintf("%q", a)
		}
		e.Suggestion = "did you mean one of " + strings.Join(quoted, ", ") + "?"
	}
	return e
}

// notInVersionRule explains why a key known to some Kafka version is not
// accepted by this one.
// ValidateKeyAllVersions is ValidateKey for a check made without the cluster's Kafka version
// (terraform validate): nil when some supported version accepts key; otherwise the *Error of the
// default version's catalogue with AllVersions set, whose rule keeps only what holds for every
// version (a key added after the newest or removed before the oldest supported version says so).
func ValidateKeyAllVersions(key string) error {
	all, err := catalogues()
	if err != nil {
		return err
	}
	for _, v := range supported {
		if all[v.short].ValidateKey(key) == nil {
			return nil
		}
	}
	c := all[DefaultVersion]
	err = c.ValidateKey(key)
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	e.AllVersions = true
	if r, ok := c.global[key]; ok {
		newest, oldest := supported[len(supported)-1].short, supported[0].short
		switch {
		case r.Since != "" && compareVersions(r.Since, newest) > 0:
			e.Rule = fmt.Sprintf("%s was added in Kafka %s", r.Name, r.Since)
		case r.RemovedIn != nil && compareVersions(*r.RemovedIn, oldest) <= 0:
			e.Rule = fmt.Sprintf("%s was removed in Kafka %s", r.Name, *r.RemovedIn)
		default:
			e.Rule = ""
		}
	}
	return e
}

func (c *Catalogue) notInVersionRule(r *rawEntry) string {
	if r.Since != "" && compareVersions(r.Since, c.info.short) > 0 {
		return fmt.Sprintf("%s was added in Kafka %s; this cluster runs Kafka %s", r.Name, r.Since, c.info.short)
	}
	if r.RemovedIn != nil && compareVersions(*r.RemovedIn, c.info.short) <= 0 {
		return fmt.Sprintf("%s was removed in Kafka %s; this cluster runs Kafka %s", r.Name, *r.RemovedIn, c.info.short)
	}
	return fmt.Sprintf("%s is not a topic property of Kafka %s", r.Name, c.info.full)
}

// compareVersions compares dotted numeric Kafka release lines ("0.10.1", "3.2").
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// ValidateValue checks a value for key the way this Kafka version's broker
// does: the value is trimmed, parsed as the key's type (INT and LONG: Java
// decimal integers; DOUBLE: Java floating-point syntax; BOOLEAN: true/false in
// any case; LIST: comma-separated) and then checked by the key's validator
// (inclusive range, case-sensitive enum, list of enum values, throttled
// replica list, message format version). An unknown key yields the
// ValidateKey error.
func (c *Catalogue) ValidateValue(key, value string) error {
	e, ok := c.entries[key]
	if !ok {
		return c.ValidateKey(key)
	}
	_, err := c.check(e, value)
	if err != nil {
		return err
	}
	return nil
}

func (c *Catalogue) valueError(key, value, rule string) *Error {
	return &Error{Kind: KindInvalidValue, Key: key, Value: value, Rule: rule, Version: c.info.short}
}

// check parses and validates one value; it returns a typed *Error.
func (c *Catalogue) check(e *entry, value string) (parsed, *Error) {
	v := javaTrim(value)
	q := quoteValue(value)
	var out parsed
	kv, err := parseKafkaValue(e.typ, value)
	switch {
	case errors.Is(err, errIntRange):
		bits, lo, hi := 32, int64(math.MinInt32), int64(math.MaxInt32)
		if e.typ == typeLong {
			bits, lo, hi = 64, math.MinInt64, math.MaxInt64
		}
		ve := c.valueError(e.Name, value, fmt.Sprintf("value %s is out of range for a %s (a %d-bit integer from %d to %d)",
			q, e.typ.kafkaName(), bits, lo, hi))
		if e.typ == typeInt && strings.HasSuffix(e.Name, ".bytes") && !strings.HasPrefix(v, "-") {
			ve.Suggestion = fmt.Sprintf("%s is an INT: at most 2147483647 bytes (2 GiB - 1 byte), so a size such as 1GiB (1073741824) fits and 2GiB does not", e.Name)
		}
		return out, ve
	case err != nil:
		ve := c.valueError(e.Name, value, fmt.Sprintf("value %s is not a valid %s (%s)", q, e.typ.kafkaName(), typeRule(e.typ)))
		if e.typ == typeLong || e.typ == typeInt {
			unitHint(ve, e.Name, v)
		}
		return out, ve
	}
	var num float64
	switch e.typ {
	case typeInt, typeLong:
		out.integer, out.isInt, num = kv.integer, true, float64(kv.integer)
	case typeDouble:
		num = kv.double
	}

	switch e.check.kind {
	case kindRange:
		if !e.check.inRange(num) {
			return out, c.valueError(e.Name, value, fmt.Sprintf("value %s is out of range: must be %s", q, e.check.rangeText()))
		}
	case kindEnum:
		if err := c.checkEnum(e, value, v); err != nil {
			return out, err
		}
	case kindListEnum:
		if err := c.checkListEnum(e, value, splitList(v)); err != nil {
			return out, err
		}
	case kindThrottled:
		if err := c.checkThrottled(e, value, splitList(v)); err != nil {
			return out, err
		}
	}
	return out, nil
}

// inRange applies ConfigDef.Range: comparisons on doubles, so NaN passes.
func (v validator) inRange(n float64) bool {
	for _, a := range v.alsoAllowed {
		if n == a {
			return true
		}
	}
	if v.min != nil && n < *v.min {
		return false
	}
	if v.max != nil && n > *v.max {
		return false
	}
	return true
}

// unitHint adds a suggestion for ".ms" values written with a unit ("1h"):
// the value read by ParseDurationMs after lower-casing, removing spaces and
// reading "sec"/"secs" as "s" and "min"/"mins" as "m". Error.Duration is set
// to the form ParseDurationMs accepts.
func unitHint(e *Error, key, trimmed string) {
	if !strings.HasSuffix(key, ".ms") {
		return
	}
	form := strings.ToLower(strings.Join(strings.Fields(trimmed), ""))
	form = durationAliases.Replace(form)
	ms, err := ParseDurationMs(form)
	if err != nil {
		return
	}
	e.Suggested, e.Duration = ms, form
	e.Suggestion = fmt.Sprintf("durations are given in milliseconds: did you mean %q (%s)?", ms, trimmed)
}

// durationAliases maps unit spellings people write to ParseDurationMs's units
// ("mins" before "min", "ms" kept).
var durationAliases = strings.NewReplacer("secs", "s", "sec", "s", "mins", "m", "min", "m")

// enumAliases maps common wrong spellings to the accepted value, per key.
var enumAliases = map[string]map[string]string{
	"compression.type": {"none": "uncompressed"},
}

func (c *Catalogue) checkEnum(e *entry, value, v string) *Error {
	chk := e.check
	if chk.versionPrefix {
		key := versionPrefix(v)
		if chk.valueSet[key] {
			return nil
		}
		read := ""
		if key != v {
			read = fmt.Sprintf(" (read as %q)", key)
		}
		short := make([]string, 0, len(chk.values))
		for _, s := range chk.values {
			if !strings.Contains(s, "-") {
				short = append(short, s)
			}
		}
		latest := lastShortVersion(chk.values)
		ve := c.valueError(e.Name, value, fmt.Sprintf(
			"value %s%s is not a message format version known to Kafka %s: the value is cut to its first two dot-separated parts (three for 0.x) and must then be one of %s, or an internal version such as %s-IV0 (case-sensitive)",
			quoteValue(value), read, c.info.short, strings.Join(short, ", "), latest))
		if s := foldMatch(key, chk.values); s != "" {
			ve.Suggested, ve.Suggestion = s, didYouMean(s)
		}
		return ve
	}
	if chk.valueSet[v] {
		return nil
	}
	ve := c.valueError(e.Name, value, fmt.Sprintf("value %s is not one of %s (case-sensitive)", quoteValue(value), strings.Join(chk.values, ", ")))
	if s := enumAliases[e.Name][strings.ToLower(v)]; s != "" {
		ve.Suggested, ve.Suggestion = s, didYouMean(s)
	} else if s := foldMatch(v, chk.values); s != "" {
		ve.Suggested, ve.Suggestion = s, didYouMean(s)
	}
	return ve
}

// foldMatch returns the value equal to s ignoring case, or "".
func foldMatch(s string, values []string) string {
	for _, x := range values {
		if strings.EqualFold(s, x) {
			return x
		}
	}
	return ""
}

func (c *Catalogue) checkListEnum(e *entry, value string, elems []string) *Error {
	chk := e.check
	of := ""
	if len(elems) > 1 {
		of = " of value " + quoteValue(value)
	}
	for _, el := range elems {
		if chk.valueSet[el] {
			continue
		}
		if el == "" {
			return c.valueError(e.Name, value, fmt.Sprintf(
				"value %s has an empty element (a leading, trailing or doubled comma); each element must be one of %s (case-sensitive), or the whole value empty",
				quoteValue(value), strings.Join(chk.values, ", ")))
		}
		ve := c.valueError(e.Name, value, fmt.Sprintf("element %s%s is not one of %s (case-sensitive)", quoteValue(el), of, strings.Join(chk.values, ", ")))
		if s := foldMatch(el, chk.values); s != "" {
			ve.Suggested, ve.Suggestion = s, didYouMean(s)
		}
		return ve
	}
	return nil
}

// isReplicaPair reports whether s matches Java regex ([0-9]+:[0-9]+)? fully.
func isReplicaPair(s string) bool {
	if s == "" {
		return true
	}
	p, b, ok := strings.Cut(s, ":")
	return ok && p != "" && b != "" && scanDigits(p, isDec) == len(p) && scanDigits(b, isDec) == len(b)
}

// checkThrottled applies Kafka's ThrottledReplicaListValidator: every element
// (trimmed) empty or partition:broker, or the wildcard: on Kafka 2.8+ the
// elements joined must be "*", up to 2.7 the first element must be "*".
func (c *Catalogue) checkThrottled(e *entry, value string, elems []string) *Error {
	bad := ""
	for _, el := range elems {
		if t := javaTrim(el); !isReplicaPair(t) {
			bad = t
			break
		}
	}
	if bad == "" {
		return nil
	}
	if e.check.wildcardFirstElement {
		if len(elems) > 0 && javaTrim(elems[0]) == "*" {
			return nil
		}
	} else if javaTrim(strings.Join(elems, "")) == "*" {
		return nil
	}
	if strings.Contains(value, "*") {
		rule := fmt.Sprintf(`value %s: the wildcard "*" must be the whole value on Kafka %s (it cannot be combined with partition:broker pairs)`, quoteValue(value), c.info.short)
		if e.check.wildcardFirstElement {
			rule = fmt.Sprintf(`value %s: the wildcard "*" must be the first element on Kafka %s`, quoteValue(value), c.info.short)
		}
		return c.valueError(e.Name, value, rule)
	}
	return c.valueError(e.Name, value, fmt.Sprintf(
		`element %s of value %s is not a partition:broker pair (digits:digits, e.g. 0:101); the value must be a comma-separated list of such pairs, or "*" for all replicas`,
		quoteValue(bad), quoteValue(value)))
}

// Validate checks a whole set of topic properties: each key (ValidateKey),
// each value of a known key (ValidateValue), in key order; then, if the values
// involved are valid, the cross-field rules Kafka applies on topic creation:
// min.compaction.lag.ms <= max.compaction.lag.ms (a missing side takes Kafka's
// built-in default), and on Kafka 3.2 the internal local.retention.ms/bytes
// limits against retention.ms/bytes. It returns nil when all is valid.
func (c *Catalogue) Validate(props map[string]string) []error {
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	values := make(map[string]parsed, len(props))
	failed := make(map[string]bool)
	for _, k := range keys {
		e, ok := c.entries[k]
		if !ok {
			errs = append(errs, c.ValidateKey(k))
			failed[k] = true
			continue
		}
		p, err := c.check(e, props[k])
		if err != nil {
			errs = append(errs, err)
			failed[k] = true
			continue
		}
		values[k] = p
	}
	errs = append(errs, c.crossField(props, values, failed)...)
	return errs
}
