#include <libpq-fe.h>
#ifdef __linux__
// For the adapter's socket poller (PostgresSocketPoller): Glibc's Swift module leaves epoll out.
#include <sys/epoll.h>
#endif
