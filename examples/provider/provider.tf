terraform {
  required_providers {
    hdikafka = {
      source = "hdikafka/hdikafka"
    }
  }
}

# The REST proxy of an HDInsight Kafka cluster, reached with a service principal that is a member of
# the cluster's REST proxy security group. The secret comes from ARM_CLIENT_SECRET, as for azurerm;
# every other attribute except ca_certificate may come from the environment as well (see
# Authentication below).
provider "hdikafka" {
  endpoint  = "https://mycluster-kafkarest.azurehdinsight.net"
  tenant_id = "00000000-0000-0000-0000-000000000000"
  client_id = "11111111-1111-1111-1111-111111111111"

  # HDInsight 5.1 runs Kafka 3.2 (the default); use "2.4" for HDInsight 4.0.
  kafka_version = "3.2"
}

# Workload identity federation in GitHub Actions (no secret at all):
#
# provider "hdikafka" {
#   endpoint  = "https://mycluster-kafkarest.azurehdinsight.net"
#   tenant_id = "00000000-0000-0000-0000-000000000000"
#   client_id = "11111111-1111-1111-1111-111111111111"
#   use_oidc  = true
# }
#
# The local emulator, started with (the secret is whatever you pass to --client):
#
#   hdikafka-emulator --addr 127.0.0.1:8443 --ca-file emulator-ca.pem \
#     --client "id=11111111-1111-1111-1111-111111111111,secret=dev-secret,groups=kafka-users" \
#     --allowed-group kafka-users
#
# Its ready banner ends with this block (--tenant defaults to the tenant below; the secret may come
# from ARM_CLIENT_SECRET instead):
#
# provider "hdikafka" {
#   endpoint            = "https://127.0.0.1:8443"
#   authority_host      = "https://127.0.0.1:8443/"
#   tenant_id           = "00000000-0000-0000-0000-00000000000a"
#   client_id           = "11111111-1111-1111-1111-111111111111"
#   client_secret       = "dev-secret" # development secret given to --client (or --clients-file)
#   ca_certificate_file = "emulator-ca.pem"
#   kafka_version       = "3.2"
# }
