package topicconfig

import (
	"fmt"
	"strconv"
	"strings"
)

// validatorKind is the validator.kind of topic-configs.json.
type validatorKind int

const (
	kindNone validatorKind = iota + 1
	kindRange
	kindEnum
	kindListEnum
	kindThrottled
)

// validator is a compiled validator of one key for one version.
type validator struct {
	kind          validatorKind
	min, max      *float64
	alsoAllowed   []float64
	values        []string
	valueSet      map[string]bool
	versionPrefix bool // message.format.version matching
	// wildcardFirstElement: the throttled-replicas wildcard rule of Kafka up
	// to 2.7 (first element is "*"); otherwise the elements joined must be "*".
	wildcardFirstElement bool
}

func compileValidator(typ valueType, r rawValidator) (validator, error) {
	v := validator{}
	switch r.Kind {
	case "none":
		v.kind = kindNone
	case "range":
		if typ != typeInt && typ != typeLong && typ != typeDouble {
			return v, fmt.Errorf("range validator on non-numeric type %s", typ.kafkaName())
		}
		v.kind = kindRange
		v.min, v.max, v.alsoAllowed = r.Min, r.Max, r.AlsoAllowed
	case "enum", "list-enum":
		if len(r.Values) == 0 {
			return v, fmt.Errorf("%s validator without values", r.Kind)
		}
		if r.Kind == "enum" {
			if typ != typeString {
				return v, fmt.Errorf("enum validator on type %s", typ.kafkaName())
			}
			v.kind = kindEnum
		} else {
			if typ != typeList {
				return v, fmt.Errorf("list-enum validator on type %s", typ.kafkaName())
			}
			v.kind = kindListEnum
		}
		v.values = r.Values
		v.valueSet = make(map[string]bool, len(r.Values))
		for _, s := range r.Values {
			v.valueSet[s] = true
		}
		switch r.Match {
		case "":
		case "version-prefix":
			v.versionPrefix = true
		default:
			return v, fmt.Errorf("unsupported enum match %q", r.Match)
		}
	case "throttled-replicas":
		if typ != typeList {
			return v, fmt.Errorf("throttled-replicas validator on type %s", typ.kafkaName())
		}
		v.kind = kindThrottled
		switch r.WildcardRule {
		case "first-element":
			v.wildcardFirstElement = true
		case "whole-value":
		default:
			return v, fmt.Errorf("unsupported wildcard_rule %q", r.WildcardRule)
		}
		if r.Wildcard != "*" {
			return v, fmt.Errorf("unsupported wildcard %q", r.Wildcard)
		}
	default:
		return v, fmt.Errorf("unsupported validator kind %q", r.Kind)
	}
	return v, nil
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// rangeText is "at least 0", "between 0 and 1 (inclusive)", "at most 5",
// with " or -1" for also-allowed values.
func (v validator) rangeText() string {
	var s string
	switch {
	case v.min != nil && v.max != nil:
		s = fmt.Sprintf("between %s and %s (inclusive)", formatNumber(*v.min), formatNumber(*v.max))
	case v.min != nil:
		s = "at least " + formatNumber(*v.min)
	case v.max != nil:
		s = "at most " + formatNumber(*v.max)
	default:
		s = "any number"
	}
	for _, a := range v.alsoAllowed {
		s += " or " + formatNumber(a)
	}
	return s
}

// describe renders the accepted values for documentation and Entry.ValidValues.
func (v validator) describe(typ valueType) string {
	switch v.kind {
	case kindRange:
		return fmt.Sprintf("%s, %s", typeText(typ), v.rangeText())
	case kindEnum:
		if v.versionPrefix {
			return fmt.Sprintf("a Kafka version known to this broker, %s … %s (a longer version such as %s.1 is matched on its first two dot-separated parts, three for 0.x; case-sensitive)",
				v.values[0], v.values[len(v.values)-1], lastShortVersion(v.values))
		}
		return fmt.Sprintf("one of %s (case-sensitive)", strings.Join(v.values, ", "))
	case kindListEnum:
		return fmt.Sprintf("comma-separated list whose elements are each one of %s (case-sensitive); empty allowed", strings.Join(v.values, ", "))
	case kindThrottled:
		wild := `"*" alone`
		if v.wildcardFirstElement {
			wild = `"*" as the first element`
		}
		return fmt.Sprintf(`%s for all replicas, or a comma-separated list of partition:broker pairs such as 0:101,1:102; empty for none`, wild)
	}
	return typeText(typ)
}

// lastShortVersion is the newest short form (no "-IV") in a version list.
func lastShortVersion(values []string) string {
	last := values[0]
	for _, s := range values {
		if !strings.Contains(s, "-") {
			last = s
		}
	}
	return last
}

// typeText explains a type for end users.
func typeText(typ valueType) string {
	switch typ {
	case typeBoolean:
		return "true or false (case-insensitive)"
	case typeInt:
		return "32-bit integer"
	case typeLong:
		return "64-bit integer"
	case typeDouble:
		return "decimal number"
	case typeString:
		return "string"
	case typeList:
		return "comma-separated list"
	}
	return "value"
}

// typeRule is the clause for a value that does not parse as typ.
func typeRule(typ valueType) string {
	switch typ {
	case typeInt:
		return "a 32-bit decimal integer such as 1048576"
	case typeLong:
		return "a 64-bit decimal integer such as 3600000"
	case typeDouble:
		return "a decimal number such as 0.5"
	case typeBoolean:
		return "true or false, case-insensitive"
	}
	return typeText(typ)
}
