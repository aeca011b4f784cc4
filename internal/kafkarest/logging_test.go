package kafkarest

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestTokenNeverInLogsOrErrors(t *testing.T) {
	e := newEnv(t, nil)
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			jsonReply(status, `{"message":"you sent `+r.Header.Get("Authorization")+`"}`)(w, r)
		}
	}
	e.srv.on("/v1/status", echo(500), hangUp, echo(401))
	e.srv.on("/v1/metadata/brokers", echo(403))
	e.srv.on("/v1/topics/orders", echo(502), echo(400))
	e.srv.on("/v1/metadata/topics/orders/partitions", echo(404), echo(404), echo(404), partitionsReply(1))

	ctx := context.Background()
	var errs []error
	_, err := e.client.Status(ctx)
	errs = append(errs, err)
	_, err = e.client.ListBrokers(ctx)
	errs = append(errs, err)
	res, err := e.client.CreateTopic(ctx, "orders", TopicSpec{}, CreateOptions{})
	errs = append(errs, err)

	for _, err := range errs {
		if err != nil && strings.Contains(err.Error(), "secret-payload") {
			t.Errorf("error contains the token: %v", err)
		}
	}
	if res.Outcome != Ambiguous {
		t.Errorf("create outcome = %v, want ambiguous", res.Outcome)
	}
	logs := e.log.text()
	if strings.Contains(logs, "secret-payload") || strings.Contains(logs, testToken) {
		t.Errorf("logs contain the token:\n%s", logs)
	}
	for _, want := range []string{"method:GET", "path:/v1/status", "status:500", "attempt:2", "duration_ms:",
		"delay_ms:", "WARN kafkarest: transient failure, retrying", "WARN kafkarest: create outcome ambiguous"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs miss %q:\n%s", want, logs)
		}
	}
}

func TestNilLoggerIsFine(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Logger = nil })
	e.srv.on("/v1/status", jsonReply(500, `{}`), jsonReply(200, `"OK"`))
	e.srv.on("/v1/metadata/topics/t/partitions", jsonReply(404, `{}`), partitionsReply(1))
	if _, err := e.client.Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.client.WaitForTopic(context.Background(), "t", WaitOptions{}); err != nil {
		t.Fatal(err)
	}
}
