package kafkarest

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// isRetryableStatus: 429 and every 5xx.
func isRetryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status >= 500 && status <= 599
}

// isTransientNetError reports connection resets, aborted or broken
// connections, premature EOF and network timeouts. Refused connections, DNS
// and TLS failures are configuration problems and are not retried.
func isTransientNetError(err error) bool {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	// net/http reports some server hang-ups only as text.
	msg := err.Error()
	return strings.Contains(msg, "server closed idle connection") ||
		strings.Contains(msg, "connection reset by peer")
}

// retryDelay is the wait before attempt+1: the server's Retry-After (seconds
// or HTTP date) when present, otherwise full-jitter exponential backoff
// (uniform in [0, min(cap, base·2^(attempt-1)))). Both are capped by
// MaxRetryAfter.
func (c *Client) retryDelay(attempt int, header http.Header) time.Duration {
	if d, ok := parseRetryAfter(header.Get("Retry-After"), c.now()); ok {
		return min(d, c.maxRetryAfter)
	}
	ceiling := c.maxRetryAfter
	if attempt-1 < 32 {
		if b := baseBackoff << (attempt - 1); b > 0 && b < ceiling {
			ceiling = b
		}
	}
	return time.Duration(c.jitter() * float64(ceiling))
}

// parseRetryAfter understands delta-seconds and HTTP dates; a date in the
// past means "now".
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
