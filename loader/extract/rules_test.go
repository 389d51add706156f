package extract_test

import (
	"strings"
	"testing"
	"time"

	"github.com/medkg/medkg/loader/extract"
)

// Each construction the rules know, on names that are in no seed article: the rules are
// about the constructions, not the seeds' strings.
func TestRules(t *testing.T) {
	pub := time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC) // a Friday
	reg := []extract.Entity{
		{ID: "northfield", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences", Aliases: []string{"NAS"}},
		{ID: "river-city", Type: "City", Name: "River City"},
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"together with jointly established",
			"Harbor Group together with Lakeside Institute of Optics jointly established “Coastal Laser Laboratory” in 2011.",
			[]string{"founder coastal-laser-laboratory harbor-group", "founder coastal-laser-laboratory lakeside-institute-of-optics", "foundingDate coastal-laser-laboratory 2011"}},
		{"joined hands with partners such as ... to establish",
			"Eastport University joined hands with 5 partners such as Bay Medical College, Delta Imaging Co., Ltd to establish the Eastport Surgical Robot Center and initiated the Eastport Robotics Alliance.",
			[]string{"founder eastport-surgical-robot-center eastport-university", "founder eastport-surgical-robot-center bay-medical-college", "founder eastport-surgical-robot-center delta-imaging-co-ltd", "initiatedBy eastport-robotics-alliance eastport-university", "figure eastport-university partners 5 count"}},
		{"under, and X of Y",
			"The Lakeside Institute of Optics under the Northfield Academy of Sciences opened the Photonics Center of Lakeside Institute of Optics.",
			[]string{"parentOrganization lakeside-institute-of-optics northfield", "parentOrganization photonics-center-of-lakeside-institute-of-optics lakeside-institute-of-optics"}}, // the unit keeps its whole name (fourth approach)
		{"affiliated to",
			"Dr Li works at Greenhill Hospital Affiliated to Northfield Medical University.",
			[]string{"parentOrganization greenhill-hospital-affiliated-to-northfield-medical northfield-medical-university"}},
		{"a bare institute keeps its academy; a hospital its university",
			"Harbor Group and the Institute of Optics of the Northfield Academy of Sciences met doctors of the Second Affiliated Hospital of Bayview Medical University and Bayview Medical University.",
			[]string{"parentOrganization institute-of-optics-of-the-northfield-academy-of-sciences northfield", "parentOrganization second-affiliated-hospital-of-bayview-medical-university bayview-medical-university"}},
		{"passive: C was jointly established by A, B and C in P; anaphora",
			"On Monday, the Lakeview Sensor Center was jointly established by Hilltop University, the Institute of Optics of the Northfield Academy of Sciences and Delta Imaging Co., Ltd. in Cedar District. Dr. Zhou Ping was appointed as the chief scientist of the center. The center was approved by the Cedar Science and Technology Bureau in April 2020. The center is run by its legal entity Lakeview Sensor Co., Ltd. It has an area of 3,000 square meters. The center signed a contract with Bayview Hospital.",
			[]string{"founder lakeview-sensor-center hilltop-university", "founder lakeview-sensor-center institute-of-optics-of-the-northfield-academy-of-sciences", "founder lakeview-sensor-center delta-imaging-co-ltd",
				"parentOrganization institute-of-optics-of-the-northfield-academy-of-sciences northfield", "location lakeview-sensor-center cedar-district",
				"post zhou-ping chief-scientist lakeview-sensor-center", "approvedBy lakeview-sensor-center cedar-science-and-technology-bureau", "approvalDate lakeview-sensor-center April 2020",
				"legalEntity lakeview-sensor-center lakeview-sensor-co-ltd", "figure lakeview-sensor-center area 3000 m2", "partner lakeview-sensor-center bayview-hospital"}},
		{"A under B (ABBR) joined hands with partners such as ...; the institute",
			"The Pine Institute of Materials under the Northfield Academy of Sciences (PIM) joined hands with partners such as Hilltop University and Delta Imaging Co., Ltd. to establish the Pine Materials Center. Established in June 2019, the institute had signed an agreement with Hilltop University.",
			[]string{"founder pine-materials-center pine-institute-of-materials", "founder pine-materials-center hilltop-university", "founder pine-materials-center delta-imaging-co-ltd",
				"parentOrganization pine-institute-of-materials northfield", "foundingDate pine-institute-of-materials June 2019", "partner pine-institute-of-materials hilltop-university"}},
		{"joined hands with A and B to build C, which was unveiled in P; the laboratory; operated by a company",
			"Hilltop University joined hands with Delta Imaging Co., Ltd. and Bayview Hospital to build the Coastal Optics Laboratory, which was unveiled in Cedar District on Friday. The laboratory, with a total investment of 90 million yuan, relies on the Northfield Laboratory for Photonics. Delta Imaging Co., Ltd. President Gao Yun spoke. The laboratory has gathered more than 40 researchers. The laboratory is operated by Coastal Optics Co., Ltd.",
			[]string{"founder coastal-optics-laboratory hilltop-university", "founder coastal-optics-laboratory delta-imaging-co-ltd", "founder coastal-optics-laboratory bayview-hospital",
				"location coastal-optics-laboratory cedar-district", "reliesOn coastal-optics-laboratory northfield-laboratory-for-photonics", "post gao-yun president delta-imaging-co-ltd",
				"figure coastal-optics-laboratory researchers 40 count", "legalEntity coastal-optics-laboratory coastal-optics-co-ltd"}},
		{"the testing center; a title before a name; a place of a place; and will be run by",
			"The Harbor Device Testing Center was established by Hilltop University, and will be run by its legal entity Harbor Testing Co., Ltd. Professor Lin Tao, vice president of Hilltop University, was appointed as the director of the testing center. Harbor Group has settled in the Pearl Park of Cedar Industrial Park.",
			[]string{"founder harbor-device-testing-center hilltop-university", "legalEntity harbor-device-testing-center harbor-testing-co-ltd",
				"post lin-tao vice-president hilltop-university", "post lin-tao director harbor-device-testing-center",
				"location harbor-group pearl-park", "containedInPlace pearl-park cedar-industrial-park"}},
		{"run by its legal entity, depends on",
			"It was reported that run by its legal entity Orchid Devices Co., Ltd, Orchid Innovation Center depends on the Orchid Valley Alliance, Pearl Delta Alliance.",
			[]string{"legalEntity orchid-innovation-center orchid-devices-co-ltd", "reliesOn orchid-innovation-center orchid-valley-alliance", "reliesOn orchid-innovation-center pearl-delta-alliance"}},
		{"signed a contract with",
			"On the spot, Westlake Research Institute signed a contract with Hilltop University to carry out cooperation.",
			[]string{"partner westlake-research-institute hilltop-university", "event westlake-research-institute-hilltop-university-signing-2024-03-15 Signing "}},
		{"a count in words",
			"Following the signing of the four joint laboratories of Westlake Research Institute, it grew.",
			[]string{"figure westlake-research-institute laboratories 4 count"}},
		{"approved the establishment, in Month YYYY",
			"The Ministry of Ocean Affairs approved the establishment of the National Marine Device Innovation Center in River City in June 2022.",
			[]string{"approvedBy national-marine-device-innovation-center ministry-of-ocean-affairs", "location national-marine-device-innovation-center river-city", "approvalDate national-marine-device-innovation-center June 2022"}},
		{"established in, posts",
			"Established in May 2018, Westlake Research Institute has grown. Wang Fang, vice president of Hilltop University and president of the Westlake Research Institute, spoke. Hilltop University President Zhao Lei attended.",
			[]string{"foundingDate westlake-research-institute May 2018", "post wang-fang vice-president hilltop-university", "post wang-fang president westlake-research-institute", "post zhao-lei president hilltop-university"}},
		{"appointed as the chief scientist of the center",
			"The establishment of the Deep Sea Materials Center was held, and Sun Mei, an academician of the Northfield Academy of Sciences, was appointed as the chief scientist of the center.",
			[]string{"post sun-mei academician northfield", "post sun-mei chief-scientist deep-sea-materials-center"}},
		{"settled at ... on a weekday; places",
			"The Coastal Robot Center has settled at the Pine Hill Industrial Park in Maple Subdistrict, Cedar District on Wednesday.",
			[]string{"location coastal-robot-center pine-hill-industrial-park", "containedInPlace pine-hill-industrial-park maple-subdistrict", "containedInPlace maple-subdistrict cedar-district", "event coastal-robot-center-settling-2024-03-15 Settling Wednesday"}},
		{"money and areas",
			"The project of Harbor Group covers an area of 1,500 square meters and a total investment of RMB2.5 billion, with financing of over 30 million yuan.",
			[]string{"figure harbor-group area 1500 m2", "figure harbor-group investment 2500000000 CNY", "figure harbor-group financing 30000000 CNY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := extract.Extract(tt.text, reg, extract.Options{Published: pub})
			if err != nil {
				t.Fatal(err)
			}
			got := factLines(d)
			for _, w := range tt.want {
				if !strings.Contains("\n"+got+"\n", "\n"+w+"\n") {
					t.Errorf("missing %q; got:\n%s", w, got)
				}
			}
			loads(t, "001_rule", tt.text, reg, d)
		})
	}
}

// draftCase is a row of the rule tables: a text, the lines its draft must hold (facts as
// factLines writes them, "new ID" for each new entity, "mention ID" for each mention), and
// strings no line of it may contain.
type draftCase struct {
	name, text string
	want, not  []string
}

// checkDrafts extracts each case's text against reg, published on pub, checks its lines, and
// loads the draft (a draft the loader refuses is a failure too).
func checkDrafts(t *testing.T, reg []extract.Entity, pub time.Time, tests []draftCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := extract.Extract(tt.text, reg, extract.Options{Published: pub})
			if err != nil {
				t.Fatal(err)
			}
			got := factLines(d)
			for _, e := range d.Entities {
				got += "\nnew " + e.ID
			}
			for _, m := range d.Mentions {
				got += "\nmention " + m.Entity
			}
			for _, w := range tt.want {
				if !strings.Contains("\n"+got+"\n", "\n"+w+"\n") {
					t.Errorf("missing %q; got:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got+"\n", w) {
					t.Errorf("drafted %q; got:\n%s", w, got)
				}
			}
			loads(t, "001_rule", tt.text, reg, d)
		})
	}
}

func factLines(d *extract.Draft) string {
	lines := strings.Split(facts(d), "\n")
	for _, f := range d.Facts {
		if f.Form() == "event" {
			lines = append(lines, strings.Join([]string{"event", f.Event, f.EvType, f.Date}, " "))
		}
	}
	return strings.Join(lines, "\n")
}

// A base or centre named with its host after a dash keeps the whole name.
func TestRuleNameWithHost(t *testing.T) {
	text := "On the spot, Coastal Marine Materials Cooperation Base – Westlake Research Institute was unveiled.\n"
	d, err := extract.Extract(text, nil, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range d.Entities {
		names = append(names, e.Name)
	}
	want := "Coastal Marine Materials Cooperation Base – Westlake Research Institute"
	if len(names) != 1 || names[0] != want {
		t.Errorf("new entities %q, want only %q", names, want)
	}
}

// "DATE | Publisher" in the head names the publisher, and the place its name begins with is
// not a mention of the place.
func TestRulePublisherAfterBar(t *testing.T) {
	text := "Harbor Group Grows\n2024-03-15 | River City Evening News\n\nHarbor Group opened a plant.\n"
	reg := []extract.Entity{{ID: "river-city", Type: "City", Name: "River City"}}
	d, err := extract.Extract(text, reg, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Publisher != "river-city-evening-news" {
		t.Errorf("publisher %q, want river-city-evening-news", d.Publisher)
	}
	for _, m := range d.Mentions {
		if m.Entity == "river-city" {
			t.Errorf("River City mentioned at %d: it is part of the publisher's name", m.Start)
		}
	}
}

// A fact read through "the center" has a lower confidence and says so.
func TestRuleAnaphoraConfidence(t *testing.T) {
	text := "Harbor Group set up the Coastal Laser Center. The center was approved by the Harbor Science Bureau.\n"
	d, err := extract.Extract(text, nil, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range d.Facts {
		if f.P == "approvedBy" {
			found = true
			if f.S != "coastal-laser-center" || !strings.HasSuffix(f.Rule, "+anaphora") || f.Confidence >= 0.8 {
				t.Errorf("approvedBy via the center: %+v, want subject coastal-laser-center, rule +anaphora, confidence below 0.8", f)
			}
		}
	}
	if !found {
		t.Errorf("no approvedBy in %s", facts(d))
	}
}
