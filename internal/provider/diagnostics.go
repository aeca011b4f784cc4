package provider

// Every user-facing diagnostic of the provider, of hdikafka_topic and of the data sources is worded
// here, so that the voice stays consistent and the texts can be reviewed (and unit-tested) in one place.

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/auth"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// ---- provider configuration ----------------------------------------------------------------------

func diagConfigUnknown(attrs []string) diag.Diagnostic {
	return diag.NewErrorDiagnostic(
		"Provider configuration is not known yet",
		fmt.Sprintf("The hdikafka provider cannot reach the REST proxy because %s %s known only after apply "+
			"(for example an endpoint taken from a cluster created in the same run).\n\n"+
			"Apply the resources these values come from first (terraform apply -target=...), or set them "+
			"to values known at plan time.", quoteList(attrs), isAre(len(attrs))))
}

func diagMissingEndpoint() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("endpoint"),
		"Missing REST proxy endpoint",
		"Set endpoint in the provider block or the HDIKAFKA_ENDPOINT environment variable to the cluster's "+
			"Kafka REST proxy URL, e.g. https://<cluster>-kafkarest.azurehdinsight.net.")
}

func diagInvalidEndpoint(value string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("endpoint"),
		"Invalid REST proxy endpoint",
		fmt.Sprintf("endpoint %q cannot be used: %v.\n\n"+
			"Use the cluster's Kafka REST proxy URL, e.g. https://<cluster>-kafkarest.azurehdinsight.net "+
			"(plain http is accepted only for loopback hosts such as the emulator).", kafkarest.RedactEndpoint(value), err))
}

func diagInvalidAttribute(attr, summary string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr), summary, err.Error())
}

func diagInvalidEnv(attr, env, value string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid value in environment variable "+env,
		fmt.Sprintf("%s=%q (used for %s) is not valid: %v.", env, value, attr, err))
}

func diagCACertificate(err error) diag.Diagnostic {
	attr := "ca_certificate"
	var ce *caError
	if errors.As(err, &ce) {
		attr = ce.attr
	}
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		"Invalid CA certificate",
		fmt.Sprintf("The extra trusted root certificates could not be loaded: %v.\n\n"+
			"Give one or more PEM-encoded certificates (-----BEGIN CERTIFICATE-----), inline in "+
			"ca_certificate or as a file in ca_certificate_file / HDIKAFKA_CA_CERTIFICATE_FILE.", err))
}

// diagAuthConfig reports an authentication setting internal/auth refused; its error names the
// attribute, its environment variables, the value and what to do.
func diagAuthConfig(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(
		"Invalid provider authentication configuration",
		fmt.Sprintf("No Microsoft Entra ID credential could be set up: %v.", err))
}

// diagCredentialMethodsIgnored says which configured credential methods were not used: as
// azurerm, the provider uses the first complete method in azurerm's order instead of refusing.
func diagCredentialMethodsIgnored(sel auth.Selected) diag.Diagnostic {
	var b strings.Builder
	fmt.Fprintf(&b, "The provider authenticates with the %s method. Also configured but ignored:\n", sel.Method.Label())
	for _, ig := range sel.Ignored {
		fmt.Fprintf(&b, "  - %s (%s): %s\n", ig.Method.Label(), ig.Setting, ig.Reason)
	}
	b.WriteString("\nazurerm picks the same method in the same order (client certificate, client secret, OIDC, " +
		"managed identity, Azure CLI). To use an ignored method, unset the settings of the method used: in the " +
		"provider block, a value set even to \"\" (or false) means the environment is not used for that attribute, " +
		"e.g. client_secret = \"\" while ARM_CLIENT_SECRET is set. To silence this warning, remove the ignored " +
		"settings.")
	return diag.NewWarningDiagnostic("Credential methods ignored", b.String())
}

func diagClientSetup(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unable to set up the REST proxy client", err.Error())
}

// ---- REST proxy errors -----------------------------------------------------------------------------

// diagAPI turns a kafkarest error into a diagnostic. 401/403 texts come from kafkarest.APIError,
// which explains how to get a token and which security group the application must be in.
func diagAPI(action string, err error) diag.Diagnostic {
	summary := "Unable to " + action
	switch {
	case kafkarest.IsUnauthorized(err):
		summary += ": the REST proxy rejected the access token (401)"
	case kafkarest.IsForbidden(err):
		summary += ": the application is not allowed to use the REST proxy (403)"
	}
	detail := err.Error()
	if kafkarest.IsTransient(err) {
		detail += "\n\nThe REST proxy kept failing with temporary errors. The provider settings max_retries " +
			"(HDIKAFKA_MAX_RETRIES) and request_timeout (HDIKAFKA_REQUEST_TIMEOUT) control retries and the " +
			"per-attempt timeout."
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// ---- hdikafka_topic: plan time ---------------------------------------------------------------------

func diagInvalidTopicName(p path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid Kafka topic name", err.Error())
}

func diagInvalidTopicProperty(key string, err error) diag.Diagnostic {
	p := path.Root("topic_properties")
	if key != "" {
		p = p.AtMapKey(key)
	}
	detail := err.Error()
	var te *topicconfig.Error
	if errors.As(err, &te) && te.Duration != "" {
		detail += fmt.Sprintf(" With Terraform 1.8 or later (OpenTofu 1.7 or later) you can also write "+
			"provider::hdikafka::duration_ms(%q).", te.Duration)
	}
	return diag.NewAttributeErrorDiagnostic(p, "Invalid topic property", detail)
}

// funcErrorInvalidArgument is the error of a provider-defined function (functions.go) whose argument
// the conversion refused; err names the value's problem and the accepted forms.
func funcErrorInvalidArgument(name, value string, err error) *function.FuncError {
	return function.NewArgumentFuncError(0, fmt.Sprintf("provider::hdikafka::%s(%q) is refused: %v", name, value, err))
}

func diagInvalidKafkaVersion(p path.Path, value string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Unsupported Kafka version",
		fmt.Sprintf("kafka_version %q is not supported; use one of %s (HDInsight 5.1 runs Kafka 3.2, "+
			"HDInsight 4.0 runs Kafka 2.4).", value, quoteList(topicconfig.SupportedVersions())))
}

func diagInvalidDuration(p path.Path, value string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid duration",
		fmt.Sprintf("%q is not a positive duration such as \"30s\" or \"2m\": %v.", value, err))
}

// diagOutOfRange names the attribute, the configured value and the allowed range with its reason.
func diagOutOfRange(p path.Path, value, minimum, maximum int64, rule string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Value out of range",
		fmt.Sprintf("%s = %d is out of range: it must be between %d and %d (%s).", p, value, minimum, maximum, rule))
}

func diagReplicationFactorTooHigh(rf int64, brokers int) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("replication_factor"),
		"Replication factor exceeds the number of brokers",
		fmt.Sprintf("replication_factor = %d, but the cluster has %d broker(s) (GET /v1/metadata/brokers). "+
			"Kafka needs one broker per replica: set replication_factor to at most %d.", rf, brokers, brokers))
}

// importHint is the exact way to adopt an existing topic; the resource's own address is not known to
// the provider, so the user substitutes it.
func importHint(topic string) string {
	return fmt.Sprintf("To manage the existing topic with Terraform, import it instead of creating it. Either run\n\n"+
		"  terraform import hdikafka_topic.<name> %s\n\n"+
		"or add an import block and run terraform plan/apply:\n\n"+
		"  import {\n    to = hdikafka_topic.<name>\n    id = %q\n  }\n\n"+
		"where hdikafka_topic.<name> is this resource's address in your configuration.", topic, topic)
}

// replaceWays are the ways out of a replacement the REST proxy cannot make.
func replaceWays(topic string) string {
	return fmt.Sprintf("The HDInsight Kafka REST proxy cannot delete topics, so it cannot replace %q: the old topic "+
		"would stay and the new one could not be created under the same name. To proceed, either:\n"+
		"  - drop -replace=... from the command, or run terraform untaint <address> if the resource is tainted;\n"+
		"  - give the topic a new name (the old one stays on the cluster);\n"+
		"  - if another resource of this configuration declares %q too (a module instantiated twice, a for_each "+
		"with repeated names), keep one owning resource and read the topic elsewhere with data \"hdikafka_topic\";\n"+
		"  - if the resource moved to a new address, add a moved { from = ..., to = ... } block.", topic, topic)
}

// diagCannotReplace reports the planned creation of a topic that this state already manages: a
// replacement (-replace, taint) or a second declaration. Nothing has been sent to the cluster.
func diagCannotReplace(topic string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name"),
		"Kafka topic cannot be replaced",
		fmt.Sprintf("This plan creates Kafka topic %q, which this Terraform state already manages. Nothing was "+
			"sent to the cluster.\n\n%s", topic, replaceWays(topic)))
}

// diagDeclaredTwice reports a second creation of one topic in the same plan.
func diagDeclaredTwice(topic string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name"),
		"Kafka topic declared twice",
		fmt.Sprintf("Two hdikafka_topic resources of this configuration create Kafka topic %q (a module instantiated "+
			"twice, say, or a for_each with repeated names). A topic can have one owner: keep one hdikafka_topic "+
			"resource for it and read it everywhere else with data \"hdikafka_topic\" { name = %q }.", topic, topic))
}

// diagTopicCollides reports a name that Kafka refuses because it collides with an existing topic.
func diagTopicCollides(topic, existing string, severity diag.Severity) diag.Diagnostic {
	return newAttributeDiagnostic(severity, path.Root("name"),
		"Kafka topic name collides with an existing topic",
		fmt.Sprintf("Kafka refuses to create %q because topic %q exists: Kafka treats '.' and '_' in topic names as "+
			"the same character (both become '_' in metric names), so the two would collide. Rename the topic "+
			"(e.g. use only '.' or only '_' in your topic names), or use the existing topic %q: read it with "+
			"data \"hdikafka_topic\" { name = %q }.", topic, existing, existing, existing))
}

func diagTopicExists(topic string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name"),
		"Kafka topic already exists",
		fmt.Sprintf("The topic %q already exists on the cluster, and the REST proxy cannot change or take "+
			"over an existing topic by creating it again.\n\n%s\n\nIf this state already manages the topic (a "+
			"tainted resource, or -replace=...): the REST proxy cannot delete it, so it cannot be replaced; run "+
			"terraform untaint <address> or drop -replace instead of importing.", topic, importHint(topic)))
}

// diagImmutable reports a change the REST proxy cannot make. clusterValue is what the cluster (or,
// for topic_properties, the recorded state) holds; configured is what the configuration asks for.
// The way forward depends on the attribute: a refresh reads partition_count and replication_factor
// from the cluster, but not topic_properties, which only a new import can take over.
func diagImmutable(topic, attr, clusterValue, configured string, severity diag.Severity) diag.Diagnostic {
	source := "The cluster has"
	if attr == "topic_properties" {
		source = "The recorded value is"
	}
	head := fmt.Sprintf("%s %s = %s; the configuration says %s = %s. The HDInsight Kafka REST proxy can create "+
		"topics but cannot change an existing one, so this change cannot be applied.%s\n\n",
		source, attr, clusterValue, attr, configured, refusalNote(severity))
	ignore := fmt.Sprintf("  - stop managing the attribute with lifecycle { ignore_changes = [%s] }.", attr)

	var ways string
	switch {
	case attr == "partition_count" && isFewer(configured, clusterValue):
		ways = fmt.Sprintf("Kafka cannot reduce the number of partitions of a topic. To proceed, either:\n"+
			"  - set partition_count to the cluster's value %s; or\n"+
			"  - create a new topic with %s partitions under another name (and move producers and consumers to it); or\n%s",
			clusterValue, configured, ignore)
	case attr == "partition_count" || attr == "replication_factor":
		tool := "kafka-reassign-partitions.sh with a reassignment plan for the new replica count"
		if attr == "partition_count" {
			tool = fmt.Sprintf("kafka-topics.sh --bootstrap-server <broker>:9092 --alter --topic %s --partitions %s",
				topic, configured)
		}
		ways = fmt.Sprintf("To proceed, either:\n"+
			"  - change the topic with Kafka's tools from inside the cluster's network, e.g. %s, then run "+
			"terraform apply -refresh-only so that the state takes the cluster's new value; or\n"+
			"  - keep the cluster's value and make the configuration say %s = %s; or\n%s",
			tool, attr, clusterValue, ignore)
	default:
		ways = propertyWays(topic, clusterValue)
	}
	return newAttributeDiagnostic(severity, path.Root(attr),
		fmt.Sprintf("Cannot change %s of Kafka topic %q", attr, topic), head+ways)
}

// propertyWays are the ways forward for a topic_properties change; recorded renders the recorded map.
func propertyWays(topic, recorded string) string {
	return fmt.Sprintf("To proceed, either:\n"+
		"  - change the configuration on the cluster from inside its network, e.g. kafka-configs.sh "+
		"--bootstrap-server <broker>:9092 --alter --entity-type topics --entity-name %s "+
		"--add-config <key>=<value> / --delete-config <key>, then adopt the topic again, because a refresh "+
		"cannot read topic properties:\n\n"+
		"    terraform state rm hdikafka_topic.<name>\n"+
		"    terraform import hdikafka_topic.<name> %s\n\n"+
		"    (or an import block instead of terraform import); the first apply after an import records the "+
		"configured topic_properties without verification. hdikafka_topic.<name> is this resource's "+
		"address in your configuration; or\n"+
		"  - keep the recorded value and make the configuration say topic_properties = %s; or\n"+
		"  - stop managing the attribute with lifecycle { ignore_changes = [topic_properties] }.",
		topic, topic, recorded)
}

// refusalNote says when a change the proxy cannot make is refused: the plan only warns, so that
// terraform destroy and other changes of the workspace stay possible; terraform apply refuses it for
// this topic before sending anything to the cluster.
func refusalNote(severity diag.Severity) string {
	if severity == diag.SeverityError {
		return " Nothing was sent to the cluster."
	}
	return " terraform apply will refuse it for this topic before sending anything to the cluster (other " +
		"resources are not held up, and terraform destroy works); until then this plan shows the change, so " +
		"terraform plan -detailed-exitcode exits with 2."
}

func newAttributeDiagnostic(severity diag.Severity, p path.Path, summary, detail string) diag.Diagnostic {
	if severity == diag.SeverityError {
		return diag.NewAttributeErrorDiagnostic(p, summary, detail)
	}
	return diag.NewAttributeWarningDiagnostic(p, summary, detail)
}

// diagPropertiesImmutable reports a change of topic_properties, naming only the keys that differ
// (under Kafka's parsing rules), each with the recorded and the configured value.
func diagPropertiesImmutable(topic string, changes []topicconfig.PropertyDiff, severity diag.Severity) diag.Diagnostic {
	var b strings.Builder
	value := func(v string, set bool) string {
		if !set {
			return "(not set)"
		}
		return strconv.Quote(v)
	}
	for _, c := range changes {
		fmt.Fprintf(&b, "  - %q: recorded %s, configured %s\n", c.Key, value(c.Have, c.HaveSet), value(c.Want, c.WantSet))
	}
	recorded := map[string]string{}
	for _, c := range changes {
		if c.HaveSet {
			recorded[c.Key] = c.Have
		}
	}
	return newAttributeDiagnostic(severity, path.Root("topic_properties"),
		fmt.Sprintf("Cannot change topic_properties of Kafka topic %q", topic),
		fmt.Sprintf("The configuration changes topic_properties of %q, which the HDInsight Kafka REST proxy cannot "+
			"change on an existing topic (values Kafka reads as equal, such as 0.5 and 0.50, are no change). "+
			"The keys that differ:\n\n%s\n%s\n\n%s", topic, b.String(), strings.TrimSpace(refusalNote(severity)),
			propertyWays(topic, "the recorded values of the keys above ("+describeProperties(recorded)+")")))
}

// isFewer reports whether both values are integers and configured is below the cluster's.
func isFewer(configured, clusterValue string) bool {
	c, err1 := strconv.Atoi(configured)
	h, err2 := strconv.Atoi(clusterValue)
	return err1 == nil && err2 == nil && c < h
}

func diagPropertiesNotVerified(topic string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("topic_properties"),
		"Topic properties recorded without verification",
		fmt.Sprintf("The topic %q was imported and the REST proxy cannot read topic configurations, so the "+
			"configured topic_properties are recorded in the state as they are, without checking that the "+
			"cluster has them. Compare them with kafka-configs.sh --describe --entity-type topics "+
			"--entity-name %s from inside the cluster's network. After the next apply, a change to "+
			"topic_properties is refused like for a topic created by Terraform.", topic, topic))
}

func diagImportRecorded(topic string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(
		fmt.Sprintf("Imported topic %q: the next apply records its configuration", topic),
		fmt.Sprintf("The topic %q was imported. This in-place update only records the configuration in the "+
			"state (the id is shown as known after apply); nothing is sent to the cluster. The configuration "+
			"has no topic_properties: after the apply, adding topic_properties is refused like for a topic "+
			"created by Terraform, because the REST proxy can neither read nor change topic configurations.", topic))
}

func destroyHowTo(topic string) string {
	return fmt.Sprintf("The HDInsight Kafka REST proxy cannot delete topics: Terraform only removes %q from its "+
		"state, and the topic and its data remain on the cluster. To delete it, run from inside the "+
		"cluster's network:\n\n  kafka-topics.sh --bootstrap-server <broker>:9092 --delete --topic %s", topic, topic)
}

// The destroy and rename warnings have constant summaries so that Terraform groups them when many
// topics are destroyed at once; the topic names are in the details.

func diagDestroyPlanned(topic string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Kafka topic will not be deleted",
		fmt.Sprintf("Destroying hdikafka_topic %q does not delete the topic. ", topic)+destroyHowTo(topic))
}

func diagReplacePlanned(oldTopic, newTopic string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("name"),
		"Renaming a Kafka topic creates a new topic and leaves the old one on the cluster",
		fmt.Sprintf("Renaming creates topic %q and leaves %q on the cluster. Kafka topics cannot be renamed: "+
			"the new topic is created empty. ", newTopic, oldTopic)+destroyHowTo(oldTopic))
}

func diagDestroyApplied(topic string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Kafka topic removed from the state only",
		fmt.Sprintf("Kafka topic %q was removed from the state only. ", topic)+destroyHowTo(topic))
}

// diagMinInsyncAboveRF warns that acks=all producers could never write to a topic whose
// min.insync.replicas exceeds its replication factor.
func diagMinInsyncAboveRF(minISR, rf int64) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("topic_properties").AtMapKey("min.insync.replicas"),
		"min.insync.replicas exceeds the replication factor",
		fmt.Sprintf("topic_properties[\"min.insync.replicas\"] = %d, but replication_factor = %d: a partition never "+
			"has more in-sync replicas than replicas, so producers with acks=all could never write to the topic "+
			"(NotEnoughReplicas). Set min.insync.replicas to at most %d (commonly replication_factor - 1), or "+
			"raise replication_factor.", minISR, rf, rf))
}

// ---- hdikafka_topic: apply and refresh -------------------------------------------------------------

func diagTopicGone(topic string) diag.Diagnostic {
	return diag.NewWarningDiagnostic(
		fmt.Sprintf("Kafka topic %q no longer exists", topic),
		fmt.Sprintf("The REST proxy reports that topic %q does not exist: its partitions answered 404 and the topic "+
			"list did not show it, twice, a pause apart. It was deleted outside Terraform. It has been removed from "+
			"the state, and the next plan creates it again.", topic))
}

// createdDuringRun explains a topic that did not exist when this run began and exists now.
func createdDuringRun(topic string) string {
	return fmt.Sprintf("The topic did not exist when this run began, so it was created during the run: most likely "+
		"by another resource of this configuration that declares %q too (a module instantiated twice, a "+
		"for_each with repeated names), or by another pipeline working on the same cluster. A topic can have one "+
		"owner: keep one hdikafka_topic resource for it and read it everywhere else with "+
		"data \"hdikafka_topic\" { name = %q }. Run terraform plan again once the configuration has one owner.", topic, topic)
}

func diagCreatedDuringRun(topic string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name"),
		"Kafka topic already exists",
		fmt.Sprintf("Creating %q failed because the topic already exists: %v\n\n%s", topic, err, createdDuringRun(topic)))
}

// diagCreateRejected reports a creation the REST proxy refused with 400 or 409 while the topic was not
// visible: invalid input, or a topic that exists but that its metadata cache does not show yet.
func diagCreateRejected(topic string, err error) diag.Diagnostic {
	d := diagAPI(fmt.Sprintf("create Kafka topic %q", topic), err)
	return diag.NewAttributeErrorDiagnostic(path.Root("name"), d.Summary(),
		fmt.Sprintf("%s\n\nIf the proxy's message says that the topic already exists: the REST proxy serves metadata "+
			"from a cache that refreshes periodically, so a topic created moments ago is not visible yet. %s",
			d.Detail(), createdDuringRun(topic)))
}

// The refresh warnings have constant summaries so that Terraform groups them across topics.

func diagPendingNotVisible(topic string, since time.Time, grace time.Duration) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Kafka topic created but not visible yet",
		fmt.Sprintf("Kafka topic %q was created at %s with wait_for_visibility = false and the REST proxy does not "+
			"show it yet (its metadata cache refreshes periodically). It stays in the state unchanged until "+
			"timeouts.create (%s) after its creation; a refresh after that which still cannot find it removes it.",
			topic, since.UTC().Format(time.RFC3339), grace))
}

func diagListedButNotFound(topic string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Kafka topic listed but its partitions were not found",
		fmt.Sprintf("The REST proxy answered 404 for the partitions of Kafka topic %q but lists the topic among the "+
			"cluster's topics: its nodes answer from caches that refresh at different times. The state is kept "+
			"as it was; the next refresh reads the topic again.", topic))
}

func diagWaitFailed(topic string, stats kafkarest.WaitStats, err error) diag.Diagnostic {
	last := stats.Last
	if last == "" {
		last = "not observed"
	}
	return diag.NewErrorDiagnostic(
		fmt.Sprintf("Kafka topic %q did not become visible", topic),
		fmt.Sprintf("The REST proxy accepted the creation of %q, but the topic was not visible with the "+
			"requested shape after %d polls over %s (last observed state: %s): %v\n\n"+
			"The REST proxy refreshes its metadata cache periodically. If the topic appears later, import it "+
			"(terraform import hdikafka_topic.<name> %s); or raise timeouts { create = ... }.",
			topic, stats.Polls, stats.Elapsed.Round(1e6), last, err, topic))
}

func diagShapeMismatch(topic, attr string, want, got int64) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr),
		fmt.Sprintf("Kafka topic %q exists with a different %s", topic, attr),
		fmt.Sprintf("After creation the cluster reports %s = %d, but %d was requested. The topic most likely "+
			"existed before this run (the REST proxy's answer to the creation was lost and it was retried).\n\n%s",
			attr, got, want, importHint(topic)))
}

func diagImportInvalidID(id string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import ID",
		fmt.Sprintf("The import ID of hdikafka_topic is the topic name; %q is not a valid one: %v.", id, err))
}

func diagUnexpectedProviderData(got any) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected provider data",
		fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", got))
}

// ---- data sources ----------------------------------------------------------------------------------

// A data source's failed REST proxy read goes through diagAPI like the resource's, so a 401 or 403
// reads the same wherever it happens.

func diagReadTopicList(err error) diag.Diagnostic {
	return diagAPI("read the list of topics", err)
}

func diagReadBrokerList(err error) diag.Diagnostic {
	return diagAPI("read the list of brokers", err)
}

func diagReadTopic(topic string, err error) diag.Diagnostic {
	return diagAPI(fmt.Sprintf("read Kafka topic %q", topic), err)
}

func diagReadPartition(topic string, id int32, err error) diag.Diagnostic {
	return diagAPI(fmt.Sprintf("read partition %d of Kafka topic %q", id, topic), err)
}

// diagDataSourceTopicNotFound is the diagnostic for a topic the REST proxy does not know (HTTP 404).
func diagDataSourceTopicNotFound(topic string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(
		fmt.Sprintf("Topic %q not found", topic),
		fmt.Sprintf("The Kafka REST proxy has no metadata for topic %q (%v).\n\n"+
			"Either the topic does not exist, or it may not be visible yet: the REST proxy serves metadata from a "+
			"cache that refreshes periodically, so a topic created recently (in particular one created outside the "+
			"proxy) can take a while to appear. If the topic is created in this configuration, reference the "+
			"hdikafka_topic resource (for example name = hdikafka_topic.x.name) so that the data source is read "+
			"after the topic is created; otherwise check the name and retry later.", topic, err))
}

// diagPartitionOutOfRange reports a partition_id the topic does not have; partitions is the topic's
// partition count.
func diagPartitionOutOfRange(topic string, id int32, partitions int) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("partition_id"),
		fmt.Sprintf("Partition %d of topic %q does not exist", id, topic),
		fmt.Sprintf("partition_id %d is out of range: topic %q has %d partition(s), so partition ids go from 0 to %d.",
			id, topic, partitions, partitions-1))
}

// diagPartitionNotFound reports a partition id within the topic's partition count that the REST proxy
// still has no metadata for (a stale metadata cache).
func diagPartitionNotFound(topic string, id int32, partitions int, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic(
		fmt.Sprintf("Partition %d of topic %q not found", id, topic),
		fmt.Sprintf("The Kafka REST proxy lists %d partition(s) for topic %q but has no metadata for partition %d (%v). "+
			"Its metadata cache may not have caught up with a recent change; retry later.", partitions, topic, id, err))
}

func diagInvalidPartitionID(id, maxID int64) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("partition_id"), "Invalid partition_id",
		fmt.Sprintf("partition_id %d is out of range: a partition id is between 0 and %d", id, maxID))
}

func diagInvalidNameRegex(err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name_regex"), "Invalid name_regex", err.Error())
}

func diagDataSourceNotConfigured() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Provider not configured",
		"The hdikafka provider has not been configured, so the data source has no REST proxy client. "+
			"This is a bug in the provider; please report it.")
}

// ---- helpers -------------------------------------------------------------------------------------

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// describeProperties renders a properties map deterministically for diagnostics.
func describeProperties(m map[string]string) string {
	if len(m) == 0 {
		return "{}"
	}
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%q = %q", k, m[k])
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}
