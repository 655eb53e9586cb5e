/*
 * faker_wine: the formatters Faker does not have (wineName, grape,
 * region, wineType, vintage), for this project's own data.
 *
 * Apart from the Faker families because they are ours: nothing in them
 * follows a Faker shape, and a vintage is a year before "now".
 */
#include "compat.h"

#include "err.h"
#include "faker.h"
#include "faker_int.h"
#include "faker_words.h"
#include "phpdate.h"

#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Wine */

int faker_wine_grape(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_grape);
}

int faker_wine_region(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_region);
}

int faker_wine_wine_type(struct call *c, struct faker_value *out)
{
	return set_pick(c->f, out, &faker_words_wine_type);
}

int faker_wine_vintage(struct call *c, struct faker_value *out)
{
	set_int(out, faker_rng_between(&c->f->rng, 1950,
				       phpdate_year(c->f->now) - 1));
	return 0;
}

int faker_wine_wine_name(struct call *c, struct faker_value *out)
{
	struct sb b;
	char year[16];

	if (sb_new(c->f, &b, 96, c->e) < 0)
		return -1;
	switch (faker_rng_below(&c->f->rng, 4)) {
	case 0:
		sb_adds(&b, "Chateau ");
		sb_adds(&b, pick(c->f, &faker_words_last));
		break;
	case 1:
		sb_adds(&b, "Domaine ");
		sb_adds(&b, pick(c->f, &faker_words_last));
		sb_addc(&b, ' ');
		sb_adds(&b, pick(c->f, &faker_words_grape));
		break;
	case 2:
		sb_adds(&b, pick(c->f, &faker_words_wine_adjective));
		sb_addc(&b, ' ');
		sb_adds(&b, pick(c->f, &faker_words_wine_noun));
		break;
	default:
		sb_adds(&b, pick(c->f, &faker_words_region));
		sb_addc(&b, ' ');
		sb_adds(&b, pick(c->f, &faker_words_grape));
		snprintf(year, sizeof(year), " %lld",
			 (long long)faker_rng_between(&c->f->rng, 1950,
						      phpdate_year(c->f->now) -
							      1));
		sb_adds(&b, year);
		break;
	}
	set_sb(out, &b);
	return 0;
}
