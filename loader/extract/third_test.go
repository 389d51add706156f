package extract_test

import (
	"testing"
	"time"

	"github.com/medkg/medkg/loader/extract"
)

// The third approach to real news (docs/extraction.md, "Real news"): part-of-speech tags from
// prose, proper-noun chunks in the places only an organization fills, each on invented names
// (no name of a news article).
func TestThirdApproach(t *testing.T) {
	reg := []extract.Entity{
		{ID: "nas", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences", Aliases: []string{"NAS"}},
	}
	tests := []draftCase{
		{"a list with one organization makes its other proper names organizations",
			"Its shareholders include firms such as Velmora Optics, Brantic Micro-Power, Quellin Circuit and Hilltop Institute of Physics.",
			[]string{"new velmora-optics", "new brantic-micro-power", "new quellin-circuit"}, []string{"quellin-circuit-and"}},
		{"an 'and' after a list's proper name ends a name; a field list stays whole",
			"Partners such as Velmora Optics, Quellin Crystal and Microwave Institute of Northfield Academy of Sciences signed. The Pine District Science, Technology and Innovation Bureau approved it.",
			[]string{"new quellin-crystal", "new pine-district-science-technology-and-innovation-bureau"}, []string{"quellin-crystal-and"}},
		{"A and B jointly established C: headless names and acronyms",
			"On May 5, VRT and Halcyon Medtech jointly established the Coral Sensor Center.",
			[]string{"new vrt", "new halcyon-medtech", "founder coral-sensor-center vrt", "founder coral-sensor-center halcyon-medtech"}, nil},
		{"an acronym is a subject only with its verb on the same line",
			"Quellin signs with VRTX\n\nUpdated: 2020-02-03\n\nKLMU signed a contract with Quellin Robotics.",
			[]string{"new klmu"}, []string{"new vrtx"}},
		{"X President Y; Y, President of X; President Y of X",
			"QTU President Lan Wei spoke. Zhou Ming, President of BRVU, replied. Later President Wu Hao of KLMU arrived.",
			[]string{"post lan-wei president qtu", "post zhou-ming president brvu", "post wu-hao president klmu"}, nil},
		{"a cooperation agreement between A and B",
			"It is the first project under the cooperation agreement between Velmora Optics and Quellin Robotics.",
			[]string{"new velmora-optics", "new quellin-robotics"}, nil},
		{"no organization where the name goes on past the chunk",
			"Lan Wei, Deputy Minister of Trade and Commerce of the Republic, spoke.",
			nil, []string{"new trade"}},
		{"a name in Western order with its surname in capitals",
			"Professor Jianhua ZHOU of the Hilltop University spoke.",
			[]string{"post jianhua-zhou professor hilltop-university"}, nil},
		{"a list right after 'jointly established by': every item",
			"The Coral Sensor Center was jointly established by Velmora Optics, Quellin Robotics and Brantic Medtech in 2019.",
			[]string{"founder coral-sensor-center velmora-optics", "founder coral-sensor-center quellin-robotics", "founder coral-sensor-center brantic-medtech"}, nil},
		{"a post after an em dash",
			"Dr. Lan Wei—President of Hilltop University—has said so.",
			[]string{"post lan-wei president hilltop-university"}, nil},
		{"a place's government in lower case",
			"The ministry reached an agreement with Pinecrest municipal government to set up a base.",
			[]string{"new pinecrest-municipal-government"}, nil},
		{"a bare head with its field, then 'of' its organization",
			"Hilltop University (HU) opened. Zhou Ming, the director of Department of Ionic Physics of HU, spoke.",
			[]string{"parentOrganization department-of-ionic-physics-of-hu hilltop-university"}, nil},
		{"a name that begins with another organization's name and goes on with a unit's head",
			"Hilltop University signed. Guests came from Hilltop University School of Optics.",
			[]string{"parentOrganization hilltop-university-school-of-optics hilltop-university"}, nil},
		{"no finite verb inside a name (the tagger reads 'Opened' as VBD here; in a title-case line it reads such words as NNP, and the rule cannot act)",
			"Yesterday Velmora Optics Opened Pine Laboratory in town.",
			[]string{"new pine-laboratory"}, []string{"opened-pine"}},
		{"will be established by",
			"The national centre, known as the Coral Sensor Center, will be established by Halcyon Devices Co., Ltd.",
			[]string{"founder coral-sensor-center halcyon-devices-co-ltd"}, nil},
	}
	checkDrafts(t, reg, time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), tests)
}
