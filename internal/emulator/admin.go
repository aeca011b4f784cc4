package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// adminHandler serves the loopback admin API (plain HTTP):
//
//	GET    /counters               per-route request counters
//	POST   /counters/reset         zero the counters
//	GET    /faults                 registered faults
//	POST   /faults                 add a fault: --fault syntax as text, or a JSON Fault (durations "2s" or seconds)
//	DELETE /faults                 remove all faults
//	DELETE /faults/{id}            remove one fault
//	GET    /visibility-delay       current delay
//	PUT    /visibility-delay?value=2s
//	GET    /proxy-nodes/{node}/topics  topics proxy node {node} shows now, with partition counts (Server.NodeTopics)
//	GET    /healthz
func (s *Server) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /counters", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Counters())
	})
	mux.HandleFunc("POST /counters/reset", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetCounters()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /faults", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.faults.List())
	})
	mux.HandleFunc("POST /faults", func(w http.ResponseWriter, r *http.Request) {
		body, err := readBody(w, r, maxOtherBody, "POST /faults")
		if err != nil {
			writeErr(w, err)
			return
		}
		var f Fault
		if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '{' {
			if err := json.Unmarshal(t, &f); err != nil {
				writeError(w, http.StatusBadRequest, "malformed fault JSON: "+err.Error())
				return
			}
		} else if f, err = ParseFault(string(t)); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		id, err := s.faults.AddChecked(f)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]int{"id": id})
	})
	mux.HandleFunc("DELETE /faults", func(w http.ResponseWriter, _ *http.Request) {
		s.faults.Clear()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("DELETE /faults/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil || !s.faults.Remove(id) {
			writeError(w, http.StatusNotFound, "no fault with id "+strconv.Quote(r.PathValue("id")))
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /visibility-delay", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"visibility_delay": s.VisibilityDelay().String()})
	})
	mux.HandleFunc("PUT /visibility-delay", func(w http.ResponseWriter, r *http.Request) {
		d, err := time.ParseDuration(r.URL.Query().Get("value"))
		if err != nil || d < 0 {
			writeError(w, http.StatusBadRequest, "value must be a non-negative Go duration such as 2s, got "+strconv.Quote(r.URL.Query().Get("value")))
			return
		}
		s.SetVisibilityDelay(d)
		writeJSON(w, http.StatusOK, map[string]string{"visibility_delay": d.String()})
	})
	mux.HandleFunc("GET /proxy-nodes/{node}/topics", func(w http.ResponseWriter, r *http.Request) {
		node, err := strconv.Atoi(r.PathValue("node"))
		if err != nil {
			writeError(w, http.StatusNotFound, "proxy node "+strconv.Quote(r.PathValue("node"))+" is not a number")
			return
		}
		topics, err := s.NodeTopics(node)
		if err != nil {
			writeError(w, http.StatusNotFound, err.Error())
			return
		}
		writeJSON(w, http.StatusOK, topics)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, "OK")
	})
	return mux
}
