/*
 * The oracle of the differential suite: built with gcc -m32 -static, it runs a script of ioctls
 * as a real i386 process, so every call goes through the kernel's own compat path, and prints
 * what the guest sees: the return value, errno and the argument bytes afterwards.
 *
 * Script lines (one step each; SLOT names an fd):
 *   ptmx SLOT | socket SLOT | pipe SLOT (read end; SLOT+1 is the write end) | open SLOT PATH
 *   openrw SLOT PATH | close SLOT
 *   perf SLOT (a disabled software task-clock counter on this process)
 *   loop SLOT (the first free loop device, opened read-write)
 *   write SLOT HEX
 *   ioctl SLOT CMD ARG LEN HEX [fix OFFSET TARGET]...
 *     ARG: buf (the buffer, LEN bytes, filled with HEX; HEX "last" keeps what the previous step left),
 *          val:N (an integer), ptr:N (a raw pointer), fd:SLOT (the fd in SLOT)
 *     fix: store the address of buf+TARGET at buf+OFFSET (a pointer inside the argument)
 *     prints "R ERRNO HEX" with HEX the LEN buffer bytes after the call
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/loop.h>
#include <linux/perf_event.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static unsigned char buf[65536] __attribute__((aligned(16)));
static int fds[64];

static void hex_to(unsigned char *out, const char *hex) {
	for (size_t i = 0; hex[2 * i] && hex[2 * i + 1]; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

static int slot_fd(const char *slot) {
	return strcmp(slot, "bad") == 0 ? 999 : fds[atoi(slot)];
}

int main(void) {
	char line[200000];
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = 0;
		char *save = NULL;
		char *op = strtok_r(line, " ", &save);
		if (!op)
			continue;
		if (strcmp(op, "ptmx") == 0) {
			int s = atoi(strtok_r(NULL, " ", &save));
			fds[s] = posix_openpt(O_RDWR | O_NOCTTY);
			grantpt(fds[s]);
			unlockpt(fds[s]);
			printf("ok\n");
		} else if (strcmp(op, "socket") == 0) {
			fds[atoi(strtok_r(NULL, " ", &save))] = socket(AF_INET, SOCK_DGRAM, 0);
			printf("ok\n");
		} else if (strcmp(op, "pipe") == 0) {
			int s = atoi(strtok_r(NULL, " ", &save));
			int p[2];
			pipe(p);
			fds[s] = p[0];
			fds[s + 1] = p[1];
			printf("ok\n");
		} else if (strcmp(op, "open") == 0) {
			int s = atoi(strtok_r(NULL, " ", &save));
			fds[s] = open(strtok_r(NULL, " ", &save), O_RDONLY);
			printf("ok\n");
		} else if (strcmp(op, "openrw") == 0) {
			int s = atoi(strtok_r(NULL, " ", &save));
			fds[s] = open(strtok_r(NULL, " ", &save), O_RDWR);
			printf("ok\n");
		} else if (strcmp(op, "close") == 0) {
			int s = atoi(strtok_r(NULL, " ", &save));
			printf("%d\n", close(fds[s]));
		} else if (strcmp(op, "perf") == 0) {
			struct perf_event_attr attr;
			memset(&attr, 0, sizeof attr);
			attr.type = PERF_TYPE_SOFTWARE;
			attr.size = sizeof attr;
			attr.config = PERF_COUNT_SW_TASK_CLOCK;
			attr.disabled = 1;
			fds[atoi(strtok_r(NULL, " ", &save))] = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
			printf("ok\n");
		} else if (strcmp(op, "loop") == 0) {
			int s = atoi(strtok_r(NULL, " ", &save));
			int control = open("/dev/loop-control", O_RDWR);
			int n = ioctl(control, LOOP_CTL_GET_FREE);
			close(control);
			char path[64];
			snprintf(path, sizeof path, "/dev/loop%d", n);
			fds[s] = open(path, O_RDWR);
			printf("ok\n");
		} else if (strcmp(op, "write") == 0) {
			int fd = slot_fd(strtok_r(NULL, " ", &save));
			char *hex = strtok_r(NULL, " ", &save);
			unsigned char data[4096];
			hex_to(data, hex);
			printf("%ld\n", (long)write(fd, data, strlen(hex) / 2));
		} else if (strcmp(op, "ioctl") == 0) {
			int fd = slot_fd(strtok_r(NULL, " ", &save));
			unsigned long cmd = strtoul(strtok_r(NULL, " ", &save), NULL, 0);
			char *arg = strtok_r(NULL, " ", &save);
			size_t len = strtoul(strtok_r(NULL, " ", &save), NULL, 0);
			char *hex = strtok_r(NULL, " ", &save);
			if (!hex || strcmp(hex, "last") != 0) {
				memset(buf, 0, sizeof buf);
				if (hex && strcmp(hex, "-") != 0)
					hex_to(buf, hex);
			}
			char *word;
			while ((word = strtok_r(NULL, " ", &save))) {
				unsigned long off = strtoul(strtok_r(NULL, " ", &save), NULL, 0);
				unsigned long target = strtoul(strtok_r(NULL, " ", &save), NULL, 0);
				uint32_t address = (uint32_t)(uintptr_t)(buf + target);
				memcpy(buf + off, &address, 4);
			}
			unsigned long value = (unsigned long)buf;
			if (strncmp(arg, "val:", 4) == 0 || strncmp(arg, "ptr:", 4) == 0)
				value = strtoul(arg + 4, NULL, 0);
			else if (strncmp(arg, "fd:", 3) == 0)
				value = fds[atoi(arg + 3)];
			errno = 0;
			int r = ioctl(fd, cmd, value);
			printf("%d %d ", r, r < 0 ? errno : 0);
			for (size_t i = 0; i < len; i++)
				printf("%02x", buf[i]);
			printf("\n");
		}
	}
	return 0;
}
