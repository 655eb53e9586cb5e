/* suggest: edit distances for "did you mean" (see suggest.h). */
#include "compat.h"

#include "suggest.h"

#include <ctype.h>

static bool same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

static size_t min2(size_t a, size_t b)
{
	return a < b ? a : b;
}

size_t suggest_distance(const char *a, size_t n, const char *b, size_t m)
{
	/* Three rows of the table: a swap looks two rows back. */
	size_t rows[3][SUGGEST_MAX_LEN + 1], i, j;
	size_t *back2 = rows[0], *back = rows[1], *cur = rows[2], *t;

	if (n > SUGGEST_MAX_LEN || m > SUGGEST_MAX_LEN)
		return (size_t)-1;
	for (j = 0; j <= m; j++)
		back[j] = j;
	for (i = 1; i <= n; i++) {
		cur[0] = i;
		for (j = 1; j <= m; j++) {
			size_t best = min2(back[j], cur[j - 1]) + 1;

			best = min2(best,
				    back[j - 1] + !same(a[i - 1], b[j - 1]));
			if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
			    same(a[i - 2], b[j - 1]))
				best = min2(best, back2[j - 2] + 1);
			cur[j] = best;
		}
		t = back2;
		back2 = back;
		back = cur;
		cur = t;
	}
	return back[m];
}

bool suggest_close(size_t len, size_t distance)
{
	return distance <= (len < 6 ? 2 : len / 3 + 1);
}
