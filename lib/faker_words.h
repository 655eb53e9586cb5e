/*
 * faker_words: the word lists behind the faker formatters.
 *
 * These lists are our own (Faker's are not copied): short, wine-flavoured,
 * and enough to give fixtures believable variety. Tests check the shape
 * of generated values, never particular entries, so entries may be added
 * freely; removing or reordering them changes every seeded data set.
 */
#ifndef WS_FAKER_WORDS_H
#define WS_FAKER_WORDS_H

#include "compat.h"

#include <stddef.h>

struct faker_words_list {
	const char *const *items;
	size_t n;
};

extern const struct faker_words_list faker_words_lorem;
extern const struct faker_words_list faker_words_first_male;
extern const struct faker_words_list faker_words_first_female;
extern const struct faker_words_list faker_words_last;
extern const struct faker_words_list faker_words_title_male;
extern const struct faker_words_list faker_words_title_female;
extern const struct faker_words_list faker_words_suffix;
extern const struct faker_words_list faker_words_company_suffix;
extern const struct faker_words_list faker_words_job;
extern const struct faker_words_list faker_words_catch_adjective;
extern const struct faker_words_list faker_words_catch_noun;
extern const struct faker_words_list faker_words_city_prefix;
extern const struct faker_words_list faker_words_city_root;
extern const struct faker_words_list faker_words_city_suffix;
extern const struct faker_words_list faker_words_street_suffix;
extern const struct faker_words_list faker_words_state;
extern const struct faker_words_list faker_words_state_abbr;
extern const struct faker_words_list faker_words_country;
extern const struct faker_words_list faker_words_country_code;
extern const struct faker_words_list faker_words_currency;
extern const struct faker_words_list faker_words_tld;
extern const struct faker_words_list faker_words_free_email;
extern const struct faker_words_list faker_words_color;
extern const struct faker_words_list faker_words_safe_color;
extern const struct faker_words_list faker_words_timezone;
extern const struct faker_words_list faker_words_grape;
extern const struct faker_words_list faker_words_region;
extern const struct faker_words_list faker_words_wine_type;
extern const struct faker_words_list faker_words_wine_noun;
extern const struct faker_words_list faker_words_wine_adjective;

#endif
