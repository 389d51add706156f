package extract_test

import (
	"testing"
	"time"

	"github.com/medkg/medkg/loader/extract"
)

// The second approach to real news (docs/extraction.md, "Real news"): general constructions,
// each on invented names (no name of a news article).
func TestSecondApproach(t *testing.T) {
	reg := []extract.Entity{
		{ID: "nas", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences", Aliases: []string{"NAS"}},
	}
	tests := []draftCase{
		{"a headless company name after 'subsidiary of'",
			"Harbor Devices (Pine City) Co., Ltd. is a wholly-owned subsidiary of Brightwell, a maker of pumps.",
			[]string{"parentOrganization harbor-devices-pine-city-co-ltd brightwell"}, nil},
		{"'X of Place and Institute of ...': the 'and' ends the first name",
			"The centre was co-built by the Joint Institute for Ocean Research of Norland and Institute of Wave Physics of Northfield Academy of Sciences.",
			nil, []string{"norland-and-institute"}},
		{"consists of N centers; they include A; B; and finally C",
			"The Pine Institute of Materials opened in 2001. The Institute consists of three joint research centers. They include: The Coral Sensor Center; The Delta Imaging Research Center of The Northfield Academy of Sciences; and finally the Nano Optics Research Center.",
			[]string{"parentOrganization coral-sensor-center pine-institute-of-materials", "parentOrganization delta-imaging-research-center-northfield-academy-sciences pine-institute-of-materials", "parentOrganization nano-optics-research-center pine-institute-of-materials"},
			// the unit "X Center of The Academy" keeps its whole name (fourth approach)
			[]string{"parentOrganization nas pine-institute-of-materials"}},
		{"a figure is not carried from a figure later in the text",
			"Harbor Zone plans 70 new facilities. Officials from ten sub-districts spoke. Brightwell Co., Ltd. employs 300 engineers.",
			nil, []string{"figure brightwell-co-ltd facilities"}},
		{"no figure of an organization named two sentences back, unless it is what the article is about",
			"Hilltop University and Bayview Hospital spoke on Hilltop University. Bayview Hospital opened. The weather was fine. The park has 120 companies.",
			nil, []string{"figure bayview-hospital"}},
		{"Professor X from the University of Y",
			"The lab was unveiled by Professor Zhou Ming from the Hilltop University and others.",
			[]string{"post zhou-ming professor hilltop-university"}, nil},
		{"A and B, director and vice director of Y",
			"Guests included Zhou Ming and Wu Lan, director and vice director of the Coral Sensor Center, and others.",
			[]string{"post zhou-ming director coral-sensor-center", "post wu-lan deputy-director coral-sensor-center"}, nil},
		{"a count that is a clause's subject is no figure",
			"Hilltop University met Bayview Hospital. The two sides have huge potentials, and ten officials gave short talks.",
			nil, []string{"figure "}},
		{"a sentence about 'the base' that names nothing takes no earlier name",
			"Hilltop University announced the plan. After five years, the base is to reach 50 projects.",
			nil, []string{"figure "}},
	}
	checkDrafts(t, reg, time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), tests)
}
