/*
 * fixtures_ids: fixture ids, from their syntax to their row ids.
 *
 * A fixture id is "wine_3", a range "wine_{1..10}" or a list
 * "wine_{red, white}", with flags "(template, extends base)". Every id
 * met is registered here: a single id as a packed 16-byte entry behind an
 * open-addressing hash, a range or list as one group record, so that a
 * million ids cost about 40 bytes each and wine_{1..1000000} one record.
 * Wildcard references ('@wine_*') draw from the ids registered so far,
 * in definition order, through spans cached per prefix.
 *
 * It is separate from the loader because it is the part that must stay
 * small and fast with millions of ids; it knows nothing of YAML, rows or
 * the database.
 */
#include "compat.h"

#include "bounds.h"
#include "buf.h"
#include "err.h"
#include "faker.h"
#include "fixtures_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Packed storage for millions of ids */

#define POOL_CHUNK 65536

static char **pool_chunks(const struct pool *p)
{
	return (char **)(void *)p->chunks.data;
}

static size_t pool_nchunks(const struct pool *p)
{
	return p->chunks.len / sizeof(char *);
}

/*
 * Strings are stored after their length (one byte below 128, else two),
 * without a NUL: a million short ids cost their characters plus one.
 */
static int pool_add(struct pool *p, const char *s, size_t n, uint32_t *ref)
{
	size_t k = pool_nchunks(p), head = n < 128 ? 1 : 2;
	unsigned char *chunk;

	if (n >= 32768 || n + head > POOL_CHUNK)
		return -1;
	if (k == 0 || p->fill + n + head > POOL_CHUNK) {
		char *fresh;

		if (k >= 65536)
			return -1;
		fresh = malloc(POOL_CHUNK);
		if (!fresh ||
		    buf_add(&p->chunks, &fresh, sizeof(fresh)) != BUF_OK) {
			free(fresh);
			return -1;
		}
		k++;
		p->fill = 0;
	}
	chunk = (unsigned char *)pool_chunks(p)[k - 1] + p->fill;
	if (head == 1) {
		chunk[0] = (unsigned char)n;
	} else {
		chunk[0] = (unsigned char)(0x80 | n >> 8);
		chunk[1] = (unsigned char)(n & 0xff);
	}
	memcpy(chunk + head, s, n);
	*ref = (uint32_t)((k - 1) << 16 | p->fill);
	p->fill += n + head;
	return 0;
}

/* Borrowed: the string at ref (not NUL-terminated) and its length. */
static const char *pool_get(const struct pool *p, uint32_t ref, size_t *len)
{
	const unsigned char *at =
		(const unsigned char *)pool_chunks(p)[ref >> 16] +
		(ref & 0xffff);

	if (at[0] < 0x80) {
		*len = at[0];
		return (const char *)at + 1;
	}
	*len = (size_t)(at[0] & 0x7f) << 8 | at[1];
	return (const char *)at + 2;
}

static void pool_release(struct pool *p)
{
	size_t i;

	for (i = 0; i < pool_nchunks(p); i++)
		free(pool_chunks(p)[i]);
	buf_release(&p->chunks);
}

#define ENTRY_CHUNK 65536

struct slot {
	uint32_t index; /* entry + 1, or 0 when empty */
	uint32_t hash;
};

/* A cached wildcard: spans of candidates in definition order. */
struct span {
	bool group;
	uint32_t index; /* first entry, or the group */
	uint64_t first; /* group: first element */
	uint64_t count;
	uint64_t end; /* cumulative count up to and including this span */
};

struct wildcard {
	char *prefix;
	size_t len;
	struct buf spans; /* struct span[] */
	uint64_t total;
};

void fixtures_ids_init(struct fixtures_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	buf_init(&ids->names.chunks, 65536 * sizeof(char *));
	buf_init(&ids->echunks,
		 (LIMIT_FIXTURES / ENTRY_CHUNK + 1) * sizeof(struct entry *));
	buf_init(&ids->groups, 64 * 1024 * 1024);
	buf_init(&ids->wildcards, 16 * 1024 * 1024);
}

void fixtures_ids_release(struct fixtures_ids *ids)
{
	size_t i;

	pool_release(&ids->names);
	for (i = 0; i < ids->echunks.len / sizeof(struct entry *); i++)
		free(((struct entry **)(void *)ids->echunks.data)[i]);
	buf_release(&ids->echunks);
	free(ids->hash);
	ids->hash = NULL;
	buf_release(&ids->groups);
	for (i = 0; i < ids->wildcards.len / sizeof(struct wildcard); i++) {
		struct wildcard *w =
			&((struct wildcard *)(void *)ids->wildcards.data)[i];

		free(w->prefix);
		buf_release(&w->spans);
	}
	buf_release(&ids->wildcards);
}

/* ------------------------------------------------------------------ */
/* The id registry */

static struct entry *entry_at(const struct fixtures_ids *ids, uint32_t i)
{
	struct entry **chunks = (struct entry **)(void *)ids->echunks.data;

	return &chunks[i / ENTRY_CHUNK][i % ENTRY_CHUNK];
}

static uint32_t hash_name(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static bool entry_is(const struct fixtures_ids *ids, const struct entry *en,
		     const char *s, size_t n)
{
	size_t len;
	const char *name = pool_get(&ids->names, en->name, &len);

	return len == n && memcmp(name, s, n) == 0;
}

/*
 * The slot holding name, or the empty slot where it would go. Slots keep
 * the name's hash, so a probe past another name costs no visit to its
 * entry (with a million ids those visits are cache misses).
 */
static struct slot *hash_slot(const struct fixtures_ids *ids, const char *s,
			      size_t n, uint32_t h)
{
	size_t mask = ids->hcap - 1, i = h & mask;

	while (ids->hash[i].index &&
	       (ids->hash[i].hash != h ||
		!entry_is(ids, entry_at(ids, ids->hash[i].index - 1), s, n)))
		i = (i + 1) & mask;
	return &ids->hash[i];
}

static int hash_grow(struct fixtures_ids *ids)
{
	size_t cap = ids->hcap ? ids->hcap * 2 : 1024, i, mask = cap - 1;
	struct slot *slots = calloc(cap, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < ids->hcap; i++) {
		size_t k = ids->hash[i].hash & mask;

		if (!ids->hash[i].index)
			continue;
		while (slots[k].index)
			k = (k + 1) & mask;
		slots[k] = ids->hash[i];
	}
	free(ids->hash);
	ids->hash = slots;
	ids->hcap = cap;
	return 0;
}

struct entry *fixtures_ids_find(struct fixtures_ids *ids, const char *s,
				size_t n)
{
	struct slot *slot;

	/* Readiness checks and evaluation ask for the same name in turn. */
	if (ids->last_entry && ids->last_len == n &&
	    entry_is(ids, ids->last_entry, s, n))
		return ids->last_entry;
	if (!ids->hcap)
		return NULL;
	slot = hash_slot(ids, s, n, hash_name(s, n));
	if (!slot->index)
		return NULL;
	ids->last_len = n;
	ids->last_entry = entry_at(ids, slot->index - 1);
	return ids->last_entry;
}

struct entry *fixtures_ids_add(struct fixtures_ids *ids, const char *s,
			       size_t n, bool *created, struct err *e)
{
	struct entry *en;
	struct slot *slot;
	uint32_t h = hash_name(s, n);

	*created = false;
	if ((ids->nentries + 1) * 4 > ids->hcap * 3 && hash_grow(ids) < 0)
		return fixtures_no_memory(e), NULL;
	slot = hash_slot(ids, s, n, h);
	if (slot->index)
		return entry_at(ids, slot->index - 1);
	if (ids->nentries >= LIMIT_FIXTURES)
		return err_set(e, ERR_LIMIT, "more than %d fixtures",
			       LIMIT_FIXTURES),
		       NULL;
	if (ids->nentries % ENTRY_CHUNK == 0) {
		struct entry *chunk = malloc(ENTRY_CHUNK * sizeof(*chunk));

		if (!chunk ||
		    buf_add(&ids->echunks, &chunk, sizeof(chunk)) != BUF_OK) {
			free(chunk);
			return fixtures_no_memory(e), NULL;
		}
	}
	en = entry_at(ids, ids->nentries);
	memset(en, 0, sizeof(*en));
	if (pool_add(&ids->names, s, n, &en->name) < 0)
		return fixtures_no_memory(e), NULL;
	slot->index = ++ids->nentries;
	slot->hash = h;
	*created = true;
	return en;
}

bool fixtures_ids_group_has(const struct group *g, const char *s, size_t n,
			    uint64_t *k)
{
	const char *mid;
	size_t mlen, i;

	if (n < g->blen + g->slen || memcmp(s, g->base, g->blen) != 0 ||
	    memcmp(s + n - g->slen, g->suffix, g->slen) != 0)
		return false;
	mid = s + g->blen;
	mlen = n - g->blen - g->slen;
	if (g->list) {
		for (i = 0; i < g->nitems; i++)
			if (strlen(g->items[i]) == mlen &&
			    memcmp(g->items[i], mid, mlen) == 0) {
				*k = i;
				return true;
			}
		return false;
	}
	{
		int64_t v = 0;

		if (mlen == 0 || mlen > 18 || (mid[0] == '0' && mlen > 1))
			return false;
		for (i = 0; i < mlen; i++) {
			if (!isdigit((unsigned char)mid[i]))
				return false;
			v = v * 10 + (mid[i] - '0');
		}
		if (v < g->from || v > g->to || (v - g->from) % g->step)
			return false;
		*k = (uint64_t)((v - g->from) / g->step);
		return true;
	}
}

const struct group *fixtures_ids_in_groups(const struct fixtures_ids *ids,
					   const char *s, size_t n, uint64_t *k)
{
	uint32_t i;

	for (i = 0; i < fixtures_ids_ngroups(ids); i++)
		if (fixtures_ids_group_has(fixtures_ids_group(ids, i), s, n, k))
			return fixtures_ids_group(ids, i);
	return NULL;
}

const char *fixtures_ids_name(const struct fixtures_ids *ids,
			      const struct entry *en, size_t *len)
{
	return pool_get(&ids->names, en->name, len);
}

int fixtures_ids_add_group(struct fixtures_ids *ids, struct group *g,
			   struct err *e)
{
	g->before = ids->nentries;
	return buf_add(&ids->groups, g, sizeof(*g)) == BUF_OK
		       ? 0
		       : fixtures_no_memory(e);
}

/* ------------------------------------------------------------------ */
/* Wildcards */

static int add_span(struct buf *out, struct span *s, uint64_t *total)
{
	*total += s->count;
	s->end = *total;
	return buf_add(out, s, sizeof(*s)) == BUF_OK ? 0 : -1;
}

/* The elements of a range whose ids continue the base with p[0..n). */
static int range_spans(const struct group *g, struct span *s, const char *p,
		       size_t n, struct buf *out, uint64_t *total)
{
	size_t digits = strspn(p, "0123456789"), k;
	int64_t lead, scale, lo, hi;
	unsigned width, widest;

	if (digits == 0 || digits > 18 || (p[0] == '0' && digits > 1))
		return 0;
	if (digits < n && (g->slen < n - digits ||
			   memcmp(g->suffix, p + digits, n - digits) != 0))
		return 0;
	lead = strtoll(p, NULL, 10);
	/* With text after the digits the number is exact; a lone 0 too. */
	widest = digits < n || lead == 0 ? (unsigned)digits : 18;
	for (width = (unsigned)digits; width <= widest; width++) {
		uint64_t first, last;

		scale = 1;
		for (k = digits; k < width; k++)
			scale *= 10;
		lo = lead * scale;
		hi = (lead + 1) * scale - 1;
		if (lo > g->to || hi < g->from)
			continue;
		if (lo < g->from)
			lo = g->from;
		if (hi > g->to)
			hi = g->to;
		first = (uint64_t)((lo - g->from + g->step - 1) / g->step);
		last = (uint64_t)((hi - g->from) / g->step);
		if (first > last)
			continue;
		s->first = first;
		s->count = last - first + 1;
		if (add_span(out, s, total) < 0)
			return -1;
	}
	return 0;
}

/* Spans of group g whose ids start with prefix p[0..n). */
static int group_spans(const struct group *g, uint32_t gi, const char *p,
		       size_t n, struct buf *out, uint64_t *total)
{
	struct span s = { true, gi, 0, 0, 0 };
	size_t i;

	if (n <= g->blen) {
		if (memcmp(g->base, p, n) != 0)
			return 0;
		s.count = g->count;
		return add_span(out, &s, total);
	}
	if (memcmp(g->base, p, g->blen) != 0)
		return 0;
	p += g->blen;
	n -= g->blen;
	if (!g->list)
		return range_spans(g, &s, p, n, out, total);
	for (i = 0; i < g->nitems; i++) {
		const char *item = g->items[i];
		size_t mlen = strlen(item);
		bool match = mlen >= n ? memcmp(item, p, n) == 0
				       : memcmp(item, p, mlen) == 0 &&
						 g->slen >= n - mlen &&
						 memcmp(g->suffix, p + mlen,
							n - mlen) == 0;

		if (!match)
			continue;
		s.first = i;
		s.count = 1;
		if (add_span(out, &s, total) < 0)
			return -1;
	}
	return 0;
}

static struct wildcard *wildcard_for(struct fixtures_ids *ids, const char *p,
				     size_t n, struct err *e)
{
	size_t i, count = ids->wildcards.len / sizeof(struct wildcard);
	struct wildcard w = { NULL, n, BUF_INIT((size_t)1 << 34), 0 };
	uint32_t en = 0, gi = 0;

	for (i = 0; i < count; i++) {
		struct wildcard *c =
			&((struct wildcard *)(void *)ids->wildcards.data)[i];

		if (c->len == n && memcmp(c->prefix, p, n) == 0)
			return c;
	}
	w.prefix = malloc(n + 1);
	if (!w.prefix) {
		fixtures_no_memory(e);
		return NULL;
	}
	memcpy(w.prefix, p, n);
	w.prefix[n] = '\0';
	/* Singles and groups interleaved in definition order. */
	while (en < ids->nentries || gi < fixtures_ids_ngroups(ids)) {
		const struct group *g = gi < fixtures_ids_ngroups(ids)
						? fixtures_ids_group(ids, gi)
						: NULL;

		if (g && g->before <= en) {
			if (group_spans(g, gi, p, n, &w.spans, &w.total) < 0)
				goto fail;
			gi++;
			continue;
		}
		{
			const struct entry *ent = entry_at(ids, en);
			struct span *last =
				w.spans.len
					? (struct
					   span *)(void *)(w.spans.data +
							   w.spans.len -
							   sizeof(struct span))
					: NULL;

			size_t elen;
			const char *ename =
				pool_get(&ids->names, ent->name, &elen);

			if (elen >= n && memcmp(ename, p, n) == 0) {
				if (last && !last->group &&
				    last->index + last->count == en) {
					last->count++;
					last->end++;
					w.total++;
				} else {
					struct span s = { false, en, 0, 1, 0 };

					w.total++;
					s.end = w.total;
					if (buf_add(&w.spans, &s, sizeof(s)) !=
					    BUF_OK)
						goto fail;
				}
			}
			en++;
		}
	}
	if (buf_add(&ids->wildcards, &w, sizeof(w)) != BUF_OK)
		goto fail;
	return &((struct wildcard *)(void *)ids->wildcards.data)[count];
fail:
	free(w.prefix);
	buf_release(&w.spans);
	fixtures_no_memory(e);
	return NULL;
}

int fixtures_ids_draw(struct fixtures_ids *ids, const char *p, size_t n,
		      struct faker_rng *rng, const struct entry **en,
		      const struct group **g, uint64_t *k, struct err *e)
{
	struct wildcard *w = wildcard_for(ids, p, n, e);
	const struct span *spans, *s;
	size_t lo = 0, hi;
	uint64_t pick, offset;

	if (!w)
		return -1;
	if (w->total == 0)
		return 0;
	pick = faker_rng_below(rng, w->total);
	spans = (const struct span *)(void *)w->spans.data;
	hi = w->spans.len / sizeof(struct span);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (spans[mid].end <= pick)
			lo = mid + 1;
		else
			hi = mid;
	}
	s = &spans[lo];
	offset = pick - (s->end - s->count);
	if (!s->group) {
		*en = entry_at(ids, s->index + (uint32_t)offset);
		*g = NULL;
		*k = 0;
	} else {
		*en = NULL;
		*g = fixtures_ids_group(ids, s->index);
		*k = s->first + offset;
	}
	return 1;
}

/* ------------------------------------------------------------------ */
/* Fixture ids: "wine_{1..10} (extends base, template)" */

static bool parse_braces(struct fixtures *f, struct def *d, uint16_t file,
			 const char *open, const char *close, struct arena *a,
			 struct err *e, int *rc)
{
	long long x, y, step = 1;
	int used = 0;
	char tmp[128];
	size_t len = (size_t)(close - open - 1), i, count;
	const char *p;

	*rc = 0;
	if (len == 0 || len >= sizeof(tmp))
		return false;
	memcpy(tmp, open + 1, len);
	tmp[len] = '\0';
	if (isdigit((unsigned char)tmp[0]) &&
	    sscanf(tmp, "%lld..%lld%n", &x, &y, &used) == 2) {
		if (tmp[used] == ',') {
			int more = 0;

			if (sscanf(tmp + used + 1, " %lld%n", &step, &more) !=
			    1)
				goto bad_range;
			used += 1 + more;
		}
		if ((size_t)used != len || x < 0 || y < 0 || step < 0)
			goto bad_range;
		d->kind = ID_RANGE;
		d->from = x < y ? x : y;
		d->to = x < y ? y : x;
		d->step = step ? step : 1;
		return true;
	}
	if (strstr(tmp, ".."))
		goto bad_range; /* meant as a range, but not one */
	if (tmp[0] == '@') {
		*rc = fixtures_fail(
			f, file, e, d->line, d->column,
			"fixture ids from references ('{%s}') are not supported",
			tmp);
		return true;
	}
	/* alice separates list items with ", " exactly. */
	if (strchr(tmp, ',') && !strstr(tmp, ", "))
		return false;
	for (count = 1, p = tmp; (p = strstr(p, ", ")); p += 2)
		count++;
	d->items = arena_alloc(a, count * sizeof(*d->items));
	if (!d->items) {
		*rc = fixtures_no_memory(e);
		return true;
	}
	p = tmp;
	for (i = 0; i < count; i++) {
		const char *q = strstr(p, ", ");
		size_t n = q ? (size_t)(q - p) : strlen(p);

		if (n == 0) {
			*rc = fixtures_fail(f, file, e, d->line, d->column,
					    "empty item in the id list '{%s}'",
					    tmp);
			return true;
		}
		d->items[i] = arena_strndup(a, p, n);
		if (!d->items[i]) {
			*rc = fixtures_no_memory(e);
			return true;
		}
		p = q ? q + 2 : p + n;
	}
	d->nitems = count;
	d->kind = ID_LIST;
	return true;
bad_range:
	*rc = fixtures_fail(
		f, file, e, d->line, d->column,
		"invalid range '{%s}' (expected {1..10} or {1..10, 2})", tmp);
	return true;
}

static int parse_flags(struct fixtures *f, struct def *d, uint16_t file,
		       const char *s, size_t n, struct arena *a, struct err *e)
{
	const char *p = s, *end = s + n;
	struct buf ext = BUF_INIT(4096 * sizeof(char *));

	while (p < end) {
		const char *q = memchr(p, ',', (size_t)(end - p));
		const char *t = q ? q : end;

		while (p < t && isspace((unsigned char)*p))
			p++;
		while (t > p && isspace((unsigned char)t[-1]))
			t--;
		if (t - p == 8 && strncmp(p, "template", 8) == 0) {
			d->template = true;
		} else if (t - p > 8 && strncmp(p, "extends ", 8) == 0) {
			const char *name = p + 8;
			char *copy;

			while (name < t && *name == ' ')
				name++;
			copy = arena_strndup(a, name, (size_t)(t - name));
			if (!copy || buf_add(&ext, &copy, sizeof(copy))) {
				buf_release(&ext);
				return fixtures_no_memory(e);
			}
		} else {
			buf_release(&ext);
			return fixtures_fail(
				f, file, e, d->line, d->column,
				"unknown flag '%.*s' (expected 'template' or 'extends <id>')",
				(int)(t - p), p);
		}
		p = q ? q + 1 : end;
	}
	d->nextends = ext.len / sizeof(char *);
	if (d->nextends) {
		d->extends = arena_alloc(a, ext.len);
		if (!d->extends) {
			buf_release(&ext);
			return fixtures_no_memory(e);
		}
		memcpy(d->extends, ext.data, ext.len);
	}
	buf_release(&ext);
	return 0;
}

int fixtures_ids_parse(struct fixtures *f, struct def *d, uint16_t file,
		       const char *key, size_t len, struct arena *a,
		       struct err *e)
{
	const char *flags, *open, *close;
	size_t n = len;
	int rc;

	/* "id (flags)": a space, then flags in parentheses at the end. */
	flags = len && key[len - 1] == ')' ? memchr(key, '(', len) : NULL;
	while (flags && flags > key && flags[-1] != ' ') {
		const char *again =
			memchr(flags + 1, '(', (size_t)(key + len - flags - 1));
		flags = again;
	}
	if (flags) {
		n = (size_t)(flags - key);
		while (n && key[n - 1] == ' ')
			n--;
		if (parse_flags(f, d, file, flags + 1,
				(size_t)(key + len - flags - 2), a, e) < 0)
			return -1;
	}
	if (n == 0)
		return fixtures_fail(f, file, e, d->line, d->column,
				     "empty fixture id");
	if (n > LIMIT_FIXTURE_ID_CHARS)
		return fixtures_fail(f, file, e, d->line, d->column,
				     "fixture id is longer than %d characters",
				     LIMIT_FIXTURE_ID_CHARS);
	d->kind = ID_SINGLE;
	open = memchr(key, '{', n);
	close = open ? memchr(open, '}', (size_t)(key + n - open)) : NULL;
	if (open &&
	    (!close || !parse_braces(f, d, file, open, close, a, e, &rc)))
		return fixtures_fail(
			f, file, e, d->line, d->column,
			"invalid range or list in '%.*s' (expected {1..10}, {1..10, 2} or {a, b})",
			(int)n, key);
	if (open) {
		if (rc < 0)
			return -1;
		d->name = arena_strndup(a, key, (size_t)(open - key));
		d->len = (size_t)(open - key);
		d->suffix = arena_strndup(a, close + 1,
					  (size_t)(key + n - close - 1));
		d->slen = (size_t)(key + n - close - 1);
		if (!d->name || !d->suffix)
			return fixtures_no_memory(e);
		return 0;
	}
	d->name = arena_strndup(a, key, n);
	d->len = n;
	d->suffix = "";
	if (!d->name)
		return fixtures_no_memory(e);
	return 0;
}

uint64_t fixtures_ids_count(const struct def *d)
{
	if (d->kind == ID_SINGLE)
		return 1;
	if (d->kind == ID_LIST)
		return d->nitems;
	return (uint64_t)((d->to - d->from) / d->step) + 1;
}

size_t fixtures_ids_element(const struct def *d, uint64_t k, char *out,
			    size_t size, struct faker_value *current)
{
	int n;

	if (d->kind == ID_SINGLE) {
		n = snprintf(out, size, "%.*s", (int)d->len, d->name);
		current->kind = FAKER_NULL;
	} else if (d->kind == ID_LIST) {
		n = snprintf(out, size, "%.*s%s%.*s", (int)d->len, d->name,
			     d->items[k], (int)d->slen, d->suffix);
		current->kind = FAKER_STRING;
		current->u.s.p = d->items[k];
		current->u.s.len = strlen(d->items[k]);
	} else {
		int64_t v = d->from + (int64_t)k * d->step;

		n = snprintf(out, size, "%.*s%lld%.*s", (int)d->len, d->name,
			     (long long)v, (int)d->slen, d->suffix);
		current->kind = FAKER_INT;
		current->u.i = v;
	}
	return n < 0 ? 0 : (size_t)n >= size ? size - 1 : (size_t)n;
}
