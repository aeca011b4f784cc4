// Package topicconfig knows Apache Kafka's topic-level configuration properties
// for the Kafka versions that Azure HDInsight ships (2.4.1 on HDInsight 4.0 and
// 3.2.0 on HDInsight 5.1), and validates topic names and topic properties the
// way those brokers do.
//
// The data comes from the embedded topic-configs.json (a copy of the shared
// catalogue, kafka/topic-configs.json). Per version, the catalogue's
// by_version section decides which keys exist and which default and validator
// apply; the parsing rules follow Kafka's ConfigDef (trimming, Java integer and
// floating-point syntax, case-insensitive booleans, comma lists).
//
// It also compares property values the way Kafka parses them (EqualValues,
// DiffProperties: "0.50" and "0.5" are the same ratio) and converts durations
// and sizes written with units into the milliseconds and bytes Kafka takes
// (ParseDurationMs, ParseSizeBytes).
//
// Every error of the catalogue and of ValidateTopicName is an *Error that
// names the property, the offending value and the rule, suitable for end
// users. The unit parsers, which know no property, return plain errors that
// name the value, what is wrong and the accepted forms.
package topicconfig
