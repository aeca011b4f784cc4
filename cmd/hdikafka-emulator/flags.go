package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// errUsage marks command-line errors (exit status 2).
var errUsage = errors.New("usage error")

// usageHint ends every command-line error instead of the whole usage text.
const usageHint = "run hdikafka-emulator --help for usage"

// config is the parsed command line.
type config struct {
	opts             emulator.Options
	showVersion      bool
	clientsFile      string
	logLevel         string
	logFormat        string
	federatedFile    string
	federatedSubject string
}

// listFlag collects a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// durationFlag is a time.Duration flag whose error for a bare number says to
// add a unit (flag.Duration only says "parse error").
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil {
		return "0s"
	}
	return f.d.String()
}

func (f durationFlag) Set(v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		if _, numErr := strconv.ParseFloat(strings.TrimSpace(v), 64); numErr == nil {
			return fmt.Errorf("%q has no unit: use a duration with a unit such as %ss", v, strings.TrimSpace(v))
		}
		return fmt.Errorf("%q is not a duration: use a duration with a unit such as 3s, 500ms or 1m", v)
	}
	*f.d = d
	return nil
}

const usageHeader = `hdikafka-emulator: an HDInsight-compatible Kafka REST proxy (v1 API) for tests and demos.

It serves the eight v1 operations over HTTPS with a generated CA, a development Entra ID-like
identity provider on the same port (/{tenant}/oauth2/v2.0/token, discovery, keys), and an
HDInsight-like metadata cache, in front of an embedded Kafka-protocol cluster (kfake) or a real
cluster (--bootstrap-servers).

Create defaults when the request omits them: partition_count = 1 (Kafka's num.partitions),
replication_factor = min(3, number of brokers) (Kafka's default.replication.factor, capped).
Topic names and topic_properties are validated like the Kafka version given by --kafka-version.

Usage:
  hdikafka-emulator [flags]

Flags:
`

const usageFooter = `
Examples:
  hdikafka-emulator --client id=my-app,secret=s3cret,groups=kafka-users --allowed-group kafka-users
  hdikafka-emulator --addr 127.0.0.1:0 --visibility-delay 5s --fault route=create_topic,kind=status,status=503,count=2
  hdikafka-emulator --proxy-nodes 2 --visibility-delay 3s --cache-refresh 5s --create-existing-status 409
  hdikafka-emulator --bootstrap-servers 127.0.0.1:9092 --issuer https://login.microsoftonline.com/<tenant>/v2.0 --allowed-group <group id>

--client syntax: comma-separated key=value with keys id (required), secret, cert (PEM file with the
client's RSA certificate), groups (separated by ;), oid (object id), subjects (federated subjects,
separated by ;). --clients-file: a JSON array [{"id","secret","certificate_file","groups",
"object_id","federated_subjects"}]. The first client's secret is printed in the provider block at
start (it is the development secret you gave); errors never quote a --client value.

--fault syntax: comma-separated key=value with keys route (status, create_topic, list_topics,
topic_partitions, partition, brokers, produce, consume, token, or * for every API route), kind
(latency, status, reset, create-then-fail), status, retry_after, latency, count (0 = unlimited),
rate (0..1) and seed.

Limits: request bodies up to 8 MiB for produce and 1 MiB otherwise (a larger body is a 400
naming the limit); a consume response holds at most 6 MiB of JSON (one record is always returned,
however large).

Metadata cache (--visibility-delay, --proxy-nodes, --cache-refresh): HDInsight's REST proxy answers
the metadata and producer routes from a cache refreshed every few seconds, and its ARM template
deploys two proxy nodes, each with its own cache. Every change the emulator sees in Kafka (a topic
created through the API or behind it, deleted behind it, given more partitions behind it) reaches
node i of N (i = 0..N-1) --visibility-delay·(i+1)/N after it was seen, at that node's next refresh
when --cache-refresh is set (node i refreshes at i·period/N past each multiple of the period). Until
then the node answers as before the change: a deleted topic is still listed and its partitions
answered (offsets 0 and 0), a new partition is a 404. A change made with another Kafka client on
the bootstrap servers is seen when a request first reads that topic (the list reads all). Create
and consume ask Kafka itself: a create of a topic Kafka has gets --create-existing-status even
where no node shows the topic yet.

--unknown-topic answers of GET /v1/metadata/topics/{t}/partitions and .../partitions/{p}: 404 (the
JSON error document), 200-empty (200 {"topic":t,"partitions":[]}, and 404 for a partition) or 500
(naming Kafka's UnknownTopicOrPartitionException). Produce to an unknown topic is always a 404.

Admin API (--admin-addr, plain HTTP, loopback only): GET /counters, POST /counters/reset,
GET|POST|DELETE /faults, DELETE /faults/{id}, GET|PUT /visibility-delay?value=2s,
GET /proxy-nodes/{node}/topics (what node 0..N-1 shows now: topic to partition count), GET /healthz.
`

// parseFlags parses args. help reports that --help was asked for (usage
// written to stdout); cfg.showVersion that --version was.
func parseFlags(args []string, stdout, stderr io.Writer) (cfg config, help bool, err error) {
	fs := flag.NewFlagSet("hdikafka-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		bootstrap, clients, faults listFlag
		caFile                     = filepath.Join(os.TempDir(), "hdikafka-emulator-ca.pem")
	)
	o := &cfg.opts
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8443", "listen `address` of the HTTPS API (port 0 = random)")
	fs.StringVar(&o.AdminAddr, "admin-addr", "", "loopback listen `address` of the plain-HTTP admin API, e.g. 127.0.0.1:0 (default disabled)")
	fs.IntVar(&o.Brokers, "brokers", emulator.DefaultBrokers, "`number` of brokers of the embedded cluster (at least 1)")
	fs.Var(&bootstrap, "bootstrap-servers", "`host:port`[,host:port] of a real Kafka cluster to use instead of the embedded one (repeatable)")
	fs.Var(durationFlag{&o.VisibilityDelay}, "visibility-delay", "longest `duration` a change in Kafka takes to reach the metadata and producer routes (HDInsight's metadata cache), e.g. 3s; node i of N (0..N-1) after duration·(i+1)/N (default 0s: at once)")
	fs.IntVar(&o.ProxyNodes, "proxy-nodes", emulator.DefaultProxyNodes, fmt.Sprintf("`number` of REST proxy nodes answering in turn, each with its own metadata cache; HDInsight deploys 2 (1 to %d)", emulator.MaxProxyNodes))
	fs.Var(durationFlag{&o.CacheRefresh}, "cache-refresh", "`period` of each proxy node's refresh of its whole metadata view, e.g. 5s: the changes due by a refresh appear together (default 0s: no periodic refresh)")
	fs.IntVar(&o.CreateExistingStatus, "create-existing-status", http.StatusBadRequest, "HTTP `status` of a create of a topic that exists in Kafka: 400 or 409 (\"already exists\"), or 200 (a no-op success); Microsoft does not document it")
	fs.StringVar(&o.UnknownTopic, "unknown-topic", emulator.UnknownTopicNotFound, "`answer` of the metadata routes for a topic the serving node does not know: 404, 200-empty or 500 (see below); Microsoft does not document it")
	fs.StringVar(&o.KafkaVersion, "kafka-version", emulator.DefaultKafkaVersion, "Kafka `version` whose topic config rules apply: 3.2 (HDInsight 5.1) or 2.4 (HDInsight 4.0)")
	fs.StringVar(&o.TLSCertFile, "tls-cert", "", "PEM `file` with the server certificate (chain) to serve instead of a generated one")
	fs.StringVar(&o.TLSKeyFile, "tls-key", "", "PEM `file` with the key of --tls-cert")
	fs.StringVar(&o.CAFile, "ca-file", caFile, "`file` to write the CA certificate to (empty = do not write)")
	fs.StringVar(&o.Tenant, "tenant", emulator.DefaultTenant, "tenant `id` served by the development identity provider")
	fs.Var(&clients, "client", "register a development client: `id=...,secret=...,groups=g1;g2` (repeatable; see below)")
	fs.StringVar(&cfg.clientsFile, "clients-file", "", "JSON `file` with development clients (see below)")
	fs.StringVar(&o.AllowedGroup, "allowed-group", "", "security group `id` a token's groups claim must contain (empty = any authenticated client)")
	o.TokenLifetime = idp.DefaultTokenLifetime
	fs.Var(durationFlag{&o.TokenLifetime}, "token-lifetime", "`lifetime` of issued access tokens, e.g. 1h")
	fs.StringVar(&o.Issuer, "issuer", "", "validate real Entra ID tokens from this issuer `URL` instead of dev tokens (keys from its discovery document)")
	fs.StringVar(&o.Audience, "audience", "", "extra accepted token `audience` (default accepted: https://hib.azurehdinsight.net and its app id)")
	fs.Var(&faults, "fault", "inject a fault: `route=...,kind=...,...` (repeatable; see below)")
	fs.StringVar(&cfg.logLevel, "log-level", "info", "log `level`: debug, info, warn or error")
	fs.StringVar(&cfg.logFormat, "log-format", "text", "log `format`: text or json (logs go to stderr)")
	fs.StringVar(&cfg.federatedFile, "federated-token-file", "", "write a workload identity (federated) assertion to this `file` at start, for OIDC tests")
	fs.BoolVar(&cfg.showVersion, "version", false, "print the version and exit")
	fs.StringVar(&cfg.federatedSubject, "federated-subject", "system:serviceaccount:default:hdikafka", "`subject` of the --federated-token-file assertion")
	usage := func(w io.Writer) {
		fs.SetOutput(w)
		fmt.Fprint(w, usageHeader)
		fs.PrintDefaults()
		fmt.Fprint(w, usageFooter)
	}
	// The usage text is printed for --help only (to stdout); a bad flag gives
	// its one-line error and a pointer to --help, not the whole text.
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return cfg, true, nil
		}
		return cfg, false, fmt.Errorf("%w: %w; %s", errUsage, err, usageHint)
	}
	if fs.NArg() > 0 {
		return cfg, false, fmt.Errorf("%w: unexpected arguments %q (every setting is a flag); %s", errUsage, fs.Args(), usageHint)
	}
	if cfg.showVersion {
		return cfg, false, nil
	}
	if o.Brokers < 1 {
		return cfg, false, fmt.Errorf("%w: --brokers must be at least 1, got %d", errUsage, o.Brokers)
	}
	for _, b := range bootstrap {
		for _, a := range strings.Split(b, ",") {
			if a = strings.TrimSpace(a); a != "" {
				o.BootstrapServers = append(o.BootstrapServers, a)
			}
		}
	}
	for i, c := range clients {
		cl, err := parseClient(c)
		if err != nil {
			// The flag value is not quoted: it may hold a secret.
			return cfg, false, fmt.Errorf("%w: --client #%d: %w", errUsage, i+1, err)
		}
		o.Clients = append(o.Clients, cl)
	}
	if cfg.clientsFile != "" {
		cls, err := idp.LoadClients(cfg.clientsFile)
		if err != nil {
			return cfg, false, fmt.Errorf("--clients-file: %w", err)
		}
		o.Clients = append(o.Clients, cls...)
	}
	for _, f := range faults {
		ft, err := emulator.ParseFault(f)
		if err != nil {
			return cfg, false, fmt.Errorf("%w: --fault: %w", errUsage, err)
		}
		o.Faults = append(o.Faults, ft)
	}
	if o.ProxyNodes < 1 || o.ProxyNodes > emulator.MaxProxyNodes {
		return cfg, false, fmt.Errorf("%w: --proxy-nodes must be between 1 and %d (HDInsight deploys 2), got %d", errUsage, emulator.MaxProxyNodes, o.ProxyNodes)
	}
	if o.VisibilityDelay < 0 {
		return cfg, false, fmt.Errorf("%w: --visibility-delay must not be negative, got %s", errUsage, o.VisibilityDelay)
	}
	if o.CacheRefresh < 0 {
		return cfg, false, fmt.Errorf("%w: --cache-refresh must not be negative (0s = no periodic refresh), got %s", errUsage, o.CacheRefresh)
	}
	if !slices.Contains(emulator.CreateExistingStatuses(), o.CreateExistingStatus) {
		return cfg, false, fmt.Errorf("%w: --create-existing-status must be 400, 409 or 200, got %d", errUsage, o.CreateExistingStatus)
	}
	if !slices.Contains(emulator.UnknownTopicAnswers(), o.UnknownTopic) {
		return cfg, false, fmt.Errorf("%w: --unknown-topic must be 404, 200-empty or 500, got %q", errUsage, o.UnknownTopic)
	}
	if o.TokenLifetime <= 0 {
		return cfg, false, fmt.Errorf("%w: --token-lifetime must be positive, got %s", errUsage, o.TokenLifetime)
	}
	return cfg, false, nil
}

// parseClient parses the --client syntax. Its errors name the offending key
// or the position of the offending part, never a value: the text may hold a
// client secret.
func parseClient(s string) (idp.Client, error) {
	var c idp.Client
	for i, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			return c, fmt.Errorf("comma-separated part %d is not key=value (keys: id, secret, cert, groups, oid, subjects; a secret must not contain commas)", i+1)
		}
		switch k = strings.TrimSpace(k); k {
		case "id":
			c.ID = v
		case "secret":
			c.Secret = v
		case "groups":
			c.Groups = splitSemi(v)
		case "oid":
			c.ObjectID = v
		case "subjects":
			c.FederatedSubjects = splitSemi(v)
		case "cert":
			pem, err := os.ReadFile(v)
			if err != nil {
				return c, fmt.Errorf("cert: reading the certificate: %w", err)
			}
			c.CertificatePEM = pem
		default:
			// After secret=, a comma in the secret splits it: the "key" may be a piece of it.
			if c.Secret != "" || !isKeyName(k) {
				return c, fmt.Errorf("comma-separated part %d has an unknown key (want id, secret, cert, groups, oid, subjects)", i+1)
			}
			return c, fmt.Errorf("unknown key %q in part %d (want id, secret, cert, groups, oid, subjects)", k, i+1)
		}
	}
	if c.ID == "" {
		return c, errors.New("id is required (id=<application id>)")
	}
	return c, nil
}

// isKeyName reports whether k looks like a key (short: letters, digits, '-'
// and '_'); anything else is not quoted in errors.
func isKeyName(k string) bool {
	if k == "" || len(k) > 20 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

func splitSemi(v string) []string {
	var out []string
	for _, g := range strings.Split(v, ";") {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// maskSecret hides a client secret in the startup text.
func maskSecret(s string) string {
	if s == "" {
		return ""
	}
	return "(set)"
}

// durationString renders d for the startup text; zero is shown as zeroMeans.
func durationString(d time.Duration, zeroMeans string) string {
	if d == 0 {
		return "0 (" + zeroMeans + ")"
	}
	return d.String()
}
