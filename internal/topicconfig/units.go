package topicconfig

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Human units for topic property values: ParseDurationMs turns "7d" into the
// milliseconds that retention.ms and the other *.ms keys take, ParseSizeBytes
// turns "1GiB" into the bytes that retention.bytes, segment.bytes and
// max.message.bytes take. The provider exposes them as the Terraform functions
// provider::hdikafka::duration_ms and provider::hdikafka::size_bytes.
//
// Both results are decimal strings of a whole number within Kafka's LONG range
// (Java long, -9223372036854775808 to 9223372036854775807), so the catalogue's
// ValidateValue parses them exactly as the broker will. The range of the key
// the value is used with (retention.ms at least -1, max.message.bytes an INT
// at most 2147483647, ...) is the catalogue's to check, not these functions'.

// noLimit is Kafka's "no limit" value of retention.ms, retention.bytes and
// similar keys, the result of "-1" and "infinite".
const noLimit = "-1"

// DurationForms describes the values ParseDurationMs accepts, for error
// messages and documentation.
const DurationForms = `a number followed by a unit, ms, s, m (minutes), h, d (24 hours) or w (7 days), ` +
	`such as "500ms", "7d" or "1.5h"; several such terms from the largest unit to the smallest, ` +
	`each unit once, such as "1h30m"; or "-1" or "infinite" for no limit. ` +
	`Units are lower-case and spaces are not accepted`

// SizeForms describes the values ParseSizeBytes accepts, for error messages
// and documentation.
const SizeForms = `a number followed by a unit, B (bytes), KiB, MiB, GiB, TiB (powers of 1024) ` +
	`or KB, MB, GB, TB (powers of 1000; "kB" is accepted for KB), such as "1GiB", "1.5GiB" or "500MB", ` +
	`giving a whole number of bytes; or "-1" or "infinite" for no limit (retention.bytes). ` +
	`Units are case-sensitive and spaces are not accepted`

// longMax is Kafka's LONG maximum as text, for messages.
var longMax = strconv.FormatInt(math.MaxInt64, 10)

type unit struct {
	name   string
	factor int64
}

// durationUnits are ParseDurationMs's units, largest first: a term's unit must
// come after the previous term's in this list.
var durationUnits = []unit{
	{"w", 7 * 24 * 3600 * 1000},
	{"d", 24 * 3600 * 1000},
	{"h", 3600 * 1000},
	{"m", 60 * 1000},
	{"s", 1000},
	{"ms", 1},
}

// sizeUnits are ParseSizeBytes's units.
var sizeUnits = []unit{
	{"B", 1},
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
	{"KB", 1e3}, {"kB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
}

// ParseDurationMs converts a duration with units to whole milliseconds, as a
// decimal string: "7d" → "604800000", "1h30m" → "5400000", "1.5s" → "1500",
// "0ms" → "0", "-1" and "infinite" → "-1" (Kafka's no-limit value). The
// accepted forms are DurationForms: no spaces (not even around the value),
// lower-case units only (so "M" is never mistaken for months or "1H" guessed),
// a unit on every term (a bare number is refused because seconds and
// milliseconds are both plausible readings). Errors name the value and the
// accepted forms: a value that is not such a duration, a fraction of a
// millisecond ("0.5ms"), or a result above 9223372036854775807 ms.
func ParseDurationMs(s string) (string, error) {
	if s == noLimit || s == "infinite" {
		return noLimit, nil
	}
	ms, err := parseTerms(s, durationUnits, true)
	if err != nil {
		return "", fmt.Errorf("duration %s: %w; accepted: %s", quoteValue(s), err, DurationForms)
	}
	if !ms.IsInt() {
		return "", fmt.Errorf("duration %s is %s ms, not a whole number of milliseconds; accepted: %s",
			quoteValue(s), ratText(ms), DurationForms)
	}
	n := ms.Num()
	if !n.IsInt64() {
		return "", fmt.Errorf("duration %s is %s ms, above Kafka's LONG maximum %s ms (about 292 million years); "+
			`use "-1" or "infinite" for no limit`, quoteValue(s), n.String(), longMax)
	}
	return strconv.FormatInt(n.Int64(), 10), nil
}

// ParseSizeBytes converts a size with a unit to whole bytes, as a decimal
// string: "1GiB" → "1073741824", "1.5GiB" → "1610612736", "500MB" →
// "500000000", "-1" and "infinite" → "-1" (Kafka's no-limit value of
// retention.bytes). The accepted forms are SizeForms: one number and one
// case-sensitive unit, no spaces. Errors name the value and the accepted
// forms: a value that is not such a size, a fraction of a byte ("1.5B",
// "0.1KiB"), or a result above Kafka's LONG maximum 9223372036854775807.
// Keys of type INT (segment.bytes, max.message.bytes, ...) take at most
// 2147483647; the catalogue refuses larger values for them.
func ParseSizeBytes(s string) (string, error) {
	if s == noLimit || s == "infinite" {
		return noLimit, nil
	}
	b, err := parseTerms(s, sizeUnits, false)
	if err != nil {
		return "", fmt.Errorf("size %s: %w; accepted: %s", quoteValue(s), err, SizeForms)
	}
	if !b.IsInt() {
		return "", fmt.Errorf("size %s is %s bytes, not a whole number of bytes; accepted: %s",
			quoteValue(s), ratText(b), SizeForms)
	}
	n := b.Num()
	if !n.IsInt64() {
		return "", fmt.Errorf("size %s is %s bytes, above Kafka's LONG maximum %s bytes (8 EiB - 1)",
			quoteValue(s), n.String(), longMax)
	}
	return strconv.FormatInt(n.Int64(), 10), nil
}

// parseTerms reads "<number><unit>" terms (several only when multi is set, in
// the order of units, each unit once) and returns their exact sum in the
// smallest unit. A number is ASCII digits with an optional fractional part
// ("1", "1.5"; not ".5", "1." or a sign).
func parseTerms(s string, units []unit, multi bool) (*big.Rat, error) {
	if s == "" {
		return nil, errors.New("empty value")
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' }) {
		return nil, errors.New("spaces are not accepted")
	}
	if s[0] == '-' || s[0] == '+' {
		return nil, errors.New(`a sign is not accepted (the only negative value is "-1", no limit)`)
	}
	total := new(big.Rat)
	next := 0 // index in units of the largest unit still allowed
	for first := true; s != ""; first = false {
		if !first && !multi {
			return nil, fmt.Errorf("unexpected %s after the unit", quoteValue(s))
		}
		num, rest, err := scanNumber(s)
		if err != nil {
			return nil, err
		}
		name := rest
		if multi {
			name = rest[:scanUnitName(rest)]
		}
		if name == "" {
			return nil, fmt.Errorf("number %s has no unit", num)
		}
		i := unitIndex(units, name)
		if i < 0 {
			return nil, unknownUnitError(name, units)
		}
		if i < next {
			return nil, fmt.Errorf("unit %q comes after a smaller or equal unit: write the terms from the largest unit to the smallest, each unit once, such as \"1h30m\"", name)
		}
		next = i + 1
		r, ok := new(big.Rat).SetString(num)
		if !ok {
			return nil, fmt.Errorf("%s is not a number", quoteValue(num))
		}
		total.Add(total, r.Mul(r, new(big.Rat).SetInt64(units[i].factor)))
		s = rest[len(name):]
	}
	return total, nil
}

// scanNumber splits s into a leading number (digits, optionally "." and digits)
// and the rest.
func scanNumber(s string) (num, rest string, err error) {
	n := scanDigits(s, isDec)
	if n == 0 {
		return "", "", fmt.Errorf("expected a number at %s", quoteValue(s))
	}
	if n < len(s) && s[n] == '.' {
		f := scanDigits(s[n+1:], isDec)
		if f == 0 {
			return "", "", fmt.Errorf("number %s needs digits after the decimal point", quoteValue(s[:n+1]))
		}
		n += 1 + f
	}
	return s[:n], s[n:], nil
}

// scanUnitName returns the length of the leading run of letters in s.
func scanUnitName(s string) int {
	n := 0
	for n < len(s) && (s[n] >= 'a' && s[n] <= 'z' || s[n] >= 'A' && s[n] <= 'Z') {
		n++
	}
	return n
}

func unitIndex(units []unit, name string) int {
	for i, u := range units {
		if u.name == name {
			return i
		}
	}
	return -1
}

// ratText renders a non-integer result for a message, e.g. "1.5" or "0.333333".
func ratText(r *big.Rat) string {
	return strings.TrimRight(strings.TrimRight(r.FloatString(6), "0"), ".")
}

// unknownUnitError names the unit and, when it differs from a known unit only
// in case, that unit.
func unknownUnitError(name string, units []unit) error {
	if name == "M" && unitIndex(units, "m") >= 0 {
		return errors.New(`unknown unit "M": "m" is minutes and there is no month unit; write months in days, such as "30d"`)
	}
	for _, u := range units {
		if strings.EqualFold(u.name, name) {
			return fmt.Errorf("unknown unit %s (units are case-sensitive: did you mean %q?)", quoteValue(name), u.name)
		}
	}
	return fmt.Errorf("unknown unit %s", quoteValue(name))
}
