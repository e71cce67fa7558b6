package gazetteer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// WithTERC returns a gazetteer with the units of a GUS TERC file (TERC_Adresowy or TERC_Urzedowy,
// ';'-separated, UTF-8 with or without BOM, columns WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA) in
// place of the ones the GeoNames data knows: the official names of voivodeships and powiats,
// and every gmina and gmina part. A problem names the line and what is wrong; nothing is
// loaded then.
func (g *Gazetteer) WithTERC(r io.Reader) (*Gazetteer, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read TERC: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, errors.New("the TERC file is not UTF-8 (GUS publishes it as UTF-8; convert it with iconv -f cp1250 -t utf-8)")
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = ';'
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("TERC: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToUpper(strings.TrimSpace(h))] = i
	}
	for _, need := range []string{"WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("TERC: the header has no column %s (it has %s)", need, strings.Join(head, ";"))
		}
	}
	var units []*Place
	line := 1
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("TERC line %d: %w", line, err)
		}
		get := func(c string) string {
			if i := col[c]; i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		woj, pow, gmi, rodz, name, extra := get("WOJ"), get("POW"), get("GMI"), get("RODZ"), get("NAZWA"), strings.ToLower(get("NAZWA_DOD"))
		if !digits(woj, 2) || (pow != "" && !digits(pow, 2)) || (gmi != "" && !digits(gmi, 2)) || (rodz != "" && !digits(rodz, 1)) || name == "" {
			return nil, fmt.Errorf("TERC line %d: %q is not a unit (WOJ %q, POW %q, GMI %q, RODZ %q)", line, strings.Join(rec, ";"), woj, pow, gmi, rodz)
		}
		p := &Place{Name: name, VoivodeshipCode: woj}
		switch {
		case pow == "":
			p.Code, p.Kind, p.Name = woj, Voivodeship, strings.ToLower(name)
		case gmi == "":
			p.Code, p.Kind, p.PowiatCode = woj+pow, Powiat, woj+pow
			if strings.Contains(extra, "miasto") {
				p.Kind = CityPowiat
			} else {
				p.Name = strings.TrimPrefix(name, "powiat ")
			}
		default:
			p.Code, p.PowiatCode = woj+pow+gmi+rodz, woj+pow
			switch rodz {
			case "1":
				p.Kind = UrbanGmina
			case "2":
				p.Kind = RuralGmina
			case "3":
				p.Kind = UrbanRuralGmina
			case "4":
				p.Kind = TownPart
			case "5":
				p.Kind = RuralPart
			case "8", "9":
				p.Kind = District
			default:
				return nil, fmt.Errorf("TERC line %d: unknown RODZ %q", line, rodz)
			}
			if p.Kind == TownPart || p.Kind == RuralPart {
				p.GminaCode = woj + pow + gmi + "3"
			}
		}
		units = append(units, p)
	}
	if len(units) == 0 {
		return nil, errors.New("the TERC file lists no unit")
	}
	units = addGminas(units)
	places := make([]*Place, 0, len(units)+len(g.places))
	places = append(places, units...)
	for _, p := range g.places {
		if p.Kind == Locality {
			c := *p
			c.GminaCode = ""
			places = append(places, &c)
		}
	}
	out := build(places, true)
	out.placeUnits()
	return out, nil
}

// addGminas adds the gminas that the address variant of TERC (TERC_Adresowy) lists only by
// their parts: an urban-rural gmina (RODZ 3) by its town (4) and rural area (5), named as its
// town; a city divided into districts or delegatury (8, 9) by those, as the urban gmina
// WWPP011 of its city with powiat rights. TERC_Urzedowy lists them, and then nothing is added.
func addGminas(units []*Place) []*Place {
	byCode := map[string]*Place{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	var added []*Place
	for _, u := range units {
		var code string
		var kind Kind
		name := u.Name
		switch u.Kind {
		case TownPart:
			code, kind = u.GminaCode, UrbanRuralGmina
		case District:
			code, kind = u.PowiatCode+"011", UrbanGmina
			if pw, ok := byCode[u.PowiatCode]; ok {
				name = pw.Name
			}
		default:
			continue
		}
		if _, ok := byCode[code]; ok {
			continue
		}
		g := &Place{Code: code, Kind: kind, Name: name, VoivodeshipCode: u.VoivodeshipCode, PowiatCode: u.PowiatCode}
		byCode[code] = g
		added = append(added, g)
	}
	for _, u := range units {
		if u.Kind == District {
			u.GminaCode = u.PowiatCode + "011"
		}
	}
	return append(units, added...)
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
