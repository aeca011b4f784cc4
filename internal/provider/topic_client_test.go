package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

func TestDataSourceConfigure(t *testing.T) {
	ctx := context.Background()
	realClient, err := kafkarest.New(kafkarest.Config{Endpoint: "http://127.0.0.1:1", Tokens: dsStaticToken{}})
	if err != nil {
		t.Fatalf("kafkarest.New: %v", err)
	}

	tests := []struct {
		name          string
		data          any
		wantConfigErr string // in Configure
		wantReadErr   string // from readClient
	}{
		{name: "not configured yet", data: nil, wantReadErr: "Provider not configured"},
		{name: "wrong type", data: 42, wantConfigErr: "got int"},
		{name: "a bare client is not provider data", data: realClient, wantConfigErr: "got *kafkarest.Client"},
		{name: "client", data: providerDataWith(realClient)},
		{name: "fake client", data: providerDataWith(&fakeTopicClient{})},
		{name: "client fails", data: newProviderData("test", "", settings{}), wantReadErr: "Missing REST proxy endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b dataSourceBase
			var resp datasource.ConfigureResponse
			b.Configure(ctx, datasource.ConfigureRequest{ProviderData: tt.data}, &resp)
			if tt.wantConfigErr != "" {
				if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), tt.wantConfigErr) {
					t.Fatalf("configure diagnostics = %v, want an error containing %q", resp.Diagnostics, tt.wantConfigErr)
				}
				return
			}
			if resp.Diagnostics.HasError() {
				t.Fatalf("configure: %v", resp.Diagnostics)
			}
			c, diags := b.readClient(ctx)
			if tt.wantReadErr != "" {
				if !diags.HasError() || c != nil {
					t.Fatalf("readClient = %v, %v; want an error containing %q", c, diags, tt.wantReadErr)
				}
				got := diags[0].Summary() + " " + diags[0].Detail()
				if !strings.Contains(got, tt.wantReadErr) {
					t.Errorf("error %q does not contain %q", got, tt.wantReadErr)
				}
				return
			}
			if diags.HasError() || c == nil {
				t.Fatalf("readClient = %v, %v; want a client", c, diags)
			}
		})
	}
}

type dsStaticToken struct{}

func (dsStaticToken) Token(context.Context) (string, error) { return "token", nil }
