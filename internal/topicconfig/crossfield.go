package topicconfig

import "fmt"

// integerSide is one side of a cross-field comparison.
type integerSide struct {
	key      string
	value    int64
	explicit bool // set in the properties (otherwise Kafka's built-in default)
}

func (s integerSide) String() string {
	if s.explicit {
		return fmt.Sprintf("%s (%d)", s.key, s.value)
	}
	return fmt.Sprintf("%s (not set: Kafka's default %d)", s.key, s.value)
}

// side resolves key to its parsed value or this version's built-in default.
// ok is false when the key is unknown to this version or failed validation.
func (c *Catalogue) side(key string, values map[string]parsed, failed map[string]bool) (integerSide, bool) {
	if failed[key] {
		return integerSide{}, false
	}
	if p, ok := values[key]; ok && p.isInt {
		return integerSide{key: key, value: p.integer, explicit: true}, true
	}
	e, ok := c.entries[key]
	if !ok {
		return integerSide{}, false
	}
	bits := 64
	if e.typ == typeInt {
		bits = 32
	}
	n, err := parseJavaInteger(javaTrim(e.Default), bits)
	if err != nil {
		return integerSide{}, false
	}
	return integerSide{key: key, value: n}, true
}

// crossField applies the multi-property rules of this version.
func (c *Catalogue) crossField(props map[string]string, values map[string]parsed, failed map[string]bool) []error {
	var errs []error
	conflict := func(key, rule string) {
		errs = append(errs, &Error{Kind: KindConflict, Key: key, Value: props[key], Rule: rule, Version: c.info.short})
	}

	// LogConfig.validateValues (Kafka 2.3+): min.compaction.lag.ms <= max.compaction.lag.ms.
	_, hasMin := props["min.compaction.lag.ms"]
	_, hasMax := props["max.compaction.lag.ms"]
	if hasMin || hasMax {
		lo, ok1 := c.side("min.compaction.lag.ms", values, failed)
		hi, ok2 := c.side("max.compaction.lag.ms", values, failed)
		if ok1 && ok2 && lo.value > hi.value {
			conflict("min.compaction.lag.ms", fmt.Sprintf("%s must not be greater than %s", lo, hi))
		}
	}

	// Kafka 3.0-3.5 (the keys are internal on 3.2): when the broker builds the
	// topic's log config, local.retention.* must be -2, or -1 only when the
	// total retention is -1, or otherwise not above the total retention.
	// Kafka 2.4 does not know these keys; 3.6+ would apply them only with
	// remote.storage.enable=true.
	if compareVersions(c.info.short, "3.0") >= 0 && compareVersions(c.info.short, "3.6") < 0 {
		for _, pair := range [][2]string{{"local.retention.ms", "retention.ms"}, {"local.retention.bytes", "retention.bytes"}} {
			if _, set := props[pair[0]]; !set {
				continue
			}
			local, ok1 := c.side(pair[0], values, failed)
			total, ok2 := c.side(pair[1], values, failed)
			if !ok1 || !ok2 || local.value == -2 {
				continue
			}
			switch {
			case local.value == -1 && total.value != -1:
				conflict(pair[0], fmt.Sprintf("%s may be -1 only when %s is -1 on Kafka %s (use -2 to follow %s)", local, total, c.info.short, pair[1]))
			case local.value > total.value:
				conflict(pair[0], fmt.Sprintf("%s must not be greater than %s on Kafka %s (use -2 to follow %s)", local, total, c.info.short, pair[1]))
			}
		}
	}
	return errs
}
