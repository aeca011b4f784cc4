package emulator

import (
	"log/slog"
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
)

// Options configure a Server. The zero value starts an emulator with an
// embedded 3-broker cluster on a random loopback port.
type Options struct {
	Addr             string        // listen address of the HTTPS API; default 127.0.0.1:0
	AdminAddr        string        // loopback listen address of the plain-HTTP admin API; "" = disabled
	Brokers          int           // kfake brokers, default 3
	BootstrapServers []string      // a real Kafka cluster instead of kfake
	VisibilityDelay  time.Duration // metadata cache delay for new topics
	KafkaVersion     string        // "3.2" (default) or "2.4": topic config rules

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
