package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/store/memory"
)

// runCheck is the operators' command `server check -data-dir DIR`: it reads the embedded
// store's data directory as a start would, without changing it, and says what it holds or
// what is damaged and how to repair it. It exits non-zero when a start would refuse.
func runCheck(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data-dir", getenv("DATA_DIR"), "the data directory to check (env DATA_DIR)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" || fs.NArg() > 0 {
		return fmt.Errorf("usage: server check -data-dir DIR")
	}
	report, err := memory.Inspect(*dir)
	fmt.Fprint(stdout, report)
	return err
}

// runRepair is the operators' command `server repair -data-dir DIR -cut FILE:OFFSET`: it cuts a
// damaged change log at the start of a record, as the refusal to start names it, keeping the
// bytes cut off beside the log, and says how many acknowledged records it dropped. No server
// may run on the directory.
func runRepair(_ context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("repair", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("data-dir", getenv("DATA_DIR"), "the data directory to repair (env DATA_DIR)")
	at := fs.String("cut", "", "FILE:OFFSET, the change log and the byte where the records to drop start (from the refusal or `server check`)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	file, off, ok := strings.Cut(*at, ":")
	offset, err := strconv.ParseInt(off, 10, 64)
	if *dir == "" || !ok || err != nil || fs.NArg() > 0 {
		return fmt.Errorf("usage: server repair -data-dir DIR -cut FILE:OFFSET")
	}
	said, err := memory.Repair(*dir, file, offset)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, said)
	return nil
}

// registerSnapshotMetrics exports the embedded store's snapshot figures.
func registerSnapshotMetrics(m *metrics, stats func() memory.SnapshotStats) {
	m.registry.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "snapshots_total", Help: "Snapshots of the embedded store written since start."},
			func() float64 { return float64(stats().Taken) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "snapshot_failures_total", Help: "Snapshots of the embedded store that failed (the change logs keep every change)."},
			func() float64 { return float64(stats().Failed) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "snapshot_pause_seconds", Help: "Time writers waited for the last snapshot (starting a log and listing the graph under the write lock)."},
			func() float64 { return stats().Pause.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "snapshot_duration_seconds", Help: "Time the last snapshot took to write in the background."},
			func() float64 { return stats().Duration.Seconds() }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "snapshot_bytes", Help: "Size of the last snapshot."},
			func() float64 { return float64(stats().Bytes) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "snapshot_running", Help: "1 while a snapshot is being written."},
			func() float64 {
				if stats().Running {
					return 1
				}
				return 0
			}),
	)
}

// loadGazetteer builds the gazetteer: the shipped GeoNames data, with the gminas of the GUS TERC
// file when GAZETTEER_TERC names one.
func loadGazetteer(cfg Config, logger *slog.Logger) (*gazetteer.Gazetteer, error) {
	gz := gazetteer.Default()
	if cfg.GazetteerTERC == "" {
		return gz, nil
	}
	f, err := os.Open(cfg.GazetteerTERC)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: %w", err)
	}
	defer f.Close()
	if gz, err = gz.WithTERC(f); err != nil {
		return nil, fmt.Errorf("gazetteer: %s: %w", cfg.GazetteerTERC, err)
	}
	logger.Info("gazetteer loaded with TERC", "file", cfg.GazetteerTERC, "places", len(gz.Places()))
	return gz, nil
}
