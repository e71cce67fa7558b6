#!/usr/bin/env python3
"""Writes the Polish morphology tables of package ingest/morph from Morfeusz 2 and its SGJP
dictionary (the morfeusz2 wheel on PyPI; BSD 2-clause), so that the extraction reads case forms
from data instead of guessing them. Run by `make morph-data`, which installs the pinned wheel
into a virtual environment first; the output is committed.

Writes, in ingest/morph/data:
  lexicon.tsv   form, lemma, tag: every form of the sector's vocabulary, first names and
                months (the words the extraction must put into the nominative or recognise);
  places.tsv    form, name, case: the case forms of the gazetteer's place names (gazetteer/
                geonames_pl.tsv), each word inflected in agreement with the name's head;
  suffixes.tsv  form suffix, lemma suffix, tag, count: how adjective-like and noun-like words
                change at their end, learned from the lexicon's forms, for words it lacks
                (surnames such as Kowalskiej -> Kowalska).
"""
import collections
import os
import sys

import morfeusz2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(HERE, "..", "data")

# The sector's vocabulary: the words of formulaic organisation names, positions, events and
# the prose around them, as lemmas.
SECTOR = """
ośrodek pomoc społeczny miejski gminny gminno-miejski miejsko-gminny powiatowy wojewódzki
regionalny polityka centrum rodzina usługa integracja warsztat warsztaty terapia zajęciowy
zakład aktywność zawodowy dom środowiskowy samopomoc stowarzyszenie fundacja spółdzielnia
socjalny urząd oddział fundusz państwowy rehabilitacja osoba niepełnosprawny niepełnosprawność
zespół kooperacja klub wsparcie ekonomia ekonomiczny instytut uniwersytet szkoła specjalny
ministerstwo rodzinny praca marszałkowski starostwo gmina powiat województwo samorząd miasto
rada koordynacyjny organizacja pozarządowy kultura kulturalny edukacja stowarzyszenie
dyrektor dyrektorka kierownik kierowniczka prezes prezeska wiceprezes wicedyrektor zastępca
specjalista specjalistka koordynator koordynatorka przewodniczący przewodnicząca członek
pracownik pracowniczka pani pan burmistrz prezydent wójt starosta marszałek przedstawiciel
przedstawicielka terapeuta terapeutka instruktor instruktorka psycholog pedagog asystent
asystentka opiekun opiekunka uczestnik uczestniczka
spotkanie wizyta studyjny forum szkolenie konferencja seminarium kongres gala targi
wyjazd konkurs festiwal dzień tydzień projekt program programowy partner partnerski
partnerstwo wymiana doświadczenie dobry praktyka model lider realizacja
styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień
rok kamień milowy federacja sejmik laboratorium klaster zarząd sekretarz animator animatorka spółka
integracyjny konsultacyjny innowacja wydział analiza beneficjent gość przedsiębiorstwo
kooperatywa agencja biuro związek izba towarzystwo kongregacja parafia caritas koło
mieszkanie mieszkalnictwo osiedle wypożyczalnia pralnia kuchnia kawiarnia restauracja mydlarnia
ogrodnictwo pracownia sklep hotel catering cateringowy asystencja asystentura trening treningowy
chroniony wspomagany zatrudnienie aktywizacja usamodzielnianie usamodzielnienie sprzęt
rehabilitacyjny opieka wytchnieniowy mieszkaniec przeprowadzka stanowisko pracodawca firma rynek
produkcja ceramika konfekcjonowanie ogród gospodarstwo agroturystyka piekarnia stołówka
świetlica teleopieka transport dowóz poradnia punkt doradztwo staż reintegracja spółdzielczy
wolontariat wolontariusz zastępczy piecza dzienny całodobowy opiekuńczy sąsiedzki pomieszczenie
jubileusz uroczystość piknik festyn debata panel dyskusyjny akademia uczelnia rewizyta
placówka jednostka instytucja obiekt kiermasz otwarty inicjatywa edukacja nauka stosowany dział referat sekcja sieć porozumienie sygnatariusz zastępczyni wicestarosta wiceburmistrz wiceprezydent wicemarszałek skarbnik
opracowanie projektowanie tworzenie wspieranie prowadzenie organizowanie zatrudnianie
przygotowanie finansowanie planowanie budowanie rozwijanie wdrażanie aktywizowanie świadczenie
zapewnienie przenoszenie działanie rozwiązanie zarządzanie funkcjonowanie kształcenie
doskonalenie włączanie wychowanie zamieszkanie
dolnośląski kujawsko-pomorski lubelski lubuski łódzki małopolski mazowiecki opolski podkarpacki
podlaski pomorski śląski świętokrzyski warmińsko-mazurski wielkopolski zachodniopomorski
"""

FIRST_NAMES = """
Anna Maria Katarzyna Małgorzata Agnieszka Barbara Ewa Krystyna Elżbieta Magdalena Joanna
Zofia Aleksandra Monika Teresa Danuta Natalia Karolina Marta Beata Dorota Halina Jadwiga
Janina Jolanta Irena Grażyna Iwona Justyna Renata Alicja Urszula Sylwia Paulina Agata
Izabela Patrycja Bożena Wioletta Edyta Hanna Ilona Kamila Dominika Marzena Lucyna Emilia
Aneta Weronika Julia Bogumiła Genowefa Jowita Wanda Zuzanna Martyna Oliwia Klaudia
Piotr Krzysztof Andrzej Tomasz Paweł Jan Michał Marcin Jakub Adam Marek Łukasz Grzegorz
Mateusz Wojciech Mariusz Dariusz Zbigniew Jerzy Maciej Rafał Robert Kamil Józef Janusz
Jacek Stanisław Szymon Ryszard Kazimierz Dawid Sławomir Tadeusz Damian Przemysław
Sebastian Artur Daniel Roman Patryk Henryk Waldemar Leszek Bartosz Karol Zdzisław Mirosław
Wiesław Bogdan Edward Czesław Arkadiusz Hubert Filip Konrad Norbert Witold Aleksander
Malwina Magda Ewelina Angelika Anita Aldona Adrianna Alina Amelia Bernadeta Bogusława Celina
Daria Dagmara Danuta Diana Dominika Elwira Emilia Eliza Estera Felicja Gabriela Grażyna
Halina Helena Ida Ilona Irmina Iza Jagoda Jolanta Julita Kinga Klara Krystyna Laura Lena
Lidia Liliana Luiza Łucja Maja Marianna Marlena Marzanna Milena Mirosława Nina Olga Patrycja
Regina Roksana Róża Sabina Sandra Stanisława Stefania Tamara Wanda Wiktoria Zenona Żaneta
Adrian Albert Alfred Andrzej Antoni Bartłomiej Bernard Błażej Bolesław Borys Bronisław
Cezary Dominik Emil Eugeniusz Feliks Franciszek Gabriel Gerard Grzegorz Ignacy Igor Ireneusz
Jarosław Jędrzej Julian Juliusz Kacper Krystian Lech Leon Leonard Lucjan Ludwik Łukasz
Marcel Marian Mieczysław Mikołaj Miłosz Nikodem Oskar Olaf Paweł Przemysław Radosław
Remigiusz Ryszard Seweryn Stefan Sylwester Teodor Tymoteusz Wacław Walenty Wiktor Władysław
Włodzimierz Zenon Zygmunt Jan
Frank Klaus Hans Thomas Michael Wolfgang John David Emma Marco Erik Ingrid Taras Ivan Helga
Dieter Ralf Jens Rolf Günter Peter Paul Martin Markus Matthias Christian Werner Heinz Horst
Manfred Karl Otto Ernst Helmut Walter Fritz Georg Josef Johann Ludwig Gustav Lukas Felix Max
Moritz Simon Tobias Florian Kevin Brian Mark George William Richard Charles Robert Joseph
Mario Luigi Antonio Carlo Franco Pietro Andrea Alessandro Giuseppe Sofia Laura Elena Chiara
Ilse Inge Greta Hanne Britta Astrid Sigrid Olaf Nils Henrik Magnus Gunnar Bengt Ole
Jiri Milan Vladimir Karel Josef Ludmila Vera Irina Svetlana Tatiana Natalia Sergej Andrij
Wasyl Iwan Mykoła Olga Dmytro Ołeksandr Petro Jurij
""".split()


# Countries the sector's visits go to, by ISO 3166-1 code: their case forms let the extraction
# read "w Niemczech", "z Litwy" as the country (names are facts, the forms Morfeusz's).
COUNTRIES = """
DE Niemcy; CZ Czechy; SK Słowacja; LT Litwa; LV Łotwa; EE Estonia; UA Ukraina; BY Białoruś;
SE Szwecja; NO Norwegia; DK Dania; FI Finlandia; NL Holandia; BE Belgia; FR Francja; IT Włochy;
ES Hiszpania; PT Portugalia; AT Austria; CH Szwajcaria; HU Węgry; RO Rumunia; BG Bułgaria;
GB Wielka Brytania; IE Irlandia; GR Grecja; HR Chorwacja; SI Słowenia; IS Islandia; LU Luksemburg;
MT Malta; CY Cypr; RS Serbia; MD Mołdawia; GE Gruzja; IL Izrael; CA Kanada;
JP Japonia
"""


# Towns abroad the sector's visits go to, by country, under their Polish names (exonyms where
# Polish has one: Ostrawa, Ołomuniec, Chociebuż; else the name itself, which stays as written).
CITIES = """
DE Berlin, Drezno, Lipsk, Monachium, Hamburg, Kolonia, Frankfurt nad Menem, Frankfurt nad Odrą,
Poczdam, Chociebuż, Cottbus, Görlitz, Budziszyn, Rostock, Greifswald, Schwerin, Brema, Hanower,
Norymberga, Stuttgart, Düsseldorf, Magdeburg, Erfurt;
CZ Praga, Brno, Ostrawa, Ołomuniec, Liberec, Hradec Králové, Opawa, Pardubice, Pilzno, Karwina,
Czeski Cieszyn, Trzyniec;
SK Bratysława, Koszyce, Żylina, Preszów, Bańska Bystrzyca, Poprad, Nitra, Trnawa;
LT Wilno, Kowno, Kłajpeda, Szawle, Poniewież, Olita, Mariampol, Troki, Kiejdany, Wiłkomierz; LV Ryga, Dyneburg; EE Tallinn;
BY Mińsk, Grodno, Brześć; UA Kijów, Lwów, Łuck, Tarnopol, Iwano-Frankiwsk, Równe, Odessa,
Charków, Winnica, Czerniowce, Użhorod, Żytomierz;
SE Sztokholm, Göteborg, Malmö, Uppsala, Sundbyberg; DK Kopenhaga, Aarhus, Odense; NO Oslo, Bergen;
FI Helsinki, Tampere, Turku; NL Amsterdam, Rotterdam, Haga, Utrecht; BE Bruksela, Antwerpia,
Gandawa, Leuven; FR Paryż, Lyon, Marsylia, Strasburg, Lille; IT Rzym, Mediolan, Turyn, Bolonia,
Florencja, Wenecja, Neapol, Trydent, Werona, Triest; ES Madryt, Barcelona, Walencja, Sewilla,
Bilbao; PT Lizbona, Porto; AT Wiedeń, Graz, Linz, Salzburg, Innsbruck; CH Zurych, Genewa, Berno,
Bazylea; HU Budapeszt, Debreczyn, Segedyn; RO Bukareszt; GB Londyn, Edynburg, Glasgow,
Manchester, Birmingham, Liverpool; IE Dublin, Cork; GR Ateny, Saloniki; HR Zagrzeb, Split;
SI Lublana; IS Reykjavík
"""


def country_forms(m, name):
    """The case forms of a country's name: its head noun in the number it has (Niemcy, Włochy
    and Węgry are plural) and in each case, an adjective before it (Wielka Brytania) agreeing
    in gender, number and case; the nominative included."""
    words = name.split()
    head, number, gender = None, None, None
    for i, w in enumerate(words):
        for _, _, (form, lemma, tag, quals, _) in m.analyse(w):
            parts = tag.split(":")
            if parts[0] == "subst" and base(lemma) == w and parts[2] == "nom" and "nazwa_geograficzna" in quals:
                head, number, gender = i, parts[1], parts[3]
                break
        if head is not None:
            break
    if head is None:
        return set()
    out = set()
    for case in ("nom", "gen", "dat", "acc", "inst", "loc"):
        forms = []
        for i, w in enumerate(words):
            got = None
            if i == head:
                for form, lem, tag, quals, _ in m.generate(w):
                    parts = tag.split(":")
                    if parts[0] == "subst" and parts[1] == number and case in parts[2].split("."):
                        got = form
                        break
            else:
                lemmas = {base(lemma) for _, _, (form, lemma, tag, _, _) in m.analyse(w.lower()) if tag.startswith("adj:")}
                for lemma in sorted(lemmas):
                    for form, lem, tag, quals, _ in m.generate(lemma):
                        parts = tag.split(":")
                        if parts[0] == "adj" and parts[1] == number and case in parts[2].split(".") and gender in parts[3].split(".") and parts[-1] == "pos":
                            got = form[:1].upper() + form[1:]
                            break
                    if got:
                        break
            if got is None:
                break
            forms.append(got)
        if len(forms) == len(words):
            out.add(" ".join(forms))
    return out


def base(lemma):
    return lemma.split(":")[0]


def main():
    m = morfeusz2.Morfeusz(expand_tags=True)
    lexicon = set()
    lemmas = set()
    for word in SECTOR.split() + FIRST_NAMES:
        for _, _, (form, lemma, tag, quals, _) in m.analyse(word):
            if base(lemma).lower() == word.lower() and tag.split(":")[0] in ("subst", "adj", "depr"):
                lemmas.add(lemma)
    for lemma in sorted(lemmas):
        for form, lem, tag, quals, _ in m.generate(lemma):
            if tag.split(":")[0] in ("subst", "adj", "depr"):
                lexicon.add((form, base(lem), tag))
    with open(os.path.join(OUT, "lexicon.tsv"), "w", encoding="utf-8") as f:
        f.write("# form\tlemma\ttag: Morfeusz 2, SGJP dictionary %s (BSD 2-clause); written by ingest/morph/gen/morph.py\n" % m.dict_id())
        for row in sorted(lexicon):
            f.write("\t".join(row) + "\n")

    # Place names: every case of the singular, each word in agreement with its form in the name.
    names = set()
    with open(os.path.join(ROOT, "gazetteer", "geonames_pl.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("L\t"):
                names.add(line.split("\t")[2])
    places = set()
    for name in sorted(names):
        for case in ("gen", "dat", "acc", "inst", "loc"):
            form = inflect_name(m, name, case)
            if form and form != name:
                places.add((form, name, case))
    with open(os.path.join(OUT, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# form\tname\tcase: case forms of gazetteer/geonames_pl.tsv names from Morfeusz 2, SGJP %s (BSD 2-clause); written by ingest/morph/gen/morph.py\n" % m.dict_id())
        for row in sorted(places):
            f.write("\t".join(row) + "\n")

    abroad = set()
    for item in COUNTRIES.replace("\n", " ").split(";"):
        code, name = item.split(None, 1)
        for form in country_forms(m, name.strip()):
            abroad.add((form, name.strip(), code, "COUNTRY"))
    for item in CITIES.replace("\n", " ").split(";"):
        code, towns = item.split(None, 1)
        for name in (n.strip() for n in towns.split(",")):
            forms = country_forms(m, name)
            if not forms:
                forms = {name} | {f for f in (inflect_name(m, name, c) for c in ("gen", "dat", "acc", "inst", "loc")) if f}
            for form in forms | {name}:
                abroad.add((form, name, code, "CITY"))
    with open(os.path.join(OUT, "abroad.tsv"), "w", encoding="utf-8") as f:
        f.write("# form\tname\tISO 3166-1 code\tkind: case forms of the names of countries and towns abroad from Morfeusz 2, SGJP %s (BSD 2-clause); written by ingest/morph/gen/morph.py\n" % m.dict_id())
        for row in sorted(abroad):
            f.write("\t".join(row) + "\n")

    # Suffix rules: the ending a form has, the ending its lemma has instead, for adjectives
    # (and the surnames that decline like them) and nouns.
    rules = collections.Counter()
    for form, lemma, tag in lexicon:
        if form[:1].isupper() != lemma[:1].isupper():
            continue
        i = 0
        while i < min(len(form), len(lemma)) and form[i] == lemma[i]:
            i += 1
        i = max(0, min(i, len(form) - 1, len(lemma)))
        for k in range(0, 4):
            j = max(0, i - k)
            rules[(form[j:].lower(), lemma[j:].lower(), tag)] += 1
    with open(os.path.join(OUT, "suffixes.tsv"), "w", encoding="utf-8") as f:
        f.write("# form suffix\tlemma suffix\ttag\tcount: learned from lexicon.tsv; written by ingest/morph/gen/morph.py\n")
        for (fs, ls, tag), n in sorted(rules.items()):
            if n >= 3 and len(fs) >= 1:
                f.write("%s\t%s\t%s\t%d\n" % (fs, ls, tag, n))
    print("lexicon %d forms of %d lemmas; places %d forms of %d names" % (len(lexicon), len(lemmas), len(places), len(names)), file=sys.stderr)


def analyses(m, word):
    return [(form, lemma, tag) for _, _, (form, lemma, tag, _, _) in m.analyse(word)]


def place_readings(m, word):
    """The readings of a word of a place name, geographic names first, then other proper
    nouns other than people's names, then common words (a town named like a noun)."""
    def rank(a):
        form, lemma, tag, quals = a
        if "nazwa_geograficzna" in quals:
            return 0
        if lemma[:1].isupper() and not ({"nazwisko", "imię"} & set(quals)):
            return 1
        if not lemma[:1].isupper():
            return 2
        return 3
    out = [(form, lemma, tag, quals) for _, _, (form, lemma, tag, quals, _) in m.analyse(word)]
    return [a[:3] for a in sorted(out, key=rank)]


def inflect_word(m, word, case, number, gender):
    """The form of word in case, agreeing with the name's head in number (sg, or pl for names
    such as Kielce, Żary) and gender (e.g. m3), or None."""
    # A common noun's forms are capitalised as the name's word is.
    for form, lemma, tag in place_readings(m, word):
        parts = tag.split(":")
        if parts[0] not in ("subst", "adj") or len(parts) < 4 or parts[2] != "nom" or parts[1] != number:
            continue
        if parts[0] == "adj" and gender and gender not in parts[3].split("."):
            continue
        for f2, _, t2, _, _ in m.generate(lemma):
            p2 = t2.split(":")
            if len(p2) >= 4 and p2[0] == parts[0] and p2[1] == number and case in p2[2].split(".") and (parts[0] == "subst" or p2[3] == parts[3]) and (len(p2) < 5 or p2[4] in ("pos", "ncol", "col", "pt")) :
                return f2[:1].upper() + f2[1:] if word[:1].isupper() else f2
    return None


def head_gender(m, words):
    """The number and gender of a place name's head: its first noun's nominative reading,
    geographic names first (Kielce is a plural)."""
    def nouns(w):
        return [tag.split(":") for _, _, tag in place_readings(m, w) if tag.startswith("subst:") and len(tag.split(":")) >= 4 and tag.split(":")[2] == "nom"]

    def adjective(w):
        return any(tag.startswith("adj:") for _, _, tag in place_readings(m, w))

    for i, w in enumerate(words):
        if not nouns(w):
            continue
        if adjective(w) and i + 1 < len(words) and nouns(words[i + 1]) and not adjective(words[i + 1]):
            continue  # Stary Sącz, Dolne Przedmieście: the adjective agrees with the head after it
        parts = nouns(w)[0]
        return parts[1], parts[3]
    for w in words:
        if nouns(w):
            parts = nouns(w)[0]
            return parts[1], parts[3]
    return "sg", None


def inflect_name(m, name, case):
    """The name in case, or None when a word cannot be inflected (left for the stem rules)."""
    words = name.replace("-", " - ").split()
    number, gender = head_gender(m, [w for w in words if w != "-"])
    out = []
    for w in words:
        if w == "-" or w[:1].islower():  # a hyphen, or a preposition (Nowe Miasto nad Wartą)
            out.append(w)
            if w[:1].islower() and w != "-":
                out.extend(words[len(out):])
                break
            continue
        f = inflect_word(m, w, case, number, gender)
        if f is None:
            return None
        out.append(f)
    return " ".join(out).replace(" - ", "-")


if __name__ == "__main__":
    main()
