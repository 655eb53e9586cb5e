/*
 * sseload: hold many Server-Sent Events subscriptions to one hub and
 * count what each receives, for bench/wine-serve.sh.
 *
 *   sseload HOST PORT PATH-PREFIX SECONDS TOPIC...
 *
 * Opens one HTTP/1.0 subscription per TOPIC argument ("N*TOPIC" opens N
 * of them) at PATH-PREFIX?topic=<TOPIC, percent-encoded>, prints "ready"
 * once every one has its headers, then runs for SECONDS (or until
 * SIGTERM) and prints one line per subscription: its topic, the number
 * of events, and for each wine id seen in the data ("id":N) how many.
 * Built by the benchmark with cc; not part of the toolkit.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXIDS 2048

struct sub {
	int fd;
	const char *topic;
	int ready;
	long events;
	char line[65536];
	size_t len;
	long *ids; /* events per wine id */
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void encode(char *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c)) {
			*out++ = (char)c;
		} else {
			*out++ = '%';
			*out++ = hex[c >> 4];
			*out++ = hex[c & 15];
		}
	}
	*out = '\0';
}

static void feed(struct sub *s, const char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = buf[i];

		if (c != '\n') {
			if (s->len < sizeof(s->line) - 1)
				s->line[s->len++] = c;
			continue;
		}
		s->line[s->len] = '\0';
		if (!s->ready) {
			if (s->len == 0 || (s->len == 1 && s->line[0] == '\r'))
				s->ready = 1; /* end of the headers */
		} else if (s->len == 0) {
			/* blank line: the end of an event (comments
			 * alone are heartbeats, not counted here) */
		} else if (!strncmp(s->line, "data:", 5)) {
			const char *id = strstr(s->line, "\"id\":");

			s->events++;
			if (id) {
				long v = strtol(id + 5, NULL, 10);

				if (v > 0 && v < MAXIDS)
					s->ids[v]++;
			}
		}
		s->len = 0;
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { 0 };
	struct sub *subs;
	int nsubs = 0, ready = 0, ep, i, j;
	double seconds;
	time_t end;
	char enc[8192], req[9000], buf[65536];

	if (argc < 6) {
		fprintf(stderr,
			"usage: sseload HOST PORT PREFIX SECONDS TOPIC...\n");
		return 2;
	}
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)atoi(argv[2]));
	inet_pton(AF_INET, argv[1], &sa.sin_addr);
	seconds = atof(argv[4]);
	for (i = 5; i < argc; i++)
		nsubs += strchr(argv[i], '*') ? atoi(argv[i]) : 1;
	subs = calloc((size_t)nsubs, sizeof(*subs));
	ep = epoll_create1(0);
	signal(SIGTERM, on_term);
	signal(SIGPIPE, SIG_IGN);
	for (i = 5, j = 0; i < argc; i++) {
		int count = strchr(argv[i], '*') ? atoi(argv[i]) : 1, k;
		const char *topic = strchr(argv[i], '*')
					    ? strchr(argv[i], '*') + 1
					    : argv[i];

		for (k = 0; k < count; k++, j++) {
			struct sub *s = &subs[j];
			struct epoll_event ev = { .events = EPOLLIN,
						  .data.ptr = s };
			int one = 1;

			s->topic = topic;
			s->ids = calloc(MAXIDS, sizeof(long));
			s->fd = socket(AF_INET, SOCK_STREAM, 0);
			if (connect(s->fd, (struct sockaddr *)&sa, sizeof(sa)) <
			    0) {
				perror("connect");
				return 1;
			}
			setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one,
				   sizeof(one));
			encode(enc, topic);
			snprintf(
				req, sizeof(req),
				"GET %s?topic=%s HTTP/1.0\r\nHost: %s:%s\r\nAccept: text/event-stream\r\n\r\n",
				argv[3], enc, argv[1], argv[2]);
			if (write(s->fd, req, strlen(req)) < 0)
				return 1;
			fcntl(s->fd, F_SETFL, O_NONBLOCK);
			epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev);
		}
	}
	end = 0;
	while (!stop && (!end || time(NULL) < end)) {
		struct epoll_event evs[256];
		int n = epoll_wait(ep, evs, 256, 200);

		for (i = 0; i < n; i++) {
			struct sub *s = evs[i].data.ptr;
			ssize_t r;

			while ((r = read(s->fd, buf, sizeof(buf))) > 0) {
				int was = s->ready;

				feed(s, buf, (size_t)r);
				if (!was && s->ready && ++ready == nsubs) {
					printf("ready\n");
					fflush(stdout);
					end = time(NULL) + (time_t)seconds;
				}
			}
			if (r == 0) {
				fprintf(stderr,
					"sseload: subscription to %s closed\n",
					s->topic);
				epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
			}
		}
	}
	for (i = 0; i < nsubs; i++) {
		printf("%s %ld", subs[i].topic, subs[i].events);
		for (j = 1; j < MAXIDS; j++)
			if (subs[i].ids[j])
				printf(" %d:%ld", j, subs[i].ids[j]);
		printf("\n");
	}
	return 0;
}
