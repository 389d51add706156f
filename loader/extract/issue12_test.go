package extract_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/medkg/medkg/loader/extract"
)

// Issue 12's numbered bugs and gaps, each on invented names (no name of a news article):
// every case was written before its fix and failed then.
func TestIssue12(t *testing.T) {
	pub := time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC)
	reg := []extract.Entity{
		{ID: "northwind", Type: "Corporation", Name: "Northwind Group", Aliases: []string{"Northwind"}},
		{ID: "nas", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences", Aliases: []string{"NAS"}},
		{ID: "nae", Type: "ResearchOrganization", Name: "Northfield Academy of Engineering", Aliases: []string{"NAE"}},
		{ID: "lakeside-imaging", Type: "Corporation", Name: "Lakeside Imaging Co., Ltd", Aliases: []string{"Lakeside Imaging"}},
	}
	tests := []draftCase{
		{"1: a registry name first does not make the others part of it",
			"Northwind news: experts of NAS and NAE visited the plant of Northwind in March.",
			nil, []string{"parentOrganization nas northwind", "parentOrganization nae northwind"}},
		{"2: jointly established by A and several partners including B, C and D",
			"The Coral Sensor Center was jointly established by Hilltop University and several partners including Bayview Hospital, Delta Imaging Co., Ltd. and the Pine Institute of Materials.",
			[]string{"founder coral-sensor-center hilltop-university", "founder coral-sensor-center bayview-hospital", "founder coral-sensor-center delta-imaging-co-ltd", "founder coral-sensor-center pine-institute-of-materials"}, nil},
		{"2: A together with B jointly applied for the establishment of C",
			"Hilltop University, together with Bayview Hospital, jointly applied for the establishment of the Coral Sensor Center.",
			[]string{"founder coral-sensor-center hilltop-university", "founder coral-sensor-center bayview-hospital"}, nil},
		{"2: new X signed an agreement with Y",
			"Westlake Robotics Co., Ltd. signed an agreement with Hilltop University on Monday.",
			[]string{"partner westlake-robotics-co-ltd hilltop-university"}, nil},
		{"3: part of given by a comma",
			"The Pine Institute of Materials Technology, Northfield Academy of Sciences, opened a laboratory.",
			[]string{"parentOrganization pine-institute-of-materials-technology nas"}, nil},
		{"3: part of given in brackets",
			"The Pine Institute of Materials Technology (the Northfield Academy of Sciences) opened a laboratory.",
			[]string{"parentOrganization pine-institute-of-materials-technology nas"}, nil},
		{"4: dean, deputy director, chairman",
			"Zhou Ming, dean of the Hilltop School of Medicine, Wu Lan, deputy director of the Coral Sensor Center, and Li Qiang, chairman of Delta Imaging Co., Ltd., attended.",
			[]string{"post zhou-ming dean hilltop-school-of-medicine", "post wu-lan deputy-director coral-sensor-center", "post li-qiang chairman delta-imaging-co-ltd"}, nil},
		{"4: was officially appointed as the chief scientist",
			"At the ceremony of the Coral Sensor Center, Professor Gao Yun was officially appointed as the chief scientist of the center.",
			[]string{"post gao-yun chief-scientist coral-sensor-center"}, nil},
		{"5: no figure of the two parties",
			"Hilltop University and Bayview Hospital met. The two parties will invest 50 million yuan.",
			nil, []string{"figure hilltop-university investment 50000000 CNY", "figure bayview-hospital investment 50000000 CNY"}},
		{"6: a name that holds a registry name and a company suffix is that entity",
			"Shanghai Lakeside Imaging Healthcare Co. and Hilltop University signed an agreement.",
			[]string{"partner lakeside-imaging hilltop-university"}, nil},
		{"6: referred to as",
			"The Coral Marine Device Innovation Center (referred to as the Coral Center) opened. The Coral Center hired Wu Lan, director of the Coral Center.",
			[]string{"post wu-lan director coral-marine-device-innovation-center"}, nil},
		{"2: With support from S, ... established C",
			"With support from the Cedar Science and Technology Bureau, Hilltop University established the Coral Sensor Center.",
			[]string{"sponsor coral-sensor-center cedar-science-and-technology-bureau"}, nil},
		{"2: L will be in charge of operations",
			"Hilltop University established the Coral Sensor Center. Coral Sensor Co., Ltd. will be in charge of operations.",
			[]string{"legalEntity coral-sensor-center coral-sensor-co-ltd"}, nil},
		{"2: A and B ... They also jointly set up C",
			"Hilltop University and Bayview Hospital signed a cooperation agreement. They also jointly set up the Coral Sensor Center.",
			[]string{"founder coral-sensor-center hilltop-university", "founder coral-sensor-center bayview-hospital"}, nil},
		{"4: Title X introduced ... the institute: the organization implied",
			"The Pine Institute of Materials opened. Vice President Zhou Ping introduced the history of the institute.",
			[]string{"post zhou-ping vice-president pine-institute-of-materials"}, nil},
		{"7: a date without a year takes the publication's",
			"On November 22, the Coral Sensor Center was established by Hilltop University.",
			[]string{"founder coral-sensor-center hilltop-university", "foundingDate coral-sensor-center November 22"}, nil},
	}
	checkDrafts(t, reg, pub, tests)
}

// 6: a new entity whose name is one word off a registry entity is proposed with a warning
// naming it, and never merged: an academy of engineering is not the academy of sciences.
func TestIssue12SimilarNotMerged(t *testing.T) {
	reg := []extract.Entity{{ID: "nas", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences", Aliases: []string{"NAS"}}}
	d, err := extract.Extract("Experts of the Northfield Academy of Engineering visited Hilltop University.\n", reg, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Mentions {
		if m.Entity == "nas" {
			t.Errorf("the academy of engineering was merged into nas: %+v", m)
		}
	}
	found := false
	for _, e := range d.Entities {
		if e.Name == "Northfield Academy of Engineering" {
			found = true
			if !strings.Contains(e.Similar, "nas") {
				t.Errorf("Similar = %q, want a warning naming nas", e.Similar)
			}
		}
	}
	if !found {
		t.Errorf("no new entity for the academy of engineering: %+v", d.Entities)
	}
}

// 10: a control character is rejected with the file and line, never written into a draft.
func TestIssue12ControlCharacter(t *testing.T) {
	err := extract.CheckText("fuzz.txt", []byte("An article.\n0000\u009dB Co\n"))
	if err == nil || !errors.Is(err, extract.ErrBadText) || !strings.Contains(err.Error(), "fuzz.txt:2: ") || !strings.Contains(err.Error(), "control character") {
		t.Errorf("CheckText = %v, want ErrBadText naming fuzz.txt:2 and the control character", err)
	}
	if _, err := extract.Extract("0000\u009dB Co", nil, extract.Options{}); !errors.Is(err, extract.ErrBadText) {
		t.Errorf("Extract = %v, want ErrBadText", err)
	}
}

// 6: a new entity no fact uses is said to be dropped at load, not lost silently.
func TestIssue12UnusedEntityNoted(t *testing.T) {
	d, err := extract.Extract("Experts of Hilltop University visited the plant.\n", nil, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, n := range d.Notes {
		if strings.Contains(n, "hilltop-university") && strings.Contains(n, "used by no fact") {
			found = true
		}
	}
	if !found {
		t.Errorf("no note on the unused new entity: %q", d.Notes)
	}
}

// 6: a misprint of a registry name resolves to it (flagged by its rule); another word is
// another entity.
func TestIssue12FuzzyResolution(t *testing.T) {
	reg := []extract.Entity{
		{ID: "nas", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences"},
		{ID: "hilltop", Type: "CollegeOrUniversity", Name: "Hilltop University of Technology"},
	}
	for _, tc := range []struct{ text, want string }{
		{"Experts of the Northfield Academy Sciences met.\n", "nas"},
		{"Experts of the Northfield Academy of Sciencs met.\n", "nas"},
		{"Experts of Hilltop Univercity of Technology met.\n", "hilltop"},
		{"Experts of the Northfield Academy of Engineering met.\n", ""},
		{"Experts of the Southfield Academy of Sciences met.\n", ""},
	} {
		d, err := extract.Extract(tc.text, reg, extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		for _, m := range d.Mentions {
			if m.Entity == "nas" || m.Entity == "hilltop" {
				got = m.Entity
				if m.Rule != "registry-fuzzy" && m.Rule != "truncated-name" {
					t.Errorf("%q: rule %s, want registry-fuzzy", tc.text, m.Rule)
				}
			}
		}
		if got != tc.want {
			t.Errorf("%q resolved to %q, want %q", tc.text, got, tc.want)
		}
	}
}

// 6: a byline name whose last letter is a capital (a typo, "Ru MenghuI") is kept whole.
func TestIssue12BylineWhole(t *testing.T) {
	d, err := extract.Extract("Lakeside Sensor Center opens\nBy Ru MenghuI\nThe Lakeside Sensor Center opened on Monday.\n", nil, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range d.Entities {
		if e.Type == "Person" {
			names = append(names, e.Name)
		}
	}
	if strings.Join(names, ",") != "Ru MenghuI" {
		t.Errorf("people %q, want [Ru MenghuI]", names)
	}
}
