import Glibc

/// CPU time (user + system) this process has used, from `getrusage(RUSAGE_SELF)`.
///
/// Whole-process rather than per-thread, because the adapters run their C calls on
/// threads they own: the cost of a query is spread over the caller's task and those
/// threads. The database servers are other processes and are not counted.
enum ProcessCPUTime {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Peak resident memory of this process in bytes (`ru_maxrss` is in KiB on Linux).
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }
}
