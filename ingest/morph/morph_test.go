package morph

import "testing"

func TestLexiconAndPlaces(t *testing.T) {
	lemma := func(form, part string) string {
		for _, a := range Analyse(form) {
			if a.Part() == part {
				return a.Lemma
			}
		}
		return ""
	}
	for form, want := range map[string]string{"Ośrodka": "ośrodek", "września": "wrzesień", "Anny": "Anna", "Dyrektor": "dyrektor", "Powiatowego": "powiatowy"} {
		part := "subst"
		if form == "Powiatowego" {
			part = "adj"
		}
		if got := lemma(form, part); got != want {
			t.Errorf("%s: lemma %q, want %q", form, got, want)
		}
	}
	for form, want := range map[string]string{"Tomaszowie Lubelskim": "Tomaszów Lubelski", "Gdyni": "Gdynia", "Kraśniku": "Kraśnik", "Zielonej Górze": "Zielona Góra"} {
		if got, ok := Place(form); !ok || got != want {
			t.Errorf("place %s: %q %v, want %q", form, got, ok, want)
		}
	}
	if got, ok := Place("Gdynia"); ok || got != "Gdynia" {
		t.Errorf("a nominative: %q %v", got, ok)
	}
	if got := Inflect("powiatowy", "adj:sg:nom:n"); got != "powiatowe" {
		t.Errorf("powiatowy, neuter nominative: %q", got)
	}
}

// TestEndingRules: a surname the lexicon lacks gets its nominative from the learned endings.
func TestEndingRules(t *testing.T) {
	if Known("Wiśniewskiej") {
		t.Skip("the lexicon holds it")
	}
	var lemma string
	for _, a := range Guess("Wiśniewskiej", "adj") {
		if a.Case() == "gen" && a.Gender() == "f" {
			lemma = a.Lemma
			break
		}
	}
	if lemma != "Wiśniewski" {
		t.Fatalf("Wiśniewskiej: lemma %q, readings %v", lemma, Guess("Wiśniewskiej", "adj"))
	}
	if got := Inflect(lemma, "adj:sg:nom:f"); got != "Wiśniewska" {
		t.Errorf("the feminine nominative: %q", got)
	}
}

func TestPlaceForm(t *testing.T) {
	if got := PlaceForm("Gdynia", "loc"); got != "Gdyni" {
		t.Errorf("Gdynia, locative: %q", got)
	}
	if got := PlaceForm("Tomaszów Lubelski", "loc"); got != "Tomaszowie Lubelskim" {
		t.Errorf("Tomaszów Lubelski, locative: %q", got)
	}
}
