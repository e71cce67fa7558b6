package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestDurabilityAfterSIGKILL builds the real server, starts it with a DATA_DIR, writes through
// GraphQL, kills it with SIGKILL, starts it again and reads every acknowledged write back; then
// it appends a torn record to the log and checks that the server still starts, warns, and has
// lost nothing acknowledged.
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
	p.kill(t)

	check := func(p *process) {
		t.Helper()
		body := p.post(t, `{ organisations(filter: { name: "Stowarzyszenie Testowe" }, first: 50) { totalCount }
			organisation(id: "ngo-11") { id aliases }
			rel: organisation(id: "ngo-01") { relations(types: [MEMBER_OF]) { node { id } } }
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
	log, err := os.OpenFile(filepath.Join(dataDir, "changes.log"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = log.Write([]byte{0, 0, 4, 0, 1, 2, 3, 4, '{', '"', 's'})
	log.Close()
	p = startBinary(t, bin, dataDir)
	check(p)
	if !strings.Contains(p.logs(), "torn or damaged") {
		t.Errorf("no warning about the torn record in the logs:\n%s", p.logs())
	}
	p.kill(t)
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
	cmd.Env = append(os.Environ(), "DATA_DIR="+dataDir, "WRITE_TOKEN="+testToken, "STORE=memory", "LOG_LEVEL=info")
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
