package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestDurabilityAfterSIGKILL builds the real server, starts it with a DATA_DIR and a snapshot
// threshold low enough that snapshots are written in the background during the run, writes
// through GraphQL, kills it with SIGKILL, starts it again and reads every acknowledged write
// back; then it appends a torn record to the log and checks that the server still starts, warns,
// and has lost nothing acknowledged. Last, it damages a record in the middle of the log and
// checks that the server refuses to start (and does not seed), that `server check` says the
// same, and that `server repair` with the offset the refusal names lets it start again.
func TestDurabilityAfterSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	bin := filepath.Join(t.TempDir(), "server")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	dataDir := t.TempDir()

	p := startBinary(t, bin, dataDir)
	const n = 12
	for i := range n {
		in := map[string]any{"input": map[string]any{
			"id": fmt.Sprintf("ngo-%02d", i), "name": fmt.Sprintf("Stowarzyszenie Testowe %d", i), "kind": "ASSOCIATION", "country": "PL",
			"cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": fmt.Sprintf("¶%d", i)}},
		}}
		if body := p.post(t, `mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }`, in); !strings.Contains(body, "ngo-") {
			t.Fatalf("write %d: %s", i, body)
		}
	}
	rel := map[string]any{"input": map[string]any{"type": "MEMBER_OF", "from": "Organisation:ngo-01", "to": "Organisation:fosa",
		"cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "¶5"}}}}
	if body := p.post(t, `mutation($input: RelationInput!) { addRelation(input: $input) { id } }`, rel); !strings.Contains(body, "member_of-") {
		t.Fatalf("relation: %s", body)
	}
	if body := p.post(t, `mutation { mergeNodes(survivor: "ngo-00", merged: "ngo-11") { id } }`, nil); !strings.Contains(body, "ngo-00") {
		t.Fatalf("merge: %s", body)
	}
	if m := p.metrics(t); !regexp.MustCompile(`(?m)^snapshots_total [1-9]`).MatchString(m) {
		t.Errorf("no snapshot was written during the run:\n%s", m)
	}
	p.kill(t)

	check := func(p *process) {
		t.Helper()
		body := p.post(t, `{ organisations(filter: { name: "Stowarzyszenie Testowe" }, first: 50) { totalCount }
			organisation(id: "ngo-11") { id aliases }
			rel: organisation(id: "ngo-01") { relations(types: [MEMBER_OF]) { edges { node { id } } } }
			seeded: organisation(id: "mops-gdynia") { name } }`, nil)
		for _, want := range []string{`"totalCount":11`, `"id":"Organisation:ngo-00"`, `"Stowarzyszenie Testowe 11"`, `"Organisation:fosa"`, `Miejski Ośrodek Pomocy Społecznej w Gdyni`} {
			if !strings.Contains(body, want) {
				t.Errorf("after restart the answer lacks %s:\n%s", want, body)
			}
		}
	}
	p = startBinary(t, bin, dataDir)
	check(p)
	p.kill(t)

	// A crash in the middle of an append leaves a torn record.
	log, err := os.OpenFile(currentLog(t, dataDir), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = log.Write([]byte{0, 0, 4, 0, 1, 2, 3, 4, '{', '"', 's'})
	log.Close()
	p = startBinary(t, bin, dataDir)
	check(p)
	if !strings.Contains(p.logs(), "never acknowledged") {
		t.Errorf("no warning about the torn record in the logs:\n%s", p.logs())
	}
	// Writes after the recovery, so that the current log has records to damage.
	for i := range 3 {
		in := map[string]any{"input": map[string]any{
			"id": fmt.Sprintf("late-%d", i), "name": fmt.Sprintf("Fundacja Późna %d", i), "kind": "FOUNDATION", "country": "PL",
			"cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "¶1"}},
		}}
		if body := p.post(t, `mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id } }`, in); !strings.Contains(body, "late-") {
			t.Fatalf("write after recovery: %s", body)
		}
	}
	p.kill(t)

	// A flipped bit in the length of the current log's first record: the server refuses to
	// start (it neither cuts the log nor seeds), and says how to repair.
	path := currentLog(t, dataDir)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const logHeader = 36
	if len(data) <= logHeader {
		t.Fatalf("the current log %s has no record to damage", path)
	}
	data[logHeader] ^= 0x40
	if err := os.WriteFile(path, data, 0o640); err != nil {
		t.Fatal(err)
	}
	// A server that does not refuse would run until killed: the context bounds it.
	refuseCtx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(refuseCtx, bin, "-addr", "127.0.0.1:0", "-data-dir", dataDir).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "server repair -data-dir") || strings.Contains(string(out), "seeded") {
		t.Fatalf("a damaged log: the server did not refuse to start (%v):\n%s", err, out)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, data) {
		t.Error("the refusal changed the damaged log")
	}
	if out, err := exec.Command(bin, "check", "-data-dir", dataDir).CombinedOutput(); err == nil || !strings.Contains(string(out), "damaged") {
		t.Errorf("server check on a damaged log (%v):\n%s", err, out)
	}
	cutAt := regexp.MustCompile(`-cut (\S+:\d+)`).FindStringSubmatch(string(out))
	if cutAt == nil {
		t.Fatalf("the refusal names no cut:\n%s", out)
	}
	repaired, err := exec.Command(bin, "repair", "-data-dir", dataDir, "-cut", cutAt[1]).CombinedOutput()
	if err != nil || !strings.Contains(string(repaired), "acknowledged records after it were dropped") {
		t.Fatalf("server repair (%v):\n%s", err, repaired)
	}
	// The graph keeps what the snapshot and the records before the cut hold, and is not seeded
	// over it.
	p = startBinary(t, bin, dataDir)
	if body := p.post(t, `{ organisation(id: "mops-gdynia") { name } }`, nil); !strings.Contains(body, "Gdyni") {
		t.Errorf("after the repair: %s", body)
	}
	if strings.Contains(p.logs(), "msg=seeded") {
		t.Errorf("the repaired directory was seeded again:\n%s", p.logs())
	}
	p.kill(t)
}

// currentLog is the change log the embedded store appends to: the newest in the directory.
func currentLog(t *testing.T, dataDir string) string {
	t.Helper()
	logs, err := filepath.Glob(filepath.Join(dataDir, "changes-*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no change log in %s: %v", dataDir, err)
	}
	slices.Sort(logs)
	return logs[len(logs)-1]
}

func (p *process) metrics(t *testing.T) string {
	t.Helper()
	resp, err := http.Get("http://" + p.addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

type process struct {
	cmd  *exec.Cmd
	addr string
	out  *syncBuffer
}

// startBinary starts the server on a free port with the data directory and waits until ready.
func startBinary(t *testing.T, bin, dataDir string) *process {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "DATA_DIR="+dataDir, "WRITE_TOKEN="+testToken, "STORE=memory", "LOG_LEVEL=info", "SNAPSHOT_AFTER=3000")
	out := &syncBuffer{}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, out: out}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addrs := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`msg=serving addr=(\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			out.WriteLine(sc.Text())
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrs <- m[1]
			}
		}
	}()
	select {
	case p.addr = <-addrs:
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not start:\n%s", out.String())
	}
	return p
}

func (p *process) post(t *testing.T, query string, vars map[string]any) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, "http://"+p.addr+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// kill sends SIGKILL: no shutdown code runs.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

func (p *process) logs() string { return p.out.String() }

// syncBuffer collects log lines from another goroutine.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) WriteLine(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.WriteString(s + "\n")
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
