/*
 * fixtures_spool: definitions that must wait for the end of the load.
 *
 * A definition that refers to what is not known yet (a wildcard, a
 * fixture, template or parameter defined later) is serialised here in
 * pass 1 and read back in pass 2. It is a module of its own because it
 * only needs the shape of a definition: records are written in memory,
 * then to a temporary file beyond LIMIT_SPOOL_MEMORY, and read back in
 * the order written.
 */
#define _DEFAULT_SOURCE /* madvise */
#include "compat.h"

#include "arena.h"
#include "bounds.h"
#include "buf.h"
#include "err.h"
#include "fixtures_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Pages of the spill file already read are given back in steps this
 * large, so reading a spool of any size holds about this much. */
#define SPOOL_RELEASE_STEP (1u * 1024 * 1024)

void fixtures_spool_init(struct fixtures_spool *sp)
{
	buf_init(&sp->mem, LIMIT_SPOOL_MEMORY + LIMIT_FIXTURE_DEF_BYTES);
	sp->spill = NULL;
	sp->count = 0;
}

void fixtures_spool_release(struct fixtures_spool *sp)
{
	buf_release(&sp->mem);
	if (sp->spill)
		fclose(sp->spill);
	sp->spill = NULL;
}

static int spool_bytes(struct fixtures_spool *sp, const void *p, size_t n,
		       struct err *e)
{
	if (buf_add(&sp->mem, p, n) != BUF_OK)
		return fixtures_no_memory(e);
	return 0;
}

static int spool_u64(struct fixtures_spool *sp, uint64_t v, struct err *e)
{
	return spool_bytes(sp, &v, sizeof(v), e);
}

static int spool_str(struct fixtures_spool *sp, const char *s, size_t n,
		     struct err *e)
{
	if (spool_u64(sp, s ? n : (uint64_t)-1, e) < 0)
		return -1;
	return s ? spool_bytes(sp, s, n, e) : 0;
}

static int spool_node(struct fixtures_spool *sp, const struct vnode *v,
		      struct err *e)
{
	size_t i;

	if (spool_u64(sp, v ? (uint64_t)v->kind : (uint64_t)-1, e) < 0)
		return -1;
	if (!v)
		return 0;
	if (spool_u64(sp, (uint64_t)v->plain, e) < 0 ||
	    spool_u64(sp, (uint64_t)v->line, e) < 0 ||
	    spool_u64(sp, (uint64_t)v->column, e) < 0 ||
	    spool_str(sp, v->tag, v->tag ? strlen(v->tag) : 0, e) < 0 ||
	    spool_str(sp, v->text, v->len, e) < 0 || spool_u64(sp, v->n, e) < 0)
		return -1;
	for (i = 0; i < v->n; i++)
		if (spool_node(sp, v->kids[i], e) < 0)
			return -1;
	return 0;
}

static int spool_flush(struct fixtures_spool *sp, struct err *e)
{
	if (!sp->mem.len)
		return 0;
	if (!sp->spill) {
		sp->spill = tmpfile();
		if (!sp->spill)
			return err_set_errno(e, ERR_RUNTIME, errno,
					     "cannot create a temporary file");
	}
	if (fwrite(sp->mem.data, 1, sp->mem.len, sp->spill) != sp->mem.len)
		return err_set_errno(e, ERR_RUNTIME, errno,
				     "cannot write a temporary file");
	buf_reset(&sp->mem);
	return 0;
}

int fixtures_spool_def(struct fixtures_spool *sp, const struct def *d,
		       struct err *e)
{
	size_t i;

	if (spool_u64(sp, d->serial, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->table, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->kind, e) < 0 ||
	    spool_str(sp, d->name, d->len, e) < 0 ||
	    spool_str(sp, d->suffix, d->slen, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->from, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->to, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->step, e) < 0 ||
	    spool_u64(sp, d->nitems, e) < 0)
		return -1;
	for (i = 0; i < d->nitems; i++)
		if (spool_str(sp, d->items[i], strlen(d->items[i]), e) < 0)
			return -1;
	if (spool_u64(sp, d->nextends, e) < 0)
		return -1;
	for (i = 0; i < d->nextends; i++)
		if (spool_str(sp, d->extends[i], strlen(d->extends[i]), e) < 0)
			return -1;
	if (spool_u64(sp, d->file, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->line, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->column, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->depth, e) < 0 ||
	    spool_u64(sp, (uint64_t)d->explicit_id, e) < 0 ||
	    spool_u64(sp, d->group, e) < 0 || spool_node(sp, d->body, e) < 0)
		return -1;
	sp->count++;
	if (sp->mem.len > LIMIT_SPOOL_MEMORY)
		return spool_flush(sp, e);
	return 0;
}

static int read_bytes(struct fixtures_spool_reader *rd, void *out, size_t n)
{
	if ((size_t)(rd->end - rd->p) < n)
		return -1;
	memcpy(out, rd->p, n);
	rd->p += n;
	return 0;
}

static int read_u64(struct fixtures_spool_reader *rd, uint64_t *v)
{
	return read_bytes(rd, v, sizeof(*v));
}

static int read_str(struct fixtures_spool_reader *rd, struct arena *a,
		    const char **s, size_t *n)
{
	uint64_t len;

	if (read_u64(rd, &len) < 0)
		return -1;
	if (len == (uint64_t)-1) {
		*s = NULL;
		if (n)
			*n = 0;
		return 0;
	}
	if ((uint64_t)(rd->end - rd->p) < len)
		return -1;
	*s = arena_strndup(a, rd->p, (size_t)len);
	rd->p += len;
	if (n)
		*n = (size_t)len;
	return *s ? 0 : -1;
}

static int read_node_back(struct fixtures_spool_reader *rd, struct arena *a,
			  struct vnode **out)
{
	uint64_t kind, plain, line, column, n, i;
	struct vnode *v;

	if (read_u64(rd, &kind) < 0)
		return -1;
	if (kind == (uint64_t)-1) {
		*out = NULL;
		return 0;
	}
	v = arena_alloc(a, sizeof(*v));
	if (!v || read_u64(rd, &plain) < 0 || read_u64(rd, &line) < 0 ||
	    read_u64(rd, &column) < 0)
		return -1;
	memset(v, 0, sizeof(*v));
	v->kind = (enum vkind)kind;
	v->plain = plain != 0;
	v->line = (long)line;
	v->column = (long)column;
	if (read_str(rd, a, &v->tag, NULL) < 0 ||
	    read_str(rd, a, &v->text, &v->len) < 0 || read_u64(rd, &n) < 0)
		return -1;
	v->n = (size_t)n;
	if (n) {
		v->kids = arena_alloc(a, (size_t)n * sizeof(*v->kids));
		if (!v->kids)
			return -1;
		for (i = 0; i < n; i++)
			if (read_node_back(rd, a, &v->kids[i]) < 0)
				return -1;
	}
	*out = v;
	return 0;
}

static int read_def(struct fixtures_spool_reader *rd, struct arena *a,
		    struct def *d)
{
	uint64_t v[6], n, i;

	memset(d, 0, sizeof(*d));
	if (read_u64(rd, &v[0]) < 0 || read_u64(rd, &v[1]) < 0 ||
	    read_u64(rd, &v[2]) < 0)
		return -1;
	d->serial = (uint32_t)v[0];
	d->table = (int)v[1];
	d->kind = (enum idkind)v[2];
	if (read_str(rd, a, &d->name, &d->len) < 0 ||
	    read_str(rd, a, &d->suffix, &d->slen) < 0 ||
	    read_u64(rd, &v[0]) < 0 || read_u64(rd, &v[1]) < 0 ||
	    read_u64(rd, &v[2]) < 0 || read_u64(rd, &n) < 0)
		return -1;
	d->from = (int64_t)v[0];
	d->to = (int64_t)v[1];
	d->step = (int64_t)v[2];
	d->nitems = (size_t)n;
	d->items = arena_alloc(a, ((size_t)n + 1) * sizeof(*d->items));
	if (!d->items)
		return -1;
	for (i = 0; i < n; i++)
		if (read_str(rd, a, &d->items[i], NULL) < 0)
			return -1;
	if (read_u64(rd, &n) < 0)
		return -1;
	d->nextends = (size_t)n;
	d->extends = arena_alloc(a, ((size_t)n + 1) * sizeof(*d->extends));
	if (!d->extends)
		return -1;
	for (i = 0; i < n; i++)
		if (read_str(rd, a, &d->extends[i], NULL) < 0)
			return -1;
	for (i = 0; i < 6; i++)
		if (read_u64(rd, &v[i]) < 0)
			return -1;
	d->file = (uint16_t)v[0];
	d->line = (long)v[1];
	d->column = (long)v[2];
	d->depth = (int)v[3];
	d->explicit_id = (int64_t)v[4];
	d->group = (uint32_t)v[5];
	return read_node_back(rd, a, &d->body);
}

/*
 * The spill file is mapped rather than read into memory: pass 2 reads
 * it once, in order, and the pages behind the reader are dropped as it
 * goes (fixtures_spool_next), so a spool of gigabytes costs a few
 * megabytes of memory.
 */
int fixtures_spool_open(struct fixtures_spool *sp,
			struct fixtures_spool_reader *rd, struct err *e)
{
	long end;
	void *map;

	rd->map = NULL;
	rd->map_len = 0;
	if (!sp->spill) {
		rd->p = sp->mem.data;
		rd->end = sp->mem.data + sp->mem.len;
		rd->released = rd->p;
		return 0;
	}
	/* The map sees the file, not what stdio still holds. */
	if (spool_flush(sp, e) < 0)
		return -1;
	if (fflush(sp->spill) != 0 || (end = ftell(sp->spill)) <= 0)
		return err_set_errno(e, ERR_RUNTIME, errno,
				     "cannot write a temporary file");
	/* Everything is in the file now: its buffer is not needed again. */
	buf_release(&sp->mem);
	map = mmap(NULL, (size_t)end, PROT_READ, MAP_PRIVATE, fileno(sp->spill),
		   0);
	if (map == MAP_FAILED)
		return err_set_errno(e, ERR_RUNTIME, errno,
				     "cannot map a temporary file");
	(void)madvise(map, (size_t)end, MADV_SEQUENTIAL);
	rd->map = map;
	rd->map_len = (size_t)end;
	rd->p = rd->released = map;
	rd->end = rd->p + rd->map_len;
	return 0;
}

/* Give back the whole pages of the map that the reader has passed. */
static void release_read_pages(struct fixtures_spool_reader *rd)
{
	size_t done = (size_t)(rd->p - rd->released);

	/* Checked after every definition: the page size only once a step
	 * has been read. */
	if (!rd->map || done < SPOOL_RELEASE_STEP)
		return;
	done -= done % (size_t)sysconf(_SC_PAGESIZE);
	(void)madvise((void *)(uintptr_t)rd->released, done, MADV_DONTNEED);
	rd->released += done;
}

int fixtures_spool_next(struct fixtures_spool_reader *rd, struct arena *a,
			struct def *d, struct err *e)
{
	if (rd->p >= rd->end)
		return 0;
	if (read_def(rd, a, d) < 0)
		return err_set(e, ERR_RUNTIME, "the spool is damaged");
	release_read_pages(rd);
	return 1;
}

void fixtures_spool_close(struct fixtures_spool_reader *rd)
{
	if (rd->map)
		munmap(rd->map, rd->map_len);
	rd->map = NULL;
}
