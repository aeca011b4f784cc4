package emulator

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// Defaults of Options.
const (
	DefaultAddr         = "127.0.0.1:0"
	DefaultBrokers      = 3
	DefaultKafkaVersion = "3.2"
	DefaultTenant       = idp.DefaultTenant
	// DefaultPartitionCount is used when a create request omits partition_count
	// (Kafka's num.partitions default).
	DefaultPartitionCount = 1
	// MaxDefaultReplicationFactor caps the replication factor used when a
	// create request omits replication_factor: min(3, number of brokers).
	MaxDefaultReplicationFactor = 3
	// DefaultProxyNodes is the number of REST proxy nodes when Options.ProxyNodes is 0.
	DefaultProxyNodes = 1
	// MaxProxyNodes bounds Options.ProxyNodes (HDInsight deploys two).
	MaxProxyNodes = 16
)

// Answers of the metadata routes for a topic the serving node does not know
// (Options.UnknownTopic). Microsoft documents none of them (section 10 of the
// wire contract, question 2); each is a shape a proxy plausibly gives.
const (
	// UnknownTopicNotFound: 404 with the JSON error document (the default).
	UnknownTopicNotFound = "404"
	// UnknownTopicEmpty: GET .../partitions answers 200 {"topic":t,"partitions":[]}
	// (a proxy listing the partitions its metadata lookup found: none), and
	// GET .../partitions/{p} answers 404 for the partition.
	UnknownTopicEmpty = "200-empty"
	// UnknownTopicServerError: 500 naming Kafka's UnknownTopicOrPartitionException
	// (a proxy passing on the Kafka client's exception).
	UnknownTopicServerError = "500"
)

// UnknownTopicAnswers lists the accepted values of Options.UnknownTopic.
func UnknownTopicAnswers() []string {
	return []string{UnknownTopicNotFound, UnknownTopicEmpty, UnknownTopicServerError}
}

// CreateExistingStatuses lists the accepted values of
// Options.CreateExistingStatus: 400 (the default), 409, and 200 (a no-op
// success).
func CreateExistingStatuses() []int {
	return []int{http.StatusBadRequest, http.StatusConflict, http.StatusOK}
}

// Options configure a Server. The zero value starts an emulator with an
// embedded 3-broker cluster on a random loopback port, one proxy node and no
// cache delay.
type Options struct {
	Addr             string   // listen address of the HTTPS API; default 127.0.0.1:0
	AdminAddr        string   // loopback listen address of the plain-HTTP admin API; "" = disabled
	Brokers          int      // kfake brokers, default 3
	BootstrapServers []string // a real Kafka cluster instead of kfake
	KafkaVersion     string   // "3.2" (default) or "2.4": topic config rules

	// VisibilityDelay is the longest time a change in Kafka (a new topic, a
	// deleted topic, more partitions) takes to reach the proxy nodes' metadata
	// caches: node i of n = ProxyNodes (i = 0..n-1) shows it delay·(i+1)/n
	// after the emulator saw it, so with one node, after the delay. 0 (default) = at
	// once; negative is an error. See Server.SetVisibilityDelay.
	VisibilityDelay time.Duration
	// ProxyNodes is the number of REST proxy nodes answering in turn, one
	// request each (round robin over API requests), each with its own metadata
	// cache: a new topic can be visible on one node and not yet on another.
	// HDInsight's ARM template deploys two. 0 = DefaultProxyNodes (1); 1 to
	// MaxProxyNodes.
	ProxyNodes int
	// CacheRefresh is the period of each node's refresh of its whole metadata
	// view: every change that is due (see VisibilityDelay) appears at the
	// node's next refresh, all together. Node i (i = 0..n-1) refreshes at
	// i·CacheRefresh/n past each multiple of CacheRefresh since the Unix epoch.
	// 0 (default) = no periodic refresh; negative is an error.
	CacheRefresh time.Duration
	// MetadataClock is the clock of the metadata caches (when a change was seen, when a node shows
	// it); nil = time.Now. Tests set it to hold the nodes in a chosen state, e.g. one node showing
	// a deletion and the other not, for as long as a Terraform run takes.
	MetadataClock func() time.Time

	// CreateExistingStatus is the answer to PUT /v1/topics/{t} for a topic that
	// exists in Kafka (whether or not the serving node shows it): 400 (0 = the
	// default) or 409 with the JSON error document saying "already exists", or
	// 200 with the create's usual body and nothing changed (a no-op success).
	// Microsoft does not document it (wire contract section 10, question 3).
	CreateExistingStatus int
	// UnknownTopic is the answer of GET /v1/metadata/topics/{t}/partitions and
	// .../partitions/{p} for a topic the serving node does not know: one of
	// UnknownTopicAnswers; "" = UnknownTopicNotFound. The producer route
	// always answers 404.
	UnknownTopic string

	TLSCertFile, TLSKeyFile string // serve this certificate instead of a generated one
	CAFile                  string // where to write the CA certificate PEM (optional)

	Tenant        string // default DefaultTenant
	Clients       []idp.Client
	AllowedGroup  string
	TokenLifetime time.Duration
	// Issuer and Audience validate real Entra ID tokens (keys from the
	// issuer's discovery document) instead of tokens of the dev IdP.
	Issuer, Audience string

	Faults []Fault
	Logger *slog.Logger // nil = discard
}

// withDefaults fills the defaults of o and checks the settings that need no
// listener: every error names the option, the value and the rule.
func (o Options) withDefaults() (Options, error) {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.Brokers == 0 {
		o.Brokers = DefaultBrokers
	}
	if o.KafkaVersion == "" {
		o.KafkaVersion = DefaultKafkaVersion
	}
	if o.Tenant == "" {
		o.Tenant = DefaultTenant
	}
	if o.ProxyNodes == 0 {
		o.ProxyNodes = DefaultProxyNodes
	}
	if o.CreateExistingStatus == 0 {
		o.CreateExistingStatus = http.StatusBadRequest
	}
	if o.UnknownTopic == "" {
		o.UnknownTopic = UnknownTopicNotFound
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.VisibilityDelay < 0 {
		return o, fmt.Errorf("visibility delay must not be negative, got %s", o.VisibilityDelay)
	}
	if o.CacheRefresh < 0 {
		return o, fmt.Errorf("cache refresh period must not be negative (0 = no periodic refresh), got %s", o.CacheRefresh)
	}
	if o.ProxyNodes < 1 || o.ProxyNodes > MaxProxyNodes {
		return o, fmt.Errorf("proxy nodes must be between 1 and %d (HDInsight deploys 2), got %d", MaxProxyNodes, o.ProxyNodes)
	}
	if !slices.Contains(CreateExistingStatuses(), o.CreateExistingStatus) {
		return o, fmt.Errorf("the status for a create of an existing topic must be 400, 409 or 200, got %d", o.CreateExistingStatus)
	}
	if !slices.Contains(UnknownTopicAnswers(), o.UnknownTopic) {
		return o, fmt.Errorf("the unknown-topic answer must be one of %q, got %q", UnknownTopicAnswers(), o.UnknownTopic)
	}
	if o.AdminAddr != "" {
		if err := checkLoopbackAddr(o.AdminAddr); err != nil {
			return o, err
		}
	}
	return o, nil
}
