package bolt

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	cproto "github.com/cayleygraph/cayley/graph/proto"
	"github.com/cayleygraph/quad"
	"github.com/cayleygraph/quad/pquads"
	hbolt "github.com/hidal-go/hidalgo/kv/bbolt"
	bbolt "go.etcd.io/bbolt"

	"github.com/medkg/medkg/graph"
)

// AllNQuadLines is graph.LineExporter for export: it reads Cayley's log bucket, where every
// node and quad is a protobuf primitive keyed by its ID (big-endian, so a cursor walks them
// in ID order), straight through one bolt cursor, and formats the lines itself.
//
// Through Cayley (AllQuads) an export at 1M quads spent two thirds of its time reading:
// the all-iterator fetches primitives a hundred IDs at a time by key (a B-tree descent
// each), decodes each with reflection-driven protobuf, and every quad's four values were
// then looked up, decoded and formatted again (rdf.NQuadLine) for every quad that names
// them. Here each node is decoded and formatted once when the cursor meets it (Cayley
// writes a node before the first quad that uses it) and kept in a bounded cache; a quad
// whose node has left the cache looks it up by key. The bytes are rdf.NQuadLine's: the same
// quad.Value.String of each term, joined the same way.
func (s *store) AllNQuadLines(ctx context.Context, fn func([]byte) error) (bool, error) {
	s.kv.mu.Lock()
	batch := s.kv.batch
	s.kv.mu.Unlock()
	hdb, ok := s.kv.KV.(*hbolt.DB)
	if !ok || batch != nil {
		return false, nil // inside a write: bolt cannot open a read transaction beside it
	}
	tx, err := hdb.DB().Begin(false)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	log := tx.Bucket(logBucket)
	if log == nil {
		return false, nil // never written: Cayley's answer (an error or none) stands
	}
	t := &termReader{log: log, cache: newTermCache(termCacheMax)}
	var line []byte
	var ids, lastIDs [4]uint64
	var terms, lastTerms [4]*term // the previous quad's: quads come in runs that share a subject, label, predicate
	c := log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if t.seen++; t.seen%4096 == 0 && ctx.Err() != nil {
			return true, ctx.Err()
		}
		p, err := decodePrimitive(v)
		if err != nil {
			return true, fmt.Errorf("%s: log entry %x: %w", s.opts.Path, k, err)
		}
		if p.deleted {
			continue
		}
		if p.value != nil {
			if len(k) == 8 {
				t.cache.put(binary.BigEndian.Uint64(k), newTerm(p.value))
			}
			continue
		}
		ids = [4]uint64{p.subject, p.predicate, p.object, p.label}
		valid := true
		for i, id := range ids {
			terms[i] = nil
			if id == 0 {
				valid = valid && i == 3 // a quad without a label is a triple
				continue
			}
			tm := lastTerms[i]
			if id != lastIDs[i] || tm == nil {
				var err error
				if tm, err = t.node(id); err != nil {
					return true, err
				}
				lastIDs[i], lastTerms[i] = id, tm
			}
			terms[i] = tm
			valid = valid && tm != nil && tm.ok
		}
		if !valid {
			return true, t.refuse(ids)
		}
		line = line[:0]
		for _, tm := range terms {
			if tm != nil {
				line = append(line, tm.text...)
				line = append(line, ' ')
			}
		}
		line = append(line, '.')
		if err := fn(line); err != nil {
			return true, err
		}
	}
	return true, nil
}

// logBucket is Cayley's kv bucket of primitives (kv.logIndex, unexported).
var logBucket = []byte("log")

// term is a node as export writes it.
type term struct {
	text string // its N-Quads form: quad.Value.String
	ok   bool   // graph.ExportableTerm
}

func newTerm(v quad.Value) *term {
	if v == nil {
		return &term{}
	}
	return &term{text: v.String(), ok: graph.ExportableTerm(v)}
}

// termReader finds nodes' terms: in the cache, else by their key in the log.
type termReader struct {
	log   *bbolt.Bucket
	cache *termCache
	seen  int
}

// node is the term of node id, nil if the log has no node of that ID.
func (t *termReader) node(id uint64) (*term, error) {
	if tm := t.cache.get(id); tm != nil {
		return tm, nil
	}
	v, err := t.value(id)
	if err != nil || v == nil {
		return nil, err
	}
	tm := newTerm(v)
	t.cache.put(id, tm)
	return tm, nil
}

// value reads node id's value from the log (nil if there is none).
func (t *termReader) value(id uint64) (quad.Value, error) {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], id)
	raw := t.log.Get(k[:])
	if raw == nil {
		return nil, nil
	}
	p, err := decodePrimitive(raw)
	if err != nil {
		return nil, fmt.Errorf("log entry %d: %w", id, err)
	}
	return p.value, nil // a node's Deleted flag is not read: Cayley's ValuesOf ignores it
}

// refuse is the error for a quad that cannot be exported: graph.CheckExportQuad's for the
// quad as AllQuads would have given it.
func (t *termReader) refuse(ids [4]uint64) error {
	var vs [4]quad.Value
	for i, id := range ids {
		if id == 0 {
			continue
		}
		v, err := t.value(id)
		if err != nil {
			return err
		}
		vs[i] = v
	}
	q := quad.Quad{Subject: vs[0], Predicate: vs[1], Object: vs[2], Label: vs[3]}
	if err := graph.CheckExportQuad(q); err != nil {
		return err
	}
	return fmt.Errorf("cannot export %s: a node of it is missing from the store", q.NQuad())
}

// primitive is the part of Cayley's proto.Primitive that export reads.
type primitive struct {
	subject, predicate, object, label uint64
	value                             quad.Value // a node's value; nil for a quad
	deleted                           bool
}

// decodePrimitive decodes a log entry (decodeWire) into what export reads, and a node's
// value from its bytes.
func decodePrimitive(b []byte) (primitive, error) {
	var w cproto.Primitive
	if err := decodeWire(b, &w); err != nil {
		return primitive{}, err
	}
	p := primitive{subject: w.Subject, predicate: w.Predicate, object: w.Object, label: w.Label, deleted: w.Deleted}
	if len(w.Value) > 0 { // IsNode: a primitive with a value
		v, err := pquads.UnmarshalValue(w.Value)
		if err != nil {
			return p, err
		}
		if v == nil {
			return p, errors.New("node with an empty value")
		}
		p.value = v
	}
	return p, nil
}

// termCacheMax bounds the terms an export keeps (two generations of this many at most):
// predicates, classes, graph labels and the nodes of the claims being read, which is what
// the log's order brings back; a node met again after it left is read by its key.
var termCacheMax = 1 << 16 // a variable for a test that shrinks it

// termCache is valueCache's two-generation scheme for terms, keyed by node ID.
type termCache struct {
	cur, old map[uint64]*term
	max      int
}

func newTermCache(max int) *termCache {
	return &termCache{cur: make(map[uint64]*term, max), max: max}
}

func (c *termCache) get(id uint64) *term {
	if tm := c.cur[id]; tm != nil {
		return tm
	}
	if tm := c.old[id]; tm != nil {
		c.put(id, tm)
		return tm
	}
	return nil
}

func (c *termCache) put(id uint64, tm *term) {
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[uint64]*term, c.max)
	}
	c.cur[id] = tm
}
