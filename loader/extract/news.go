package extract

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/medkg/medkg/loader"
)

// The real news set (issue 12): twenty English news articles nobody on the project wrote,
// kept outside the repository in ../shared/news (the project does not copy text from
// elsewhere), with their gold facts and the held-out split kept here under
// testdata/news. A gold file is an article fact file named like its article; its
// `entities:` are the entities only it names, registry.yaml those several share.

// NewsEnv names the environment variable that overrides where the news texts are.
const NewsEnv = "MEDKG_NEWS"

// FindNewsDir finds the folder of real news texts: $MEDKG_NEWS, else shared/news beside
// the repository that holds dir (the first parent of dir with a go.mod, then ../shared/news).
func FindNewsDir(dir string) (string, error) {
	if d := os.Getenv(NewsEnv); d != "" {
		return checkNewsDir(d)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return checkNewsDir(filepath.Join(filepath.Dir(d), "shared", "news"))
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return "", fmt.Errorf("the real news texts are not found: no go.mod above %s, so no ../shared/news beside the repository; set %s to the folder of the articles", abs, NewsEnv)
}

func checkNewsDir(d string) (string, error) {
	st, err := os.Stat(d)
	if err != nil || !st.IsDir() {
		return "", fmt.Errorf("the real news texts are not in %s (it holds the twenty articles NN_name.txt the gold facts under loader/extract/testdata/news are written for; set %s to their folder)", d, NewsEnv)
	}
	return d, nil
}

// Split reads split.txt: article name → "dev" or "test".
func Split(gold fs.FS) (map[string]string, error) {
	f, err := gold.Open("split.txt")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		ln := strings.TrimSpace(sc.Text())
		if ln == "" || strings.HasPrefix(ln, "#") {
			continue
		}
		set, name, ok := strings.Cut(ln, " ")
		if !ok || (set != "dev" && set != "test") {
			return nil, fmt.Errorf("split.txt:%d: want \"dev NAME\" or \"test NAME\"", n)
		}
		out[strings.TrimSpace(name)] = set
	}
	return out, sc.Err()
}

var mentionsLine = lazy(`(?m)^# mentions:(.*)$`)

// News reads the gold facts of one split ("dev", "test", or "" for both) of the real news
// set: gold is testdata/news (registry.yaml, split.txt, gold/NAME.yaml), newsDir the folder
// of the texts. The gold files are checked by the loader against the texts (every quote
// must be in its article). It returns the articles and the answer-key registry.
func News(gold fs.FS, newsDir, split string) ([]GoldArticle, []Entity, error) {
	sp, err := Split(gold)
	if err != nil {
		return nil, nil, err
	}
	mfs := fstest.MapFS{}
	reg, err := fs.ReadFile(gold, loader.RegistryFile)
	if err != nil {
		return nil, nil, err
	}
	mfs[loader.RegistryFile] = &fstest.MapFile{Data: reg}
	names := make([]string, 0, len(sp))
	for n := range sp {
		names = append(names, n)
	}
	sort.Strings(names)
	mentions := map[string][]string{}
	for _, n := range names {
		y, err := fs.ReadFile(gold, path.Join("gold", n+".yaml"))
		if err != nil {
			return nil, nil, fmt.Errorf("gold facts of %s: %w", n, err)
		}
		t, err := os.ReadFile(filepath.Join(newsDir, n+".txt"))
		if err != nil {
			return nil, nil, fmt.Errorf("the article %s.txt is not in %s (%s names it): %w", n, newsDir, "split.txt", err)
		}
		mfs[path.Join(loader.ArticlesDir, n+".yaml")] = &fstest.MapFile{Data: y}
		mfs[path.Join(loader.ArticlesDir, n+".txt")] = &fstest.MapFile{Data: t}
		for _, m := range mentionsLine.FindAllStringSubmatch(string(y), -1) {
			mentions[n] = append(mentions[n], strings.Fields(m[1])...)
		}
	}
	set, err := loader.Load(mfs, loader.DefaultBase)
	if err != nil {
		return nil, nil, err
	}
	var out []GoldArticle
	for _, src := range set.Sources {
		if src.ID == "background" || (split != "" && sp[src.ID] != split) {
			continue
		}
		g, err := readGold(mfs, src, set.Registry)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range append(mentions[src.ID], articleEntityIDs(mfs, src.File)...) {
			e, ok := set.Registry.Entity(id)
			if !ok {
				return nil, nil, fmt.Errorf("%s: mentions %q, which no registry or entities: list holds", src.File, id)
			}
			g.Entities[id] = e.Type.Kind
		}
		out = append(out, g)
	}
	return out, FromRegistry(set.Registry), nil
}

// articleEntityIDs is the ids of the `entities:` a fact file introduces.
func articleEntityIDs(fsys fs.FS, name string) []string {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil
	}
	var f struct{ Entities []struct{ ID string } }
	if yamlUnmarshal(data, &f) != nil {
		return nil
	}
	var ids []string
	for _, e := range f.Entities {
		ids = append(ids, e.ID)
	}
	return ids
}

func yamlUnmarshal(b []byte, v any) error { return yaml.Unmarshal(b, v) }
