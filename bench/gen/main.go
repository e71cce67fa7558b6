// Command gen writes a synthetic knowledge graph in the seed format (see package synth), for
// benchmarks and load tests:
//
//	go run ./bench/gen -size M -seed 1 -out /tmp/kg-m.json
//
// The document imports into either backend with `server import` (see README, Performance).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wtz-graph/kg/bench/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizeName := fs.String("size", "S", "size: S (seed-like), M (~100k nodes, ~1M relations) or L (~1M nodes, ~10M relations)")
	seedValue := fs.Uint64("seed", 1, "random seed; the same size and seed give the same document")
	out := fs.String("out", "-", "output file (- for standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	size, err := synth.SizeByName(*sizeName)
	if err != nil {
		return err
	}
	doc := synth.Generate(size, *seedValue)
	w := stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	if err := synth.Write(w, doc); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gen: size %s, seed %d: %d nodes, %d relations, %d sources\n",
		size.Name, *seedValue, synth.NodeCount(doc), len(doc.Relations), len(doc.Sources))
	return nil
}
