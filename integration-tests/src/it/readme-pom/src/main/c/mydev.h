/* the device's own header: the plugin's verify goal compiles against it (headerDirectories) */
#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/time_types.h>

struct mydev_stats {
  struct __kernel_old_timeval when;
  long count;
  __u64 total;
};

#define MYDEV_GET_STATS _IOR('M', 1, struct mydev_stats)
