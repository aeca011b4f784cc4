package emulator

import (
	"fmt"
	"strings"
)

// ProviderBlock returns a ready-to-paste Terraform provider block for this
// emulator. It names the first registered client when one was given in the
// options, else placeholders. The client's development secret appears in
// it, marked by a comment, so that the block works as pasted.
func (s *Server) ProviderBlock() string {
	clientID, secret := s.firstClient()
	type attr struct{ key, value, comment string }
	attrs := []attr{
		{"endpoint", fmt.Sprintf("%q", s.URL()), ""},
		{"authority_host", fmt.Sprintf("%q", s.AuthorityHost()), ""},
		{"tenant_id", fmt.Sprintf("%q", s.Tenant()), ""},
	}
	if clientID == "" {
		attrs = append(attrs, attr{"client_id", `"<client id>"`, " # register one with --client"})
	} else {
		attrs = append(attrs, attr{"client_id", fmt.Sprintf("%q", clientID), ""})
	}
	if secret == "" {
		attrs = append(attrs, attr{"client_secret", `"<client secret>"`, ""})
	} else {
		attrs = append(attrs, attr{"client_secret", fmt.Sprintf("%q", secret), " " + devSecretComment})
	}
	if s.caFile != "" {
		attrs = append(attrs, attr{"ca_certificate_file", fmt.Sprintf("%q", s.caFile), ""})
	}
	attrs = append(attrs, attr{"kafka_version", fmt.Sprintf("%q", s.catalogue.Version()), ""})
	width := 0
	for _, a := range attrs {
		width = max(width, len(a.key))
	}
	var b strings.Builder
	b.WriteString("provider \"hdikafka\" {\n")
	for _, a := range attrs {
		fmt.Fprintf(&b, "  %-*s = %s%s\n", width, a.key, a.value, a.comment)
	}
	if s.caFile == "" {
		b.WriteString("  ca_certificate = <<-EOT\n")
		for _, line := range strings.Split(strings.TrimSpace(string(s.certs.caPEM)), "\n") {
			fmt.Fprintf(&b, "    %s\n", line)
		}
		b.WriteString("  EOT\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// devSecretComment marks the client secret in a provider block: it is the
// development secret registered with the emulator, printed on purpose.
const devSecretComment = "# development secret given to --client (or --clients-file)"
