/*
 * rtt: the floor under a request/response benchmark on loopback: how
 * long a bare TCP round trip takes (a 200-byte "request", a 45-byte
 * "answer", TCP_NODELAY, no HTTP) between two processes.
 *
 *   rtt serve PORTFILE   listen on a free loopback port, write it to
 *                        PORTFILE, echo answers on one connection
 *   rtt ping PORT N      N round trips; prints "<us per round trip>"
 *
 * Pin each side with taskset to compare CPUs. Built by bench scripts.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_BYTES 200
#define ANSWER_BYTES  45

static int serve(const char *portfile)
{
	struct sockaddr_in sa = { 0 };
	socklen_t len = sizeof(sa);
	char buf[4096] = { 0 };
	int one = 1, fd, c;
	FILE *f;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, len) != 0 ||
	    listen(fd, 1) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		perror("rtt: serve");
		return 1;
	}
	f = fopen(portfile, "w");
	if (!f || fprintf(f, "%d\n", ntohs(sa.sin_port)) < 0 || fclose(f)) {
		perror("rtt: port file");
		return 1;
	}
	c = accept(fd, NULL, NULL);
	if (c < 0)
		return 1;
	setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	while (read(c, buf, sizeof(buf)) > 0)
		if (write(c, buf, ANSWER_BYTES) != ANSWER_BYTES)
			break;
	close(c);
	close(fd);
	return 0;
}

static int ping(int port, long n)
{
	struct sockaddr_in sa = { 0 };
	struct timespec t0, t1;
	char buf[4096];
	int one = 1, fd;
	double us;
	long i;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		perror("rtt: ping");
		return 1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	memset(buf, 'x', sizeof(buf));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		size_t got = 0;

		if (write(fd, buf, REQUEST_BYTES) != REQUEST_BYTES)
			return 1;
		while (got < ANSWER_BYTES) {
			ssize_t r = read(fd, buf, sizeof(buf));

			if (r <= 0)
				return 1;
			got += (size_t)r;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 +
	      (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) /
	     (double)n;
	printf("%.1f\n", us);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "serve") == 0)
		return serve(argv[2]);
	if (argc == 4 && strcmp(argv[1], "ping") == 0)
		return ping((int)strtol(argv[2], NULL, 10),
			    strtol(argv[3], NULL, 10));
	fprintf(stderr, "usage: rtt serve PORTFILE | rtt ping PORT N\n");
	return 2;
}
