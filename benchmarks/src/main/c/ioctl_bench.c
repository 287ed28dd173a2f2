/*
 * The native baselines of the end-to-end benchmark: the same four ioctls, in a loop, built as a
 * 64-bit program (the floor), as a static i386 program (the kernel's compat path) and run under
 * qemu-i386. Prints one JSON object per ioctl: {"ioctl": NAME, "ns": NS_PER_CALL, "calls": N}.
 * Usage: ioctl_bench FILE [SECONDS_PER_IOCTL]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/fs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int fails;

/* Runs the call in batches until the time is used; reports ns per call. */
#define MEASURE(NAME, CALL)                                                   \
	do {                                                                      \
		for (int i = 0; i < 10000; i++)                                       \
			if ((CALL) < 0) fails++;                                          \
		long calls = 0;                                                       \
		double start = now(), end;                                            \
		do {                                                                  \
			for (int i = 0; i < 10000; i++)                                   \
				if ((CALL) < 0) fails++;                                      \
			calls += 10000;                                                   \
			end = now();                                                      \
		} while (end - start < seconds * 1e9);                                \
		printf("{\"ioctl\": \"%s\", \"ns\": %.2f, \"calls\": %ld}\n", NAME,   \
		       (end - start) / calls, calls);                                 \
	} while (0)

int main(int argc, char **argv) {
	double seconds = argc > 2 ? atof(argv[2]) : 2.0;
	int pty = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(pty);
	unlockpt(pty);
	int sock = socket(AF_INET, SOCK_DGRAM, 0);
	int pipes[2];
	if (pipe(pipes) != 0 || write(pipes[1], "hello", 5) != 5)
		return 2;
	int file = open(argv[1], O_RDONLY);
	if (pty < 0 || sock < 0 || file < 0)
		return 2;

	struct winsize ws;
	MEASURE("TIOCGWINSZ", ioctl(pty, TIOCGWINSZ, &ws));
	long flags;  /* FS_IOC_GETFLAGS is declared with long; the kernel writes an int */
	MEASURE("FS_IOC_GETFLAGS", ioctl(file, FS_IOC_GETFLAGS, &flags));
	struct ifreq reqs[16];
	struct ifconf conf;
	MEASURE("SIOCGIFCONF", (conf.ifc_len = sizeof reqs, conf.ifc_req = reqs, ioctl(sock, SIOCGIFCONF, &conf)));
	int n;
	MEASURE("FIONREAD", ioctl(pipes[0], FIONREAD, &n));
	if (fails) {
		fprintf(stderr, "%d calls failed\n", fails);
		return 1;
	}
	return 0;
}
