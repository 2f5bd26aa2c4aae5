import Switchyard
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension REPLSession {
    /// The statement being typed (taken out of `typing`), else the last one run; `nil` when there is neither.
    func takeStatement(_ typing: inout LanguageAwareAccumulator) -> String? {
        guard typing.isEmpty else {
            defer { typing.reset() }
            return typing.lines.joined(separator: "\n")
        }
        return lastStatement
    }

    /// `\watch`: runs `statement` again and again, each run under a line with the time,
    /// pausing `schedule.interval` after each, as psql's `\watch` does. Ends after
    /// `schedule.count` runs, at the first failure, on Ctrl-C (during a run, a pause or
    /// between them), or when the output's reader goes away.
    func watch(_ statement: String, _ schedule: MetaCommand.WatchSchedule) async -> MetaCommandOutcome {
        var runs = 0
        while true {
            runs += 1
            status(Self.watchHeader(schedule, run: runs) + "\n")
            let succeeded = await runStatement(statement)
            // Ctrl-C is how a watch usually ends: at the prompt it stays; a script stops.
            if cancelledByUser.value || interruptRequested.value || output.isClosedByReader { return .stopped }
            guard succeeded else { return .failed }
            if let count = schedule.count, runs >= count { return .succeeded }
            guard await runCancellable({ (try? await Task.sleep(for: schedule.interval)) != nil }) else {
                // The terminal echoed ^C after the result: the prompt starts on a line of its own.
                if isInteractive {
                    errors.write("\n")
                    errors.flush()
                }
                return .stopped
            }
        }
    }

    /// `2026-11-25T02:40:01Z (every 2s)`, with `, run 2 of 5` when the runs are counted.
    static func watchHeader(_ schedule: MetaCommand.WatchSchedule, run: Int) -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let time = Timestamp(microsecondsSinceEpoch: Int64(now.tv_sec) * 1_000_000)
        let count = schedule.count.map { ", run \(run) of \($0)" } ?? ""
        return "\(time) (every \(compactText(schedule.interval))\(count))"
    }

    /// `2s`, `500ms`, `1.5s`: a watch interval as it would be typed.
    static func compactText(_ interval: Duration) -> String {
        let (seconds, attoseconds) = interval.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds == 0 { return "\(seconds)s" }
        if seconds == 0 { return "\(milliseconds)ms" }
        return "\(interval.seconds)s"
    }
}
