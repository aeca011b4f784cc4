package topicconfig

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// valueType is a Kafka ConfigDef type used by topic properties.
type valueType int

const (
	typeBoolean valueType = iota + 1
	typeInt
	typeLong
	typeDouble
	typeString
	typeList
)

func parseValueType(s string) (valueType, error) {
	switch s {
	case "boolean":
		return typeBoolean, nil
	case "int":
		return typeInt, nil
	case "long":
		return typeLong, nil
	case "double":
		return typeDouble, nil
	case "string":
		return typeString, nil
	case "list":
		return typeList, nil
	}
	return 0, fmt.Errorf("unsupported config type %q", s)
}

// kafkaName is the ConfigDef type name Kafka uses in messages (INT, LONG, ...).
func (t valueType) kafkaName() string {
	switch t {
	case typeBoolean:
		return "BOOLEAN"
	case typeInt:
		return "INT"
	case typeLong:
		return "LONG"
	case typeDouble:
		return "DOUBLE"
	case typeString:
		return "STRING"
	case typeList:
		return "LIST"
	}
	return "UNKNOWN"
}

// javaTrim strips leading and trailing characters <= U+0020 (spaces and ASCII
// control characters), exactly like Java's String.trim, which ConfigDef applies
// to every value before parsing.
func javaTrim(s string) string {
	start, end := 0, len(s)
	for start < end && s[start] <= ' ' {
		start++
	}
	for end > start && s[end-1] <= ' ' {
		end--
	}
	return s[start:end]
}

// isJavaSpace reports whether b is in Java regex \s: [ \t\n\x0B\f\r].
func isJavaSpace(b byte) bool {
	switch b {
	case ' ', '\t', '\n', '\x0B', '\f', '\r':
		return true
	}
	return false
}

// splitList parses a trimmed LIST value like ConfigDef: an empty string is the
// empty list; otherwise the value is split on commas with surrounding Java
// whitespace removed (regex \s*,\s*), keeping empty elements.
func splitList(trimmed string) []string {
	if trimmed == "" {
		return nil
	}
	parts := strings.Split(trimmed, ",")
	for i, p := range parts {
		if i > 0 {
			for len(p) > 0 && isJavaSpace(p[0]) {
				p = p[1:]
			}
		}
		if i < len(parts)-1 {
			for len(p) > 0 && isJavaSpace(p[len(p)-1]) {
				p = p[:len(p)-1]
			}
		}
		parts[i] = p
	}
	return parts
}

var errIntRange = errors.New("out of range")

// parseJavaInteger parses a trimmed value like Java's Integer.parseInt /
// Long.parseLong restricted to ASCII digits: an optional '+' or '-' followed by
// one or more decimal digits. bits is 32 or 64. It returns errIntRange when
// the number does not fit and another error when the syntax is wrong.
func parseJavaInteger(s string, bits int) (int64, error) {
	digits := s
	if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if digits == "" {
		return 0, errors.New("no digits")
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, errors.New("not a decimal digit")
		}
	}
	n, err := strconv.ParseInt(s, 10, bits)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, errIntRange
		}
		return 0, err
	}
	return n, nil
}

// parseJavaDouble parses a trimmed value like Java's Double.parseDouble:
// optional sign, then NaN, Infinity, a decimal literal (digits with optional
// point and exponent, ".5" and "5." allowed) or a hexadecimal literal with a
// binary exponent ("0x1.8p1"); decimal and hex literals may end in one of
// f, F, d, D. Overflow yields ±Inf and underflow 0, as in Java.
func parseJavaDouble(s string) (float64, bool) {
	i := 0
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	rest := s[i:]
	switch rest {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		if neg {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if n := len(rest); n > 0 {
		switch rest[n-1] {
		case 'f', 'F', 'd', 'D':
			rest = rest[:n-1]
		}
	}
	var ok bool
	if len(rest) > 1 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') {
		ok = isHexFloatLiteral(rest[2:])
	} else {
		ok = isDecimalFloatLiteral(rest)
	}
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(s[:i]+rest, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return f, true // on ErrRange f is ±Inf or 0, matching Java
}

// scanDigits returns the count of leading bytes of s accepted by isDigit.
func scanDigits(s string, isDigit func(byte) bool) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func isDec(b byte) bool { return b >= '0' && b <= '9' }

func isHex(b byte) bool {
	return isDec(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')
}

// isDecimalFloatLiteral checks Digits [. Digits] [(e|E) [sign] Digits] with at
// least one mantissa digit.
func isDecimalFloatLiteral(s string) bool {
	n := scanDigits(s, isDec)
	mant := n
	s = s[n:]
	if len(s) > 0 && s[0] == '.' {
		n = scanDigits(s[1:], isDec)
		mant += n
		s = s[1+n:]
	}
	if mant == 0 {
		return false
	}
	if len(s) > 0 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
			s = s[1:]
		}
		n = scanDigits(s, isDec)
		if n == 0 {
			return false
		}
		s = s[n:]
	}
	return s == ""
}

// isHexFloatLiteral checks (after "0x") HexDigits [. HexDigits] (p|P) [sign]
// Digits with at least one significand digit; the binary exponent is mandatory.
func isHexFloatLiteral(s string) bool {
	n := scanDigits(s, isHex)
	mant := n
	s = s[n:]
	if len(s) > 0 && s[0] == '.' {
		n = scanDigits(s[1:], isHex)
		mant += n
		s = s[1+n:]
	}
	if mant == 0 || len(s) == 0 || (s[0] != 'p' && s[0] != 'P') {
		return false
	}
	s = s[1:]
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	n = scanDigits(s, isDec)
	return n > 0 && n == len(s)
}

// parseJavaBool accepts "true" and "false" in any case, like ConfigDef.
func parseJavaBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// versionPrefix reduces a message.format.version value the way Kafka's
// ApiVersion(String) does before looking it up: split on '.' (Java
// String.split, so trailing empty segments are dropped) and keep the first 3
// segments when the value starts with "0.", otherwise the first 2.
func versionPrefix(s string) string {
	segs := strings.Split(s, ".")
	for len(segs) > 0 && segs[len(segs)-1] == "" && len(s) > 0 {
		segs = segs[:len(segs)-1]
	}
	n := 2
	if strings.HasPrefix(s, "0.") {
		n = 3
	}
	if len(segs) > n {
		segs = segs[:n]
	}
	return strings.Join(segs, ".")
}

// kafkaValue is a property value as Kafka's ConfigDef.parseType returns it for
// the key's type; only the field of that type is set.
type kafkaValue struct {
	integer int64    // INT, LONG
	double  float64  // DOUBLE
	boolean bool     // BOOLEAN
	text    string   // STRING: the trimmed value, case kept
	list    []string // LIST: the elements (nil for the empty list)
}

var errSyntax = errors.New("not a value of the type")

// parseKafkaValue parses value as typ the way ConfigDef.parseType does: Java
// String.trim first, then INT Integer.parseInt, LONG Long.parseLong (sign and
// leading zeros allowed, ASCII digits only here), DOUBLE Double.parseDouble,
// BOOLEAN "true"/"false" in any case, STRING the trimmed text, LIST split on
// commas with the spaces around them removed. The error is errIntRange for an
// integer that does not fit, errSyntax otherwise.
func parseKafkaValue(typ valueType, value string) (kafkaValue, error) {
	v := javaTrim(value)
	var out kafkaValue
	switch typ {
	case typeInt, typeLong:
		bits := 32
		if typ == typeLong {
			bits = 64
		}
		n, err := parseJavaInteger(v, bits)
		if errors.Is(err, errIntRange) {
			return out, errIntRange
		}
		if err != nil {
			return out, errSyntax
		}
		out.integer = n
	case typeDouble:
		f, ok := parseJavaDouble(v)
		if !ok {
			return out, errSyntax
		}
		out.double = f
	case typeBoolean:
		b, ok := parseJavaBool(v)
		if !ok {
			return out, errSyntax
		}
		out.boolean = b
	case typeString:
		out.text = v
	case typeList:
		out.list = splitList(v)
	}
	return out, nil
}
