from __future__ import annotations

from pathlib import Path

import pytest

import geoevents
from geoevents import geoparse, resolve_spans

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_results(gazetteer):
    return {p.name: geoparse(p.read_text(encoding="utf-8")) for p in SEEDS}


def _found(results) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for res in results.values():
        for m in res.mentions:
            if m.place is not None:
                out.setdefault(m.text.lower(), set()).add(m.place.country)
    return out


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("ashkelon", "IL"), ("ashkelom", "IL"), ("ashdod", "IL"), ("sderot", "IL"),
        ("sheikh jarrah", "PS"), ("lod", "IL"), ("jenin refugee camp", "PS"),
        ("al-maghazi refugee camp", "PS"), ("beit nekofa", "IL"), ("knesset", "IL"),
        ("gaza city", "PS"), ("gaza strip", "PS"), ("west bank", "PS"), ("east jerusalem", "PS"),
        ("jerusalem", "IL"), ("cairo", "EG"), ("egypt", "EG"), ("qatar", "QA"), ("israel", "IL"),
        ("al-aqsa mosque compound", "PS"),
    ],
)
def test_seed_places_are_found_and_resolved(seed_results, name: str, country: str) -> None:
    found = _found(seed_results)
    assert name in found, sorted(found)
    assert found[name] == {country}


@pytest.mark.parametrize(
    "not_a_place",
    ["New York", "Heiko Maas", "Maas", "Hamas", "Iron", "Iron Dome", "Hazem", "Qassem",
     "Magen David Adom", "David", "Islamic Jihad", "Police", "Liberation", "Palestinian",
     "Israeli", "Biden", "Ramadan", "Muslim"],
)
def test_seed_non_places_are_not_mentions(seed_results, not_a_place: str) -> None:
    texts = {m.text for res in seed_results.values() for m in res.mentions}
    assert not_a_place not in texts


def test_offsets_are_valid(seed_results) -> None:
    for p in SEEDS:
        text = p.read_text(encoding="utf-8")
        for m in seed_results[p.name].mentions:
            assert text[m.start:m.end] == m.text
            assert 0.0 <= m.score <= 1.0


def test_dateline_role(gazetteer) -> None:
    res = geoparse("JERUSALEM: Israel and Hamas exchanged fire on Tuesday in Gaza.")
    roles = {m.text: m.role for m in res.mentions}
    assert roles["JERUSALEM"] == "dateline"
    assert roles["Gaza"] == "mention"


def test_relative_expressions(gazetteer) -> None:
    text = ("Strikes hit a camp southwest of Gaza City and a site in the central Gaza Strip, "
            "and troops raided a village near Nablus.")
    res = geoparse(text)
    rel = {m.text: m for m in res.mentions}
    gc = rel["Gaza City"]
    assert gc.role == "relative" and gc.relative is not None
    assert gc.relative.direction == "southwest"
    assert gc.relative.lat < gc.place.lat and gc.relative.lon < gc.place.lon
    assert rel["Gaza Strip"].relative.relation == "subregion"
    assert rel["Gaza Strip"].relative.direction == "central"
    assert rel["Nablus"].relative.relation == "near"


def test_subregion_of_a_polygon_moves_the_point(gazetteer) -> None:
    res = geoparse("Heavy fighting continued in southern Gaza Strip on Monday.")
    m = next(m for m in res.mentions if m.text == "Gaza Strip")
    assert m.relative is not None and m.relative.direction == "south"
    assert m.relative.lat < m.place.lat


def test_qualifier_picks_the_named_state(gazetteer) -> None:
    res = geoparse("The festival in Paris, Texas drew thousands.")
    paris = next(m for m in res.mentions if m.text == "Paris")
    assert paris.place.country == "US" and paris.place.admin1 == "Texas"


def test_a_county_or_province_qualifies_the_town(gazetteer) -> None:
    text = ("Pigs died in the US and in the Philippines. In Santa Maria, Davao del Sur, "
            "in Mindanao, at least 50 pigs died.")
    m = next(m for m in geoparse(text).mentions if m.text == "Santa Maria")
    assert m.place.country == "PH" and m.place.admin1 == "Davao Region"


def test_a_district_in_a_country_the_text_never_names_does_not_win(gazetteer) -> None:
    # Lebanon's Tripoli District is a candidate for "Tripoli"; the text is about Libya
    text = ("Libya freed the nurses. Sarkozy said neither the E.U. nor France paid money to "
            "Libya. He would visit Libya on Wednesday to help Tripoli's reintegration.")
    m = next(m for m in geoparse(text).mentions if m.text == "Tripoli")
    assert m.place.country == "LY"


def test_document_context_picks_the_local_sense(gazetteer) -> None:
    text = ("Deputies in Laurens County arrested a man in Dublin on Friday. The Dublin police "
            "chief said the man was taken to the county jail in Georgia.")
    dublin = next(m for m in geoparse(text).mentions if m.text == "Dublin")
    assert dublin.place.country == "US"
    alone = next(m for m in geoparse("He flew to Dublin last week.").mentions)
    assert alone.place.country == "IE"


def test_one_sense_per_name(gazetteer) -> None:
    res = geoparse("Alexandria police said. Later in Alexandria, Virginia, officers met.")
    ids = {m.place.id for m in res.mentions if m.text == "Alexandria"}
    assert len(ids) == 1


def test_alternatives_and_scores(gazetteer) -> None:
    m = geoparse("They met in Springfield.").mentions[0]
    assert m.alternatives and all(a.id != m.place.id for a in m.alternatives)
    assert 0 < m.score < 1


def test_demonyms_are_evidence_not_mentions(gazetteer) -> None:
    res = geoparse("Israeli forces and Palestinian militants clashed.")
    assert res.mentions == ()
    assert {e.country for e in res.evidence} == {"IL", "PS"}


def test_headline_title_case(gazetteer) -> None:
    res = geoparse("Israeli Missiles Against Palestinian Rockets In The Night Of Gaza\n\nText.")
    assert [m.text for m in res.mentions] == ["Gaza"]


def test_empty_and_placeless_text(gazetteer) -> None:
    assert geoparse("").mentions == ()
    assert geoparse("nothing to see here, 42!").mentions == ()


def test_bad_input_types(gazetteer) -> None:
    with pytest.raises(geoevents.InputError, match="expected the article text as str"):
        geoparse(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(geoevents.InputError, match="published"):
        geoparse("x", published=3.5)  # type: ignore[arg-type]


def test_resolve_spans(gazetteer) -> None:
    text = "Clashes in Lod and in Jenin; a Russian envoy visited Xqzwv."
    spans = [(11, 14), (22, 27), (31, 38), (53, 58)]
    places = resolve_spans(text, spans)
    # a name the gazetteer lacks is where the text puts it: the town named before it
    assert [p.name if p else None for p in places][1:] == [places[1].name, "Russia",
                                                            places[1].name]
    assert [p.country for p in places] == ["IL", "PS", "RU", "PS"]
    # with no place named at all, there is nothing to go on
    assert resolve_spans("The envoy visited Xqzwv.", [(18, 23)]) == [None]
    with pytest.raises(geoevents.InputError, match="outside the text"):
        resolve_spans(text, [(0, 999)])


@pytest.mark.parametrize(("text", "name", "place", "country"), [
    ("He studied at the University of Hong Kong for a year.", "University of Hong Kong",
     "Hong Kong", "HK"),
    ("Shelling closed Donetsk airport again.", "Donetsk airport", "Donetsk", "UA"),
    ("Wildfires spread across Northern California on Sunday.", "Northern California",
     "California", "US"),
])
def test_resolve_spans_uses_the_place_named_inside(gazetteer, text: str, name: str,
                                                   place: str, country: str) -> None:
    start = text.index(name)
    (got,) = resolve_spans(text, [(start, start + len(name))])
    assert got is not None and got.name == place and got.country == country


def test_resolve_spans_places_an_unknown_name_in_the_town_named_right_after_it(
        gazetteer) -> None:
    text = "The Pala Mesa Resort in Fallbrook, California hosted the meeting."
    (got,) = resolve_spans(text, [(4, 20)])
    assert got is not None and got.name == "Fallbrook"


@pytest.mark.parametrize("text,place", [
    ("Officials in Gaza said five people died.", "Gaza"),
    ("Shop owners in Rafah said an air strike killed three people.", "Rafah"),
    ("Residents of Rafah said the strike hit a house.", "Rafah"),
])
def test_place_before_a_verb_of_saying_after_a_preposition(gazetteer, text: str,
                                                            place: str) -> None:
    # "Taylor said" makes Taylor a person, but "in Gaza said" keeps Gaza a place
    assert place in [m.text for m in geoparse(text).mentions]


def test_lone_name_before_said_is_still_a_person(gazetteer) -> None:
    assert geoparse("Taylor said the plan would work.").mentions == ()


@pytest.mark.parametrize("text,name,admin1", [
    ("He was taken to St. Cloud on Monday.", "St. Cloud", "Minnesota"),
    ("He lives in Mt. Vernon, Ohio.", "Mt. Vernon", "Ohio"),  # listed as "Mount Vernon"
    ("Ms. Underwood, 34, of Arlington, Texas, died Tuesday.", "Arlington", "Texas"),
])
def test_abbreviations_that_start_names(gazetteer, text: str, name: str, admin1: str) -> None:
    got = {m.text: m.place.admin1 for m in geoparse(text).mentions if m.place}
    assert got.get(name) == admin1, got


@pytest.mark.parametrize("text,not_a_place", [
    ("Ms. Underwood, 34, died Tuesday.", "Ms"),
    ("Shares hit a low of $0.01 on Nov. 12 and a high on Dec 3.", "Nov"),
    ("Shares hit a low of $0.01 on Nov. 12 and a high on Dec 3.", "Dec"),
    ("'We got stronger,' says coach Ripley.", "Ripley"),
    ("The Marburg virus spread in Uganda.", "Marburg"),
    ("Lassa fever cases rose in Nigeria.", "Lassa"),
])
def test_titles_and_month_abbreviations_are_not_places(gazetteer, text: str,
                                                       not_a_place: str) -> None:
    assert not_a_place not in [m.text for m in geoparse(text).mentions]


def test_currency_prefix_is_not_a_place(gazetteer) -> None:
    assert "US" not in [m.text for m in geoparse("a US$460 million settlement in Libya").mentions]


def test_lowercase_state_is_not_part_of_the_name(gazetteer) -> None:
    text = "A cow from a Washington state farm tested positive."
    [m] = [m for m in geoparse(text).mentions if m.place]
    assert (m.text, m.place.kind) == ("Washington", "admin1")


@pytest.mark.parametrize("text,place", [
    # a function word that is also a gazetteer name does not swallow the place after it
    ("The bill passed. In Georgia, a coalition of agencies met.", "Georgia"),
    # an ordinary word or an adjective compound before a known place is not a given name,
    # so the place is not taken for a surname everywhere else in the text
    ("Connect Ireland pays people. Jobs moved to Ireland.", "Ireland"),
    ("It fought Soviet-backed Angola. Troops from Angola crossed.", "Angola"),
    # "<Head> of <place>" that names the country, not an organisation
    ("The King of Saudi Arabia took over the hotel.", "Saudi Arabia"),
    ("Beijing is the capital of the People's Republic of China.", "People's Republic of China"),
    # "-based", "-area": the name before the suffix
    ("The ads were made by a Philadelphia-based firm.", "Philadelphia"),
    ("He said 41 percent of Atlanta-area calls are for food.", "Atlanta"),
    # local institutions: the town's high school, fiscal court
    ("The forum was held at Springfield High School.", "Springfield"),
    # a public body named for its jurisdiction
    ("The head of the Texas Alcoholic Beverage Commission ruled on Monday.", "Texas"),
    ("The grant came from the Kentucky Workforce Development Cabinet.", "Kentucky"),
    # the jurisdiction of an office held by a named person
    ("The figures came from Texas Comptroller Susan Combs on Friday.", "Texas"),
    ("Florida Attorney General Bill McCollum appears in the ads.", "Florida"),
    ("The bus carried former U.S. Sen. Bob Dole around Ohio.", "U.S."),
    # a legislator's party and state; AP state abbreviations in one piece
    ("The bill came from Rep. Ron Paul, R-Texas, on Monday.", "Texas"),
    ("Rep. Nick Rahall, D-W.Va., chairs the committee.", "W.Va."),
])
def test_places_inside_compounds_and_local_institutions(gazetteer, text: str,
                                                        place: str) -> None:
    assert place in [m.text for m in geoparse(text).mentions if m.place is not None]


def test_numbered_roads_are_street_features(gazetteer) -> None:
    text = ("Crews closed W.Va. 61 in East Bank, Interstate 64 West and Highway 19. "
            "On Nov. 12 turnout was 52 percent, and KY 52 reopened from I-70 to US-24.")
    roads = [m.text for m in geoparse(text).mentions if "street" in m.reason]
    assert roads == ["W.Va. 61", "Interstate 64 West", "Highway 19", "KY 52", "I-70", "US-24"]


def test_west_virginia_abbreviation_is_not_virginia(gazetteer) -> None:
    [m] = geoparse("CHARLESTON, W.Va. -- All lanes of the road reopened.").mentions[1:]
    assert (m.text, m.place and m.place.name) == ("W.Va.", "West Virginia")


def test_surname_after_a_given_name_that_is_a_small_place(gazetteer) -> None:
    # Craig, Colorado does not make "Craig Kaser" a place: "Kaser" alone is the man
    text = "Craig Kaser opened the mall in Cleveland. Analysts worked with Kaser on it."
    assert [m.text for m in geoparse(text).mentions if m.place] == ["Cleveland"]


def test_two_places_joined_by_a_hyphen_are_not_a_person(gazetteer) -> None:
    text = "The river will crest in Fargo-Moorhead. Volunteers met in Moorhead on Monday."
    assert "Moorhead" in [m.text for m in geoparse(text).mentions if m.place]


@pytest.mark.parametrize("text", [
    "A columnist for the New York Times Magazine wrote it.",
    "Victoria Principal starred in the series.",
    "According to Xinhua News Agency, two people died.",
])
def test_a_name_that_only_ends_like_a_public_body_is_not_one(gazetteer, text: str) -> None:
    assert not [m.text for m in geoparse(text).mentions if m.place is not None]


def test_city_government_gives_the_town(gazetteer) -> None:
    text = "Members of the Dublin City Council met in Dublin, Ohio, on Monday."
    names = [m.text for m in geoparse(text).mentions]
    assert names[0] == "Dublin" and "Dublin City" not in names


@pytest.mark.parametrize("text,span,feature", [
    ("The fire at 6016 Darby Street in Alexandria, Louisiana, spread.", "Darby Street",
     "street"),
    ("Slides closed Orchard St. in Alexandria, Louisiana.", "Orchard St.", "street"),
    ("Crews searched the Attoyac River near Palestine, Texas.", "Attoyac River", "river"),
    ("Teams came to Lake Nokomis in Minneapolis for hockey.", "Lake Nokomis", "river"),
])
def test_features_the_gazetteer_lacks_are_mentions(gazetteer, text: str, span: str,
                                                   feature: str) -> None:
    [m] = [m for m in geoparse(text).mentions if m.text == span]
    assert feature in m.reason


def test_street_is_placed_at_its_town_approximately(gazetteer) -> None:
    text = "A car hit a pole on Collins Avenue in Sunny Isles Beach, Florida, on Monday."
    [m] = [m for m in geoparse(text).mentions if m.text == "Collins Avenue"]
    assert m.place is not None and m.place.name == "Sunny Isles Beach"
    assert m.relative is not None and m.relative.relation == "near"
    assert m.reason.startswith("approximate") and m.match == "context"


def test_street_named_after_a_place_is_not_that_place(gazetteer) -> None:
    text = "Deputies found the car on Dublin Road in Alexandria, Louisiana."
    mentions = geoparse(text).mentions
    assert "Dublin" not in [m.text for m in mentions]
    [m] = [m for m in mentions if m.text == "Dublin Road"]
    assert m.place is None or m.place.name == "Alexandria"


def test_park_named_after_a_county_is_placed_in_it(gazetteer) -> None:
    text = "Brown County State Park hosts a yoga weekend near Nashville, Indiana."
    [m] = [m for m in geoparse(text).mentions if m.text == "Brown County State Park"]
    assert m.place is not None and m.place.kind == "admin2" and m.place.admin1 == "Indiana"


def test_feature_rules_leave_other_names_alone(gazetteer) -> None:
    # no proper name before the feature word, a title, a possessive
    mentions = [m.text for m in geoparse(
        "The County Road was closed. Dr. Smith toured San Francisco's Baker Beach.").mentions]
    assert "County Road" not in mentions and "San Francisco's Baker Beach" not in mentions
    assert "Baker Beach" in mentions


def test_resolve_spans_places_a_given_street_at_its_town(gazetteer) -> None:
    text = "A car hit a pole on Collins Avenue in Sunny Isles Beach, Florida."
    start = text.index("Collins Avenue")
    [place] = resolve_spans(text, [(start, start + len("Collins Avenue"))])
    assert place is not None and place.name == "Sunny Isles Beach"
    # with no town in the text it stays unresolved
    assert resolve_spans("Collins Avenue was closed.", [(0, 14)]) == [None]


@pytest.mark.parametrize("text,name", [
    ("Since Obama took office, hopes for better times spread.", "Obama"),
    ("A caller reported that Wilson was intoxicated.", "Wilson"),
    ("He ran down the aisle saying: I love Jesus!", "Jesus"),
])
def test_frequent_personal_names_of_small_places_are_people(gazetteer, text: str,
                                                            name: str) -> None:
    assert name not in [m.text for m in geoparse(text).mentions]


def test_a_preposition_still_makes_the_small_place_a_place(gazetteer) -> None:
    # the same rule leaves "in Obama" alone: the preposition says it is a place
    assert "Obama" in [m.text for m in geoparse("The festival was held in Obama, Japan.").mentions]


def test_a_disease_named_after_a_place_is_the_disease_throughout(gazetteer) -> None:
    text = "The Ebola virus spread in Guinea. Three more died of Ebola. Rift Valley fever too."
    names = [m.text for m in geoparse(text).mentions]
    assert "Guinea" in names and "Ebola" not in names and "Rift Valley" not in names


def test_title_case_headline_glued_to_the_story(gazetteer) -> None:
    # the surname and organisation rules do not apply to a headline's capitalised words
    text = ("US Military Official Visits Georgia. Gen. Cartwright, the second highest ranking "
            "officer, arrived on Monday.")
    assert "Georgia" in [m.text for m in geoparse(text).mentions]


def test_place_after_a_preposition_may_be_ordinary_words(gazetteer) -> None:
    text = "Officials don't know how long the road will be closed in East Bank, W.Va."
    assert "East Bank" in [m.text for m in geoparse(text).mentions]


@pytest.mark.parametrize("text,span,name", [
    ("see the proof in #GazaUnderAttack", "Gaza", "Gaza"),
    ("protests tonight #ferguson", "ferguson", "Ferguson"),
    ("snow again #NewYork", "NewYork", "New York"),
    ("sent to #Moscow Now they say they do not know", "Moscow", "Moscow"),
])
def test_places_in_hashtags(gazetteer, text: str, span: str, name: str) -> None:
    got = {m.text: m.place.name for m in geoparse(text).mentions if m.place}
    assert got.get(span) == name, got


def test_hashtags_of_ordinary_words_are_not_places(gazetteer) -> None:
    assert geoparse("#police #sunset #airport #Christmas #protest").mentions == ()


def test_country_after_a_brand_or_an_adjective_is_not_a_surname(gazetteer) -> None:
    res = geoparse("Wego Indonesia sponsors the show. Sales in Indonesia doubled. Shiite Iran "
                   "protested. Iran said it would respond.")
    names = [m.text for m in res.mentions if m.place is not None]
    assert names.count("Indonesia") == 1 and names.count("Iran") == 1, names


def test_surname_in_capitals_is_still_a_person(gazetteer) -> None:
    res = geoparse("JOE FENTON (member of the crew): We built it.\n\nFENTON: It burned.")
    assert not any(m.text.lower() == "fenton" for m in res.mentions), res.mentions


def test_adjective_is_not_a_typo_of_its_place(gazetteer) -> None:
    res = geoparse("The regional government said Bavarian farmers were paid.")
    assert not any(m.text == "Bavarian" for m in res.mentions), res.mentions


def test_name_written_with_an_article(gazetteer) -> None:
    res = geoparse("Rains hit the Guatemalan departments of El Peten and Izabal.")
    m = next(m for m in res.mentions if "Peten" in m.text)
    assert m.text == "El Peten" and m.place is not None and m.place.country == "GT"


def test_city_after_neighbourhoods_of_qualifies_each_name(gazetteer) -> None:
    from geoevents._resolution import _contains

    gaza = gazetteer.lookup("Gaza City")[0].place
    shujaiyya = gazetteer.lookup("Shejaiya")[0].place
    assert _contains(gaza, shujaiyya)
    assert not _contains(gazetteer.lookup("Cairo")[0].place, shujaiyya)
    res = geoparse("Strikes hit the Shejaiya and Tal al-Hawa neighbourhoods of Gaza City.")
    assert {m.text: m.place.country for m in res.mentions if m.place} == {
        "Shejaiya": "PS", "Tal al-Hawa": "PS", "Gaza City": "PS"}


def test_county_of_the_story_country(gazetteer) -> None:
    res = geoparse("Bird flu was found on a turkey farm in Suffolk, England, officials said.")
    m = next(m for m in res.mentions if m.text == "Suffolk")
    assert m.place is not None and m.place.country == "GB"


@pytest.mark.parametrize(("text", "span", "name"), [
    ("Sweden became the ninth country in the EU to confirm the virus.", "EU", "European Union"),
    ("Horses in regional NSW showed symptoms.", "NSW", "New South Wales"),
])
def test_union_and_state_abbreviations(gazetteer, text: str, span: str, name: str) -> None:
    m = next(m for m in geoparse(text).mentions if m.text == span)
    assert m.place is not None and m.place.name == name


@pytest.mark.parametrize(("text", "names"), [
    ("Rethinking the Egypt-US relationship after the summit.", {"Egypt", "US"}),
    ("Airlines postponed the Washington-Moscow route last year.", {"Washington", "Moscow"}),
    ("Flights to Winston-Salem resumed.", {"Winston-Salem"}),
])
def test_hyphenated_pair_of_places(gazetteer, text: str, names: set[str]) -> None:
    assert {m.text for m in geoparse(text).mentions} == names


def test_brand_of_two_village_names_is_not_a_place(gazetteer) -> None:
    res = geoparse("He drove a Mercedes-Benz to the meeting.")
    assert not res.mentions, res.mentions


def test_lowercase_as_does_not_join_a_person_to_a_place(gazetteer) -> None:
    res = geoparse("The council appointed Terry Foegler as Dublin's city manager in Ohio.")
    assert "Dublin" in {m.text for m in res.mentions}


@pytest.mark.parametrize(("text", "name"), [
    ("City of Oxford residents can recycle yard waste.", "Oxford"),
    ("The City of Paris supports the new tree project.", "Paris"),
    ("The Boulder City Council will consider the plan.", "Boulder City"),
])
def test_city_of_and_city_names(gazetteer, text: str, name: str) -> None:
    assert name in {m.text for m in geoparse(text).mentions}


@pytest.mark.parametrize("text", [
    "The city was prepared for a crest of 38 feet.",
    "The White House said the talks would go on.",
    "He works at NASA's Jet Propulsion Laboratory.",
])
def test_generic_city_and_house_are_not_places(gazetteer, text: str) -> None:
    assert not geoparse(text).mentions, geoparse(text).mentions


def test_council_of_a_city_named_x_city(gazetteer) -> None:
    m = next(m for m in geoparse("The Oklahoma City Council met on Tuesday.").mentions)
    assert m.text == "Oklahoma City" and m.place is not None and m.place.kind == "city"
    m = next(m for m in geoparse("The Dublin City Council met on Tuesday.").mentions)
    assert m.text == "Dublin"


def test_us_news_cues(gazetteer) -> None:
    from geoevents._ranker import us_cues

    assert us_cues("Warden, 44, of 2517 Memphis St., was charged at 9 p.m.") > 1.0
    assert us_cues("Students from several elementary schools took part.") > 0.0
    assert us_cues("Talks in London resumed on Monday at 9am.") == 0.0


@pytest.mark.parametrize(("text", "span", "name"), [
    ("A 5.8 earthquake was felt in DC today.", "DC", "District of Columbia"),
    ("Flights to NY were cancelled.", "NY", "New York"),
    ("Rents in the Bay Area rose again.", "Bay Area", "San Francisco Bay Area"),
])
def test_us_abbreviations_and_regions(gazetteer, text: str, span: str, name: str) -> None:
    m = next(m for m in geoparse(text).mentions if m.text == span)
    assert m.place is not None and m.place.name == name


def test_resolve_spans_distrusts_a_far_spelling_variant(gazetteer) -> None:
    # "Rügen" matches only a spelling variant of a town in Iran; the text is about Germany
    text = "Bird flu was found in wild swans on Rügen, off the coast of Germany near Stralsund."
    start = text.index("Rügen")
    (got,) = resolve_spans(text, [(start, start + 5)])
    assert got is not None and got.country == "DE"
    # with nothing else named, the variant is kept rather than nothing
    (alone,) = resolve_spans("Swans died on Rügen.", [(14, 19)])
    assert alone is not None


def test_resolve_spans_reads_a_lower_case_state_after_the_name(gazetteer) -> None:
    text = "A cow from a Washington state farm tested positive."
    first = text.index("Washington")
    got = resolve_spans(text, [(first, first + 10)])[0]
    assert got is not None and got.kind == "admin1" and got.country == "US"
    # without "state" the name is left to the resolver
    alone = resolve_spans("Talks resumed in Washington.", [(17, 27)])[0]
    assert alone is not None and alone.kind == "city"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Clashes between Sinhalese and Tamil groups were reported.", "Sinhalese", "LK"),
    ("A Russian envoy arrived.", "Russian", "RU"),
])
def test_resolve_spans_gives_a_demonym_its_country(gazetteer, text: str, name: str,
                                                   country: str) -> None:
    start = text.index(name)
    (got,) = resolve_spans(text, [(start, start + len(name))])
    assert got is not None and got.kind == "country" and got.country == country


@pytest.mark.parametrize(("text", "span"), [
    ("Grand Prairie police are investigating the death of a teenager.", "Grand Prairie"),
    ("A bagpiper will lead the parade down Rock Hill's Main Street.", "Rock Hill"),
])
def test_large_city_named_with_ordinary_words(gazetteer, text: str, span: str) -> None:
    m = next(m for m in geoparse(text).mentions if m.text == span)
    assert m.place is not None and m.place.country == "US"


def test_ordinary_words_city_rule_leaves_parts_of_cities(gazetteer) -> None:
    # "North Shore" (a district of Auckland) and "The Woodlands" (Texas) as names of a part
    # of any city or of a care home are not taken without a place context
    text = "The Woodlands serves 5,000 people. Developer granted delay for North Shore projects."
    assert not {m.text for m in geoparse(text).mentions}


@pytest.mark.parametrize(("text", "span"), [
    ("The 2009 Walker County Fair Queen will be crowned on Friday.", "Walker County"),
    ("A volunteer from the Licking County Genealogy Society helped them.", "Licking County"),
    ("The Florida Association of Realtors announced Monday that sales fell.", "Florida"),
])
def test_local_institution_named_for_its_place(gazetteer, text: str, span: str) -> None:
    assert span in {m.text for m in geoparse(text).mentions}


def test_head_of_an_of_phrase_before_a_centre_is_not_a_place(gazetteer) -> None:
    text = "They were treated at the University of Kentucky Medical Center on Monday."
    assert "University" not in {m.text for m in geoparse(text).mentions}


def test_names_listed_before_counties_are_counties(gazetteer) -> None:
    text = ("Flooding closed roads in Becker, Clay, Douglas, Grant, Mahnomen, Otter Tail, Swift "
            "and Wilkin counties in Minnesota.")
    got = {m.text: m.place for m in geoparse(text).mentions}
    for name in ("Becker", "Clay", "Douglas", "Grant", "Otter Tail", "Swift", "Wilkin"):
        place = got[name]
        assert place is not None and place.kind == "admin2", name
        assert place.name == f"{name} County" and place.admin1 == "Minnesota", place
    # one name is not a list, and a list needs the unit word
    assert {m.text for m in geoparse("Jackson counties on it.").mentions} <= {"Jackson"}
    assert "Swift" not in {m.text for m in geoparse("Becker, Clay and Swift said so.").mentions}


def test_dateline_after_the_headline(gazetteer) -> None:
    text = ("Region 1 board approves budget. FALLS VILLAGE — The Region 1 Board of Education "
            "moved quickly at its Monday meeting.")
    m = next(m for m in geoparse(text).mentions if m.text == "FALLS VILLAGE")
    assert m.role == "dateline" and m.place is not None and m.place.admin1 == "Connecticut"
    text = "Pope visits Brazil.  SAO PAOLO, Brazil — When Pope Francis came"
    m = next(m for m in geoparse(text).mentions if m.text == "SAO PAOLO")
    assert m.role == "dateline" and m.place is not None and m.place.country == "BR"
    # a band name in capitals at the top is no dateline place
    assert not geoparse("FAR EAST MENTION MANNEQUINS – We Flood The Night").mentions


def test_ambiguous_dateline_gives_no_country(gazetteer) -> None:
    from geoevents._recognition import recognize
    from geoevents._resolution import _dateline_countries

    text = "Council to vote today. MANSFIELD — The council approved the package."
    spans = recognize(text, gazetteer).spans
    assert [sp.role for sp in spans if sp.text == "MANSFIELD"] == ["dateline"]
    assert _dateline_countries(spans) == []
    spans = recognize("KABUL — A senior advocate spoke.", gazetteer).spans
    assert _dateline_countries(spans) == ["AF"]


def test_a_name_of_ordinary_words_is_one_place_through_the_text(gazetteer) -> None:
    text = ("A road will be closed in East Bank because of a mudslide. But East Bank Mayor "
            "Chuck Blair said that he expects it to reopen.")
    assert [m.text for m in geoparse(text).mentions].count("East Bank") == 2
    # without the first, place-saying, mention the second is not taken
    assert "East Bank" not in {m.text for m in geoparse(text.split(". ")[1]).mentions}


def test_state_inside_an_organisation_is_context_not_a_mention(gazetteer) -> None:
    from geoevents._recognition import recognize

    text = "Agents of the Georgia Bureau of Investigation raided a home in Albany on Wednesday."
    rec = recognize(text, gazetteer)
    assert [sp.text for sp in rec.context] == ["Georgia"]
    assert [m.text for m in geoparse(text).mentions] == ["Albany"]
    # people's names that are also provinces somewhere are not context
    rec = recognize("Paul Smith and Mary Jones of the Mary Baker Fund said so.", gazetteer)
    assert not rec.context


def test_context_names_inform_the_resolver(gazetteer, monkeypatch) -> None:
    from geoevents import _resolution

    text = "Agents of the Georgia Bureau of Investigation raided a home in Albany on Wednesday."
    seen = []
    real = _resolution._resolve_items

    def spy(items, *args, **kwargs):
        seen.extend((it.key, it.context_only) for it in items)
        return real(items, *args, **kwargs)

    monkeypatch.setattr(_resolution, "_resolve_items", spy)
    geoparse(text)
    assert ("georgia", True) in seen and ("albany", False) in seen


def test_lone_word_resolved_to_a_far_village_is_not_a_place(gazetteer) -> None:
    text = ("Police in Dallas said Servance was alone with the baby when it stopped breathing. "
            "Servance gave police two versions of what happened.")
    assert [m.text for m in geoparse(text).mentions] == ["Dallas"]
    # introduced as a place, supported by its country, or in a list of places: kept
    for text in ("The family moved from Dallas to Servance in 2001.",
                 "The family moved from Dallas. Servance, France, is quiet.",
                 "They toured Dallas, Servance and Houston."):
        assert "Servance" in {m.text for m in geoparse(text).mentions}, text


def test_holiday_named_for_a_saint_or_place_is_not_a_place(gazetteer) -> None:
    text = "Safety stressed on St. Patrick's Day. The Columbus Day parade went through Columbus."
    assert [m.text for m in geoparse(text).mentions] == ["Columbus"]


@pytest.mark.parametrize(("text", "name", "role"), [
    ("At least three people died in Gaza.", "Gaza", "mention"),
    ("They struck at least the Gaza port.", "Gaza", "mention"),
    ("Storms hit north-central Ohio on Monday.", "Ohio", "relative"),
    ("A village (central Poland) was flooded.", "Poland", "relative"),
    ("It lies 5 km northwest of Nablus.", "Nablus", "relative"),
])
def test_relative_expressions_end_right_before_the_name(gazetteer, text: str, name: str,
                                                        role: str) -> None:
    # "least" is not "east": a direction word is a whole word
    m = next(m for m in geoparse(text).mentions if m.text == name)
    assert m.role == role


def test_town_and_county_of_one_state_are_read_together(gazetteer, monkeypatch) -> None:
    from geoevents import _resolution

    text = "An Alexandria man was hurt in a crash. He was taken to the Douglas County Hospital."
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["Alexandria"].admin1 == got["Douglas County"].admin1 == "Minnesota"
    # the pairing decides it: without it the two names go their own ways
    monkeypatch.setattr(_resolution, "_pair_towns_and_counties", lambda items: None)
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["Alexandria"].admin1 != got["Douglas County"].admin1


def test_relatives_names_are_people_all_through_the_text(gazetteer) -> None:
    text = ("The couple lost their first child, Hailey, in May 2006. Team Hailey walked in "
            "Boise. His wife, Caroline, and his son Adrian came too.")
    assert [m.text for m in geoparse(text).mentions] == ["Boise"]
    # a well-known place after a relative's word is still the place
    assert "Jordan" in {m.text for m in geoparse("His son moved to Jordan.").mentions}
    assert "Texas" in {m.text for m in geoparse("Her son, Texas born, moved.").mentions}


@pytest.mark.parametrize("text", [
    "MANASSAS -- A Woodbridge man was charged.",
    "Suspect charged. MANASSAS — A Woodbridge man was charged.",
])
def test_story_after_a_dateline_starts_a_sentence(gazetteer, text: str) -> None:
    # "A Woodbridge" after the dateline's dash is an article and a town, not "A. Woodbridge"
    got = {m.text: m for m in geoparse(text).mentions}
    assert got["MANASSAS"].role == "dateline"
    assert got["Woodbridge"].place is not None and got["Woodbridge"].place.admin1 == "Virginia"


def test_lower_case_designator_is_not_part_of_the_name(gazetteer) -> None:
    text = "Cases were reported in Masvingo province and in Kermanshah province."
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert set(got) == {"Masvingo", "Kermanshah"}
    assert got["Masvingo"].kind == "admin1" and got["Masvingo"].country == "ZW"
    text = "A case was found in the Eastern province of Prince Edward Island."
    assert [m.text for m in geoparse(text).mentions] == ["Prince Edward Island"]


def test_virus_named_for_a_town_and_the_town_with_its_state(gazetteer) -> None:
    text = ("Pigs were infected with Reston ebolavirus. It was first found in monkeys flown to "
            "Reston, Virginia. The Ebola-Reston strain is mild.")
    got = [(m.text, m.start) for m in geoparse(text).mentions]
    town = text.index("Reston, Virginia")
    assert ("Reston", town) in got
    assert [g for g in got if g[0] == "Reston"] == [("Reston", town)]
    # a person's name before a possessive state is still the person
    text = "Heiko Maas met them. Maas, Germany's minister, spoke."
    assert "Maas" not in {m.text for m in geoparse(text).mentions}


def test_world_regions_of_ordinary_words_and_place_abbreviations(gazetteer) -> None:
    text = ("It served in the Far East, the Middle East and Italy. Carter knows the Middle East "
            "well. Students came from NYC to march.")
    got = [(m.text, m.place.kind if m.place else None) for m in geoparse(text).mentions]
    assert got == [("Far East", "region"), ("Middle East", "region"), ("Italy", "country"),
                   ("Middle East", "region"), ("NYC", "city")]
    # ordinary words that are no region stay words; the EU is left to its organisation reading
    assert not geoparse("The far east wing and the middle room were closed.").mentions
    assert not geoparse("Ministers said EU rules apply.").mentions


def test_state_abbreviation_after_a_place(gazetteer) -> None:
    # "La.", "Pa.", "Ind." are also common words: after "Place, " and with their period they
    # are states, and they qualify the place before them
    text = "Sean Clouthier, 22, of Monroe, La., was stopped. A man of Erie, Pa., was hurt."
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["La."].name == "Louisiana" and got["Pa."].name == "Pennsylvania"
    assert got["Monroe"].kind == "city" and got["Monroe"].admin1 == "Louisiana"
    assert got["Erie"].admin1 == "Pennsylvania"
    # without the place before it, or without the period, it is no state
    assert not geoparse("La vie est belle, la la.").mentions


def test_neighbouring_towns_joined_by_a_hyphen_are_two_names(gazetteer) -> None:
    got = {m.text: m.place for m in
           geoparse("The river will crest in Fargo-Moorhead on Friday.").mentions}
    assert got["Fargo"].admin1 == "North Dakota" and got["Moorhead"].admin1 == "Minnesota"
    # a brand of two place names far apart stays one unknown name
    assert not geoparse("Mercedes-Benz sales rose.").mentions


@pytest.mark.parametrize("text", [
    "Their red 1991 Honda broke down near the station.",
    "An officer tried to stop a 2001 Cadillac near the intersection.",
    "Representatives from McPherson & Jacobsen LLC met the board.",
    "The tour operator Hayes & Jarvis said so.",
])
def test_vehicles_and_firms_are_not_places(gazetteer, text: str) -> None:
    assert not geoparse(text).mentions


def test_places_beside_a_year_or_an_ampersand_stay_places(gazetteer) -> None:
    names = {m.text for m in geoparse(
        "The 2011 Brisbane floods were forgotten. Shankar played Monterey (1967), Woodstock "
        "(1969) and more. They toured Trinidad & Tobago. They fled for the first time since "
        "the 2014 Gaza conflict.").mentions}
    assert {"Brisbane", "Woodstock", "Trinidad", "Tobago", "Gaza"} <= names


@pytest.mark.parametrize("text, name", [
    ("A swan was found in the village of Cellardyke in Fife, Scotland.", "Cellardyke"),
    ("The bomb went off in the town of Akuressa, in Matara district.", "Akuressa"),
    ("The plane left on Friday. Dennis Lopez of Thackerville, Okla. came to see it off.",
     "Thackerville"),
    ("The murder of a Tennessee Colony man is unsolved.", "Tennessee Colony"),
    ("Bees stung him in the Silverado Ranch area on Sunday.", "Silverado Ranch"),
])
def test_names_the_gazetteer_lacks_in_a_place_context(gazetteer, text: str, name: str) -> None:
    # reported, unresolved, with the reason
    m = next(m for m in geoparse(text).mentions if m.text == name)
    assert m.place is None and "gazetteer" in m.reason


@pytest.mark.parametrize("text", [
    "The Snedeker family moved in. An HIV-positive man was sentenced.",
    "A Google man said it. The Republican man left. A Muslim woman came.",
    "She met the Obama family. The Smith home burned.",
    "A Home Depot man spoke. The Fire Department home burned.",
])
def test_no_unknown_place_from_people_words_and_firms(gazetteer, text: str) -> None:
    assert all(m.place is not None for m in geoparse(text).mentions)


def test_canadian_province_abbreviations(gazetteer) -> None:
    got = {m.text: m.place for m in geoparse("He lives in Surrey, B.C., and works in Moncton, "
                                             "N.B., near the sea.").mentions}
    assert got["B.C."].name == "British Columbia" and got["N.B."].name == "New Brunswick"
    assert got["Surrey"].country == got["Moncton"].country == "CA"
    # an abbreviation is no part of a hashtag's words ("#HopeIDontGetMalaria")
    assert not geoparse("A guy who lost his pills #HopeIDontGetMalaria").mentions


@pytest.mark.parametrize("text, name", [
    ("Lambe and Evans appeared at Feltham Magistrates' Court on Monday.", "Feltham"),
    ("The audit was referred to the Kentucky Attorney General's Office on Monday.", "Kentucky"),
    ("Boats moor at the large Hammond Marina, near the lake.", "Hammond"),
    ("The men escaped from the Branchville Correctional Facility in March.", "Branchville"),
    ("Reminder: Ferguson PD brought dogs to the vigil.", "Ferguson"),
])
def test_local_offices_and_facilities_keep_their_town(gazetteer, text: str, name: str) -> None:
    assert name in {m.text for m in geoparse(text).mentions}


def test_facilities_named_for_people_are_not_places(gazetteer) -> None:
    text = ("They met at Charles Beatley Library on Monday. She was treated at the Royal "
            "Alexandra Hospital in Paisley.")
    assert {m.text for m in geoparse(text).mentions} == {"Paisley"}


def test_direction_of_introduces_a_place(gazetteer) -> None:
    # "Alliance" and "Pelican Rapids" are ordinary words, but "southeast of" says a place follows
    text = ("The jail is about 186 miles southeast of Alliance. Highway 108 is closed east of "
            "Pelican Rapids.")
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["Alliance"] is not None and got["Alliance"].country == "US"
    assert got["Pelican Rapids"] is not None and got["Pelican Rapids"].admin1 == "Minnesota"
    # a capitalised direction is a name of its own: "the West of" is no relative expression
    assert "Alliance" not in {m.text for m in geoparse("The West of Alliance is a band.").mentions}


def test_world_region_names_are_not_small_towns(gazetteer) -> None:
    # Middle East, Maryland, and Asia, Batangas, are towns; in a text on Texas the region is meant
    text = ("Pilots from Gainesville, Texas, flew in Texas, Oklahoma and Florida, and served in "
            "the Middle East and in Asia.")
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["Middle East"].kind == got["Asia"].kind == "region"
    assert [c.place.kind for c in gazetteer.match_keys(["middle east"])] == ["region"]


def test_state_named_like_a_country_and_its_towns(gazetteer, monkeypatch) -> None:
    from geoevents import _resolution

    text = ("An Albany man was taken into custody. An Albany police SWAT team and Georgia Bureau "
            "of Investigation agents raided his home.")
    got = [m.place for m in geoparse(text).mentions]
    assert [(p.name, p.admin1) for p in got] == [("Albany", "Georgia")] * 2
    # the pairing decides it
    monkeypatch.setattr(_resolution, "_pair_towns_and_states", lambda items: None)
    assert {m.place.admin1 for m in geoparse(text).mentions} != {"Georgia"}
    monkeypatch.undo()
    # a text on the country keeps the country
    text = "Tbilisi and Batumi are in Georgia, far from Albany."
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["Georgia"].kind == "country"


def test_postal_codes_and_city_short_forms(gazetteer) -> None:
    text = ("Flu cases in WI top 3,000. It hit SF hard. Ringgold, GA is near. Protests in HK "
            "grew. He lives in Baltimore, MD, and in Erie, PA.")
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["WI"].name == "Wisconsin" and got["GA"].name == "Georgia"
    assert got["MD"].name == "Maryland" and got["PA"].name == "Pennsylvania"
    assert got["SF"].name == "San Francisco" and got["HK"].name == "Hong Kong"
    assert got["Ringgold"].admin1 == "Georgia"
    # codes that are words, or degrees after a person's name, are not states
    text = "Log in OR sign up. A plane carrying Rick Sacra, MD, landed. Is it OK in ME?"
    assert not geoparse(text).mentions


def test_opening_hours_news_agencies_and_speakers_are_not_places(gazetteer) -> None:
    text = ('Open 10am-3pm Mon, Thu and Sat. Xinhua reported it. "We are ready," said Gillis. '
            "She studied at Peking University and taught at Sandy Hook Elementary School.")
    assert not geoparse(text).mentions


@pytest.mark.parametrize("text, name", [
    ("Police said: With Britain facing a crisis, he left.", "Britain"),
    ('He warned: "If Italy cares about its interests, it will act."', "Italy"),
    ("RT @user: In Midrand reports of violence grew.", "Midrand"),
    ("World: Surviving the Haiti Earthquake is hard.", "Haiti"),
    ("The Kenya Wildlife Service said units were hunting.", "Kenya"),
    ("He was ambassador to Egypt Navdeep Suri said.", "Egypt"),
    ("They were hiking through the great Gobi desert in June.", "Gobi"),
    ("You follow the Vltava river south from Prague.", "Vltava"),
])
def test_places_after_a_colon_or_quote_in_runs_and_before_generic_words(
        gazetteer, text: str, name: str) -> None:
    assert name in {m.text for m in geoparse(text).mentions}


@pytest.mark.parametrize("text", [
    "Sales rose, China Daily reported.",
    "A member of the UK Independence Party spoke.",
    "Jordan Dyer scored twice.",
])
def test_country_opening_a_newspaper_party_or_name_is_not_a_place(gazetteer, text: str) -> None:
    assert not geoparse(text).mentions


def test_oceans(gazetteer) -> None:
    text = "Storms reached the Pacific Ocean. Sales in the North Atlantic fell near the Black Sea."
    got = {m.text: m.place for m in geoparse(text).mentions}
    assert got["Pacific Ocean"].name == "Pacific Ocean"
    assert got["North Atlantic"].name == "Atlantic Ocean"
    assert got["Black Sea"].kind == "natural feature"
    # "Atlantic City" is the city, "Atlantic, Iowa" the town
    got = {m.text: m.place for m in geoparse("Casinos in Atlantic City and a plant in "
                                             "Atlantic, Iowa closed.").mentions}
    assert got["Atlantic City"].kind == "city" and got["Atlantic"].admin1 == "Iowa"


@pytest.mark.parametrize(("text", "name", "kind", "country"), [
    ("Cases were reported in Oregon, Tennessee, Utah, Virginia, Washington and Wyoming.",
     "Washington", "admin1", "US"),
    ("Cases occurred in British Columbia, Alberta, Manitoba, Ontario and New Brunswick.",
     "New Brunswick", "admin1", "CA"),
])
def test_a_name_listed_with_states_is_a_state(gazetteer, text: str, name: str, kind: str,
                                              country: str) -> None:
    (m,) = [m for m in geoparse(text).mentions if m.text == name]
    assert (m.place.kind, m.place.country) == (kind, country), m.place
    (p,) = resolve_spans(text, [(m.start, m.end)])
    assert p is not None and (p.kind, p.country) == (kind, country)


def test_a_list_of_mixed_kinds_changes_nothing(gazetteer) -> None:
    text = "They met in Albany, New York, and Boston."  # town, state, town: no one kind
    (m,) = [m for m in geoparse(text).mentions if m.text == "Albany"]
    assert (m.place.kind, m.place.admin1) == ("city", "New York"), m.place


def test_the_city_of_x_is_the_city(gazetteer) -> None:
    text = "Brazil is hardest hit. The city of Sao Paulo reported 327 deaths."
    (m,) = [m for m in geoparse(text).mentions if m.text == "Sao Paulo"]
    assert (m.place.kind, m.place.country) == ("city", "BR"), m.place
    (p,) = resolve_spans(text, [(m.start, m.end)])
    assert p is not None and p.kind == "city"
    # "the capital city of Iraq" does not call Iraq a city
    text = "Baghdad is the capital city of Iraq."
    (m,) = [m for m in geoparse(text).mentions if m.text == "Iraq"]
    assert m.place.kind == "country"


@pytest.mark.parametrize(("text", "name"), [
    # a given name that is also a word, before a well-known place's name
    ("Mayor John Manchester attended the signing. Manchester said it was a good day.",
     "Manchester"),
    # a given name opening a sentence, a suffix after the surname
    ("The court met. Tony Servance Jr., 20, was charged. Servance was alone with the baby.",
     "Servance"),
    # a saint's name as a surname
    ("It is run by Raynola St. Clair of the society. St. Clair wants to spread the word.",
     "St. Clair"),
    # a firm's partner named alone later
    ("The board met McPherson & Jacobsen LLC. The list is based on McPherson's tabulation.",
     "McPherson"),
])
def test_surnames_named_alone_later_are_people(gazetteer, text: str, name: str) -> None:
    assert name not in {m.text for m in geoparse(text).mentions}


def test_a_firm_partner_after_a_preposition_is_still_a_place(gazetteer) -> None:
    text = ("A wall fell on Swanston Street in Carlton, Melbourne. The site was the old "
            "Carlton & United brewery.")
    assert "Carlton" in {m.text for m in geoparse(text).mentions}


def test_a_resident_of_a_place_of_ordinary_words(gazetteer) -> None:
    text = ("A Columbus woman falsely accused a Meadow Grove man. Police in Meadow Grove "
            "closed the case. A White House man and a Home Depot man declined to comment.")
    found = [(m.text, m.place) for m in geoparse(text).mentions]
    assert [t for t, _ in found].count("Meadow Grove") == 2, found
    assert all(p is None for t, p in found if t == "Meadow Grove")  # reported unresolved
    assert not {"White House", "Home Depot"} & {t for t, _ in found}


@pytest.mark.parametrize(("text", "name"), [
    # a name and an age make a person, whatever place shares the surname
    ("Melton Lewis Paris, 51, was found shot. Paris had been shot once in the head.", "Paris"),
    # a relative's name set off by commas
    ("She is accused of murdering her daughter, Brittany, in June. She gave Brittany a "
     "lethal dose.", "Brittany"),
    # a car model, all through the text
    ("A red Dodge Durango pulled up. Shots fired from the Durango struck him.", "Durango"),
    # an abbreviated title and its period
    ("The Rev. Al Meredith spoke on Sunday.", "Al Meredith"),
    # contractions, religious and political words
    ("He’d like to deliver a flag.", "He’d"),
    ("She was a fervent believer in God.", "God"),
    ("The program has strong support in Congress.", "Congress"),
    # directions in lower case
    ("Before Pamela came to live in the north west, nobody had heard of it.", "north west"),
    # a surname after a middle initial
    ("The results came in, according to a release from District Attorney Jerome A. Gorman.",
     "Gorman"),
    # a common name whose only places are small towns' short forms ("Abbas": Fort Abbas)
    ("The talks collapsed. Abbas's aides are not worried.", "Abbas"),
    # a storm's name all through the text
    ("Hurricane Katrina hit the coast. The death toll from Katrina is high.", "Katrina"),
    # a given name before a surname's particle; plural titles; seasons
    ("According to Dennis van Engelsdorp, a bee specialist, hives are empty.", "Dennis"),
    ("Perhaps the two most prominent hawks, Sens. Lindsey Graham and John McCain, spoke.",
     "Sens"),
    ("Cases were reported in the Summer of 2008.", "Summer"),
    # an English word that another language uses for a place ("Rage" is a form of Lage)
    ("Listen to Rage on Gold cover the song.", "Rage"),
])
def test_people_vehicles_and_words_are_not_places(gazetteer, text: str, name: str) -> None:
    assert name not in {m.text for m in geoparse(text).mentions}


@pytest.mark.parametrize(("text", "name", "count"), [
    # a share after a comma is not an age
    ("Rates: Marion, 8.7 percent; Montgomery County, 9.1 percent.", "Montgomery County", 1),
    ("Rates: Marion, 8.7 percent; Montgomery County, 9.1 percent.", "Marion", 1),
    # "of" after a person's name with an initial, or a suffix
    ("Crystal N. Bright of Lexington, both 28, are charged.", "Lexington", 1),
    # where a resident lives, even a word's name; an article after a dash opens a sentence
    ("Police charged an Independence teenager on Monday.", "Independence", 1),
    ("Man killed by car. Goose Creek — A Goose Creek man was hit by a car.", "Goose Creek", 2),
    # a headline's state abbreviation after an adjective; a compass initial's state
    ("Scandal-plagued Ga. pastor to be buried Saturday.", "Ga.", 1),
    ("Rep. Nick Rahall, D-W. Va., chairman of the committee, spoke.", "W. Va.", 1),
    # a car model's name after a preposition is still the place
    ("He lives in Durango and drives a Dodge Durango.", "Durango", 1),
    # the city of a city's public schools
    ("The gap in the Alexandria City Public Schools grew.", "Alexandria", 1),
])
def test_places_beside_shares_people_and_residents(gazetteer, text: str, name: str,
                                                   count: int) -> None:
    found = [m for m in geoparse(text).mentions if m.text == name]
    assert len(found) == count, [(m.text, m.place) for m in geoparse(text).mentions]
    assert all(m.place is not None for m in found)


def test_a_compass_initial_names_its_state(gazetteer) -> None:
    (m,) = [m for m in geoparse("He lives in Charleston, W. Va. now.").mentions
            if m.text == "W. Va."]
    assert m.place is not None and m.place.name == "West Virginia"


@pytest.mark.parametrize(("text", "name"), [
    ("The incident happened in a Silverado Ranch neighborhood near Spencer Street.",
     "Silverado Ranch"),
    ("A new jail planned for the heart of its Midtown district worries officials.", "Midtown"),
    ("It was stolen from her home east of Whitlock on Friday.", "Whitlock"),
])
def test_parts_of_town_and_places_beyond_a_direction(gazetteer, text: str, name: str) -> None:
    assert name in {m.text for m in geoparse(text).mentions}


def test_a_well_known_short_form_stays_a_place(gazetteer) -> None:
    text = "There is so much light, it is a strange version of Vegas now."
    assert "Vegas" in {m.text for m in geoparse(text).mentions}


def test_an_unknown_name_listed_among_places(gazetteer) -> None:
    text = ("Firefighters called in other companies to assist, including Harwinton, Bantam, "
            "Litchfield and Winsted. He thanked Smith, Jones and Brown.")
    found = {m.text: m for m in geoparse(text).mentions}
    assert "Harwinton" in found and found["Harwinton"].place is None  # reported unresolved
    assert not {"Smith", "Jones", "Brown"} & set(found)


def test_token_pattern_equals_one_character_per_repetition_form() -> None:
    # _TOKEN reads a word as runs of \w joined by apostrophes and hyphens; the plain form
    # repeats a group once per character: both must find the same tokens
    import random
    import re

    from geoevents._recognition import _HYPHEN_SUFFIXES, _TOKEN

    plain = re.compile(
        r"(?:[A-Z]\.){2,}|[A-Z]\.[A-Z][a-z]{1,3}\."
        r"|[^\W\d_](?:[\w]|['’](?=\w)|-(?!" + _HYPHEN_SUFFIXES + r"\b|[A-Z]\.)(?=\w))*"
        r"|\d+(?:[.,]\d+)*")
    parts = ["a", "Z", "'", "’", "-", "_", " ", "1", ".", ",", "é", "\u0663", "based", "-led",
             "-Area", "-A.", "born-", "D.C.", "W.Va.", "O'Neil", "Rock Hill-based", "x-ray"]
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 12)))
        assert [m.span() for m in _TOKEN.finditer(text)] == \
            [m.span() for m in plain.finditer(text)], text


def test_one_candidate_scores_equal_the_general_softmax() -> None:
    # _set_scores takes a shortcut for one finite score; the general steps give the same
    from geoevents._resolution import _SUPPORT_TOP, _Item, _set_scores, _softmax

    for score in (-13.7, -1e-300, 0.0, 2.5, 1e308, float("inf"), float("nan")):
        it = _Item("x", [])
        _set_scores(it, [score])
        probs = _softmax([score])
        top = sorted(range(1), key=lambda k: -probs[k])[:_SUPPORT_TOP]
        assert repr((it.scores, it.probs, it.best, it.top)) == repr(([score], probs, 0, top))


@pytest.mark.parametrize(("text", "name"), [
    # a person's name and "of" before the town they live in
    ("The truck was driven by Joseph Welch of Richmond.", "Richmond"),
    ("The winner was John Smith of Nashville.", "Nashville"),
    # a county's road names the county
    ("The crash was near Otter Tail County Road 80 on Friday.", "Otter Tail County"),
    # a headline verb in capitals, and a gerund opening a headline
    ("Mansfield OKs refinancing $10.3 million in debt.", "Mansfield"),
    ("Rethinking Egypt-US relations.", "Egypt"),
    # a preposition opening the sentence, "through", "as far south as"
    ("Meth is a problem. In East Ridge, police found a lab.", "East Ridge"),
    ("The storm reached as far south as Red Wing. Snow fell.", "Red Wing"),
    ("Juvenile fish swam through the Golden Gate to the ocean.", "Golden Gate"),
    # "the 400 block of": a street, whatever its name
    ("The house, in the 400 block of Broadway, sits across the street.", "Broadway"),
])
def test_more_places_in_news_phrasing(gazetteer, text: str, name: str) -> None:
    assert name in {m.text for m in geoparse(text).mentions}


@pytest.mark.parametrize(("text", "name"), [
    ("The crash was near Otter Tail County Road 80 on Friday.", "Otter Tail County Road"),
    ("The Bank of Nashville said on Monday it would close.", "Nashville"),
    # a title in quotation marks, a nickname
    ("In David Burliuk's “Hudson,” a view of the skyline seems to fly apart.", "Hudson"),
    ("U.S. Rep. Harold “Hal” Rogers spoke first.", "Hal"),
    # a saint's school, church or hospital
    ("Twin sisters, students at St. John's Lutheran School in Lombard, won.", "St. John"),
    ("He is in the intensive care unit at St. Rose Dominican Hospital.", "St. Rose"),
    ("In JESUS name we pray", "JESUS"),
])
def test_titles_schools_and_roads_are_not_places(gazetteer, text: str, name: str) -> None:
    assert name not in {m.text for m in geoparse(text).mentions}


def test_a_town_hospital_keeps_its_town(gazetteer) -> None:
    text = "He was transferred to St. Cloud Hospital where he was listed in fair condition."
    assert "St. Cloud" in {m.text for m in geoparse(text).mentions}


def test_a_quoted_country_is_still_the_country(gazetteer) -> None:
    found = {m.text: m for m in geoparse('"Bulgaria," explained our guide.').mentions}
    assert found["Bulgaria"].place is not None


def test_la_is_los_angeles_in_capitals(gazetteer) -> None:
    (m,) = geoparse("A tornado hit LA today.").mentions
    assert m.place is not None and m.place.name == "Los Angeles"
    assert not geoparse("PREP delivered 40 LA Cargo trailers.").mentions


def test_a_given_name_alone_later_is_the_person(gazetteer) -> None:
    text = ("The contest was held. Twin sisters Lindsay and Charlotte Graham, students at a "
            "school, won. Lindsay received $40 and Charlotte received $25.")
    assert "Charlotte" not in {m.text for m in geoparse(text).mentions}
    # ... but not with a preposition or after a person's "of", nor for a big place
    text = ("Charlotte Graham won. She moved to Charlotte in May. Norb Mages of Charlotte "
            "came too.")
    assert [m.text for m in geoparse(text).mentions] == ["Charlotte", "Charlotte"]
    text = "The game ended. Dallas Green spoke. Dallas police said it was fine."
    assert "Dallas" in {m.text for m in geoparse(text).mentions}
    # "Orlando Attractions" is no person: its second word is an English word
    text = "Famous Orlando Attractions. Orlando also has much more to offer than theme parks."
    assert "Orlando" in {m.text for m in geoparse(text).mentions}


@pytest.mark.parametrize("text", [
    "Gaza's mayor met Ashkelon officials in St. Louis and Winston-Salem on 12 May 2021.",
    "O'Brien’s farm near Coeur d’Alene, Idaho; Al-Aqsa, Deir al-Balah and İstanbul's ports.",
    "The U.S. and W.Va. roads: I-70, US-24, Highway 19; Zürich, São Paulo, Ţūlkarm, Xi'an.",
    "JAMES' CAFÉ in Mississippi's capital; Texas' rain; the boss' car; 3G masts in Wales.",
])
def test_ngram_word_key_shortcut_matches_name_key(text: str) -> None:
    from geoevents._normalize import name_key
    from geoevents._recognition import _strip_possessive, tokenize

    for tok in tokenize(text):
        end = _strip_possessive(tok)
        own = name_key(tok.text if end == tok.end else text[tok.start: end])
        inner = name_key(tok.text) if end != tok.end else own
        if tok.text.isalnum() and tok.text.isascii():  # the shortcut of recognize
            assert own == inner == tok.lower, tok


@pytest.mark.parametrize("word", ["Saudi-led", "HIV-positive", "Stratford-upon-Avon", "Gaza",
                                  "Winston-Salem", "Al-Aqsa", "x\u2010based", "A\u2011b",
                                  "Soviet-backed", "-a", "a-", "e-mail", "Coeur d’Alene"])
def test_lower_last_part_shortcut_matches_the_regex(word: str) -> None:
    from geoevents._recognition import _LOWER_LAST_PART, _lower_last_part

    assert _lower_last_part(word) == (_LOWER_LAST_PART.search(word) is not None)
