package topicconfig

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxTopicNameLength is Kafka's limit on topic name length.
const maxTopicNameLength = 249

// ValidateTopicName applies Kafka's topic name rules (Topic.validate): 1 to
// 249 characters, each an ASCII letter, digit, '.', '_' or '-', and not "."
// or "..". The error is an *Error of kind KindInvalidTopicName naming the rule.
func ValidateTopicName(name string) error {
	fail := func(rule string) error {
		return &Error{Kind: KindInvalidTopicName, Value: name, Rule: rule}
	}
	if name == "" {
		return fail("a topic name must not be empty")
	}
	if name == "." || name == ".." {
		return fail(`a topic name must not be "." or ".."`)
	}
	if n := javaLength(name); n > maxTopicNameLength {
		return fail(fmt.Sprintf("is %d characters long; the maximum is %d", n, maxTopicNameLength))
	}
	for i := 0; i < len(name); {
		r, size := utf8.DecodeRuneInString(name[i:])
		if !isTopicNameChar(r) {
			what := fmt.Sprintf("%q", r)
			if r == utf8.RuneError && size == 1 {
				what = fmt.Sprintf("the byte 0x%02x (not valid UTF-8)", name[i])
			}
			return fail(fmt.Sprintf("contains %s at byte %d; only ASCII letters, digits, '.', '_' and '-' are allowed", what, i))
		}
		i += size
	}
	return nil
}

// javaLength is the length Java's String.length reports (UTF-16 code units).
func javaLength(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func isTopicNameChar(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '.' || r == '_' || r == '-'
}

// TopicNamesCollide reports whether two different topic names would collide
// in Kafka's metric names, which Kafka refuses on creation: they are equal
// once every '.' is replaced by '_' (e.g. "a.b" and "a_b").
func TopicNamesCollide(a, b string) bool {
	return a != b && CollisionKey(a) == CollisionKey(b)
}

// CollisionKey is the form under which Kafka compares topic names for collisions: every '.'
// replaced by '_'. Two different names with the same key collide.
func CollisionKey(name string) string { return strings.ReplaceAll(name, ".", "_") }
