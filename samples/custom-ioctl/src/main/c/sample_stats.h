/* A driver's UAPI header, as compat32 users meet them: a struct with a long and a nested kernel time. */
#ifndef SAMPLE_STATS_H
#define SAMPLE_STATS_H
#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/time_types.h>

struct sample_stats {
	__u32 version;
	unsigned long packets;              /* 4 bytes on i386, 8 on x86_64 */
	long long bytes;                    /* 4-aligned on i386 */
	struct __kernel_old_timeval last;   /* longs again */
	__u16 flags;
};

#define SAMPLE_GET_STATS	_IOR('S', 1, struct sample_stats)
#define SAMPLE_RESET		_IO('S', 2)
#endif
