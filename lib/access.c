/* access: the topics a token allows an action on (see access.h). */
#include "compat.h"

#include "access.h"

#include "bounds.h"
#include "urlpattern.h"

#include <stdlib.h>
#include <string.h>

struct access {
	struct topic_set *selectors; /* 0.x: "*", strings, URI templates */
	struct topic_set *exact;     /* 1.0 "exact" */
	struct buf patterns;	     /* 1.0 "urlpattern": struct urlpattern * */
};

static bool is_wildcard(const struct claims_topic *t)
{
	return t->len == 1 && t->text[0] == '*';
}

static size_t npatterns(const struct access *a)
{
	return a->patterns.len / sizeof(struct urlpattern *);
}

static struct urlpattern *pattern(const struct access *a, size_t i)
{
	struct urlpattern *p;

	memcpy(&p, a->patterns.data + i * sizeof(p), sizeof(p));
	return p;
}

/*
 * Keep a URL pattern: the one claims_grants_read compiled (against the
 * default base URL, the hub having none of its own), shared rather than
 * compiled again for every access made from the same grants.
 */
static int add_urlpattern(struct access *a, const struct claims_topic *t,
			  struct err *e)
{
	struct urlpattern *p = urlpattern_ref(t->pattern);

	if (buf_add(&a->patterns, &p, sizeof(p)) != BUF_OK) {
		urlpattern_free(p);
		return err_set(e, ERR_LIMIT, "more than %d URL patterns",
			       LIMIT_TOPIC_COUNT);
	}
	return 0;
}

/* Whether one of the URL patterns matches t. */
static bool match_urlpattern(const struct access *a, const char *t, size_t len)
{
	size_t i;

	for (i = 0; i < npatterns(a); i++)
		if (urlpattern_match(pattern(a, i), t, len))
			return true;
	return false;
}

static int add_topic(struct access *a, const struct claims_topic *t,
		     struct err *e)
{
	if (t->type == CLAIMS_MATCH_SELECTOR)
		return topic_set_add(a->selectors, t->text, t->len, e);
	/* "*" is the wildcard before any matcher type is looked at. */
	if (t->type == CLAIMS_MATCH_EXACT || is_wildcard(t))
		return topic_set_add_exact(a->exact, t->text, t->len, e);
	return add_urlpattern(a, t, e);
}

struct access *access_new(const struct claims_grants *g, unsigned action,
			  struct err *e)
{
	struct access *a = calloc(1, sizeof(*a));
	size_t i, k;
	int rc = 0;

	if (a) {
		a->selectors = topic_set_new();
		a->exact = topic_set_new();
		buf_init(&a->patterns,
			 LIMIT_TOPIC_COUNT * sizeof(struct urlpattern *));
	}
	if (!a || !a->selectors || !a->exact) {
		access_free(a);
		err_set(e, ERR_RUNTIME, "out of memory");
		return NULL;
	}
	for (i = 0; rc == 0 && i < g->ndetails; i++) {
		const struct claims_detail *d = &g->details[i];

		for (k = 0; rc == 0 && (d->actions & action) && k < d->ntopics;
		     k++)
			rc = add_topic(a, &d->topics[k], e);
	}
	if (rc < 0) {
		access_free(a);
		return NULL;
	}
	return a;
}

void access_free(struct access *a)
{
	size_t i;

	if (!a)
		return;
	topic_set_free(a->selectors);
	topic_set_free(a->exact);
	for (i = 0; i < npatterns(a); i++)
		urlpattern_free(pattern(a, i));
	buf_release(&a->patterns);
	free(a);
}

size_t access_count(const struct access *a)
{
	return topic_set_count(a->selectors) + topic_set_count(a->exact) +
	       npatterns(a);
}

bool access_any(const struct access *a, const struct topic_ref *topics,
		size_t n)
{
	size_t i;

	if (topic_set_match(a->selectors, topics, n) ||
	    topic_set_match(a->exact, topics, n))
		return true;
	for (i = 0; npatterns(a) && i < n; i++)
		if (match_urlpattern(a, topics[i].s, topics[i].len))
			return true;
	return false;
}

bool access_one(const struct access *a, const char *t, size_t len)
{
	struct topic_ref ref;

	topic_ref_init(&ref, t, len);
	return access_any(a, &ref, 1);
}

int access_key(const struct claims_grants *g, unsigned action, struct buf *key)
{
	size_t i, k;
	int rc = BUF_OK;

	for (i = 0; rc == BUF_OK && i < g->ndetails; i++) {
		const struct claims_detail *d = &g->details[i];

		for (k = 0;
		     rc == BUF_OK && (d->actions & action) && k < d->ntopics;
		     k++) {
			const struct claims_topic *t = &d->topics[k];

			rc = buf_printf(key, "%d %zu:", (int)t->type, t->len);
			if (rc == BUF_OK)
				rc = buf_add(key, t->text, t->len);
		}
	}
	return rc;
}
