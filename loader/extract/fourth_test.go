package extract_test

import (
	"testing"
	"time"

	"github.com/medkg/medkg/loader/extract"
)

// The fourth approach to real news (docs/extraction.md, "Real news", item 7): precision.
// Each case is a rule narrowed or a boundary fixed after classifying the dev split's false
// positives by their cause, on invented names (no name of a news article).
func TestFourthApproach(t *testing.T) {
	reg := []extract.Entity{
		{ID: "nas", Type: "ResearchOrganization", Name: "Northfield Academy of Sciences", Aliases: []string{"NAS"}},
		{ID: "pinecrest", Type: "City", Name: "Pinecrest"},
		{ID: "nae", Type: "ResearchOrganization", Name: "Northfield Academy of Engineering", Aliases: []string{"NAE"}},
	}
	tests := []draftCase{
		{"a brand-like word and a slash stay inside a name",
			"The institute consists of two centers. They include: The Velmora Hospital microPET/CT Research Center; and the Quellin Imaging Center.",
			[]string{"new velmora-hospital-micropet-ct-research-center"}, []string{"new ct-research-center", "new velmora-hospital\n"}},
		{"a unit's head, then 'of' an organization: the whole name, part of it",
			"The Velmora Optics Institute of Northfield Academy of Sciences opened a lab.",
			[]string{"new velmora-optics-institute-of-northfield-academy-of-sciences", "parentOrganization velmora-optics-institute-of-northfield-academy-of-sciences nas"},
			[]string{"new velmora-optics-institute\n"}},
		{"'of the' a parent that is a head with its field: the parent is drafted too",
			"It opened the Quellin Imaging Research Center of The Ministry of Ocean Affairs in May.",
			[]string{"new ministry-of-ocean-affairs"}, []string{"new quellin-imaging-research-center\n"}},
		{"'for' names a field, never a parent: one company",
			"It will be established by relying on the Pine National Research Institute for High-Precision Optical Devices Co. Its partners are many.",
			nil, []string{"new high-precision-optical-devices-co", "new pine-national-research-institute\n"}},
		{"a misprint of a registry name takes the words after its head",
			"Located in Pine Park, the Velmora Institute of Optics (VIO), the Northfield Academy Sciences, is the first institute in Pine province.",
			nil, []string{"new northfield-academy"}},
		{"a field and a government head alone name no entity",
			"The fair is sponsored by the Education Bureau and by Quellin Optics Company.",
			[]string{"new quellin-optics-company"}, []string{"new education-bureau"}},
		{"a field and a government head 'in' a place is that place's office",
			"Lan Wei, the deputy director of Health Committee in Pinecrest, spoke. The Education Bureau in March said so.",
			[]string{"post lan-wei deputy-director health-committee-in-pinecrest"}, []string{"education-bureau"}},
		{"a known place that begins an organization's name (in a headline) is no mention of the place",
			"Velmora, Pinecrest Hospital Agree to Set Up AI Lab\n\nPinecrest Provincial People's Hospital has teamed up with Velmora Holdings Ltd. to set up a lab.",
			nil, []string{"mention pinecrest\n"}},
		{"an 'and' before a name the article prints alone joins two names; no name across a quote after a head",
			"It was said at the Pine Industry Development and Velmora Optics Park “Zero Carbon” Park Planning Press Conference on June 17. Firms settle in Velmora Optics Park.",
			[]string{"new velmora-optics-park"}, []string{"new pine-industry-development"}},
		{"a summer school is a course, not a college",
			"Above: Group photo of Pine Lake International Summer School.",
			nil, []string{"summer-school"}},
		{"a quoted meeting is no project",
			"The “Quellin Optics and Sensing International Symposium” was held in the Hilltop Hall.",
			nil, []string{"symposium"}},
		{"a quoted class of many (a plural head) is no project",
			"The park, one of Pinecrest's \"Top Ten Innovation-led Manufacturing Industry Parks,\" opened.",
			nil, []string{"top-ten"}},
		{"a quoted description in lower case is no project",
			"It opened a province-ministry laboratory “Pinecrest key laboratory cultivation base of advanced optical materials”, and more.",
			nil, []string{"new pinecrest-key"}},
		{"a quoted title in title case still is",
			"The “Research and Development of Quellin Sensing Devices” project started in March.",
			[]string{"new research-and-development-of-quellin-sensing-devices"}, nil},
	}
	checkDrafts(t, reg, time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), tests)
}

// A misprinted opening quote used as an apostrophe ("People‘s") is the same name as the
// apostrophe ("People's", "People’s").
func TestNameKeyApostrophes(t *testing.T) {
	for _, n := range []string{"Pine People‘s Hospital", "Pine People’s Hospital"} {
		if got, want := extract.NameKey(n), extract.NameKey("Pine People's Hospital"); got != want {
			t.Errorf("NameKey(%q) = %q, want %q", n, got, want)
		}
	}
}

// "the Velmorian Federation" is a country; "the Velmora Rowing Federation" a league.
func TestFederationCountry(t *testing.T) {
	d, err := extract.Extract("Lan Wei met delegates of the Velmorian Federation and of the Velmora Rowing Federation in May.", nil, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"velmorian-federation": "Country", "velmora-rowing-federation": "Organization"}
	for _, e := range d.Entities {
		if w, ok := want[e.ID]; ok {
			if e.Type != w {
				t.Errorf("%s: type %s, want %s", e.ID, e.Type, w)
			}
			delete(want, e.ID)
		}
	}
	for id := range want {
		t.Errorf("%s not drafted", id)
	}
}
